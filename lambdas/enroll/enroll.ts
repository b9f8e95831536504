import { randomBytes, randomUUID } from 'node:crypto';
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  InvalidRequestException,
  ResourceExistsException,
  ResourceNotFoundException,
  RotateSecretCommand,
  type SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import { ENROLLMENT, type EnrollmentStatus, FLEET_TAG, fleetTagKey, PROVIDERS } from '../../contract';
import { holdSecretValue, logger } from '../common/logger';
import { AlreadyEnrolledError, NotEnrolledError, UnenrollRefusedError } from './errors';
import type { EnrollmentItem, EnrollmentRecords } from './records';
import {
  type EnrollmentSettings,
  type EnrollPlan,
  type EnrollRequest,
  enrolledNameOf,
  planEnrollment,
  type UnenrollRequest,
} from './request';

export interface EnrollDeps {
  readonly sm: SecretsManagerClient;
  readonly sns: SNSClient;
  readonly records: EnrollmentRecords;
  readonly settings: EnrollmentSettings;
  /** The rotation function Secrets Manager rotates enrolled keys with. */
  readonly rotationFunctionArn: string;
  readonly opsTopicArn: string;
  readonly now?: () => Date;
}

export interface EnrollResult {
  readonly action: 'enroll' | 'unenroll';
  readonly secretName: string;
  readonly status: EnrollmentStatus;
  /** True when the call resumed an enrollment a failure had left in `enrolling`. */
  readonly resumed?: boolean;
}

const nowIso = (deps: EnrollDeps) => (deps.now?.() ?? new Date()).toISOString();

/**
 * Enrolls a key: validates everything first (name, profile, fleet, schedule, then that no enrollment and no secret
 * of that name exists), records the enrollment (`enrolling`, a conditional put), makes the secret with the
 * placeholder value and tags, turns on rotation with the profile's schedule (rotating at once, as a deploy does),
 * then marks it `enrolled`. Enrolling a key a failure left in `enrolling` with the same profile and fleet resumes it.
 */
export async function enroll(request: EnrollRequest, deps: EnrollDeps): Promise<EnrollResult> {
  const plan = planEnrollment(request, deps.settings);
  const existing = await deps.records.get(plan.secretName);
  if (existing) return resume(existing, plan, deps);
  if (await describeIfPresent(deps.sm, plan.secretName)) {
    throw new AlreadyEnrolledError(
      `a secret named ${plan.secretName} already exists and rekey did not enroll it; choose another key name`,
    );
  }
  const created = await deps.records.create({
    secretName: plan.secretName,
    fleet: plan.fleet,
    profile: plan.profileName,
    provider: plan.profile.provider,
    schedule: plan.schedule,
    requestToken: randomUUID(),
    requestedAt: nowIso(deps),
  });
  const item = await deps.records.get(plan.secretName);
  if (!created || !item) {
    throw new AlreadyEnrolledError(`key ${plan.secretName} is being enrolled by another request`);
  }
  await finishEnrollment(item, deps);
  return { action: 'enroll', secretName: plan.secretName, status: 'enrolled' };
}

async function resume(existing: EnrollmentItem, plan: EnrollPlan, deps: EnrollDeps): Promise<EnrollResult> {
  if (existing.status !== 'enrolling') {
    throw new AlreadyEnrolledError(
      `key ${plan.secretName} is already enrolled (status ${existing.status}, fleet ${existing.fleet}, profile ${existing.profile})`,
    );
  }
  if (existing.profile !== plan.profileName || existing.fleet !== plan.fleet) {
    throw new AlreadyEnrolledError(
      `key ${plan.secretName} is being enrolled with profile ${existing.profile} and fleet ${existing.fleet}; resume it with those`,
    );
  }
  await finishEnrollment(existing, deps);
  return { action: 'enroll', secretName: plan.secretName, status: 'enrolled', resumed: true };
}

/**
 * The writes of an enrollment after its item, each safe to replay: CreateSecret (its ClientRequestToken makes a
 * replay the same version), the tags, RotateSecret unless rotation is already on, and the item moved to `enrolled`.
 */
export async function finishEnrollment(item: EnrollmentItem, deps: EnrollDeps): Promise<void> {
  const profile = deps.settings.profiles[item.profile];
  if (!profile) throw new Error(`profile ${item.profile} of ${item.secretName} is no longer configured`);
  const tags = enrollmentTags(item);
  let described = await describeIfPresent(deps.sm, item.secretName);
  if (!described) {
    // Not a key: a random placeholder in rekey's shape, as the stack deploys, which the first rotation replaces.
    const placeholder = randomBytes(20).toString('hex');
    holdSecretValue(placeholder);
    try {
      await deps.sm.send(
        new CreateSecretCommand({
          Name: item.secretName,
          Description: `rekey enrolled ${profile.provider} key (profile ${item.profile}, fleet ${item.fleet})`,
          ClientRequestToken: item.requestToken,
          SecretString: JSON.stringify({
            apiKey: placeholder,
            keyId: '',
            provider: profile.provider,
            createdAt: '1970-01-01T00:00:00.000Z',
            options: profile.options,
            ...(profile.adminSecretId ? { adminSecretId: profile.adminSecretId } : {}),
          }),
          Tags: tags,
        }),
      );
    } catch (err) {
      // A replay after CreateSecret succeeded: the same token and value answer ResourceExists in some regions.
      if (!(err instanceof ResourceExistsException)) throw err;
    }
    described = await deps.sm.send(new DescribeSecretCommand({ SecretId: item.secretName }));
  } else {
    await deps.sm.send(new TagResourceCommand({ SecretId: item.secretName, Tags: tags }));
  }
  if (!described.RotationEnabled) {
    await deps.sm.send(
      new RotateSecretCommand({
        SecretId: item.secretName,
        RotationLambdaARN: deps.rotationFunctionArn,
        RotationRules: { ScheduleExpression: item.schedule },
        RotateImmediately: true,
      }),
    );
  }
  await deps.records.move(item.secretName, ['enrolling'], 'enrolled', nowIso(deps), {
    secretArn: described.ARN ?? '',
    enrolledAt: nowIso(deps),
  });
  logger.info('key enrolled', { secretName: item.secretName, fleet: item.fleet, profile: item.profile });
}

/** The tags an enrolled secret carries: its fleet (contract/fleets.ts), its profile, and rekey's enrolled mark. */
export function enrollmentTags(item: Pick<EnrollmentItem, 'fleet' | 'profile'>): { Key: string; Value: string }[] {
  return [
    { Key: fleetTagKey(item.fleet), Value: FLEET_TAG.value },
    { Key: ENROLLMENT.profileTag, Value: item.profile },
    { Key: ENROLLMENT.enrolledTag, Value: 'true' },
  ];
}

/**
 * Unenrolls a key: cancels its rotation and schedules its secret's deletion (a recovery window of
 * ENROLLMENT.recoveryWindowDays), then marks the item `unenrolled`. Only generated tokens die with their secret; a
 * key minted at a provider is refused here, so that no provider key is left live and unmanaged.
 */
export async function unenroll(request: UnenrollRequest, deps: EnrollDeps): Promise<EnrollResult> {
  const secretName = enrolledNameOf(request.key, deps.settings);
  const item = await deps.records.get(secretName);
  if (!item) throw new NotEnrolledError(`key ${secretName} is not enrolled`);
  if (item.status === 'unenrolled') return { action: 'unenroll', secretName, status: 'unenrolled' };
  if (item.provider !== PROVIDERS.generated) {
    throw new UnenrollRefusedError(
      `key ${secretName} is a ${item.provider} key: unenrolling would leave its current key live at ${item.provider}; revoke it there first (rekey revoke), then unenroll`,
    );
  }
  await ignoring(ResourceNotFoundException, () =>
    deps.sm.send(new CancelRotateSecretCommand({ SecretId: secretName })),
  );
  await ignoring(ResourceNotFoundException, () =>
    deps.sm.send(
      new DeleteSecretCommand({ SecretId: secretName, RecoveryWindowInDays: ENROLLMENT.recoveryWindowDays }),
    ),
  );
  await deps.records.move(secretName, ['enrolling', 'enrolled', 'orphaned'], 'unenrolled', nowIso(deps), {
    unenrolledAt: nowIso(deps),
  });
  logger.info('key unenrolled', { secretName });
  return { action: 'unenroll', secretName, status: 'unenrolled' };
}

/** DescribeSecret, or undefined when there is no such secret. */
export async function describeIfPresent(
  sm: SecretsManagerClient,
  secretId: string,
): Promise<DescribeSecretCommandOutput | undefined> {
  try {
    return await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

async function ignoring(kind: abstract new (...args: never[]) => Error, call: () => Promise<unknown>) {
  try {
    await call();
  } catch (err) {
    if (err instanceof kind) return;
    // A secret already scheduled for deletion answers InvalidRequest to both calls: the state unenroll wants.
    if (err instanceof InvalidRequestException && /deletion/i.test(err.message)) return;
    throw err;
  }
}
