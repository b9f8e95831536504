import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VersionAck } from '../../../packages/client/src/ack';
import { dynamoDbLiveness, type LivenessRecord } from '../../../packages/client/src/liveness';
import { RotatingSecret, type RotatingSecretOptions } from '../../../packages/client/src/rotating-secret';
import { ManualClock } from './support/manual-clock';
import { memoryLogger } from './support/memory-logger';
import { anthropicKey, FakeSecret, secretJson } from './support/secrets-manager-fake';

const sm = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBClient);
const open: RotatingSecret[] = [];
const START = Date.parse('2026-11-25T10:00:00Z');

async function setup(options: Partial<RotatingSecretOptions> = {}) {
  const secret = new FakeSecret('rekey/agents/support', secretJson(anthropicKey('one')));
  secret.install(sm);
  const logger = memoryLogger();
  const clock = new ManualClock(START);
  const records: LivenessRecord[] = [];
  const key = await RotatingSecret.open({
    secretId: 'rekey/agents/support',
    client: new SecretsManagerClient({}),
    pollIntervalMs: 0,
    clock,
    random: () => 0.5, // no jitter
    logger,
    agentId: 'pod-a',
    liveness: async (r) => void records.push(r),
    ...options,
  });
  open.push(key);
  return { secret, key, logger, clock, records };
}

beforeEach(() => {
  sm.reset();
  ddb.reset();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
});

describe('dynamoDbLiveness', () => {
  it('sets exactly the liveness attributes on the LIVE#<secret> / AGENT#<agent> item and reads nothing back', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    const liveness = dynamoDbLiveness({ client: new DynamoDBClient({}), tableName: 'rekey-inventory' });

    await liveness({
      secretName: 'rekey/agents/support',
      agentId: 'pod-a',
      versionId: 'v2',
      renewedAt: '2026-11-25T10:00:00.000Z',
      expiresAt: 1_795_000_090,
    });

    expect(ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input).toEqual({
      TableName: 'rekey-inventory',
      Key: { pk: { S: 'LIVE#rekey/agents/support' }, sk: { S: 'AGENT#pod-a' } },
      UpdateExpression: 'SET agentId = :agent, versionId = :version, renewedAt = :now, expiresAt = :expires',
      ExpressionAttributeValues: {
        ':agent': { S: 'pod-a' },
        ':version': { S: 'v2' },
        ':now': { S: '2026-11-25T10:00:00.000Z' },
        ':expires': { N: '1795000090' },
      },
    });
  });
});

describe('RotatingSecret liveness', () => {
  it('announces the version it holds when it opens, live for the TTL (90 s by default)', async () => {
    const { secret, records } = await setup();

    await vi.waitFor(() => expect(records).toHaveLength(1));

    expect(records[0]).toEqual({
      secretName: 'rekey/agents/support',
      agentId: 'pod-a',
      versionId: secret.versionId,
      renewedAt: '2026-11-25T10:00:00.000Z',
      expiresAt: START / 1000 + 90,
    });
  });

  it('renews every third of the TTL, so the record never lapses while the agent runs', async () => {
    const { clock, records } = await setup({ livenessTtlMs: 30_000 });

    await clock.advance(10_000);
    await clock.advance(10_000);
    await vi.waitFor(() => expect(records).toHaveLength(3));

    expect(records.map((r) => r.expiresAt - START / 1000)).toEqual([30, 40, 50]);
    expect(clock.pendingDelays()).toEqual([10_000]);
  });

  it('jitters each renewal by up to ±10%', async () => {
    const { clock } = await setup({ livenessTtlMs: 30_000, random: () => 0.99 });

    expect(clock.pendingDelays()).toEqual([10_000 * (1 + (0.99 * 2 - 1) * 0.1)]);
  });

  it('announces the new version at once when it switches, and marks its acks as liveness-keeping', async () => {
    const acks: VersionAck[] = [];
    const { secret, key, records } = await setup({ acknowledge: async (a) => void acks.push(a) });
    const v2 = secret.rotate(secretJson(anthropicKey('two')));

    await key.refresh();
    await vi.waitFor(() => expect(records).toHaveLength(2));

    expect(records[1]?.versionId).toBe(v2);
    expect(acks.map((a) => a.liveness)).toEqual([true, true]);
  });

  it('writes its record expired when it closes, and renews no more', async () => {
    const { key, clock, records } = await setup({ livenessTtlMs: 30_000 });
    await clock.advance(5_000);

    await key.close();
    await clock.advance(60_000);

    expect(records).toHaveLength(2);
    expect(records[1]?.expiresAt).toBe(Math.floor((START + 5_000) / 1000));
    expect(clock.pending).toBe(0);
  });

  it('logs a failed renewal once per run of failures, redacted, and never throws it into the agent', async () => {
    let down = true;
    const { key, clock, logger, records } = await setup({
      livenessTtlMs: 30_000,
      liveness: async (r) => {
        if (down) throw new Error(`connect ECONNREFUSED while sending ${anthropicKey('one')}`);
        records.push(r);
      },
    });

    await clock.advance(10_000);
    await clock.advance(10_000);
    down = false;
    await clock.advance(10_000);
    await vi.waitFor(() => expect(records).toHaveLength(1));

    const warnings = logger.entries.filter((e) => e.msg === 'liveness write failed' && e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(logger.entries.some((e) => e.msg === 'liveness renewed again')).toBe(true);
    expect(logger.text()).not.toContain(anthropicKey('one'));
    expect(key.current()).toBe(anthropicKey('one'));
  });

  it('refuses a TTL under 3 seconds, naming the option and the value', async () => {
    await expect(setup({ livenessTtlMs: 1000 })).rejects.toThrow('livenessTtlMs must be at least 3000 ms, got 1000');
  });

  it('acks without the liveness mark when it keeps no liveness record', async () => {
    const acks: VersionAck[] = [];

    await setup({ liveness: undefined, acknowledge: async (a) => void acks.push(a) });
    await vi.waitFor(() => expect(acks).toHaveLength(1));

    expect(acks[0]?.liveness).toBeUndefined();
  });
});
