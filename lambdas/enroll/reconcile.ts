import { DeleteSecretCommand } from '@aws-sdk/client-secrets-manager';
import { ENROLLMENT, FLEET_TAG, fleetTagKey } from '../../contract';
import { logger } from '../common/logger';
import { publishEnrollmentAlert } from './alerts';
import { describeIfPresent, type EnrollDeps, finishEnrollment } from './enroll';
import { NotEnrolledError } from './errors';
import type { EnrollmentItem } from './records';
import { enrolledNameOf, type ReconcileRequest } from './request';

/** An enrollment left in `enrolling` this long is taken as failed part-way, and finished by reconcile. */
export const STUCK_AFTER_MS = 5 * 60_000;

export interface ReconcileResult {
  readonly action: 'reconcile';
  readonly checked: number;
  /** Keys found deleted, untagged or with rotation off outside rekey, now `orphaned` (the ops topic was told). */
  readonly orphaned: readonly string[];
  /** Enrollments a failure had left part-way, now finished. */
  readonly finished: readonly string[];
  /** Enrollments whose profile is gone, rolled back (secret scheduled for deletion, `unenrolled`). */
  readonly rolledBack: readonly string[];
  /** Enrollments that could not be finished this time (the ops topic was told; the next run tries again). */
  readonly stuck: readonly string[];
}

/**
 * Reconciles the enrollment items with Secrets Manager (hourly, or on demand for one key): an enrolled key whose
 * secret was deleted, lost its rekey tags or had rotation turned off outside rekey is marked `orphaned` and
 * reported on the ops topic, never dropped silently; an enrollment that stopped part-way is finished, or rolled
 * back where its profile is no longer configured.
 */
export async function reconcile(request: ReconcileRequest, deps: EnrollDeps): Promise<ReconcileResult> {
  const result = {
    checked: 0,
    orphaned: [] as string[],
    finished: [] as string[],
    rolledBack: [] as string[],
    stuck: [] as string[],
  };
  const items = request.key ? one(request.key, deps) : deps.records.list();
  for await (const item of items) {
    result.checked += 1;
    if (item.status === 'enrolled') await checkEnrolled(item, deps, result.orphaned);
    else if (item.status === 'enrolling') await finishStuck(item, deps, result, request.key !== undefined);
  }
  if (result.orphaned.length + result.stuck.length + result.rolledBack.length > 0) {
    logger.warn('reconcile found enrollments out of step', {
      orphaned: result.orphaned.length,
      stuck: result.stuck.length,
      rolledBack: result.rolledBack.length,
    });
  }
  return { action: 'reconcile', ...result };
}

async function* one(key: string, deps: EnrollDeps): AsyncGenerator<EnrollmentItem> {
  const name = enrolledNameOf(key, deps.settings);
  const item = await deps.records.get(name);
  if (!item) throw new NotEnrolledError(`key ${name} is not enrolled`);
  yield item;
}

/** Why an enrolled key is out of rekey's hands, or undefined when it is as enroll left it. */
export function orphanReason(
  described: Awaited<ReturnType<typeof describeIfPresent>>,
  item: Pick<EnrollmentItem, 'fleet'>,
): 'deleted' | 'untagged' | 'rotation-disabled' | undefined {
  if (!described || described.DeletedDate) return 'deleted';
  const tags = new Map((described.Tags ?? []).map((t) => [t.Key, t.Value]));
  if (tags.get(ENROLLMENT.enrolledTag) !== 'true' || tags.get(fleetTagKey(item.fleet)) !== FLEET_TAG.value) {
    return 'untagged';
  }
  if (!described.RotationEnabled) return 'rotation-disabled';
  return undefined;
}

async function checkEnrolled(item: EnrollmentItem, deps: EnrollDeps, orphaned: string[]): Promise<void> {
  const reason = orphanReason(await describeIfPresent(deps.sm, item.secretName), item);
  if (!reason) return;
  const at = (deps.now?.() ?? new Date()).toISOString();
  if (!(await deps.records.move(item.secretName, ['enrolled'], 'orphaned', at, { orphanedAt: at, reason }, reason))) {
    return;
  }
  orphaned.push(item.secretName);
  await publishEnrollmentAlert(deps.sns, deps.opsTopicArn, {
    kind: 'enrollment-orphaned',
    secretName: item.secretName,
    reason,
    summary: `enrolled key ${item.secretName} was ${reason === 'deleted' ? 'deleted' : reason === 'untagged' ? 'untagged' : 'taken off rotation'} outside rekey; it is no longer rotated. Re-enroll it or unenroll it.`,
  });
}

async function finishStuck(
  item: EnrollmentItem,
  deps: EnrollDeps,
  result: { finished: string[]; rolledBack: string[]; stuck: string[] },
  asked: boolean,
): Promise<void> {
  const age = (deps.now?.() ?? new Date()).getTime() - Date.parse(item.requestedAt);
  // An enrollment in progress right now is left to its own call, unless an operator asked for this key.
  if (!asked && age < STUCK_AFTER_MS) return;
  const at = (deps.now?.() ?? new Date()).toISOString();
  if (!deps.settings.profiles[item.profile]) {
    if (await describeIfPresent(deps.sm, item.secretName)) {
      await deps.sm.send(
        new DeleteSecretCommand({ SecretId: item.secretName, RecoveryWindowInDays: ENROLLMENT.recoveryWindowDays }),
      );
    }
    await deps.records.move(item.secretName, ['enrolling'], 'unenrolled', at, { unenrolledAt: at }, 'rolled back');
    result.rolledBack.push(item.secretName);
    await publishEnrollmentAlert(deps.sns, deps.opsTopicArn, {
      kind: 'enrollment-rolled-back',
      secretName: item.secretName,
      summary: `enrollment of ${item.secretName} stopped part-way and its profile ${item.profile} is gone: rolled back`,
    });
    return;
  }
  try {
    await finishEnrollment(item, deps);
    result.finished.push(item.secretName);
  } catch (err) {
    result.stuck.push(item.secretName);
    logger.error('enrollment could not be finished', { secretName: item.secretName, error: err as Error });
    await publishEnrollmentAlert(deps.sns, deps.opsTopicArn, {
      kind: 'enrollment-stuck',
      secretName: item.secretName,
      reason: (err as Error).name,
      summary: `enrollment of ${item.secretName} stopped part-way and could not be finished (${(err as Error).name}); the next reconcile tries again`,
    });
  }
}
