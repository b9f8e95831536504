import { randomUUID } from 'node:crypto';
import { PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { fingerprint } from '../../packages/client/src/fingerprint';
import { RotationStateError } from '../common/errors';
import type { Inventory } from '../common/inventory';
import { holdSecretValue, logger } from '../common/logger';
import { type SecretValue, serializeSecretValue } from '../common/secret-value';
import { describeSecret, readManagedCurrent, versionWithStage } from '../common/secrets';
import { ProviderError } from '../providers/errors';
import type { KeyProvider } from '../providers/types';
import type { RotationStep } from './event';
import { type RotationDeps, rotate, type StepOutcome } from './rotate';
import { providerContext } from './steps';
import { factsOf, readVersionById } from './versions';

export interface SupplyManualKeyInput {
  /** The managed secret's name or ARN. */
  readonly secretId: string;
  /** The new key, as the operator made it in the provider's console (read from stdin by `rekey put`). */
  readonly apiKey: string;
  /** The rotation token to fill. @default - the version AWSPENDING labels, else a new token */
  readonly token?: string;
}

export interface SupplyManualKeyDeps {
  readonly sm: SecretsManagerClient;
  readonly inventory: Inventory;
  readonly providerFor: (name: SecretValue['provider']) => KeyProvider;
  /** Only secrets whose names start with this are accepted. @default - any */
  readonly secretPrefix?: string;
  readonly now?: () => Date;
  readonly newToken?: () => string;
  /**
   * Continue the rotation in this process (createSecret finds the key stored, then setSecret, testSecret,
   * finishSecret). @default - the key waits as AWSPENDING for Secrets Manager's next attempt of the rotation
   */
  readonly rotation?: RotationDeps;
}

export interface SupplyManualKeyResult {
  readonly secretName: string;
  readonly versionId: string;
  readonly keyId: string;
  /**
   * `stored` (written as AWSPENDING), `already-stored` (a replay), `already-current` (a replay after the rotation
   * finished); `steps` holds each step's outcome where the rotation was continued here.
   */
  readonly outcome: 'stored' | 'already-stored' | 'already-current';
  readonly steps: ReadonlyArray<{ step: RotationStep; outcome: StepOutcome }>;
}

/**
 * The operator's path for providers that cannot mint keys by API (Anthropic): finds the supplied key's id at the
 * provider, tests it, and writes it as AWSPENDING under the pending rotation's token (or a new one), so the
 * rotation's createSecret treats it as created and the rotation goes on from there. Safe to run again with the
 * same key (also once it is AWSCURRENT); refuses a token that already holds another key. Nothing is written if the
 * provider does not know or does not accept the key.
 */
export async function supplyManualKey(
  input: SupplyManualKeyInput,
  deps: SupplyManualKeyDeps,
): Promise<SupplyManualKeyResult> {
  holdSecretValue(input.apiKey);
  const { described, secretName, stages, currentVersionId, current } = await readManagedCurrent(
    deps.sm,
    input.secretId,
    deps.secretPrefix,
  );
  const apiKey = input.apiKey.trim();
  if (fingerprint(apiKey) === fingerprint(current.apiKey)) {
    // A replay after the rotation moved AWSCURRENT: only what follows finishSecret may be left to do.
    if (!currentVersionId || (input.token && input.token !== currentVersionId)) {
      throw new RotationStateError(`the supplied key is already AWSCURRENT of ${secretName}`);
    }
    const steps: Array<{ step: RotationStep; outcome: StepOutcome }> = [];
    if (deps.rotation) {
      const outcome = await rotate(
        { step: 'finishSecret', secretId: secretName, token: currentVersionId },
        deps.rotation,
      );
      steps.push({ step: 'finishSecret', outcome });
    }
    return { secretName, versionId: currentVersionId, keyId: current.keyId, outcome: 'already-current', steps };
  }
  const pendingVersionId = versionWithStage(stages, 'AWSPENDING');
  const token =
    input.token ??
    (pendingVersionId && pendingVersionId !== currentVersionId ? pendingVersionId : (deps.newToken ?? randomUUID)());
  if (stages[token]?.includes('AWSCURRENT') || stages[token]?.includes('AWSPREVIOUS')) {
    throw new RotationStateError(`version ${token} of ${secretName} is ${stages[token]?.join(', ')}, not pending`);
  }

  const provider = deps.providerFor(current.provider);
  const pctx = providerContext(secretName, token, current, deps, { currentKeyId: current.keyId });
  const existing = await readVersionById(deps.sm, secretName, token);
  let keyId: string;
  let outcome: SupplyManualKeyResult['outcome'];
  if (existing) {
    if (fingerprint(existing.apiKey) !== fingerprint(apiKey)) {
      throw new RotationStateError(`version ${token} of ${secretName} already holds another key (${existing.keyId})`);
    }
    keyId = existing.keyId;
    outcome = 'already-stored';
  } else {
    if (!provider.identifyKey) {
      throw new ProviderError(provider.name, 'this provider mints its own keys; rekey put is not needed for it');
    }
    keyId = await provider.identifyKey(pctx, apiKey);
    if (keyId === current.keyId) throw new RotationStateError(`key ${keyId} is already AWSCURRENT of ${secretName}`);
    await provider.testKey(pctx, { apiKey, keyId, versionId: token });
    const next: SecretValue = { ...current, apiKey, keyId, createdAt: (deps.now?.() ?? new Date()).toISOString() };
    await deps.sm.send(
      new PutSecretValueCommand({
        SecretId: secretName,
        ClientRequestToken: token,
        SecretString: serializeSecretValue(next),
        VersionStages: ['AWSPENDING'],
      }),
    );
    await deps.inventory.recordVersion(
      factsOf(secretName, described.ARN, token, next),
      'pending',
      'supplied by an operator',
    );
    outcome = 'stored';
    logger.info('operator-supplied key stored as AWSPENDING', { secretName, versionId: token, keyId });
  }

  const steps: Array<{ step: RotationStep; outcome: StepOutcome }> = [];
  if (deps.rotation) {
    try {
      for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
        steps.push({ step, outcome: await rotate({ step, secretId: secretName, token }, deps.rotation) });
      }
    } catch (err) {
      // Secrets Manager's own retry of this rotation may run the same steps at the same moment and finish first:
      // the step here then finds AWSPENDING gone. The key is current, which is what the operator asked for.
      const now = (await describeSecret(deps.sm, secretName)).VersionIdsToStages ?? {};
      if (!now[token]?.includes('AWSCURRENT')) throw err;
      logger.info('rotation finished by another attempt while continuing it', { secretName, versionId: token });
      return { secretName, versionId: token, keyId, outcome: 'already-current', steps };
    }
  }
  return { secretName, versionId: token, keyId, outcome, steps };
}
