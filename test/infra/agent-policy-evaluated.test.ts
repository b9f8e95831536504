import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../local/emulator/iam/requests';
import { dynamoDbAcknowledger } from '../../packages/client/src/ack';
import { dynamoDbLiveness } from '../../packages/client/src/liveness';
import { type EvaluationWorld, evaluationWorld } from './policy-evaluation';

/** Each fleet's agent policy, evaluated as AWS evaluates it on AWS-form ARNs (test/infra/policy-evaluation.ts). */
let world: EvaluationWorld;

beforeAll(() => {
  world = evaluationWorld();
});

/** The UpdateItem the client library's acknowledger sends, as it sends it. */
async function ackRequest(secretName: string): Promise<ApiRequest> {
  let params: Record<string, unknown> = {};
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      params = command.input;
    },
  };
  await dynamoDbAcknowledger({ client: client as unknown as DynamoDBClient, tableName: 'rekey-inventory' })({
    secretName,
    versionId: '8e3f0c52-6f0a-4d3b-9a57-0a6f5e1c2b3d',
    agentId: 'support-agent-7',
    at: '2026-12-01T00:00:00.000Z',
  });
  return { service: 'dynamodb', operation: 'UpdateItem', params };
}

const SUPPORT = 'rekey/agents/support/internal';
const RESEARCH = 'rekey/agents/research/internal';
const get = (secretId: string): ApiRequest => ({
  service: 'secretsmanager',
  operation: 'GetSecretValue',
  params: { SecretId: secretId, VersionStage: 'AWSCURRENT' },
});

describe('an agent, under its fleet’s policy', () => {
  it("reads its fleet's key by name and by full ARN, and not another fleet's", async () => {
    expect(await world.allowed(world.principals.support, get(SUPPORT))).toBe(true);
    expect(await world.allowed(world.principals.support, get(await world.directory.secretArn(SUPPORT)))).toBe(true);
    expect(await world.allowed(world.principals.support, get(RESEARCH))).toBe(false);
    expect(await world.allowed(world.principals.research, get(SUPPORT))).toBe(false);
  });

  it('receives and deletes on its own queue only', async () => {
    const on = (operation: string, url: string | undefined): ApiRequest => ({
      service: 'sqs',
      operation,
      params: { QueueUrl: url, ReceiptHandle: 'r' },
    });

    expect(await world.allowed(world.principals.support, on('ReceiveMessage', world.queueUrl.support))).toBe(true);
    expect(await world.allowed(world.principals.support, on('DeleteMessage', world.queueUrl.support))).toBe(true);
    expect(await world.allowed(world.principals.support, on('ReceiveMessage', world.queueUrl.research))).toBe(false);
    expect(await world.allowed(world.principals.support, on('SendMessage', world.queueUrl.support))).toBe(false);
  });

  it("acknowledges with the client library's own UpdateItem, for its fleet's keys only", async () => {
    expect(await world.allowed(world.principals.support, await ackRequest(SUPPORT))).toBe(true);
    expect(await world.allowed(world.principals.support, await ackRequest(RESEARCH))).toBe(false);
  });

  it("announces liveness with the client library's own UpdateItem, and acks as a liveness-keeping agent, for its fleet's keys only", async () => {
    const liveness = async (secretName: string): Promise<ApiRequest> => {
      let params: Record<string, unknown> = {};
      const client = {
        send: async (command: { input: Record<string, unknown> }) => {
          params = command.input;
        },
      };
      await dynamoDbLiveness({ client: client as unknown as DynamoDBClient, tableName: 'rekey-inventory' })({
        secretName,
        agentId: 'support-agent-7',
        versionId: '8e3f0c52-6f0a-4d3b-9a57-0a6f5e1c2b3d',
        renewedAt: '2026-12-01T00:00:00.000Z',
        expiresAt: 1_795_000_000,
      });
      return { service: 'dynamodb', operation: 'UpdateItem', params };
    };
    const markedAck = await ackRequest(SUPPORT);
    markedAck.params.UpdateExpression = 'ADD ackAgents :agentSet, livenessAgents :agentSet SET lastAckAt = :now';

    expect(await world.allowed(world.principals.support, await liveness(SUPPORT))).toBe(true);
    expect(await world.allowed(world.principals.support, await liveness(RESEARCH))).toBe(false);
    expect(await world.allowed(world.principals.support, markedAck)).toBe(true);
  });

  it('cannot write anything but an acknowledgement, nor read the item back', async () => {
    const ack = await ackRequest(SUPPORT);
    const steer: ApiRequest = {
      ...ack,
      params: { ...ack.params, UpdateExpression: 'SET #s = :now', ExpressionAttributeNames: { '#s': 'status' } },
    };
    const readBack: ApiRequest = { ...ack, params: { ...ack.params, ReturnValues: 'ALL_OLD' } };

    expect(await world.allowed(world.principals.support, steer)).toBe(false);
    expect(await world.allowed(world.principals.support, readBack)).toBe(false);
  });
});
