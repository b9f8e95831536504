import { hostname } from 'node:os';
import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultAgentId, dynamoDbAcknowledger, type VersionAck } from '../../../packages/client/src/ack';
import { RotatingSecret, type RotatingSecretOptions } from '../../../packages/client/src/rotating-secret';
import { ManualClock } from './support/manual-clock';
import { memoryLogger } from './support/memory-logger';
import { anthropicKey, FakeSecret, secretJson } from './support/secrets-manager-fake';

const sm = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBClient);
const open: RotatingSecret[] = [];

async function setup(options: Partial<RotatingSecretOptions>) {
  const secret = new FakeSecret('rekey/agents/support', secretJson(anthropicKey('one')));
  secret.install(sm);
  const logger = memoryLogger();
  const key = await RotatingSecret.open({
    secretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rekey/agents/support-AbCdEf',
    client: new SecretsManagerClient({}),
    pollIntervalMs: 0,
    clock: new ManualClock(Date.parse('2026-11-25T10:00:00Z')),
    logger,
    ...options,
  });
  open.push(key);
  return { secret, key, logger };
}

beforeEach(() => {
  sm.reset();
  ddb.reset();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(open.splice(0).map((k) => k.close()));
});

describe('dynamoDbAcknowledger', () => {
  it('adds the agent to the version item ackAgents set, only if the item exists', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    const acknowledge = dynamoDbAcknowledger({ client: new DynamoDBClient({}), tableName: 'rekey-inventory' });

    await acknowledge({
      secretName: 'rekey/agents/support',
      versionId: 'v2',
      agentId: 'host-a:42',
      at: '2026-11-25T10:00:00.000Z',
    });

    expect(ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input).toEqual({
      TableName: 'rekey-inventory',
      Key: { pk: { S: 'SECRET#rekey/agents/support' }, sk: { S: 'VERSION#v2' } },
      UpdateExpression: 'ADD ackAgents :agentSet SET lastAckAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':agentSet': { SS: ['host-a:42'] }, ':now': { S: '2026-11-25T10:00:00.000Z' } },
    });
  });
});

describe('RotatingSecret acknowledgements', () => {
  it('acknowledges the first version and each version it switches to, by the secret Name', async () => {
    const acks: VersionAck[] = [];
    const { secret, key } = await setup({ acknowledge: async (a) => void acks.push(a), agentId: 'agent-7' });
    const v1 = secret.versionId;
    const v2 = secret.rotate(secretJson(anthropicKey('two')));

    await key.refresh();
    await vi.waitFor(() => expect(acks).toHaveLength(2));

    expect(acks).toEqual([
      { secretName: 'rekey/agents/support', versionId: v1, agentId: 'agent-7', at: '2026-11-25T10:00:00.000Z' },
      { secretName: 'rekey/agents/support', versionId: v2, agentId: 'agent-7', at: '2026-11-25T10:00:00.000Z' },
    ]);
  });

  it('uses hostname and pid as the default agent id where the platform gives no stable one', async () => {
    // Liveness made the default platform-aware (test/unit/client/agent-id.test.ts); here no platform variable is set.
    for (const name of ['REKEY_AGENT_ID', 'POD_NAME', 'KUBERNETES_SERVICE_HOST', 'ECS_CONTAINER_METADATA_URI_V4']) {
      vi.stubEnv(name, '');
    }
    vi.stubEnv('AWS_LAMBDA_LOG_STREAM_NAME', '');
    const acks: VersionAck[] = [];

    await setup({ acknowledge: async (a) => void acks.push(a) });
    await vi.waitFor(() => expect(acks).toHaveLength(1));

    expect(acks[0]?.agentId).toBe(`${hostname()}:${process.pid}`);
    expect(defaultAgentId()).toBe(`${hostname()}:${process.pid}`);
  });

  it('adds a liveness-keeping agent to the version item livenessAgents set as well', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    const acknowledge = dynamoDbAcknowledger({ client: new DynamoDBClient({}), tableName: 'rekey-inventory' });

    await acknowledge({
      secretName: 'rekey/agents/support',
      versionId: 'v2',
      agentId: 'pod-a',
      at: '2026-11-25T10:00:00.000Z',
      liveness: true,
    });

    expect(ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input.UpdateExpression).toBe(
      'ADD ackAgents :agentSet, livenessAgents :agentSet SET lastAckAt = :now',
    );
  });

  it('logs a failed ack and never throws it into the agent', async () => {
    ddb
      .on(UpdateItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    const acknowledge = dynamoDbAcknowledger({ client: new DynamoDBClient({}), tableName: 'rekey-inventory' });
    const { key, secret, logger } = await setup({ acknowledge });
    secret.rotate(secretJson(anthropicKey('two')));

    const result = await key.refresh();
    await vi.waitFor(() => expect(logger.entries.filter((e) => e.msg === 'ack failed')).toHaveLength(2));

    expect(result.changed).toBe(true);
    expect(logger.entries.find((e) => e.msg === 'ack failed')?.obj.errorName).toBe('ConditionalCheckFailedException');
  });

  it('survives an acknowledge function that throws synchronously', async () => {
    const { key, logger } = await setup({
      acknowledge: () => {
        throw new Error('bug in a custom acker');
      },
    });

    await vi.waitFor(() => expect(logger.entries.some((e) => e.msg === 'ack failed')).toBe(true));

    expect(key.current()).toBe(anthropicKey('one'));
  });
});
