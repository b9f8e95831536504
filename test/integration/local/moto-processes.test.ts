import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../../local/emulator/gateway';
import { type Moto, startMoto } from '../../support/moto';

// The local environment runs moto's DynamoDB in a process of its own (moto answers one request at a time per
// process, under Python's GIL), and its gateway sends each DynamoDB call there and every other call to the main
// process. These tests hold the two apart: where each service's state lives, that reset and stop reach both, and
// that the gateway routes by the signing name.

const config = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

describe('startMoto with a service in its own process', () => {
  let moto: Moto;
  let gateway: Gateway;

  beforeAll(async () => {
    moto = await startMoto({ ownProcess: ['dynamodb'] });
    gateway = await startGateway({
      upstream: moto.endpoint,
      upstreams: { dynamodb: moto.endpointFor('dynamodb') },
      operations: {},
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await moto?.stop();
  });

  it('serves the named service on its own endpoint, and every other service on the main one', async () => {
    const tables = moto.endpointFor('dynamodb');
    expect(tables).not.toBe(moto.endpoint);
    expect(tables).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(moto.endpointFor('sqs')).toBe(moto.endpoint);
    expect(moto.endpointFor('secretsmanager')).toBe(moto.endpoint);

    await new DynamoDBClient(config(tables)).send(
      new CreateTableCommand({
        TableName: 'apart',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await new SQSClient(config(moto.endpoint)).send(new CreateQueueCommand({ QueueName: 'beside' }));
    expect((await new DynamoDBClient(config(tables)).send(new ListTablesCommand({}))).TableNames).toEqual(['apart']);
    expect((await new DynamoDBClient(config(moto.endpoint)).send(new ListTablesCommand({}))).TableNames).toEqual([]);
  });

  it('routes each call through the gateway to the process that holds its service', async () => {
    const viaGateway = config(gateway.endpoint);
    expect((await new DynamoDBClient(viaGateway).send(new ListTablesCommand({}))).TableNames).toEqual(['apart']);
    const queues = (await new SQSClient(viaGateway).send(new ListQueuesCommand({}))).QueueUrls ?? [];
    expect(queues.map((u) => u.split('/').pop())).toEqual(['beside']);
  });

  it('resets every process', async () => {
    await moto.reset();
    expect(
      (await new DynamoDBClient(config(moto.endpointFor('dynamodb'))).send(new ListTablesCommand({}))).TableNames,
    ).toEqual([]);
    expect((await new SQSClient(config(moto.endpoint)).send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
  });

  it('stops every process', async () => {
    const endpoints = [moto.endpoint, moto.endpointFor('dynamodb')];
    expect(await Promise.all(endpoints.map(answers))).toEqual([true, true]);
    await moto.stop();
    expect(await Promise.all(endpoints.map(answers))).toEqual([false, false]);
  });
});

describe('startMoto with one process', () => {
  it('serves every service on its one endpoint', async () => {
    const moto = await startMoto();
    try {
      expect(moto.endpointFor('dynamodb')).toBe(moto.endpoint);
    } finally {
      await moto.stop();
    }
  }, 60_000);
});
