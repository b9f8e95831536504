import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FleetNotification } from '../../client/notification';
import { RekeyError } from '../common/errors';
import type { Inventory } from '../common/inventory';
import { logger } from '../common/logger';
import type { RevocationInput } from '../common/revocation';
import type { SecretValue } from '../common/secret-value';
import { describeSecret, readAdminCredential, readVersionIfPresent } from '../common/secrets';
import { KeyRejectedError } from '../providers/errors';
import type { KeyProvider, ProviderContext } from '../providers/types';

/** The provider still accepts a key we revoked; Step Functions retries the confirm step. */
export class RevocationNotConfirmedError extends RekeyError {
  constructor(message: string) {
    super(message);
    this.name = 'RevocationNotConfirmedError';
  }
}

/** Refusal to revoke the key that is AWSCURRENT: never revoke the only working key. */
export class UnsafeRevocationError extends RekeyError {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeRevocationError';
  }
}

export interface RevocationDeps {
  readonly sm: SecretsManagerClient;
  readonly inventory: Inventory;
  readonly providerFor: (name: SecretValue['provider']) => KeyProvider;
  readonly maxRounds: number;
  readonly now?: () => Date;
}

export type Decision = 'revoke' | 'wait' | 'fail';

function providerContext(
  input: RevocationInput,
  token: string,
  value: SecretValue,
  deps: RevocationDeps,
): ProviderContext {
  return {
    secretName: input.secretName,
    token,
    options: value.options,
    adminCredential: async () => {
      if (!value.adminSecretId) throw new RekeyError(`secret ${input.secretName} names no adminSecretId`);
      return readAdminCredential(deps.sm, value.adminSecretId);
    },
  };
}

/** Reads one version by id, whatever its labels (the old one may have lost AWSPREVIOUS). */
async function readAnyVersion(deps: RevocationDeps, secretName: string, versionId: string, stages: readonly string[]) {
  for (const stage of stages.length > 0 ? stages : ['AWSPREVIOUS']) {
    const value = await readVersionIfPresent(deps.sm, secretName, { stage, versionId });
    if (value) return value;
  }
  return undefined;
}

/**
 * Verify: the new key is AWSCURRENT and the provider accepts it, and the fleet has moved (every agent that
 * acknowledged the old version has acknowledged the new one). Answers what the state machine does next.
 */
export async function verify(
  input: RevocationInput,
  round: number,
  deps: RevocationDeps,
): Promise<{ decision: Decision; round: number; newKeyOk: boolean; fleetMoved: boolean }> {
  const described = await describeSecret(deps.sm, input.secretName);
  const stages = described.VersionIdsToStages ?? {};
  const next = round + 1;
  const lastRound = next >= deps.maxRounds;
  if (!stages[input.newVersionId]?.includes('AWSCURRENT')) {
    logger.warn('new version is not AWSCURRENT', { secretName: input.secretName, newVersionId: input.newVersionId });
    return { decision: lastRound ? 'fail' : 'wait', round: next, newKeyOk: false, fleetMoved: false };
  }
  const current = await readVersionIfPresent(deps.sm, input.secretName, {
    stage: 'AWSCURRENT',
    versionId: input.newVersionId,
  });
  if (!current) return { decision: 'fail', round: next, newKeyOk: false, fleetMoved: false };
  const provider = deps.providerFor(current.provider);
  try {
    await provider.testKey(providerContext(input, input.newVersionId, current, deps), {
      apiKey: current.apiKey,
      keyId: current.keyId,
      versionId: input.newVersionId,
    });
  } catch (err) {
    if (err instanceof KeyRejectedError) {
      logger.error('new key rejected by the provider; not revoking', { secretName: input.secretName, error: err });
      return { decision: 'fail', round: next, newKeyOk: false, fleetMoved: false };
    }
    throw err;
  }
  const [oldItem, newItem] = await Promise.all([
    deps.inventory.getVersion(input.secretName, input.oldVersionId),
    deps.inventory.getVersion(input.secretName, input.newVersionId),
  ]);
  const oldAgents = [...(oldItem?.ackAgents ?? [])];
  const newAgents = new Set(newItem?.ackAgents ?? []);
  const fleetMoved = oldAgents.every((agent) => newAgents.has(agent));
  if (input.mode === 'abuse' || fleetMoved) return { decision: 'revoke', round: next, newKeyOk: true, fleetMoved };
  if (!lastRound) return { decision: 'wait', round: next, newKeyOk: true, fleetMoved };
  // Out of rounds: an exposed key dies anyway; a scheduled rotation never cuts off agents that did not move.
  return { decision: input.mode === 'emergency' ? 'revoke' : 'fail', round: next, newKeyOk: true, fleetMoved };
}

async function oldKey(input: RevocationInput, deps: RevocationDeps) {
  const described = await describeSecret(deps.sm, input.secretName);
  const stages = described.VersionIdsToStages?.[input.oldVersionId] ?? [];
  if (stages.includes('AWSCURRENT')) {
    throw new UnsafeRevocationError(
      `version ${input.oldVersionId} of ${input.secretName} is AWSCURRENT; not revoking it`,
    );
  }
  const value = await readAnyVersion(deps, input.secretName, input.oldVersionId, stages);
  const item = await deps.inventory.getVersion(input.secretName, input.oldVersionId);
  const provider = deps.providerFor(value?.provider ?? item?.provider ?? 'generated');
  const keyId = value?.keyId ?? item?.keyId ?? '';
  const ctx = providerContext(input, input.oldVersionId, value ?? ({ options: {} } as unknown as SecretValue), deps);
  return { provider, ctx, ref: { keyId, apiKey: value?.apiKey, versionId: input.oldVersionId } };
}

/** Revoke (first phase where the provider has two). Idempotent. */
export async function revoke(input: RevocationInput, deps: RevocationDeps): Promise<{ twoPhase: boolean }> {
  const { provider, ctx, ref } = await oldKey(input, deps);
  await provider.revokeKey(ctx, ref);
  await deps.inventory.transition(
    input.secretName,
    input.oldVersionId,
    provider.twoPhaseRevoke ? 'deactivated' : 'revoked',
    `${input.mode}: ${input.reason}`.slice(0, 300),
  );
  logger.info('old key revoked at the provider', { secretName: input.secretName, oldVersionId: input.oldVersionId });
  return { twoPhase: provider.twoPhaseRevoke };
}

/** Confirm the provider now rejects the old key; throws RevocationNotConfirmedError so the state retries. */
export async function confirm(input: RevocationInput, deps: RevocationDeps): Promise<{ confirmed: true }> {
  const { provider, ctx, ref } = await oldKey(input, deps);
  if (!(await provider.isRevoked(ctx, ref))) {
    throw new RevocationNotConfirmedError(`${provider.name} still accepts the old key of ${input.secretName}`);
  }
  return { confirmed: true };
}

/** Second phase: delete or archive the deactivated key. */
export async function finalize(input: RevocationInput, deps: RevocationDeps): Promise<{ deleted: boolean }> {
  const { provider, ctx, ref } = await oldKey(input, deps);
  if (!provider.deleteKey) return { deleted: false };
  await provider.deleteKey(ctx, ref);
  return { deleted: true };
}

/** Record the revocation and hand back the `revoked` notification (ids only) for the workflow to publish. */
export async function record(
  input: RevocationInput,
  deps: RevocationDeps,
): Promise<{ notification: FleetNotification }> {
  await deps.inventory.transition(input.secretName, input.oldVersionId, 'revoked', `${input.mode} revocation complete`);
  return {
    notification: {
      event: 'revoked',
      secretName: input.secretName,
      versionId: input.oldVersionId,
      mode: input.mode,
      at: (deps.now?.() ?? new Date()).toISOString(),
    },
  };
}
