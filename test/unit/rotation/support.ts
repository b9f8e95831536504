import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { KeyRejectedError } from '../../../lambdas/providers/errors';
import type { KeyProvider, KeyRef, ProviderContext } from '../../../lambdas/providers/types';
import type { RotationDeps } from '../../../lambdas/rotation/rotate';
import { InMemoryInventory } from '../../support/fakes/inventory';

/** The clock of every write the inventory makes in these tests (the deps' clock, too). */
export const NOW = new Date('2026-11-25T10:00:00Z');

/**
 * The real Inventory over the shared fake DynamoDB (test/support/fakes), so the rotation engine meets the
 * inventory's own rules: a repeated transition is a no-op, and so is any move out of a final status (`revoked`,
 * `abandoned`) and any move out of `deactivated` but to `revoked`.
 */
export class MemoryInventory extends InMemoryInventory {
  constructor() {
    super(() => NOW);
  }
}

/** A provider that records what it was asked and mints predictable keys. */
export class RecordingProvider implements KeyProvider {
  readonly name = 'http' as const;
  readonly twoPhaseRevoke = false;
  readonly calls: string[] = [];
  readonly revoked: string[] = [];
  rejectTests = false;
  private n = 0;

  constructor(readonly mintsKeys = true) {}

  async createKey(ctx: ProviderContext) {
    this.n++;
    this.calls.push(`createKey ${ctx.token}`);
    return { apiKey: `inh_minted_key_number_${this.n}_abcdefgh`, keyId: `ik_${this.n}` };
  }
  async discardUnstored(ctx: ProviderContext) {
    this.calls.push(`discardUnstored ${ctx.token}`);
  }
  async testKey(_ctx: ProviderContext, key: KeyRef) {
    this.calls.push(`testKey ${key.keyId}`);
    if (this.rejectTests) throw new KeyRejectedError(this.name, `key ${key.keyId} was refused (HTTP 401)`);
  }
  async revokeKey(_ctx: ProviderContext, key: KeyRef) {
    this.calls.push(`revokeKey ${key.keyId}`);
    this.revoked.push(key.keyId);
  }
  async isRevoked(_ctx: ProviderContext, key: KeyRef) {
    return this.revoked.includes(key.keyId);
  }
}

export function rotationDeps(
  clients: { sm: SecretsManagerClient; sns: SNSClient; sfn: SFNClient },
  inventory: MemoryInventory,
  provider: KeyProvider,
): RotationDeps {
  return {
    ...clients,
    inventory,
    providerFor: () => provider,
    fleetTopicArn: 'arn:aws:sns:us-east-1:123456789012:fleet',
    opsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:revoke',
    secretPrefix: 'rekey/',
    now: () => NOW,
  };
}

export const SECRET = 'rekey/agents/support';
export const OLD = '00000000-0000-4000-8000-000000000001';
export const TOKEN = '00000000-0000-4000-8000-000000000002';
export const OTHER = '00000000-0000-4000-8000-000000000003';

export function secretString(apiKey: string, keyId: string): string {
  return JSON.stringify({
    apiKey,
    keyId,
    provider: 'http',
    createdAt: '2026-11-01T00:00:00Z',
    options: { baseUrl: 'https://keys.internal' },
    adminSecretId: 'rekey-admin/http',
  });
}

/** What the stubbed Secrets Manager holds, read through getters so a test may replace any of it. */
export interface SecretsState {
  readonly values: () => Map<string, string>;
  readonly stages: () => Record<string, string[]>;
  readonly rotationEnabled: () => boolean;
  /** DescribeSecret's Tags (the fleets are `rekey:fleet:<fleet>` tags). @default - none */
  readonly tags?: () => { Key: string; Value: string }[];
}

/**
 * Answers the calls the rotation engine makes from `state`, with Secrets Manager's label rules: one holder per
 * label, AWSCURRENT moving leaves AWSPREVIOUS behind, a label removed only from the version that holds it.
 */
export function stubSecretsManager(sm: AwsClientStub<SecretsManagerClient>, state: SecretsState): void {
  const notFound = () => new ResourceNotFoundException({ message: 'not found', $metadata: {} });
  sm.on(DescribeSecretCommand).callsFake(() => ({
    Name: SECRET,
    ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SECRET}-AbCdEf`,
    RotationEnabled: state.rotationEnabled(),
    VersionIdsToStages: structuredClone(state.stages()),
    ...(state.tags ? { Tags: state.tags() } : {}),
  }));
  sm.on(GetSecretValueCommand).callsFake((input: { VersionId?: string; VersionStage?: string }) => {
    const stages = state.stages();
    const id = input.VersionId ?? Object.keys(stages).find((v) => stages[v]?.includes(input.VersionStage ?? ''));
    const value = id ? state.values().get(id) : undefined;
    if (!id || value === undefined) throw notFound();
    if (input.VersionStage && !stages[id]?.includes(input.VersionStage)) throw notFound();
    return { VersionId: id, SecretString: value };
  });
  sm.on(PutSecretValueCommand).callsFake((input: { ClientRequestToken: string; SecretString: string }) => {
    const stages = state.stages();
    state.values().set(input.ClientRequestToken, input.SecretString);
    for (const labels of Object.values(stages))
      labels.splice(0, labels.length, ...labels.filter((l) => l !== 'AWSPENDING'));
    stages[input.ClientRequestToken] = ['AWSPENDING'];
    return {};
  });
  sm.on(UpdateSecretVersionStageCommand).callsFake(
    (input: { VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string }) => {
      const stages = state.stages();
      if (input.RemoveFromVersionId) {
        const labels = stages[input.RemoveFromVersionId] ?? [];
        if (!labels.includes(input.VersionStage)) throw new Error('InvalidParameterException');
        stages[input.RemoveFromVersionId] = labels.filter((l) => l !== input.VersionStage);
        if (input.VersionStage === 'AWSCURRENT') {
          for (const v of Object.keys(stages)) stages[v] = (stages[v] ?? []).filter((l) => l !== 'AWSPREVIOUS');
          stages[input.RemoveFromVersionId]?.push('AWSPREVIOUS');
        }
      }
      if (input.MoveToVersionId) stages[input.MoveToVersionId]?.push(input.VersionStage);
      return {};
    },
  );
}
