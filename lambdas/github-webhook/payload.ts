import { z } from 'zod';

/**
 * The parts of GitHub's `secret_scanning_alert` webhook rekey reads. The webhook never carries the secret itself;
 * the receiver fetches the alert through the REST API for that.
 */
export const SecretScanningAlertWebhookSchema = z.looseObject({
  action: z.string().min(1),
  alert: z.looseObject({
    number: z.number().int().positive(),
    secret_type: z.string().optional(),
    validity: z.string().optional(),
    html_url: z.string().optional(),
    created_at: z.string().optional(),
  }),
  repository: z.looseObject({
    name: z.string().min(1),
    full_name: z.string().min(1),
    owner: z.looseObject({ login: z.string().min(1) }),
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
  number: z.number().int().positive(),
  state: z.string().optional(),
  secret_type: z.string().optional(),
  secret: z.string().min(1),
  validity: z.string().optional(),
  html_url: z.string().optional(),
  created_at: z.string().optional(),
  publicly_leaked: z.boolean().nullish(),
});
