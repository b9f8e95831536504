import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { KeyStatus } from '../../../lambdas/common/inventory';
import type { IntakeDeps } from '../../../lambdas/intake/intake';
import type { KeyProvider, KeyRef, ProviderContext } from '../../../lambdas/providers/types';
import { fingerprint, keyHint } from '../../../packages/client/src/fingerprint';
import { InMemoryInventory } from '../../support/fakes/inventory';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'findings');

/** A fixture file's text, or its JSON. */
export const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
export const fixture = <T extends object = Record<string, unknown>>(name: string): T =>
  JSON.parse(fixtureText(name)) as T;

/** The keys the fixtures leak (fake values in real shapes). */
export const GITHUB_LEAKED = 'rk_FixtureTokenAlpha0123456789abcdefghijklm';
export const GITLEAKS_LEAKED = 'rk_FixtureTokenBravo0123456789abcdefghijklm';
export const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export const SECRET = 'rekey/agents/support';
export const CURRENT = '11111111-1111-4111-8111-111111111111';
export const PREVIOUS = '22222222-2222-4222-8222-222222222222';
export const PENDING = '33333333-3333-4333-8333-333333333333';
export const ARN = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SECRET}-AbCdEf`;

/** The clock of every write the inventory makes in these tests. */
export const NOW = new Date('2026-11-25T10:00:00.000Z');

/**
 * The real Inventory over the shared fake DynamoDB (test/support/fakes), so the intake meets the inventory's own
 * rules (indexes, replay-safe writes, no move out of a final status, out of `deactivated` only to `revoked`), with
 * what these tests arrange and look at.
 */
export class MemoryInventory extends InMemoryInventory {
  constructor() {
    super(() => NOW);
  }

  /** Seeds a version as the rotation would have recorded it. */
  put(secretName: string, versionId: string, apiKey: string, status: KeyStatus, extra: Record<string, unknown> = {}) {
    this.seed(secretName, versionId, {
      keyId: extra.keyId ?? `kid-${versionId.slice(0, 4)}`,
      provider: 'http',
      fingerprint: fingerprint(apiKey),
      keyHint: keyHint(apiKey),
      status,
      createdAt: '2026-11-01T00:00:00Z',
      ...extra,
    });
  }

  /** The version's item as the table holds it now. */
  get(secretName: string, versionId: string): Record<string, unknown> | undefined {
    return this.item(secretName, versionId) as Record<string, unknown> | undefined;
  }

  /** Every exposure recorded, one per version, finding and outcome, as recordExposure keeps them. */
  get exposures(): { secretName: string; versionId: string; findingKey: string; outcome: string }[] {
    return [...this.table.items.values()].flatMap((item) =>
      [...((item.exposures as Set<string> | undefined) ?? [])].map((entry) => {
        const space = entry.lastIndexOf(' ');
        return {
          secretName: String(item.secretName),
          versionId: String(item.versionId),
          findingKey: entry.slice(0, space),
          outcome: entry.slice(space + 1),
        };
      }),
    );
  }
}

/** A provider that records revocations. */
export class RecordingProvider implements KeyProvider {
  readonly name = 'http' as const;
  readonly mintsKeys = true;
  readonly twoPhaseRevoke = false;
  readonly revoked: string[] = [];
  async createKey(): Promise<never> {
    throw new Error('the intake never mints keys');
  }
  async testKey() {}
  async revokeKey(_ctx: ProviderContext, key: KeyRef) {
    this.revoked.push(key.keyId);
  }
  async isRevoked(_ctx: ProviderContext, key: KeyRef) {
    return this.revoked.includes(key.keyId);
  }
}

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

/**
 * A Secrets Manager mock with state: version values and labels, DescribeSecret, GetSecretValue (by id and/or stage)
 * and UpdateSecretVersionStage.
 */
export function statefulSecretsManager(sm: AwsClientStub<SecretsManagerClient>, state: SecretState): void {
  const notFound = () => new ResourceNotFoundException({ message: 'not found', $metadata: {} });
  sm.on(DescribeSecretCommand).callsFake(() => ({
    Name: SECRET,
    ARN,
    RotationEnabled: true,
    VersionIdsToStages: structuredClone(state.stages),
    ...(state.tags ? { Tags: structuredClone(state.tags) } : {}),
  }));
  sm.on(GetSecretValueCommand).callsFake((input: { VersionId?: string; VersionStage?: string }) => {
    const id =
      input.VersionId ?? Object.keys(state.stages).find((v) => state.stages[v]?.includes(input.VersionStage ?? ''));
    const value = id ? state.values.get(id) : undefined;
    if (!id || value === undefined) throw notFound();
    if (input.VersionStage && !state.stages[id]?.includes(input.VersionStage)) throw notFound();
    return { VersionId: id, SecretString: value };
  });
  sm.on(UpdateSecretVersionStageCommand).callsFake(
    (input: { VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string }) => {
      if (input.RemoveFromVersionId) {
        state.stages[input.RemoveFromVersionId] = (state.stages[input.RemoveFromVersionId] ?? []).filter(
          (l) => l !== input.VersionStage,
        );
      }
      if (input.MoveToVersionId) state.stages[input.MoveToVersionId]?.push(input.VersionStage);
      return {};
    },
  );
}

export interface SecretState {
  values: Map<string, string>;
  stages: Record<string, string[]>;
  /** DescribeSecret's Tags (a secret's fleets are `rekey:fleet:<fleet>` tags). @default - none */
  tags?: { Key: string; Value: string }[];
}

export function intakeDeps(
  clients: { sm: SecretsManagerClient; sns: SNSClient; sfn: SFNClient },
  inventory: MemoryInventory,
  provider: KeyProvider,
  rotations: IntakeDeps['rotations'],
): IntakeDeps {
  return {
    ...clients,
    inventory,
    providerFor: () => provider,
    rotations,
    opsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:revoke',
    secretPrefix: 'rekey/',
  };
}

/** Powertools idempotency records in memory, with the DynamoDB layer's conditional-put semantics. */
export class MemoryPersistence extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    const inProgressLive =
      existing?.getStatus() === 'INPROGRESS' &&
      (existing.inProgressExpiryTimestamp === undefined || existing.inProgressExpiryTimestamp > Date.now());
    if (existing && !existing.isExpired() && (existing.getStatus() !== 'INPROGRESS' || inProgressLive)) {
      throw new IdempotencyItemAlreadyExistsError(`exists: ${record.idempotencyKey}`, existing);
    }
    this.records.set(record.idempotencyKey, record);
  }
  protected async _getRecord(key: string): Promise<IdempotencyRecord> {
    const r = this.records.get(key);
    if (!r) throw new IdempotencyItemNotFoundError();
    return r;
  }
  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }
  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

/** Captures everything written to stdout and stderr (Powertools' logger and console) while `fn` runs. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab =
    (_orig: typeof out) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    };
  process.stdout.write = grab(out) as typeof process.stdout.write;
  process.stderr.write = grab(err) as typeof process.stderr.write;
  try {
    const result = await fn();
    return { result, output: chunks.join('') };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
