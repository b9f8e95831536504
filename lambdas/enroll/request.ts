import {
  checkSchedule,
  ENROLL_ACTIONS,
  type EnrollmentProfileEnv,
  enrolledSecretName,
  FLEET_NAME,
} from '../../contract';
import * as z from '../common/zod';
import {
  InvalidEnrollRequestError,
  InvalidScheduleError,
  KeyOutsidePrefixError,
  MalformedKeyNameError,
  UnknownFleetError,
  UnknownProfileError,
} from './errors';

/** What the enroll function knows of its deployment (its environment, lib/key-enrollment.ts). */
export interface EnrollmentSettings {
  /** Every managed secret's prefix (`rekey/`). */
  readonly secretPrefix: string;
  /** Where enrolled keys live (`rekey/enrolled/`). */
  readonly enrolledPrefix: string;
  readonly profiles: Readonly<Record<string, EnrollmentProfileEnv>>;
  readonly fleets: readonly string[];
}

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const EnrollRequestSchema = z.strictObject({
  action: z.literal('enroll'),
  key: text(512),
  profile: text(64),
  fleet: text(64),
  schedule: z.optional(text(256)),
});
export const UnenrollRequestSchema = z.strictObject({ action: z.literal('unenroll'), key: text(512) });
export const ReconcileRequestSchema = z.strictObject({ action: z.literal('reconcile'), key: z.optional(text(512)) });

export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;
export type UnenrollRequest = z.infer<typeof UnenrollRequestSchema>;
export type ReconcileRequest = z.infer<typeof ReconcileRequestSchema>;
export type EnrollmentRequest = EnrollRequest | UnenrollRequest | ReconcileRequest;

/**
 * The invocation's request: an operator's `{ action, … }`, or the hourly EventBridge schedule's event (a
 * `Scheduled Event` from `aws.events`), which is a reconcile of every enrolled key.
 */
export function parseRequest(event: unknown): EnrollmentRequest {
  if (isScheduledEvent(event)) return { action: 'reconcile' };
  const action = (event as { action?: unknown } | null)?.action;
  const schema =
    action === 'enroll'
      ? EnrollRequestSchema
      : action === 'unenroll'
        ? UnenrollRequestSchema
        : action === 'reconcile'
          ? ReconcileRequestSchema
          : undefined;
  if (!schema) {
    throw new InvalidEnrollRequestError(`action must be one of ${ENROLL_ACTIONS.join(', ')}`, 'action');
  }
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    const fields = [
      ...new Set(
        parsed.error.issues.flatMap((i) =>
          'keys' in i && Array.isArray(i.keys) ? i.keys.map(String) : [i.path.join('.') || '(root)'],
        ),
      ),
    ];
    throw new InvalidEnrollRequestError(
      `${action} request has bad or unknown fields: ${fields.join(', ')}`,
      fields[0] ?? '',
    );
  }
  return parsed.data as EnrollmentRequest;
}

function isScheduledEvent(event: unknown): boolean {
  const e = event as { source?: unknown; 'detail-type'?: unknown } | null;
  return e?.source === 'aws.events' && e['detail-type'] === 'Scheduled Event';
}

const KEY_NAME = /^[A-Za-z0-9/_+=.@-]{1,200}$/;
/** Secrets Manager's advice: a name ending in a hyphen and six characters reads as a partial ARN's suffix. */
const ARN_LIKE_SUFFIX = /-[A-Za-z0-9]{6}$/;

/** A validated enroll request: the secret it makes, and the profile and schedule it makes it with. */
export interface EnrollPlan {
  readonly secretName: string;
  readonly key: string;
  readonly fleet: string;
  readonly profileName: string;
  readonly profile: EnrollmentProfileEnv;
  readonly schedule: string;
}

/**
 * Checks an enroll request against the deployment, in order (name, profile, fleet, schedule), before any write;
 * throws the error that says which is wrong. The key is its bare name (`billing-bot`), or the whole secret name
 * (`rekey/enrolled/<fleet>/billing-bot`), which must then be under the fleet's enrolled prefix.
 */
export function planEnrollment(request: EnrollRequest, settings: EnrollmentSettings): EnrollPlan {
  const key = bareKeyName(request.key, request.fleet, settings);
  const profile = settings.profiles[request.profile];
  if (!profile) {
    const known = Object.keys(settings.profiles);
    throw new UnknownProfileError(
      `unknown profile "${request.profile}" (profiles: ${known.length > 0 ? known.join(', ') : 'none'})`,
    );
  }
  if (!FLEET_NAME.test(request.fleet) || !settings.fleets.includes(request.fleet)) {
    throw new UnknownFleetError(
      `unknown fleet "${request.fleet}" (fleets: ${settings.fleets.length > 0 ? settings.fleets.join(', ') : 'none'})`,
    );
  }
  const schedule = request.schedule ?? profile.schedule;
  const checked = checkSchedule(schedule);
  if (!checked.ok) throw new InvalidScheduleError(`schedule "${schedule}" is not valid: ${checked.message}`);
  return {
    secretName: enrolledSecretName(settings.enrolledPrefix, request.fleet, key),
    key,
    fleet: request.fleet,
    profileName: request.profile,
    profile,
    schedule,
  };
}

function bareKeyName(given: string, fleet: string, settings: EnrollmentSettings): string {
  let key = given;
  if (given.startsWith('arn:')) {
    throw new MalformedKeyNameError(`key "${given}" is an ARN; give the key's name`);
  }
  if (given.startsWith(settings.secretPrefix)) {
    const fleetPrefix = enrolledSecretName(settings.enrolledPrefix, fleet, '');
    if (!given.startsWith(fleetPrefix)) {
      throw new KeyOutsidePrefixError(
        `key "${given}" is outside the enrolled prefix of fleet ${fleet} ("${fleetPrefix}"); enrolled keys live under "${settings.enrolledPrefix}<fleet>/"`,
      );
    }
    key = given.slice(fleetPrefix.length);
  }
  checkKeyName(key, given);
  return key;
}

/** A bare key name: 1 to 200 of letters, digits and /_+=.@-, no empty path segment, no ARN-like ending. */
export function checkKeyName(key: string, given = key): void {
  if (!KEY_NAME.test(key)) {
    throw new MalformedKeyNameError(`key "${given}" must be 1 to 200 letters, digits and /_+=.@-`);
  }
  if (key.startsWith('/') || key.endsWith('/') || key.includes('//')) {
    throw new MalformedKeyNameError(`key "${given}" must not start or end with "/" or hold "//"`);
  }
  if (ARN_LIKE_SUFFIX.test(key)) {
    throw new MalformedKeyNameError(
      `key "${given}" must not end in a hyphen and six letters or digits (Secrets Manager would read it as an ARN suffix)`,
    );
  }
}

/**
 * The enrolled secret a key names, for unenroll and reconcile: the whole secret name, or `<fleet>/<key>` under the
 * enrolled prefix. Throws KeyOutsidePrefixError for a name under neither.
 */
export function enrolledNameOf(given: string, settings: EnrollmentSettings): string {
  const name = given.startsWith(settings.enrolledPrefix) ? given : `${settings.enrolledPrefix}${given}`;
  if (given.startsWith(settings.secretPrefix) && !given.startsWith(settings.enrolledPrefix)) {
    throw new KeyOutsidePrefixError(`key "${given}" is outside the enrolled prefix "${settings.enrolledPrefix}"`);
  }
  const rest = name.slice(settings.enrolledPrefix.length);
  const slash = rest.indexOf('/');
  if (slash < 1 || !FLEET_NAME.test(rest.slice(0, slash))) {
    throw new MalformedKeyNameError(`key "${given}" must be <fleet>/<key> or ${settings.enrolledPrefix}<fleet>/<key>`);
  }
  checkKeyName(rest.slice(slash + 1), given);
  return name;
}
