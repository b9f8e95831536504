import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dynamoDbAcknowledger } from '../../../client/ack';
import { type RotatedEvent, RotatingSecret } from '../../../client/rotating-secret';
import { sqsSource } from '../../../client/sources/sqs';
import { type Moto, startMoto } from '../../support/moto';
import { memoryLogger } from '../../unit/client/support/memory-logger';
import {
  ackedAgents,
  createFleetQueue,
  createInventory,
  createSecret,
  publish,
  putCurrent,
  recordVersion,
} from './support/fleet-resources';

const SECRET = 'rekey/agents/support';
const KEY_1 = `rk_${'A1b2C3d4E5'.repeat(4)}`;
const KEY_2 = `rk_${'F6g7H8i9J0'.repeat(4)}`;
let moto: Moto;
let sm: SecretsManagerClient;
let sns: SNSClient;
let sqs: SQSClient;
let ddb: DynamoDBClient;
const open: RotatingSecret[] = [];

beforeAll(async () => {
  moto = await startMoto();
  sm = new SecretsManagerClient(moto.clientConfig);
  sns = new SNSClient(moto.clientConfig);
  sqs = new SQSClient(moto.clientConfig);
  ddb = new DynamoDBClient(moto.clientConfig);
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
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

describe('RotatingSecret with the SQS source against moto', () => {
  it('refreshes and emits rotated when rekey publishes a rotated notification (raw delivery)', async () => {
    const v1 = await createSecret(sm, SECRET, KEY_1);
    const { topicArn, queueUrl } = await createFleetQueue(sns, sqs, SECRET);
    const { key, rotated } = await openWithQueue(queueUrl);

    const v2 = await putCurrent(sm, SECRET, KEY_2);
    await publish(sns, topicArn, {
      event: 'rotated',
      secretName: SECRET,
      versionId: v2,
      previousVersionId: v1,
      at: new Date().toISOString(),
    });
    const event = await within(rotated, 8000, 'rotated');

    expect(event).toEqual({ secretName: SECRET, versionId: v2, previousVersionId: v1 });
    expect(key.current()).toBe(KEY_2);
    expect(key.previous()).toBe(KEY_1);
    await vi.waitFor(async () => {
      const attrs = await sqs.send(
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
  });

  it('understands the SNS envelope when raw delivery is off', async () => {
    const v1 = await createSecret(sm, SECRET, KEY_1);
    const { topicArn, queueUrl } = await createFleetQueue(sns, sqs, SECRET, false);
    const { key, rotated } = await openWithQueue(queueUrl);

    const v2 = await putCurrent(sm, SECRET, KEY_2);
    await publish(sns, topicArn, {
      event: 'rotated',
      secretName: SECRET,
      versionId: v2,
      previousVersionId: v1,
      at: new Date().toISOString(),
    });
    await within(rotated, 8000, 'rotated');

    expect(key.current()).toBe(KEY_2);
  });

  it('acknowledges each version it uses in the inventory table', async () => {
    const v1 = await createSecret(sm, SECRET, KEY_1);
    await createInventory(ddb, 'rekey-inventory');
    await recordVersion(ddb, 'rekey-inventory', SECRET, v1);
    const { topicArn, queueUrl } = await createFleetQueue(sns, sqs, SECRET);
    const acknowledge = dynamoDbAcknowledger({ client: ddb, tableName: 'rekey-inventory' });
    const { rotated } = await openWithQueue(queueUrl, { acknowledge, agentId: 'agent-a' });

    const v2 = await putCurrent(sm, SECRET, KEY_2);
    await recordVersion(ddb, 'rekey-inventory', SECRET, v2);
    await publish(sns, topicArn, { event: 'rotated', secretName: SECRET, versionId: v2, at: new Date().toISOString() });
    await within(rotated, 8000, 'rotated');

    await vi.waitFor(async () => expect(await ackedAgents(ddb, 'rekey-inventory', SECRET, v2)).toEqual(['agent-a']));
    expect(await ackedAgents(ddb, 'rekey-inventory', SECRET, v1)).toEqual(['agent-a']);
  });

  it('does not call GetSecretValue for a notification about the version it holds', async () => {
    const v1 = await createSecret(sm, SECRET, KEY_1);
    const { topicArn, queueUrl } = await createFleetQueue(sns, sqs, SECRET);
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
      await publish(sns, topicArn, {
        event: 'rotated',
        secretName: SECRET,
        versionId: v1,
        at: new Date().toISOString(),
      });
      await vi.waitFor(async () => {
        const attrs = await sqs.send(
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
      await new Promise((resolve) => setTimeout(resolve, 500));

      expect(calls).toBe(1);
    } finally {
      sm.middlewareStack.remove('countGetSecretValue');
    }
  });
});
