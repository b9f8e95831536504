import * as z from '../common/zod';

/**
 * The parts of GitHub's `secret_scanning_alert` webhook rekey reads. The webhook never carries the secret itself;
 * the receiver fetches the alert through the REST API for that.
 */
export const SecretScanningAlertWebhookSchema = z.looseObject({
  action: z.string().check(z.minLength(1)),
  alert: z.looseObject({
    number: z.number().check(z.int(), z.positive()),
    secret_type: z.optional(z.string()),
    validity: z.optional(z.string()),
    html_url: z.optional(z.string()),
    created_at: z.optional(z.string()),
  }),
  repository: z.looseObject({
    name: z.string().check(z.minLength(1)),
    full_name: z.string().check(z.minLength(1)),
    owner: z.looseObject({ login: z.string().check(z.minLength(1)) }),
  }),
});
export type SecretScanningAlertWebhook = z.infer<typeof SecretScanningAlertWebhookSchema>;

/**
 * Actions that report an exposure: a new alert, a reopened one, one found public, one found valid. Others
 * (resolved, assigned, a validity check that found the secret inactive) need no rotation.
 */
export function reportsExposure(payload: SecretScanningAlertWebhook): boolean {
  switch (payload.action) {
    case 'created':
    case 'reopened':
    case 'publicly_leaked':
      return true;
    case 'validated':
      return payload.alert.validity === 'active';
    default:
      return false;
  }
}

/** The REST API's "get a secret scanning alert" response: `secret` is the leaked value. */
export const SecretScanningAlertSchema = z.looseObject({
  number: z.number().check(z.int(), z.positive()),
  state: z.optional(z.string()),
  secret_type: z.optional(z.string()),
  secret: z.string().check(z.minLength(1)),
  validity: z.optional(z.string()),
  html_url: z.optional(z.string()),
  created_at: z.optional(z.string()),
  publicly_leaked: z.nullish(z.boolean()),
});
