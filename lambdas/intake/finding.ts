import { z } from 'zod';

/**
 * A finding, normalised from whatever scanner reported it. It names the exposed key by fingerprint (SHA-256 of the
 * key), by provider key id, or by the provider's redacted hint; it never carries the key itself.
 */
export const FindingSchema = z
  .object({
    /** Unique id of the finding at its source: duplicates of one finding rotate once. */
    findingId: z.string().min(1).max(256),
    /** Which scanner reported it (gitleaks, trufflehog, github, aws-health, …). */
    source: z.string().min(1).max(64).default('custom'),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    keyId: z.string().min(1).max(256).optional(),
    keyHint: z.string().min(5).max(64).optional(),
    /** The key is being used by someone else: revoke without waiting for the fleet. @default false */
    abuse: z.boolean().default(false),
    /** Where it was found (repository, file, URL). Free text, scrubbed before it is logged. */
    location: z.string().max(1000).optional(),
    reason: z.string().max(500).optional(),
  })
  .strict()
  .refine((f) => f.fingerprint || f.keyId || f.keyHint, {
    message: 'a finding must name the key by fingerprint, keyId or keyHint',
  });
export type Finding = z.infer<typeof FindingSchema>;
