import {
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import { fingerprint, keyHint } from '../../client/fingerprint';
import { RotationStateError, UnknownSecretError } from '../common/errors';
import type { Inventory, RotationMode } from '../common/inventory';
import { holdSecretValue, logger } from '../common/logger';
import { publishFleetEvent, publishOpsAlert } from '../common/notify';
import { startRevocation } from '../common/revocation';
import type { SecretValue } from '../common/secret-value';
import { serializeSecretValue } from '../common/secret-value';
import {
  describeSecret,
  readAdminCredential,
  readVersion,
  readVersionIfPresent,
  versionWithStage,
} from '../common/secrets';
import { KeyRejectedError, ManualKeyRequiredError } from '../providers/errors';
import type { KeyProvider, ProviderContext } from '../providers/types';
import type { RotationEvent } from './event';

export interface RotationDeps {
  readonly sm: SecretsManagerClient;
  readonly sns: SNSClient;
  readonly sfn: SFNClient;
  readonly inventory: Inventory;
  readonly providerFor: (name: SecretValue['provider']) => KeyProvider;
  readonly fleetTopicArn: string;
  readonly opsTopicArn: string;
  readonly stateMachineArn: string;
  /** Only secrets whose names start with this are rotated. */
  readonly secretPrefix: string;
  readonly now?: () => Date;
}

export type StepOutcome = 'created' | 'already-created' | 'set' | 'tested' | 'finished' | 'already-current';

/**
 * Runs one step of Secrets Manager's rotation protocol. Every step is safe to replay: a retried createSecret
 * finds the key it stored, a retried finishSecret completes whatever follow-up a crash interrupted.
 */
export async function rotate(event: RotationEvent, deps: RotationDeps): Promise<StepOutcome> {
  const described = await describeSecret(deps.sm, event.secretId);
  const secretName = described.Name ?? event.secretId;
  if (!secretName.startsWith(deps.secretPrefix)) {
    throw new UnknownSecretError(`secret ${secretName} is not managed by rekey (prefix ${deps.secretPrefix})`);
  }
  if (!described.RotationEnabled) throw new RotationStateError(`secret ${secretName} does not have rotation enabled`);
  const stages = described.VersionIdsToStages ?? {};
  const tokenStages = stages[event.token];
  // Secrets Manager makes the token's version (labelled AWSPENDING, without a value) before it calls createSecret.
  // createSecret also accepts a token with no version yet, since it is the step that writes one.
  if (!tokenStages && event.step !== 'createSecret') {
    throw new RotationStateError(`secret ${secretName} has no version ${event.token} to rotate to`);
  }
  if (tokenStages?.includes('AWSCURRENT')) {
    if (event.step === 'finishSecret') await finishFollowUps(secretName, event.token, described.ARN, deps);
    logger.info('version is already AWSCURRENT', { step: event.step, secretName, versionId: event.token });
    return 'already-current';
  }
  if (tokenStages && !tokenStages.includes('AWSPENDING')) {
    throw new RotationStateError(`version ${event.token} of ${secretName} is not AWSPENDING`);
  }
  const ctx = { secretName, secretArn: described.ARN, token: event.token, stages };
  switch (event.step) {
    case 'createSecret':
      return createSecret(ctx, deps);
    case 'setSecret':
      return setSecret(ctx, deps);
    case 'testSecret':
      return testSecret(ctx, deps);
    case 'finishSecret':
      return finishSecret(ctx, deps);
  }
}

interface StepContext {
  readonly secretName: string;
  readonly secretArn: string | undefined;
  readonly token: string;
  readonly stages: Readonly<Record<string, readonly string[]>>;
}

function providerContext(secretName: string, token: string, value: SecretValue, deps: RotationDeps): ProviderContext {
  return {
    secretName,
    token,
    options: value.options,
    adminCredential: async () => {
      if (!value.adminSecretId) throw new RotationStateError(`secret ${secretName} names no adminSecretId`);
      return readAdminCredential(deps.sm, value.adminSecretId);
    },
  };
}

function factsOf(secretName: string, secretArn: string | undefined, versionId: string, value: SecretValue) {
  return {
    secretName,
    secretArn,
    versionId,
    keyId: value.keyId,
    provider: value.provider,
    fingerprint: fingerprint(value.apiKey),
    keyHint: keyHint(value.apiKey),
    createdAt: value.createdAt,
  };
}

async function createSecret(ctx: StepContext, deps: RotationDeps): Promise<StepOutcome> {
  const current = await readVersion(deps.sm, ctx.secretName, { stage: 'AWSCURRENT' });
  const currentVersionId = versionWithStage(ctx.stages, 'AWSCURRENT');
  // A version first seen here (the one the deployment wrote) enters the inventory as current, so findings match it.
  if (currentVersionId && !(await deps.inventory.getVersion(ctx.secretName, currentVersionId))?.fingerprint) {
    await deps.inventory.recordVersion(factsOf(ctx.secretName, ctx.secretArn, currentVersionId, current), 'current');
  }

  const stored = await readVersionIfPresent(deps.sm, ctx.secretName, { stage: 'AWSPENDING', versionId: ctx.token });
  if (stored) {
    await deps.inventory.recordVersion(factsOf(ctx.secretName, ctx.secretArn, ctx.token, stored), 'pending');
    logger.info('pending version already holds a key', { secretName: ctx.secretName, versionId: ctx.token });
    return 'already-created';
  }

  const provider = deps.providerFor(current.provider);
  const pctx = providerContext(ctx.secretName, ctx.token, current, deps);
  if (!provider.mintsKeys) {
    await publishOpsAlert(deps.sns, deps.opsTopicArn, {
      kind: 'rotation-due',
      summary: `a new ${provider.name} key is due for ${ctx.secretName}; supply it with: rekey put ${ctx.secretName}`,
      secretName: ctx.secretName,
      details: { versionId: ctx.token },
    });
    throw new ManualKeyRequiredError(provider.name, `${ctx.secretName} waits for an operator to supply its next key`);
  }

  const minted = await provider.createKey(pctx);
  holdSecretValue(minted.apiKey);
  const next: SecretValue = {
    ...current,
    apiKey: minted.apiKey,
    keyId: minted.keyId,
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  try {
    await deps.sm.send(
      new PutSecretValueCommand({
        SecretId: ctx.secretName,
        ClientRequestToken: ctx.token,
        SecretString: serializeSecretValue(next),
        VersionStages: ['AWSPENDING'],
      }),
    );
  } catch (err) {
    // The key exists at the provider but not in the secret: revoke it rather than leave an orphan.
    logger.error('storing the new key failed; revoking it at the provider', {
      secretName: ctx.secretName,
      versionId: ctx.token,
      keyId: minted.keyId,
      error: err as Error,
    });
    await provider.revokeKey(pctx, { keyId: minted.keyId, apiKey: minted.apiKey, versionId: ctx.token });
    throw err;
  }
  await deps.inventory.recordVersion(factsOf(ctx.secretName, ctx.secretArn, ctx.token, next), 'pending');
  logger.info('created pending key', { secretName: ctx.secretName, versionId: ctx.token, keyId: minted.keyId });
  return 'created';
}

async function setSecret(ctx: StepContext, _deps: RotationDeps): Promise<StepOutcome> {
  // Every supported provider makes a key live when it mints it; nothing to push anywhere.
  logger.info('setSecret: key is live at the provider since creation', {
    secretName: ctx.secretName,
    versionId: ctx.token,
  });
  return 'set';
}

async function testSecret(ctx: StepContext, deps: RotationDeps): Promise<StepOutcome> {
  const pending = await readVersion(deps.sm, ctx.secretName, { stage: 'AWSPENDING', versionId: ctx.token });
  const provider = deps.providerFor(pending.provider);
  const pctx = providerContext(ctx.secretName, ctx.token, pending, deps);
  const key = { apiKey: pending.apiKey, keyId: pending.keyId, versionId: ctx.token };
  try {
    await provider.testKey(pctx, key);
  } catch (err) {
    if (!(err instanceof KeyRejectedError)) throw err; // transient: Secrets Manager retries the step
    // The new key does not work: AWSCURRENT stays, the bad key dies, the next rotation can start afresh.
    await provider.revokeKey(pctx, key);
    await deps.sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: ctx.secretName,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: ctx.token,
      }),
    );
    await deps.inventory.transition(ctx.secretName, ctx.token, 'abandoned', 'failed testSecret');
    await publishOpsAlert(deps.sns, deps.opsTopicArn, {
      kind: 'rotation-failed',
      summary: `the new key for ${ctx.secretName} failed its test and was revoked; AWSCURRENT is unchanged`,
      secretName: ctx.secretName,
      details: { versionId: ctx.token, keyId: pending.keyId, error: (err as Error).message },
    });
    throw err;
  }
  logger.info('pending key passed its test', { secretName: ctx.secretName, versionId: ctx.token });
  return 'tested';
}

async function finishSecret(ctx: StepContext, deps: RotationDeps): Promise<StepOutcome> {
  const currentVersionId = versionWithStage(ctx.stages, 'AWSCURRENT');
  await deps.sm.send(
    new UpdateSecretVersionStageCommand({
      SecretId: ctx.secretName,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: ctx.token,
      RemoveFromVersionId: currentVersionId,
    }),
  );
  await finishFollowUps(ctx.secretName, ctx.token, ctx.secretArn, deps, currentVersionId);
  return 'finished';
}

/**
 * What follows the label move, each part idempotent so a replay after a crash completes it: drop AWSPENDING,
 * start the old version's revocation (named after it, so twice is once), tell the fleets, record the stages.
 */
async function finishFollowUps(
  secretName: string,
  token: string,
  secretArn: string | undefined,
  deps: RotationDeps,
  knownOldVersionId?: string,
): Promise<void> {
  const described = await describeSecret(deps.sm, secretName);
  const stages = described.VersionIdsToStages ?? {};
  if (stages[token]?.includes('AWSPENDING')) {
    await deps.sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretName,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: token,
      }),
    );
  }
  const oldVersionId = knownOldVersionId ?? versionWithStage(stages, 'AWSPREVIOUS');
  const item = await deps.inventory.getVersion(secretName, token);
  const mode: RotationMode = item?.mode ?? 'scheduled';
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
    await publishFleetEvent(deps.sns, deps.fleetTopicArn, {
      event: 'rotated',
      secretName,
      versionId: token,
      ...(oldVersionId ? { previousVersionId: oldVersionId } : {}),
      mode,
      at: (deps.now?.() ?? new Date()).toISOString(),
    });
    if (oldVersionId) await deps.inventory.transition(secretName, oldVersionId, 'previous', `replaced by ${token}`);
    await deps.inventory.transition(secretName, token, 'current', `${mode} rotation`, secretArn ? { secretArn } : {});
  }
  logger.info('rotation finished', { secretName, versionId: token, previousVersionId: oldVersionId });
}
