import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentStatus, fleetMoved } from '../../lambdas/revocation/verify';
import type { ApiRequest } from '../../local/emulator/iam/requests';
import { dynamoDbAcknowledger } from '../../packages/client/src/ack';
import { dynamoDbLiveness } from '../../packages/client/src/liveness';
import { type EvaluationWorld, evaluationWorld } from './policy-evaluation';

/**
 * Attacks on the key inventory by an agent, under the policy its fleet's agents run under, evaluated as AWS
 * evaluates it (test/infra/policy-evaluation.ts: @cloud-copilot/iam-simulate on AWS-form ARNs, with the condition
 * keys DynamoDB sets: dynamodb:LeadingKeys, dynamodb:Attributes, dynamodb:ReturnValues). The support agent attacks;
 * the research fleet's items are another fleet's.
 */
let world: EvaluationWorld;

beforeAll(() => {
  world = evaluationWorld();
});

const TABLE = 'rekey-inventory';
const SUPPORT = 'rekey/agents/support/internal';
const RESEARCH = 'rekey/agents/research/internal';
const VERSION = '8e3f0c52-6f0a-4d3b-9a57-0a6f5e1c2b3d';
const key = (secretName: string) => ({ pk: { S: `SECRET#${secretName}` }, sk: { S: `VERSION#${VERSION}` } });

/** The UpdateItem the client library's acknowledger sends, as it sends it. */
async function ackParams(secretName: string, agentId = 'support-agent-7'): Promise<Record<string, unknown>> {
  let params: Record<string, unknown> = {};
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      params = command.input;
    },
  };
  await dynamoDbAcknowledger({ client: client as unknown as DynamoDBClient, tableName: TABLE })({
    secretName,
    versionId: VERSION,
    agentId,
    at: '2026-12-01T00:00:00.000Z',
  });
  return params;
}

const update = (params: Record<string, unknown>): ApiRequest => ({
  service: 'dynamodb',
  operation: 'UpdateItem',
  params,
});
const asSupport = (request: ApiRequest) => world.allowed(world.principals.support, request);

/** An UpdateItem on the support fleet's own version item that writes `expression`, names resolved through `names`. */
const ownItem = (expression: string, names?: Record<string, string>, values?: Record<string, unknown>) =>
  update({
    TableName: TABLE,
    Key: key(SUPPORT),
    UpdateExpression: expression,
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ...(values ? { ExpressionAttributeValues: values } : {}),
  });

describe('an agent attacking the key inventory, under its fleet’s policy', () => {
  it('may send exactly the acknowledgement the client library sends (the attacks below are refused, not everything)', async () => {
    expect(await asSupport(update(await ackParams(SUPPORT)))).toBe(true);
  });

  it("cannot acknowledge, or mark revoked, another fleet's version", async () => {
    const revokeTheirs = update({
      TableName: TABLE,
      Key: key(RESEARCH),
      UpdateExpression: 'SET #s = :revoked, revokedAt = :now',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':revoked': { S: 'revoked' }, ':now': { S: '2026-12-01T00:00:00.000Z' } },
    });

    expect(await asSupport(update(await ackParams(RESEARCH)))).toBe(false);
    expect(await asSupport(revokeTheirs)).toBe(false);
  });

  it.each([
    ['status', 'SET #a = :v'],
    ['revokedAt', 'SET #a = :v'],
    ['fingerprint', 'SET #a = :v'],
    ['keyId', 'SET #a = :v'],
    ['keyHint', 'SET #a = :v'],
    ['history', 'SET #a = list_append(#a, :v)'],
    ['mode', 'SET #a = :v'],
    ['exposedAt', 'SET #a = :v'],
    ['secretArn', 'SET #a = :v'],
  ])("cannot set %s on its own fleet's version, even inside an acknowledgement", async (attribute, expression) => {
    const alone = ownItem(expression, { '#a': attribute }, { ':v': { S: 'x' } });
    const smuggled = ownItem(
      `${expression} ADD ackAgents :agent`,
      { '#a': attribute },
      { ':v': { S: 'x' }, ':agent': { SS: ['a'] } },
    );

    expect(await asSupport(alone)).toBe(false);
    expect(await asSupport(smuggled)).toBe(false);
  });

  it('cannot erase the fingerprint, key id or hint that findings are matched by', async () => {
    expect(await asSupport(ownItem('REMOVE fingerprint'))).toBe(false);
    expect(await asSupport(ownItem('REMOVE #f', { '#f': 'keyId' }))).toBe(false);
    expect(await asSupport(ownItem('SET lastAckAt = :v REMOVE keyHint', undefined, { ':v': { S: 'x' } }))).toBe(false);
  });

  it('is judged by the top-level attribute of a path: acks.x is refused as acks, status.x as status', async () => {
    const values = { ':v': { S: 'x' } };

    expect(await asSupport(ownItem('SET #s.#x = :v', { '#s': 'status', '#x': 'x' }, values))).toBe(false);
    expect(await asSupport(ownItem('SET history[0] = :v', undefined, values))).toBe(false);
    expect(await asSupport(ownItem('SET acks.x = :v', undefined, values))).toBe(false);
    expect(await asSupport(ownItem('SET lastAckAt = :v', undefined, values))).toBe(true);
  });

  it('cannot write with a key that carries no partition key value (ForAllValues alone would hold vacuously)', async () => {
    const values = { ':v': { S: 'x' } };
    const noPartition = update({
      TableName: TABLE,
      Key: { sk: { S: `VERSION#${VERSION}` } },
      UpdateExpression: 'SET lastAckAt = :v',
      ExpressionAttributeValues: values,
    });
    const binaryPartition = update({
      TableName: TABLE,
      Key: { pk: { B: 'AAAA' }, sk: { S: `VERSION#${VERSION}` } },
      UpdateExpression: 'SET lastAckAt = :v',
      ExpressionAttributeValues: values,
    });

    expect(await asSupport(noPartition)).toBe(false);
    expect(await asSupport(binaryPartition)).toBe(false);
  });

  it.each(['ALL_OLD', 'ALL_NEW', 'UPDATED_OLD', 'UPDATED_NEW'])(
    'cannot read the item back through an acknowledgement with ReturnValues %s',
    async (returnValues) => {
      const ack = await ackParams(SUPPORT);

      expect(await asSupport(update({ ...ack, ReturnValues: returnValues }))).toBe(false);
      expect(await asSupport(update({ ...ack, ReturnValues: 'NONE' }))).toBe(true);
    },
  );

  it("cannot put, delete, read or query its own fleet's items", async () => {
    const item = { ...key(SUPPORT), status: { S: 'revoked' } };
    const requests: ApiRequest[] = [
      { service: 'dynamodb', operation: 'PutItem', params: { TableName: TABLE, Item: item } },
      { service: 'dynamodb', operation: 'DeleteItem', params: { TableName: TABLE, Key: key(SUPPORT) } },
      { service: 'dynamodb', operation: 'GetItem', params: { TableName: TABLE, Key: key(SUPPORT) } },
      {
        service: 'dynamodb',
        operation: 'Query',
        params: {
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `SECRET#${SUPPORT}` } },
        },
      },
      {
        service: 'dynamodb',
        operation: 'BatchWriteItem',
        params: { RequestItems: { [TABLE]: [{ DeleteRequest: { Key: key(SUPPORT) } }] } },
      },
      {
        service: 'dynamodb',
        operation: 'TransactWriteItems',
        params: {
          TransactItems: [
            { Update: await ackParams(SUPPORT) },
            { Update: ownItem('SET #s = :v', { '#s': 'status' }, { ':v': { S: 'revoked' } }).params },
          ],
        },
      },
    ];

    for (const request of requests)
      expect([request.operation, await asSupport(request)]).toEqual([request.operation, false]);
  });
});

/** The UpdateItem the client library's liveness writer sends, as it sends it. */
async function livenessParams(secretName: string, agentId = 'support-agent-7'): Promise<Record<string, unknown>> {
  let params: Record<string, unknown> = {};
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      params = command.input;
    },
  };
  await dynamoDbLiveness({ client: client as unknown as DynamoDBClient, tableName: TABLE })({
    secretName,
    agentId,
    versionId: VERSION,
    renewedAt: '2026-12-01T00:00:00.000Z',
    expiresAt: 1_795_000_000,
  });
  return params;
}

const liveKey = (secretName: string) => ({ pk: { S: `LIVE#${secretName}` }, sk: { S: 'AGENT#support-agent-7' } });

describe('an agent attacking the liveness records, under its fleet’s policy', () => {
  it('may send exactly the liveness write the client library sends, for its own fleet', async () => {
    expect(await asSupport(update(await livenessParams(SUPPORT)))).toBe(true);
  });

  it("cannot announce, renew or expire liveness on another fleet's secret", async () => {
    expect(await asSupport(update(await livenessParams(RESEARCH)))).toBe(false);
  });

  it.each([
    ['expiresAt', 'the TTL: DynamoDB would delete the version item and its audit trail'],
    ['versionId', 'the id the inventory records the version under'],
    ['agentId', 'a liveness attribute'],
    ['renewedAt', 'a liveness attribute'],
  ])('cannot set the liveness attribute %s on a SECRET# version item (%s)', async (attribute) => {
    const onVersion = ownItem('SET #a = :v', { '#a': attribute }, { ':v': { N: '1' } });
    const inAck = ownItem(
      'ADD ackAgents :agent SET #a = :v',
      { '#a': attribute },
      { ':v': { N: '1' }, ':agent': { SS: ['a'] } },
    );

    expect(await asSupport(onVersion)).toBe(false);
    expect(await asSupport(inAck)).toBe(false);
  });

  it.each(['status', 'ackAgents', 'livenessAgents', 'lastAckAt', 'revokedAt'])(
    'cannot set %s on a LIVE# liveness record, nor inside a liveness write',
    async (attribute) => {
      const alone = update({
        TableName: TABLE,
        Key: liveKey(SUPPORT),
        UpdateExpression: 'SET #a = :v',
        ExpressionAttributeNames: { '#a': attribute },
        ExpressionAttributeValues: { ':v': { S: 'x' } },
      });
      const live = await livenessParams(SUPPORT);
      const smuggled = update({
        ...live,
        UpdateExpression: `${String(live.UpdateExpression)}, #a = :x`,
        ExpressionAttributeNames: { '#a': attribute },
        ExpressionAttributeValues: { ...(live.ExpressionAttributeValues as object), ':x': { S: 'x' } },
      });

      expect(await asSupport(alone)).toBe(false);
      expect(await asSupport(smuggled)).toBe(false);
    },
  );

  it('cannot read a liveness record back, put it whole, delete it, or query the fleet’s records', async () => {
    const live = await livenessParams(SUPPORT);
    const requests: ApiRequest[] = [
      update({ ...live, ReturnValues: 'ALL_OLD' }),
      { service: 'dynamodb', operation: 'PutItem', params: { TableName: TABLE, Item: liveKey(SUPPORT) } },
      { service: 'dynamodb', operation: 'DeleteItem', params: { TableName: TABLE, Key: liveKey(SUPPORT) } },
      { service: 'dynamodb', operation: 'GetItem', params: { TableName: TABLE, Key: liveKey(SUPPORT) } },
      {
        service: 'dynamodb',
        operation: 'Query',
        params: {
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `LIVE#${SUPPORT}` } },
        },
      },
    ];

    for (const request of requests)
      expect([request.operation, await asSupport(request)]).toEqual([request.operation, false]);
  });
});

describe('what an agent can still write: acknowledgements and liveness records of its own fleet (the residual risk)', () => {
  it("can announce, renew or expire a liveness record in another agent's name, on its own fleet's secrets", async () => {
    const forged = update(await livenessParams(SUPPORT, 'someone-elses-pod'));

    expect(await asSupport(forged)).toBe(true);
  });

  it("can acknowledge in another agent's name, or withdraw every acknowledgement of a version", async () => {
    const forged = update(await ackParams(SUPPORT, 'someone-elses-host:4242'));
    const withdrawn = ownItem('REMOVE ackAgents');
    const replaced = ownItem('SET ackAgents = :none', undefined, { ':none': { SS: ['nobody'] } });

    expect(await asSupport(forged)).toBe(true);
    expect(await asSupport(withdrawn)).toBe(true);
    expect(await asSupport(replaced)).toBe(true);
  });

  it('which steers only the fleet check: with no usage evidence, withdrawn acks read as moved and forged old acks as not', () => {
    const ackStatus = (oldItem: never, newItem: never) =>
      agentStatus({ oldItem, newItem, liveness: [], oldVersionId: VERSION, now: new Date('2026-12-01T00:00:00Z') });
    const old = { ackAgents: new Set(['a:1', 'b:2']) };
    const onlyA = { ackAgents: new Set(['a:1']) };

    // Honest acks: b:2 is still on the old version.
    expect(fleetMoved(ackStatus(old as never, onlyA as never).acks, 'unknown')).toBe(false);
    // The old version's acks withdrawn (REMOVE ackAgents), or b:2's ack forged on the new one: reads as moved.
    expect(fleetMoved(ackStatus({} as never, onlyA as never).acks, 'unknown')).toBe(true);
    expect(fleetMoved(ackStatus(old as never, old as never).acks, 'unknown')).toBe(true);
    // The provider's own evidence wins over acks either way.
    expect(fleetMoved(ackStatus({} as never, onlyA as never).acks, 'in-use')).toBe(false);
    expect(fleetMoved(ackStatus(old as never, onlyA as never).acks, 'quiet')).toBe(true);
  });
});
