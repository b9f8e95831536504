import { UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { fleetsFromTags } from '../../contract/fleets';
import { RotationStateError } from '../common/errors';
import type { RotationMode } from '../common/inventory';
import { logger } from '../common/logger';
import { publishFleetEvent } from '../common/notify';
import { startRevocation } from '../common/revocation';
import type { SecretValue } from '../common/secret-value';
import {
  describeSecret,
  readAdminCredential,
  readVersionIfPresent,
  type VersionStages,
  versionWithStage,
} from '../common/secrets';
import type { KeyProvider, KeyRef, ProviderContext } from '../providers/types';
import type { RotationDeps } from './rotate';
import { factsOf, readVersionById } from './versions';

/** The pieces the rotation steps share: provider context, discarding keys, and what follows finishSecret. */

export function providerContext(
  secretName: string,
  token: string,
  value: SecretValue,
  deps: Pick<RotationDeps, 'sm'>,
  known: { currentKeyId?: string; previousKeyId?: string } = {},
): ProviderContext {
  return {
    secretName,
    token,
    options: value.options,
    adminCredential: async () => {
      if (!value.adminSecretId) throw new RotationStateError(`secret ${secretName} names no adminSecretId`);
      return readAdminCredential(deps.sm, value.adminSecretId);
    },
    ...(known.currentKeyId ? { currentKeyId: known.currentKeyId } : {}),
    ...(known.previousKeyId ? { previousKeyId: known.previousKeyId } : {}),
  };
}

/** Destroys a key that never served (minted by a failed step): revoked, then deleted where there are two phases. */
export async function discardKey(provider: KeyProvider, ctx: ProviderContext, key: KeyRef): Promise<void> {
  await provider.revokeKey(ctx, key);
  if (provider.deleteKey) await provider.deleteKey(ctx, key);
}

/** Removes a label from a version if it still has it (a replay finds it gone). */
export async function removeStageIfPresent(
  deps: Pick<RotationDeps, 'sm'>,
  secretName: string,
  stage: string,
  versionId: string,
): Promise<void> {
  const stages = (await describeSecret(deps.sm, secretName)).VersionIdsToStages ?? {};
  if (!stages[versionId]?.includes(stage)) return;
  await deps.sm.send(
    new UpdateSecretVersionStageCommand({ SecretId: secretName, VersionStage: stage, RemoveFromVersionId: versionId }),
  );
}

/**
 * A version that can never become current (its test failed, or another rotation took AWSPENDING): its key is
 * discarded at the provider, unless it is the key AWSCURRENT or AWSPREVIOUS holds, and the inventory says
 * `abandoned`. Idempotent.
 */
export async function abandonVersion(
  secretName: string,
  secretArn: string | undefined,
  versionId: string,
  value: SecretValue,
  stages: VersionStages,
  deps: Pick<RotationDeps, 'sm' | 'inventory' | 'providerFor'>,
  reason: string,
): Promise<void> {
  const labels = stages[versionId] ?? [];
  if (labels.includes('AWSCURRENT') || labels.includes('AWSPREVIOUS')) {
    throw new RotationStateError(
      `refusing to abandon version ${versionId} of ${secretName}: it is ${labels.join(', ')}`,
    );
  }
  const currentId = versionWithStage(stages, 'AWSCURRENT');
  const previousId = versionWithStage(stages, 'AWSPREVIOUS');
  const current = currentId
    ? await readVersionIfPresent(deps.sm, secretName, { stage: 'AWSCURRENT', versionId: currentId })
    : undefined;
  const previous = previousId
    ? await readVersionIfPresent(deps.sm, secretName, { stage: 'AWSPREVIOUS', versionId: previousId }).catch(
        () => undefined,
      )
    : undefined;
  const provider = deps.providerFor(value.provider);
  const pctx = providerContext(secretName, versionId, value, deps, {
    currentKeyId: current?.keyId,
    previousKeyId: previous?.keyId,
  });
  if (value.keyId !== current?.keyId && value.keyId !== previous?.keyId) {
    await discardKey(provider, pctx, { keyId: value.keyId, apiKey: value.apiKey, versionId });
  }
  await deps.inventory.recordVersion(factsOf(secretName, secretArn, versionId, value), 'abandoned', reason);
  logger.warn('abandoned a version that can never become current', {
    secretName,
    versionId,
    keyId: value.keyId,
    reason,
  });
}

/**
 * What follows the label move, each part idempotent so a replay after a crash completes it: tell the fleets (first,
 * so agents switch as soon as AWSCURRENT has moved), drop AWSPENDING, start the old version's revocation (named after
 * it, so twice is once), record the stages, and discard the keys of rotations that lost a race to this one.
 */
export async function finishFollowUps(
  secretName: string,
  token: string,
  secretArn: string | undefined,
  deps: RotationDeps,
  knownOldVersionId?: string,
): Promise<void> {
  // The inventory is read before the labels: a version recorded pending after this read is not swept on stale labels.
  const versions = await deps.inventory.listVersions(secretName);
  const described = await describeSecret(deps.sm, secretName);
  const stages = described.VersionIdsToStages ?? {};
  const oldVersionId = knownOldVersionId ?? versionWithStage(stages, 'AWSPREVIOUS');
  const item = versions.find((v) => v.versionId === token);
  const mode: RotationMode = item?.mode ?? 'scheduled';
  // The fleet hears first: AWSCURRENT has moved, and every call before the notification delays every agent's switch.
  // A replay after a crash past this point tells the fleet again (agents take a version once).
  // It goes to the fleets the secret is tagged for (DescribeSecret's Tags): a secret tagged for none tells no one.
  if (item?.status !== 'current') {
    const fleets = fleetsFromTags(described.Tags);
    const told = await publishFleetEvent(
      deps.sns,
      deps.fleetTopicArn,
      {
        event: 'rotated',
        secretName,
        versionId: token,
        ...(oldVersionId ? { previousVersionId: oldVersionId } : {}),
        mode,
        at: (deps.now?.() ?? new Date()).toISOString(),
      },
      fleets,
    );
    if (!told) logger.info('no fleet is tagged for this secret; no fleet notified', { secretName, versionId: token });
  }
  if (stages[token]?.includes('AWSPENDING')) {
    await deps.sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretName,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: token,
      }),
    );
  }
  if (oldVersionId && oldVersionId !== token) {
    const started = await startRevocation(deps.sfn, deps.stateMachineArn, {
      secretName,
      oldVersionId,
      newVersionId: token,
      mode,
      reason: item?.reason ?? `${mode} rotation`,
    });
    logger.info(started ? 'revocation workflow started' : 'revocation workflow was already started', {
      secretName,
      oldVersionId,
      mode,
    });
  }
  if (item?.status !== 'current') {
    if (oldVersionId) await deps.inventory.transition(secretName, oldVersionId, 'previous', `replaced by ${token}`);
    await deps.inventory.transition(secretName, token, 'current', `${mode} rotation`, secretArn ? { secretArn } : {});
  }
  for (const loser of versions) {
    if (loser.status !== 'pending' || loser.versionId === token || (stages[loser.versionId] ?? []).length > 0) continue;
    const value = await readVersionById(deps.sm, secretName, loser.versionId);
    if (value) await abandonVersion(secretName, secretArn, loser.versionId, value, stages, deps, `lost to ${token}`);
  }
  logger.info('rotation finished', { secretName, versionId: token, previousVersionId: oldVersionId });
}
