/**
 * Names the enroll function (lambdas/enroll), its construct (lib/key-enrollment.ts) and the operator CLI
 * (`rekey enroll`, `rekey unenroll`) agree on: the request actions, the inventory's enrollment item, the tags an
 * enrolled secret carries and how an enrolled key's name binds its fleet.
 *
 * Names bind fleets: an enrolled key `<key>` of fleet `<fleet>` is the secret `<enrolledPrefix><fleet>/<key>`, so a
 * fleet's agents are granted by name pattern (`…:secret:<enrolledPrefix><fleet>/*`) and the stack stays the same
 * size however many keys are enrolled. Fleet names hold no `/`, so no fleet's pattern covers another's keys.
 */
export const ENROLLMENT = {
  /** Sort key of a key's enrollment item (its pk is the version items' `SECRET#<name>`). */
  sortKey: 'ENROLLMENT',
  /** The tag naming the profile an enrolled secret was made from. */
  profileTag: 'rekey:profile',
  /** The tag that marks a secret as enrolled by rekey (value `true`); reconcile notices it removed. */
  enrolledTag: 'rekey:enrolled',
  /** Days Secrets Manager keeps an unenrolled secret before deleting it (7 to 30). */
  recoveryWindowDays: 7,
  /** The enrolled prefix under a deployment's secret prefix when the config names none. */
  defaultSubPrefix: 'enrolled/',
  /**
   * Enroll invocations at once (the function's reserved concurrency). A flood of requests queues at Lambda; the
   * shared rate (lambdas/common/rate-limit.ts) keeps their Secrets Manager writes within the quotas, whatever this is.
   */
  concurrency: 10,
} as const;

export const ENROLL_ACTIONS = ['enroll', 'unenroll', 'reconcile'] as const;
export type EnrollAction = (typeof ENROLL_ACTIONS)[number];

/**
 * An enrollment's life: `enrolling` (the item is written first, then the secret, its schedule and first rotation),
 * `enrolled`, `unenrolled` (rotation cancelled, the secret scheduled for deletion), `orphaned` (the secret was deleted,
 * untagged or had its rotation turned off outside rekey; reconcile noticed and alerted).
 */
export const ENROLLMENT_STATUSES = ['enrolling', 'enrolled', 'unenrolled', 'orphaned'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/** The enrolled prefix of a deployment: `${secretPrefix}enrolled/` unless the config names another. */
export const defaultEnrolledPrefix = (secretPrefix: string): string => `${secretPrefix}${ENROLLMENT.defaultSubPrefix}`;

/** The secret an enrolled key of `fleet` is: `<enrolledPrefix><fleet>/<key>`. */
export const enrolledSecretName = (enrolledPrefix: string, fleet: string, key: string): string =>
  `${enrolledPrefix}${fleet}/${key}`;

/** A profile as the enroll function reads it from its environment: what the enrolled secret's placeholder holds. */
export interface EnrollmentProfileEnv {
  readonly provider: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** The admin credential's full ARN or name. @default - none */
  readonly adminSecretId?: string;
  /** `rate(N days)`, `rate(N hours)` or `cron(...)`. */
  readonly schedule: string;
}
