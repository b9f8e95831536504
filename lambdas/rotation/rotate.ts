import {
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import { RotationStateError, UnknownSecretError } from '../common/errors';
import type { Inventory } from '../common/inventory';
import { holdSecretValue, logger } from '../common/logger';
import { publishOpsAlert } from '../common/notify';
import type { SecretValue } from '../common/secret-value';
import { serializeSecretValue } from '../common/secret-value';
import { describeSecret, readVersion, readVersionIfPresent, versionWithStage } from '../common/secrets';
import { usesSpares } from '../providers/anthropic-spares';
import { KeyRejectedError, ManualKeyRequiredError } from '../providers/errors';
import type { KeyProvider, MintedKey, ProviderContext } from '../providers/types';
import type { RotationEvent } from './event';
import { reconcileGivenUp } from './reconcile';
import { settleSpare, takeSpare } from './spares';
import { abandonVersion, discardKey, finishFollowUps, providerContext, removeStageIfPresent } from './steps';
import { factsOf, MINT_STARTED_AT, readVersionById, TESTED_AT } from './versions';

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

export { TESTED_AT } from './versions';

/**
 * Runs one step of Secrets Manager's rotation protocol. Every step is safe to replay, and a token that lost its
 * AWSPENDING label (another rotation took it, or its test failed) can never become current: its steps revoke
 * its key instead.
 */
export async function rotate(event: RotationEvent, deps: RotationDeps): Promise<StepOutcome> {
  const described = await describeSecret(deps.sm, event.secretId);
  const secretName = described.Name ?? event.secretId;
  if (!secretName.startsWith(deps.secretPrefix)) {
    throw new UnknownSecretError(`secret ${secretName} is not managed by rekey (prefix ${deps.secretPrefix})`);
  }
  if (!described.RotationEnabled) throw new RotationStateError(`secret ${secretName} does not have rotation enabled`);
  const stages = described.VersionIdsToStages ?? {};
  const tokenStages = stages[event.token] ?? [];
  if (tokenStages.includes('AWSCURRENT')) {
    if (event.step === 'finishSecret') await finishFollowUps(secretName, event.token, described.ARN, deps);
    logger.info('version is already AWSCURRENT', { step: event.step, secretName, versionId: event.token });
    return 'already-current';
  }
  if (!tokenStages.includes('AWSPENDING')) {
    if (tokenStages.length > 0) {
      throw new RotationStateError(`version ${event.token} of ${secretName} is not AWSPENDING`);
    }
    // No label: either no version yet (only createSecret may make one), or a version that lost AWSPENDING.
    const lost = await readVersionById(deps.sm, secretName, event.token);
    if (lost) {
      await abandonVersion(secretName, described.ARN, event.token, lost, stages, deps, 'lost AWSPENDING');
      throw new RotationStateError(
        `version ${event.token} of ${secretName} is no longer AWSPENDING (another rotation took over, or its test failed); its key is revoked`,
      );
    }
    if (event.step !== 'createSecret') {
      throw new RotationStateError(`secret ${secretName} has no version ${event.token} to rotate to`);
    }
  }
  const ctx: StepContext = { secretName, secretArn: described.ARN, token: event.token, stages };
  switch (event.step) {
    case 'createSecret':
      return createSecret(ctx, deps);
    case 'setSecret':
      return setSecret(ctx);
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

async function labelled(deps: RotationDeps, ctx: StepContext, stage: 'AWSCURRENT' | 'AWSPREVIOUS') {
  const versionId = versionWithStage(ctx.stages, stage);
  if (!versionId) return undefined;
  const value =
    stage === 'AWSCURRENT'
      ? await readVersion(deps.sm, ctx.secretName, { stage, versionId })
      : await readVersionIfPresent(deps.sm, ctx.secretName, { stage, versionId }).catch(() => undefined);
  return value ? { versionId, value } : undefined;
}

async function createSecret(ctx: StepContext, deps: RotationDeps): Promise<StepOutcome> {
  const current = await labelled(deps, ctx, 'AWSCURRENT');
  if (!current) throw new RotationStateError(`secret ${ctx.secretName} has no AWSCURRENT version to rotate from`);
  const previous = await labelled(deps, ctx, 'AWSPREVIOUS');
  // A version first seen here (the one the deployment wrote) enters the inventory as current, so findings match it.
  if (!(await deps.inventory.getVersion(ctx.secretName, current.versionId))?.fingerprint) {
    await deps.inventory.recordVersion(
      factsOf(ctx.secretName, ctx.secretArn, current.versionId, current.value),
      'current',
    );
  }
  const provider = deps.providerFor(current.value.provider);
  const pctx = providerContext(ctx.secretName, ctx.token, current.value, deps, {
    currentKeyId: current.value.keyId,
    previousKeyId: previous?.value.keyId,
  });
  // What an earlier rotation that Secrets Manager gave up on left undone is finished first.
  const stages = await reconcileGivenUp(ctx, ctx.stages, current, previous?.value.keyId, provider, deps);

  // Replay: the key is stored already (here the token's version still holds AWSPENDING, rotate() checked).
  const stored = await readVersionById(deps.sm, ctx.secretName, ctx.token);
  if (stored) {
    await deps.inventory.recordVersion(factsOf(ctx.secretName, ctx.secretArn, ctx.token, stored), 'pending');
    await provider.keyStored?.(pctx, { keyId: stored.keyId, versionId: ctx.token });
    logger.info('pending version already holds a key', { secretName: ctx.secretName, versionId: ctx.token });
    return 'already-created';
  }

  // Another token's rotation holds AWSPENDING: this one loses before it mints anything. (AWSPENDING left on the
  // AWSCURRENT version is a finished rotation's, not one in flight.)
  const pendingElsewhere = Object.entries(stages).find(
    ([versionId, labels]) => labels.includes('AWSPENDING') && !labels.includes('AWSCURRENT') && versionId !== ctx.token,
  )?.[0];
  if (pendingElsewhere) {
    throw new RotationStateError(
      `rotation to version ${pendingElsewhere} of ${ctx.secretName} is in flight; not starting ${ctx.token}`,
    );
  }
  // A token whose rotation was abandoned (or its key discarded) never mints again: its key would be a dead one.
  const own = (await deps.inventory.getVersion(ctx.secretName, ctx.token)) as Record<string, unknown> | undefined;
  if (own?.status === 'abandoned' || own?.status === 'revoked') {
    throw new RotationStateError(
      `version ${ctx.token} of ${ctx.secretName} was ${String(own.status)}; a new rotation needs a new token`,
    );
  }

  if (!provider.mintsKeys) {
    // An emergency (or abuse) rotation takes a spare where the provider keeps a pool; a scheduled one leaves the
    // pool for emergencies and asks an operator, as does an emergency that finds the pool empty.
    const mode = own?.mode ?? 'scheduled';
    const spares = mode !== 'scheduled' && usesSpares(provider) ? provider : undefined;
    if (spares) {
      await markMintStarted(ctx, deps, own);
      const spare = await takeSpare({ secretName: ctx.secretName, token: ctx.token, provider: spares, pctx }, deps);
      if (spare) {
        await storePending(ctx, deps, current.value, provider, pctx, spare, { discardOnFailure: false });
        await settleSpare(deps, ctx.secretName, ctx.token);
        logger.info('created pending key from a spare', {
          secretName: ctx.secretName,
          versionId: ctx.token,
          keyId: spare.keyId,
        });
        return 'created';
      }
    }
    await publishOpsAlert(deps.sns, deps.opsTopicArn, {
      kind: 'rotation-due',
      summary: `a new ${provider.name} key is due for ${ctx.secretName}${spares ? ' and its spare pool is empty' : ''}; supply it with: rekey put ${ctx.secretName}`,
      secretName: ctx.secretName,
      details: { versionId: ctx.token, ...(spares ? { reason: 'spare-pool-empty' } : {}) },
    });
    throw new ManualKeyRequiredError(
      provider.name,
      `${ctx.secretName} waits for an operator to supply its next key${spares ? ' (its spare pool is empty)' : ''}`,
    );
  }

  await markMintStarted(ctx, deps, own);
  const minted = await provider.createKey(pctx);
  await storePending(ctx, deps, current.value, provider, pctx, minted, { discardOnFailure: true });
  logger.info('created pending key', { secretName: ctx.secretName, versionId: ctx.token, keyId: minted.keyId });
  return 'created';
}

/**
 * Recorded before the provider is asked: if Secrets Manager gives this rotation up before the key is stored, the
 * next rotation finds the token by MINT_STARTED_AT and has the provider discard what it minted under it (a spare
 * taken under it goes back to the pool: lambdas/rotation/spares.ts).
 */
async function markMintStarted(ctx: StepContext, deps: RotationDeps, own: Record<string, unknown> | undefined) {
  if (own?.[MINT_STARTED_AT]) return;
  const at = { [MINT_STARTED_AT]: (deps.now?.() ?? new Date()).toISOString() };
  // A rotation the intake or an operator asked for is `requested` already, where the transition would be refused.
  if (
    own?.status === 'requested' ||
    !(await deps.inventory.transition(ctx.secretName, ctx.token, 'requested', 'minting', at))
  ) {
    await deps.inventory.annotate(ctx.secretName, ctx.token, at);
  }
}

/**
 * Stores a new key as AWSPENDING under the token. A minted key whose store failed is discarded at once; a spare is
 * not (it stays recorded as taken by this token, so the step's retry stores the same spare).
 */
async function storePending(
  ctx: StepContext,
  deps: RotationDeps,
  currentValue: SecretValue,
  provider: KeyProvider,
  pctx: ProviderContext,
  minted: MintedKey,
  options: { discardOnFailure: boolean },
): Promise<void> {
  holdSecretValue(minted.apiKey);
  const next: SecretValue = {
    ...currentValue,
    apiKey: minted.apiKey,
    keyId: minted.keyId,
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  const mintedRef = { keyId: minted.keyId, apiKey: minted.apiKey, versionId: ctx.token };
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
    // The write may have happened although its answer was lost; if not, the key exists only at the provider.
    const landed = await readVersionById(deps.sm, ctx.secretName, ctx.token).catch(() => undefined);
    if (landed?.keyId !== minted.keyId) {
      if (!options.discardOnFailure) throw err;
      logger.error('storing the new key failed; discarding it at the provider', {
        secretName: ctx.secretName,
        versionId: ctx.token,
        keyId: minted.keyId,
        error: err as Error,
      });
      await discardKey(provider, pctx, mintedRef);
      throw err;
    }
  }
  await deps.inventory.recordVersion(factsOf(ctx.secretName, ctx.secretArn, ctx.token, next), 'pending');
  await provider.keyStored?.(pctx, mintedRef);
}

function setSecret(ctx: StepContext): StepOutcome {
  // Every supported provider makes a key live when it mints it; nothing to push anywhere.
  logger.info('setSecret: key is live at the provider since creation', {
    secretName: ctx.secretName,
    versionId: ctx.token,
  });
  return 'set';
}

async function testSecret(ctx: StepContext, deps: RotationDeps): Promise<StepOutcome> {
  const pending = await readVersion(deps.sm, ctx.secretName, { stage: 'AWSPENDING', versionId: ctx.token });
  const current = await labelled(deps, ctx, 'AWSCURRENT');
  const provider = deps.providerFor(pending.provider);
  const pctx = providerContext(ctx.secretName, ctx.token, pending, deps, { currentKeyId: current?.value.keyId });
  const key = { apiKey: pending.apiKey, keyId: pending.keyId, versionId: ctx.token };
  try {
    await provider.testKey(pctx, key);
  } catch (err) {
    if (!(err instanceof KeyRejectedError)) throw err; // transient: Secrets Manager retries the step
    // The new key does not work: AWSCURRENT stays, the bad key dies, the next rotation can start afresh. The
    // label goes first: a crash after it leaves a version without labels, whose replay revokes its key.
    await removeStageIfPresent(deps, ctx.secretName, 'AWSPENDING', ctx.token);
    const stagesAfter = { ...ctx.stages, [ctx.token]: [] };
    await abandonVersion(ctx.secretName, ctx.secretArn, ctx.token, pending, stagesAfter, deps, 'failed testSecret');
    await publishOpsAlert(deps.sns, deps.opsTopicArn, {
      kind: 'rotation-failed',
      summary: `the new key for ${ctx.secretName} failed its test and was revoked; AWSCURRENT is unchanged`,
      secretName: ctx.secretName,
      details: { versionId: ctx.token, keyId: pending.keyId, error: (err as Error).message },
    });
    throw err;
  }
  await deps.inventory.annotate(ctx.secretName, ctx.token, {
    [TESTED_AT]: (deps.now?.() ?? new Date()).toISOString(),
  });
  logger.info('pending key passed its test', { secretName: ctx.secretName, versionId: ctx.token });
  return 'tested';
}

async function finishSecret(ctx: StepContext, deps: RotationDeps): Promise<StepOutcome> {
  const item = (await deps.inventory.getVersion(ctx.secretName, ctx.token)) as Record<string, unknown> | undefined;
  if (!item?.[TESTED_AT]) {
    throw new RotationStateError(`version ${ctx.token} of ${ctx.secretName} has not passed testSecret`);
  }
  const currentVersionId = versionWithStage(ctx.stages, 'AWSCURRENT');
  // RemoveFromVersionId must hold AWSCURRENT, so a racing rotation that moved it first makes this call fail
  // (and the replay, with fresh stages, move it from there).
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
