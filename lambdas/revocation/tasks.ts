import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { fleetsFromTags, REVOCATION_METRICS } from '../../contract';
import type { FleetNotification } from '../../packages/client/src/notification';
import { logger } from '../common/logger';
import type { RevocationInput } from '../common/revocation';
import { describeSecret } from '../common/secrets';
import { RevocationNotConfirmedError } from './errors';
import { loadOldKey, nowOf, type RevocationDeps } from './keys';

export { RevocationNotConfirmedError, UnsafeRevocationError } from './errors';
export type { RevocationDeps } from './keys';
export { type Decision, decide, type VerifyRequest, type VerifyResult, verify } from './verify';

/**
 * Revoke (the first phase where the provider has two: deactivate). Refuses the AWSCURRENT version. Idempotent: a
 * provider revokes a revoked key without error, and the inventory records the change once.
 */
export async function revoke(
  input: RevocationInput,
  deps: RevocationDeps,
): Promise<{ twoPhase: boolean; revokedAt: string }> {
  const old = await loadOldKey(input, deps);
  const twoPhase = old.provider.twoPhaseRevoke && !old.placeholder;
  if (old.placeholder) {
    logger.warn('old version holds a placeholder the provider never issued; nothing to revoke there', {
      secretName: input.secretName,
      oldVersionId: input.oldVersionId,
    });
  } else {
    await old.provider.revokeKey(old.ctx, old.ref);
  }
  await deps.inventory.transition(
    input.secretName,
    input.oldVersionId,
    twoPhase ? 'deactivated' : 'revoked',
    `${input.mode}: ${input.reason}`.slice(0, 300),
  );
  logger.info(twoPhase ? 'old key deactivated at the provider' : 'old key revoked at the provider', {
    secretName: input.secretName,
    oldVersionId: input.oldVersionId,
    keyId: old.ref.keyId,
  });
  return { twoPhase, revokedAt: nowOf(deps).toISOString() };
}

/** Confirm the provider now rejects the old key; throws RevocationNotConfirmedError so the state retries. */
export async function confirm(input: RevocationInput, deps: RevocationDeps): Promise<{ confirmed: true }> {
  const old = await loadOldKey(input, deps);
  if (!old.placeholder && !(await old.provider.isRevoked(old.ctx, old.ref))) {
    throw new RevocationNotConfirmedError(
      `${old.provider.name} still accepts the old key ${old.ref.keyId} of ${input.secretName}`,
    );
  }
  return { confirmed: true };
}

/** Second phase, after the grace period: delete or archive the deactivated key. */
export async function deleteOld(input: RevocationInput, deps: RevocationDeps): Promise<{ deleted: boolean }> {
  const old = await loadOldKey(input, deps);
  if (old.placeholder || !old.provider.deleteKey) return { deleted: false };
  await old.provider.deleteKey(old.ctx, old.ref);
  logger.info('old key deleted at the provider', { secretName: input.secretName, keyId: old.ref.keyId });
  return { deleted: true };
}

/**
 * Records the revocation in the inventory (once), emits `TimeToRevokeSeconds` (from the exposure where the old
 * key was reported exposed, else from the workflow's start, to the moment the provider stopped accepting it), and
 * hands back the `revoked` notification (ids only) with the fleets the secret is tagged for (its tags, read now:
 * the execution input holds no fleets) for the workflow to publish; with no fleet, the workflow publishes nothing.
 */
export async function record(
  req: { readonly input: RevocationInput; readonly revokedAt?: string; readonly startedAt?: string },
  deps: RevocationDeps,
): Promise<{
  notification: FleetNotification;
  fleets: string[];
  notifyFleets: boolean;
  timeToRevokeSeconds: number | null;
}> {
  const { input } = req;
  const now = nowOf(deps);
  const [item, described] = await Promise.all([
    deps.inventory.getVersion(input.secretName, input.oldVersionId),
    describeSecret(deps.sm, input.secretName),
  ]);
  const fleets = fleetsFromTags(described.Tags);
  // The revoke task recorded `revoked` already where the provider revokes in one step; the transition would be refused.
  if (item?.status !== 'revoked') {
    await deps.inventory.transition(
      input.secretName,
      input.oldVersionId,
      'revoked',
      `${input.mode} revocation complete`,
    );
  }
  const revokedAt = req.revokedAt ? new Date(req.revokedAt) : now;
  const since = item?.exposedAt ?? req.startedAt;
  const seconds = since ? Math.max(0, Math.round((revokedAt.getTime() - new Date(since).getTime()) / 1000)) : null;
  // The handler flushes metrics only when the task succeeds, so a retried failure does not count twice.
  if (seconds !== null) {
    deps.metrics?.addMetadata('secretName', input.secretName);
    deps.metrics?.addMetadata('mode', input.mode);
    deps.metrics?.addMetric(REVOCATION_METRICS.timeToRevokeSeconds, MetricUnit.Seconds, seconds);
    deps.metrics?.addMetric(REVOCATION_METRICS.keysRevoked, MetricUnit.Count, 1);
  }
  return {
    notification: {
      event: 'revoked',
      secretName: input.secretName,
      versionId: input.oldVersionId,
      mode: input.mode,
      at: now.toISOString(),
    },
    fleets,
    notifyFleets: fleets.length > 0,
    timeToRevokeSeconds: seconds,
  };
}
