import { fingerprint, keyHint } from '../../packages/client/src/fingerprint';
import { classifyKey, KEY_PATTERNS, REDACTED } from '../../packages/client/src/patterns';
import { redact } from '../../packages/client/src/redact';
import * as z from '../common/zod';

/**
 * A finding, normalised from whatever scanner reported it. It names the exposed key by fingerprint (SHA-256 of the
 * key), by provider key id, or by the provider's redacted hint; it never carries the key itself. This is also the
 * `detail` of the custom `rekey.scanner` / `Secret Exposed` event (docs/scanner-events.md) and of the
 * `rekey.github` event the GitHub webhook receiver puts on the bus.
 */

/** The redacted form `packages/client/src/fingerprint.ts` `keyHint` makes: a short prefix, an ellipsis, the last four characters. */
const HINT = /^[^\s…]{1,12}…[^\s…]{4}$/;

/** Key kinds whose values are secrets themselves: such a value is never accepted as a key id. */
const SECRET_KINDS = new Set(['anthropic', 'openai', 'rekey-generated', 'bearer']);

export const FindingSchema = z.pipe(
  z
    .strictObject({
      /** Unique id of the finding at its source: duplicates of one finding rotate once. */
      findingId: z.string().check(z.minLength(1), z.maxLength(256)),
      /** Which scanner reported it (gitleaks, trufflehog, github, aws-health, security-hub, guardduty, …). */
      source: z._default(
        z
          .string()
          .check(
            z.minLength(1),
            z.maxLength(64),
            z.regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits and ._- only'),
          ),
        'custom',
      ),
      /** Lowercase hex SHA-256 of the key's exact bytes (packages/client/src/fingerprint.ts). */
      fingerprint: z.optional(
        z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be the lowercase hex SHA-256 of the key')),
      ),
      /** The provider's id for the key (IAM access key id, OpenAI key id); never the key itself. */
      keyId: z.optional(
        z.string().check(
          z.minLength(1),
          z.maxLength(256),
          z.refine((v: string) => !SECRET_KINDS.has(classifyKey(v)), {
            message: 'looks like a key itself; send its fingerprint instead',
          }),
        ),
      ),
      /** The provider's redacted form, prefix…last4 (`...` is accepted for `…`). */
      keyHint: z.optional(
        z.pipe(
          z.pipe(
            z.string().check(z.maxLength(64)),
            z.transform((v: string) => v.replace('...', '…')),
          ),
          z.string().check(z.regex(HINT, 'must be the redacted form prefix…last4, e.g. "sk-proj-…a1B2"')),
        ),
      ),
      /** The key is being used by someone else: revoke without waiting for the fleet. @default false */
      abuse: z._default(z.boolean(), false),
      /** Where it was found (repository, file, URL). Free text, scrubbed before it is logged. */
      location: z.optional(z.string().check(z.maxLength(1000))),
      reason: z.optional(z.string().check(z.maxLength(500))),
      /** What kind of secret the scanner says it is (its rule or detector name). */
      secretType: z.optional(z.string().check(z.maxLength(128))),
      /** When the scanner saw it (ISO-8601). */
      detectedAt: z.optional(z.string().check(z.maxLength(64))),
    })
    .check(
      z.refine((f) => f.fingerprint || f.keyId || f.keyHint, {
        message: 'a finding must name the key by fingerprint, keyId or keyHint',
      }),
      z.refine((f) => !quotesKey(f.findingId, f.fingerprint), {
        message: 'quotes a key; use an id that names where it was found, not what',
        path: ['findingId'],
      }),
    ),
  z.transform((f) => ({
    ...f,
    ...(f.location !== undefined ? { location: scrubText(f.location, f.fingerprint) } : {}),
    ...(f.reason !== undefined ? { reason: scrubText(f.reason, f.fingerprint) } : {}),
  })),
);
export type Finding = z.infer<typeof FindingSchema>;
export type FindingInput = z.input<typeof FindingSchema>;

/**
 * Free text from a scanner (where, why) with every known key shape removed, and any token whose fingerprint is the
 * finding's own: a location that quotes the very key it reports (`config/.env: TOKEN=…`) keeps no copy of it.
 */
export function scrubText(text: string, keyFingerprint?: string): string {
  const scrubbed = redact(text);
  if (!keyFingerprint) return scrubbed;
  return scrubbed.replace(/[^\s"'`=:,;()<>[\]{}]{8,}/g, (token) =>
    fingerprint(token) === keyFingerprint ? REDACTED : token,
  );
}

/** Key shapes that are secrets themselves (an AWS access key id is an identifier, and findings name keys by it). */
const SECRET_PATTERNS = KEY_PATTERNS.filter((p) => p.kind !== 'aws-access-key');

/** True if the text holds a known secret shape, or a token whose fingerprint is the reported key's. */
function quotesKey(text: string, keyFingerprint?: string): boolean {
  for (const { re, requires } of SECRET_PATTERNS) {
    if (requires && !requires.test(text)) continue;
    if (new RegExp(re.source, re.flags.replace('g', '')).test(text)) return true;
  }
  return keyFingerprint !== undefined && scrubText(text, keyFingerprint) !== redact(text);
}

/** The identity duplicates share: the source and its finding id. */
export function findingKey(finding: Pick<Finding, 'source' | 'findingId'>): string {
  return `${finding.source}:${finding.findingId}`;
}

const AWS_ACCESS_KEY_ID = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$/;

/** True for an AWS access key id: an identifier, not a secret, and what the inventory keeps as `keyId`. */
export function isAwsAccessKeyId(value: string): boolean {
  return AWS_ACCESS_KEY_ID.test(value);
}

/**
 * What a finding may say about a leaked value without carrying it: its fingerprint and, for AWS access key ids
 * (which are identifiers, not secrets), the id itself. Callers drop the value as soon as this returns.
 */
export function identifyLeakedValue(value: string): Pick<Finding, 'fingerprint' | 'keyId'> {
  const trimmed = value.trim();
  return isAwsAccessKeyId(trimmed)
    ? { keyId: trimmed, fingerprint: fingerprint(trimmed) }
    : { fingerprint: fingerprint(trimmed) };
}

/**
 * Turns a partly redacted value a report prints into rekey's hint form: a value already in that form
 * (`sk-proj-…a1B2`, or with `...`), or one whose first 12 characters and last 4 are visible around a mask
 * (`rk_AbCdEfGhIj****wxyz`), since those are exactly the characters the hint keeps. Anything less: undefined.
 */
export function hintFromRedacted(redacted: string): string | undefined {
  const m = /^([^\s*.…]{1,64}?)(…|\.{3,}|\*{3,})([^\s*.…]{4,})$/.exec(redacted.trim());
  if (!m?.[1] || !m[3]) return undefined;
  const [, visible, mask, tail] = m;
  if ((mask === '…' || mask === '...') && visible.length <= 12 && tail.length === 4) return `${visible}…${tail}`;
  if (visible.length < 12) return undefined;
  return keyHint(`${visible}${tail.slice(-4)}`);
}
