import { Logger } from '@aws-lambda-powertools/logger';
import { redact } from '../../packages/client/src/redact';

/**
 * The one configured logger for rekey's functions. Every string in a log line (messages, attributes, error
 * messages and stacks) passes through the redactor, which removes known key patterns and every key value this
 * invocation holds, before the line is written.
 */
const held = new Set<string>();

/** Registers a key value this invocation holds, so no later log line can carry it even if it has no known pattern. */
export function holdSecretValue(value: string): void {
  if (value.length >= 8) held.add(value);
}

/** Forgets every held value (at the end of each invocation and between tests). */
export function releaseSecretValues(): void {
  held.clear();
}

/** Scrubs a string with the redactor and the values held by this invocation. */
export function scrub(text: string): string {
  return redact(text, { known: held });
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rekey',
  jsonReplacerFn: (_key, value) => (typeof value === 'string' ? scrub(value) : value),
});
