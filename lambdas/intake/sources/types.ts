import { createHash } from 'node:crypto';
import * as z from '../../common/zod';
import { MalformedFindingError } from '../errors';
import type { Finding } from '../finding';

/** What a normaliser makes of one event: the findings it carries, and what it chose to leave out (and why). */
export interface Normalised {
  readonly findings: readonly Finding[];
  readonly ignored: readonly IgnoredItem[];
  /** Entries that are not valid, in an event whose other entries are: each goes to the dead-letter queue with its reason. */
  readonly rejected?: readonly RejectedEntry[];
}

/** One malformed entry of an event (an affected entity, an ASFF finding), and why it was refused. */
export interface RejectedEntry {
  /** The entry as it came (scrubbed of key shapes before it is stored). */
  readonly entry: unknown;
  readonly error: MalformedFindingError;
}

/** Part of an event that is valid but reports no exposure rekey acts on (a resolved alert, a sample finding). */
export interface IgnoredItem {
  /** The item's id at its source (never key material). */
  readonly ref: string;
  readonly reason: string;
}

/** What the deployment trusts, for the normalisers that check an event's origin beyond its source. */
export interface NormaliseOptions {
  /**
   * Security Hub products (`ProductArn`) whose findings are taken; another product's finding is an UntrustedProductError.
   * @default - AWS's own in any region: Security Hub, GuardDuty, IAM Access Analyzer (`product/aws/<name>`)
   */
  readonly securityHubProductArns?: readonly string[];
}

/** One finding source: the EventBridge `source` and `detail-type`s it owns, and how its events become findings. */
export interface SourceNormaliser {
  readonly eventSource: string;
  readonly detailTypes: readonly string[];
  normalise(event: unknown, options?: NormaliseOptions): Normalised;
}

/**
 * The EventBridge envelope as the Powertools parser's `EventBridgeSchema` defines it, in zod/mini: the parser's
 * schema is built with zod classic and would bring all of it into the bundle. test/unit/intake/envelope.test.ts
 * holds the two to the same results.
 */
const EventBridgeSchema = z.object({
  version: z.string(),
  id: z.string(),
  source: z.string(),
  account: z.string(),
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string()),
  'detail-type': z.string(),
  detail: z.unknown(),
  'replay-name': z.optional(z.string()),
});

/** The EventBridge envelope with the detail schema of one source. */
export function envelope<T extends z.ZodMiniType>(detail: T) {
  return z.extend(EventBridgeSchema, { detail });
}

/** Parses with a schema; a failure is a MalformedFindingError naming each bad field by path, never its value. */
export function parseOrThrow<T extends z.ZodMiniType>(schema: T, value: unknown, eventSource: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new MalformedFindingError(eventSource, issuesOf(parsed.error));
}

/** Issue lines `path: message`; zod's messages describe the expectation, not the received value. */
export function issuesOf(error: z.core.$ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`.slice(0, 300));
}

/** A finding id within the schema's 256 characters: long ids keep their head and a digest of the whole. */
export function boundedId(id: string): string {
  if (id.length <= 256) return id;
  return `${id.slice(0, 200)}#${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}
