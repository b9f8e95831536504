import { createHash } from 'node:crypto';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import type { z } from 'zod';
import { MalformedFindingError } from '../errors';
import type { Finding } from '../finding';

/** What a normaliser makes of one event: the findings it carries, and what it chose to leave out (and why). */
export interface Normalised {
  readonly findings: readonly Finding[];
  readonly ignored: readonly IgnoredItem[];
}

/** Part of an event that is valid but reports no exposure rekey acts on (a resolved alert, a sample finding). */
export interface IgnoredItem {
  /** The item's id at its source (never key material). */
  readonly ref: string;
  readonly reason: string;
}

/** One finding source: the EventBridge `source` and `detail-type`s it owns, and how its events become findings. */
export interface SourceNormaliser {
  readonly eventSource: string;
  readonly detailTypes: readonly string[];
  normalise(event: unknown): Normalised;
}

/** The EventBridge envelope (Powertools parser schema), with the detail schema of one source. */
export function envelope<T extends z.ZodType>(detail: T) {
  return EventBridgeSchema.extend({ detail });
}

/** Parses with a schema; a failure is a MalformedFindingError naming each bad field by path, never its value. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, eventSource: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new MalformedFindingError(eventSource, issuesOf(parsed.error));
}

/** Issue lines `path: message`; zod's messages describe the expectation, not the received value. */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`.slice(0, 300));
}

/** A finding id within the schema's 256 characters: long ids keep their head and a digest of the whole. */
export function boundedId(id: string): string {
  if (id.length <= 256) return id;
  return `${id.slice(0, 200)}#${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}
