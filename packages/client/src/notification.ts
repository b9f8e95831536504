import * as z from 'zod/mini';

/** What rekey tells a fleet. Ids and versions only: a notification never carries key material. */
export const FLEET_EVENTS = ['rotated', 'revoked', 'rotation-due'] as const;
export type FleetEvent = (typeof FLEET_EVENTS)[number];

export const FleetNotificationSchema = z.strictObject({
  event: z.enum(FLEET_EVENTS),
  /** The secret's name, e.g. `rekey/agents/support`. */
  secretName: z.string().check(z.minLength(1)),
  /** The version the event is about: the new AWSCURRENT for `rotated`, the revoked one for `revoked`. */
  versionId: z.string().check(z.minLength(1)),
  /** For `rotated`: the version that was current before (now AWSPREVIOUS). */
  previousVersionId: z.optional(z.string().check(z.minLength(1))),
  /** `scheduled`, `emergency` or `abuse`. */
  mode: z.optional(z.enum(['scheduled', 'emergency', 'abuse'])),
  at: z.iso.datetime(),
});
export type FleetNotification = z.infer<typeof FleetNotificationSchema>;

/**
 * SNS message attribute names every fleet notification carries. Each fleet's subscription filters on `fleets` (a
 * `String.Array` of the fleet names the secret is tagged for, sorted), so its filter policy names the fleet, not its
 * keys, and does not grow with them. `secretName`, `event` and `version` stay for clients and HTTPS subscribers.
 */
export const NOTIFICATION_ATTRIBUTES = {
  secretName: 'secretName',
  event: 'event',
  version: 'version',
  fleets: 'fleets',
} as const;
