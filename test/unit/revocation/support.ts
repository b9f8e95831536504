import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Inventory, type KeyStatus, secretPk, versionSk } from '../../../lambdas/common/inventory';
import type { RevocationInput } from '../../../lambdas/common/revocation';
import { KeyRejectedError } from '../../../lambdas/providers/errors';
import type { KeyProvider, KeyRef, ProviderContext } from '../../../lambdas/providers/types';
import type { RevocationDeps } from '../../../lambdas/revocation/keys';
import { FakeDynamoDb, INVENTORY_SCHEMA } from '../../support/fakes/dynamodb';
import { INVENTORY_TABLE } from '../../support/fakes/inventory';

export const SECRET = 'rekey/agents/support';
export const OLD = '11111111-1111-4111-8111-111111111111';
export const NEW = '22222222-2222-4222-8222-222222222222';
export const OLD_KEY = 'rk_OLDoldOLDoldOLDoldOLDoldOLDoldOLDoldOLD0';
export const NEW_KEY = 'rk_NEWnewNEWnewNEWnewNEWnewNEWnewNEWnewNEW0';
export const NOW = new Date('2026-11-25T12:00:00.000Z');

export const input = (mode: RevocationInput['mode'] = 'scheduled'): RevocationInput => ({
  secretName: SECRET,
  oldVersionId: OLD,
  newVersionId: NEW,
  mode,
  reason: 'test',
});

export const secretString = (apiKey: string, keyId: string, provider = 'generated') =>
  JSON.stringify({ apiKey, keyId, provider, createdAt: '2026-11-01T00:00:00.000Z', options: {} });

/** A provider whose answers each test sets, recording what it was asked (key ids only). */
export class FakeProvider implements KeyProvider {
  readonly name = 'generated' as const;
  readonly mintsKeys = true;
  twoPhaseRevoke = false;
  rejected = new Set<string>();
  revoked = new Set<string>();
  lastUsedAt: Date | undefined | 'unsupported' = 'unsupported';
  calls: string[] = [];
  contexts: ProviderContext[] = [];
  failWith: Partial<Record<'testKey' | 'revokeKey' | 'deleteKey' | 'isRevoked' | 'lastUsed', Error>> = {};

  async createKey(): Promise<never> {
    throw new Error('not used');
  }
  async testKey(ctx: ProviderContext, key: KeyRef & { apiKey: string }) {
    this.record('testKey', ctx, key);
    if (this.rejected.has(key.keyId)) throw new KeyRejectedError('generated', `key ${key.keyId} refused`);
  }
  async revokeKey(ctx: ProviderContext, key: KeyRef) {
    this.record('revokeKey', ctx, key);
    this.revoked.add(key.keyId);
  }
  async deleteKey(ctx: ProviderContext, key: KeyRef) {
    this.record('deleteKey', ctx, key);
  }
  async isRevoked(ctx: ProviderContext, key: KeyRef) {
    this.record('isRevoked', ctx, key);
    return this.revoked.has(key.keyId);
  }
  get lastUsed() {
    if (this.lastUsedAt === 'unsupported') return undefined;
    return async (ctx: ProviderContext, key: KeyRef) => {
      this.record('lastUsed', ctx, key);
      return this.lastUsedAt === 'unsupported' ? undefined : this.lastUsedAt;
    };
  }
  private record(op: keyof FakeProvider['failWith'], ctx: ProviderContext, key: KeyRef) {
    this.calls.push(`${op} ${key.keyId}`);
    this.contexts.push(ctx);
    const failure = this.failWith[op];
    if (failure) throw failure;
  }
}

export interface InventoryItem {
  status?: KeyStatus;
  keyId?: string;
  provider?: string;
  ackAgents?: Set<string>;
  exposedAt?: string;
}

const INDEX_KEYS = new Set(Object.values(INVENTORY_SCHEMA.indexes));
const keyOf = (versionId: string) => ({ pk: secretPk(SECRET), sk: versionSk(versionId) });

/**
 * The inventory table's items by version id, kept in the shared fake DynamoDB itself. An item is set as the
 * inventory would have written it: with its keys and names, and without an empty index key (recordVersion leaves a
 * placeholder's empty key id out, and DynamoDB refuses one).
 */
class InventoryItems {
  constructor(private readonly table: FakeDynamoDb) {}

  get(versionId: string): InventoryItem | undefined {
    return this.table.getItem(keyOf(versionId)) as InventoryItem | undefined;
  }

  set(versionId: string, item: InventoryItem): this {
    const written = Object.entries(item).filter(([name, value]) => !(INDEX_KEYS.has(name) && value === ''));
    this.table.putItem({ ...Object.fromEntries(written), ...keyOf(versionId), secretName: SECRET, versionId });
    return this;
  }
}

/**
 * Mocked Secrets Manager, and the real Inventory over the shared fake DynamoDB (the mocked document client hands
 * every command to it, so the handler's own clients reach it too): what each holds is plain data the test arranges
 * (values, labels, inventory items) and inspects afterwards, and every inventory rule is the real one.
 */
export function mockedAws() {
  const sm = mockClient(SecretsManagerClient);
  const doc = mockClient(DynamoDBDocumentClient);
  const table = new FakeDynamoDb(INVENTORY_TABLE);
  const state = {
    values: new Map<string, string>(),
    stages: {} as Record<string, string[]>,
    items: new InventoryItems(table),
    /** Every status change the inventory made, in order. */
    transitions: [] as { versionId: string; status: KeyStatus }[],
    /** DescribeSecret's Tags: the secret's fleets (`rekey:fleet:<fleet>`). */
    tags: [] as { Key: string; Value: string }[],
  };
  const notFound = () => new ResourceNotFoundException({ message: 'not found', $metadata: {} });

  function reset() {
    sm.reset();
    doc.reset();
    state.values = new Map([
      [OLD, secretString(OLD_KEY, 'key-old')],
      [NEW, secretString(NEW_KEY, 'key-new')],
    ]);
    state.stages = { [NEW]: ['AWSCURRENT'], [OLD]: ['AWSPREVIOUS'] };
    table.items.clear();
    state.items.set(OLD, { status: 'previous', keyId: 'key-old', provider: 'generated' });
    state.items.set(NEW, { status: 'current', keyId: 'key-new', provider: 'generated' });
    state.transitions = [];
    state.tags = [{ Key: 'rekey:fleet:support', Value: 'true' }];
    sm.on(DescribeSecretCommand).callsFake(() => ({
      Name: SECRET,
      VersionIdsToStages: structuredClone(state.stages),
      Tags: structuredClone(state.tags),
    }));
    sm.on(GetSecretValueCommand).callsFake((req: { VersionId?: string; VersionStage?: string }) => {
      const id =
        req.VersionId ?? Object.keys(state.stages).find((v) => state.stages[v]?.includes(req.VersionStage ?? ''));
      const value = id ? state.values.get(id) : undefined;
      if (!id || value === undefined) throw notFound();
      if (req.VersionStage && !state.stages[id]?.includes(req.VersionStage)) throw notFound();
      return { VersionId: id, SecretString: value };
    });
    doc.on(GetCommand).callsFake((req: GetCommandInput) => table.send(new GetCommand(req)));
    doc.on(QueryCommand).callsFake((req: QueryCommandInput) => table.send(new QueryCommand(req)));
    doc.on(UpdateCommand).callsFake(async (req: UpdateCommandInput) => {
      const out = await table.send(new UpdateCommand(req));
      const status = req.ExpressionAttributeValues?.[':status'] as KeyStatus | undefined;
      if (status) state.transitions.push({ versionId: req.Key?.sk?.replace('VERSION#', '') ?? '', status });
      return out;
    });
  }

  function deps(provider: KeyProvider, extra: Partial<RevocationDeps> = {}): RevocationDeps {
    return {
      sm: new SecretsManagerClient({}),
      inventory: new Inventory(DynamoDBDocumentClient.from(new DynamoDBClient({})), INVENTORY_TABLE, () => NOW),
      providerFor: () => provider,
      now: () => NOW,
      ...extra,
    };
  }

  return { sm, doc, state, reset, deps };
}
