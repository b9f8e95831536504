import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dynamoDbAcknowledger } from '../../../packages/client/src/ack';
import { type RotatedEvent, RotatingSecret } from '../../../packages/client/src/rotating-secret';
import { sqsSource } from '../../../packages/client/src/sources/sqs';
import { type Moto, startMoto } from '../../support/moto';
import { memoryLogger } from '../../unit/client/support/memory-logger';
import { ackedAgents, publish, putCurrent, recordVersion } from './support/fleet-resources';
import { deployFleet, type LocalFleet, useEnvelopeDelivery } from './support/local-fleet';

const SECRET = 'rekey/agents/support';
const KEY_1 = `rk_${'A1b2C3d4E5'.repeat(4)}`;
const KEY_2 = `rk_${'F6g7H8i9J0'.repeat(4)}`;
let moto: Moto;
let fleet: LocalFleet;
/** The agent's clients: signed as the fleet's agent principal. */
let sm: SecretsManagerClient;
let sqs: SQSClient;
let ddb: DynamoDBClient;
/** What stands in for rekey's rotation function: signed as its role. */
let rotation: { sm: SecretsManagerClient; sns: SNSClient; ddb: DynamoDBClient };
/** The test's setup and looking: the administrator. */
let admin: { sm: SecretsManagerClient; sqs: SQSClient; ddb: DynamoDBClient };
const open: RotatingSecret[] = [];

beforeAll(async () => {
  moto = await startMoto();
});

afterAll(async () => {
  await moto?.stop();
});

/** A fresh deployment of the stack for each test: one key, its fleet and the fleet's queue. */
beforeEach(async () => {
  await moto.reset();
  fleet = await deployFleet(moto, { key: 'agents/support', fleet: 'support' });
  sm = new SecretsManagerClient(fleet.agent);
  sqs = new SQSClient(fleet.agent);
  ddb = new DynamoDBClient(fleet.agent);
  rotation = {
    sm: new SecretsManagerClient(fleet.rotation),
    sns: new SNSClient(fleet.rotation),
    ddb: new DynamoDBClient(fleet.rotation),
  };
  admin = {
    sm: new SecretsManagerClient(fleet.admin),
    sqs: new SQSClient(fleet.admin),
    ddb: new DynamoDBClient(fleet.admin),
  };
}, 60_000);

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
  await fleet?.close();
});

async function openWithQueue(queueUrl: string, extra: Partial<Parameters<typeof RotatingSecret.open>[0]> = {}) {
  const key = await RotatingSecret.open({
    secretId: SECRET,
    client: sm,
    sources: [sqsSource({ client: sqs, queueUrl, waitTimeSeconds: 1 })],
    pollIntervalMs: 0,
    notificationDelayMs: 200,
    logger: memoryLogger(),
    ...extra,
  });
  open.push(key);
  const rotated = new Promise<RotatedEvent>((resolve) => key.on('rotated', resolve));
  return { key, rotated };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
  ]);
}

/** Publishes `rotated` for SECRET to this fleet, as the rotation function does (ids only, the fleets attribute). */
const tellRotated = (versionId: string, previousVersionId?: string) =>
  publish(
    rotation.sns,
    fleet.topicArn,
    {
      event: 'rotated',
      secretName: SECRET,
      versionId,
      ...(previousVersionId ? { previousVersionId } : {}),
      at: new Date().toISOString(),
    },
    [fleet.fleet],
  );

/** Waits until the fleet's queue holds no message, visible or in flight: every notification was deleted. */
const queueDrained = (queueUrl: string) =>
  vi.waitFor(async () => {
    const attrs = await admin.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(attrs.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

describe('RotatingSecret with the SQS source against moto', () => {
  it('refreshes and emits rotated when rekey publishes a rotated notification (raw delivery)', async () => {
    const v1 = await putCurrent(admin.sm, SECRET, KEY_1);
    const { queueUrl } = fleet;
    const { key, rotated } = await openWithQueue(queueUrl);

    const v2 = await putCurrent(rotation.sm, SECRET, KEY_2);
    await tellRotated(v2, v1);
    const event = await within(rotated, 8000, 'rotated');

    expect(event).toEqual({ secretName: SECRET, versionId: v2, previousVersionId: v1 });
    expect(key.current()).toBe(KEY_2);
    expect(key.previous()).toBe(KEY_1);
    await queueDrained(queueUrl);
  });

  it('understands the SNS envelope when raw delivery is off', async () => {
    const v1 = await putCurrent(admin.sm, SECRET, KEY_1);
    await useEnvelopeDelivery(fleet);
    const { queueUrl } = fleet;
    const { key, rotated } = await openWithQueue(queueUrl);

    const v2 = await putCurrent(rotation.sm, SECRET, KEY_2);
    await tellRotated(v2, v1);
    await within(rotated, 8000, 'rotated');

    expect(key.current()).toBe(KEY_2);
  });

  it('acknowledges each version it uses in the inventory table', async () => {
    const v1 = await putCurrent(admin.sm, SECRET, KEY_1);
    const table = fleet.tableName;
    await recordVersion(admin.ddb, table, SECRET, v1);
    const { queueUrl } = fleet;
    const acknowledge = dynamoDbAcknowledger({ client: ddb, tableName: table });
    const { rotated } = await openWithQueue(queueUrl, { acknowledge, agentId: 'agent-a' });

    const v2 = await putCurrent(rotation.sm, SECRET, KEY_2);
    await recordVersion(rotation.ddb, table, SECRET, v2);
    await tellRotated(v2);
    await within(rotated, 8000, 'rotated');

    await vi.waitFor(async () => expect(await ackedAgents(admin.ddb, table, SECRET, v2)).toEqual(['agent-a']));
    expect(await ackedAgents(admin.ddb, table, SECRET, v1)).toEqual(['agent-a']);
  });

  it('does not call GetSecretValue for a notification about the version it holds', async () => {
    const v1 = await putCurrent(admin.sm, SECRET, KEY_1);
    const { queueUrl } = fleet;
    let calls = 0;
    sm.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetSecretValueCommand') calls++;
        return next(args);
      },
      { step: 'initialize', name: 'countGetSecretValue' },
    );
    try {
      await openWithQueue(queueUrl);
      await tellRotated(v1);
      await queueDrained(queueUrl);
      await new Promise((resolve) => setTimeout(resolve, 500));

      expect(calls).toBe(1);
    } finally {
      sm.middlewareStack.remove('countGetSecretValue');
    }
  });
});
