import {
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbAcknowledger } from '../../../packages/client/src/ack';
import { dynamoDbLiveness } from '../../../packages/client/src/liveness';
import { canary, type Harness, plantRotation, startHarness } from '../revocation/support';

/**
 * An agent attacking the key inventory through the local stack, signed as its fleet's agent principal: the gateway
 * evaluates the fleet's agent policy (dynamodb:LeadingKeys, dynamodb:Attributes, dynamodb:ReturnValues) before
 * moto sees the call. The acknowledgement the client library sends still works.
 */
let h: Harness;
const generated = (name: string, fleet: string) => ({ name, provider: 'generated' as const, fleets: [fleet] });

beforeAll(async () => {
  h = await startHarness({
    keys: [generated('attack/a', 'fleetA'), generated('attack/b', 'fleetB')],
    fleets: [{ name: 'fleetA' }, { name: 'fleetB' }],
  });
});

afterAll(async () => {
  await h?.stop();
});

const agentOf = (fleet: string) =>
  new DynamoDBClient({
    endpoint: h.env.endpoint,
    region: h.env.deployment.region,
    credentials: h.env.agentCredentials(fleet),
  });

/** Sends an UpdateItem on a version item (or, with `live`, on an agent's liveness record) as fleet A's agent; answers the error name, or 'ok'. */
async function asFleetA(
  secretName: string,
  versionId: string,
  input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>,
  live?: { agentId: string },
): Promise<string> {
  try {
    await agentOf('fleetA').send(
      new UpdateItemCommand({
        TableName: h.env.deployment.tableName,
        Key: live
          ? { pk: { S: `LIVE#${secretName}` }, sk: { S: `AGENT#${live.agentId}` } }
          : { pk: { S: `SECRET#${secretName}` }, sk: { S: `VERSION#${versionId}` } },
        ...input,
      }),
    );
    return 'ok';
  } catch (err) {
    return (err as Error).name;
  }
}

const itemOf = async (secretName: string, versionId: string) =>
  (
    await h.ddb.send(
      new GetItemCommand({
        TableName: h.env.deployment.tableName,
        Key: { pk: { S: `SECRET#${secretName}` }, sk: { S: `VERSION#${versionId}` } },
      }),
    )
  ).Item;

describe('an agent of fleet A, against the inventory, with IAM enforced', () => {
  it("cannot mark fleet B's exposed old version revoked, which verify would then trust", async () => {
    const b = await plantRotation(h, 'attack/b', { old: canary(), new: canary() });

    const answer = await asFleetA(b.secretName, b.old.versionId, {
      UpdateExpression: 'SET #s = :revoked, revokedAt = :now',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':revoked': { S: 'revoked' }, ':now': { S: new Date().toISOString() } },
    });

    expect(answer).toBe('AccessDeniedException');
    expect((await itemOf(b.secretName, b.old.versionId))?.status?.S).toBe('previous');
  });

  it("cannot rewrite or erase what its own fleet's version is matched and revoked by", async () => {
    const a = await plantRotation(h, 'attack/a', { old: canary(), new: canary() });
    const before = await itemOf(a.secretName, a.old.versionId);

    const answers = [
      await asFleetA(a.secretName, a.old.versionId, {
        UpdateExpression: 'SET #s = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':v': { S: 'revoked' } },
      }),
      await asFleetA(a.secretName, a.old.versionId, { UpdateExpression: 'REMOVE fingerprint' }),
      await asFleetA(a.secretName, a.old.versionId, {
        UpdateExpression: 'SET lastAckAt = :v, history = :none',
        ExpressionAttributeValues: { ':v': { S: 'x' }, ':none': { L: [] } },
      }),
      await asFleetA(a.secretName, a.old.versionId, {
        UpdateExpression: 'SET lastAckAt = :v',
        ExpressionAttributeValues: { ':v': { S: 'x' } },
        ReturnValues: 'ALL_OLD',
      }),
      // The legacy parameter names its attributes too.
      await asFleetA(a.secretName, a.old.versionId, {
        AttributeUpdates: { status: { Action: 'PUT', Value: { S: 'revoked' } } },
      }),
    ];

    expect(answers).toEqual(Array(5).fill('AccessDeniedException'));
    expect(await itemOf(a.secretName, a.old.versionId)).toEqual(before);
  });

  it("acknowledges its own fleet's version with the client library, and that ack is all it wrote", async () => {
    const a = await plantRotation(h, 'attack/a', { old: canary(), new: canary() });
    const before = await itemOf(a.secretName, a.new.versionId);

    await dynamoDbAcknowledger({ client: agentOf('fleetA'), tableName: h.env.deployment.tableName })({
      secretName: a.secretName,
      versionId: a.new.versionId,
      agentId: 'host-a:1',
      at: '2026-12-01T00:00:00.000Z',
    });

    const after = await itemOf(a.secretName, a.new.versionId);
    expect(after?.ackAgents?.SS).toEqual(['host-a:1']);
    expect(after?.lastAckAt?.S).toBe('2026-12-01T00:00:00.000Z');
    const { ackAgents: _a, lastAckAt: _l, ...rest } = after ?? {};
    expect(rest).toEqual(before);
  });
});

const liveItemOf = async (secretName: string, agentId: string) =>
  (
    await h.ddb.send(
      new GetItemCommand({
        TableName: h.env.deployment.tableName,
        Key: { pk: { S: `LIVE#${secretName}` }, sk: { S: `AGENT#${agentId}` } },
      }),
    )
  ).Item;

/** What the client library's liveness writer sends, as fleet A's agent or another principal's client. */
const announce = (client: DynamoDBClient, secretName: string, versionId: string, agentId = 'pod-a') =>
  dynamoDbLiveness({ client, tableName: h.env.deployment.tableName })({
    secretName,
    agentId,
    versionId,
    renewedAt: '2026-12-01T00:00:00.000Z',
    expiresAt: 1_795_000_000,
  });

const errorName = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: Error) => err.name,
  );

describe('an agent of fleet A, against the liveness records, with IAM enforced', () => {
  it('announces its liveness with the client library, and that record is all it wrote', async () => {
    const a = await plantRotation(h, 'attack/a', { old: canary(), new: canary() });

    await announce(agentOf('fleetA'), a.secretName, a.new.versionId);

    expect(await liveItemOf(a.secretName, 'pod-a')).toEqual({
      pk: { S: `LIVE#${a.secretName}` },
      sk: { S: 'AGENT#pod-a' },
      agentId: { S: 'pod-a' },
      versionId: { S: a.new.versionId },
      renewedAt: { S: '2026-12-01T00:00:00.000Z' },
      expiresAt: { N: '1795000000' },
    });
  });

  it("cannot write fleet B's liveness, which would hold fleet B's revocations back", async () => {
    const b = await plantRotation(h, 'attack/b', { old: canary(), new: canary() });

    const answer = await errorName(announce(agentOf('fleetA'), b.secretName, b.old.versionId, 'fake-b-pod'));

    expect(answer).toBe('AccessDeniedException');
    expect(await liveItemOf(b.secretName, 'fake-b-pod')).toBeUndefined();
  });

  it("cannot write status or versionId onto its own fleet's version item, alone or inside an ack", async () => {
    const a = await plantRotation(h, 'attack/a', { old: canary(), new: canary() });
    const before = await itemOf(a.secretName, a.old.versionId);

    const answers = [
      await asFleetA(a.secretName, a.old.versionId, {
        UpdateExpression: 'SET #s = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':v': { S: 'revoked' } },
      }),
      await asFleetA(a.secretName, a.old.versionId, {
        UpdateExpression: 'SET versionId = :v',
        ExpressionAttributeValues: { ':v': { S: a.new.versionId } },
      }),
      await asFleetA(a.secretName, a.old.versionId, {
        UpdateExpression: 'ADD ackAgents :a SET versionId = :v',
        ExpressionAttributeValues: { ':a': { SS: ['pod-a'] }, ':v': { S: a.new.versionId } },
      }),
    ];

    expect(answers).toEqual(Array(3).fill('AccessDeniedException'));
    expect(await itemOf(a.secretName, a.old.versionId)).toEqual(before);
  });

  it('cannot set liveness attributes on a SECRET# item: expiresAt there is the TTL that would delete the version', async () => {
    const a = await plantRotation(h, 'attack/a', { old: canary(), new: canary() });
    const before = await itemOf(a.secretName, a.old.versionId);

    const answers = [
      await asFleetA(a.secretName, a.old.versionId, {
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': { N: '1' } },
      }),
      await asFleetA(a.secretName, a.old.versionId, {
        UpdateExpression: 'SET agentId = :a, versionId = :v, renewedAt = :r, expiresAt = :e',
        ExpressionAttributeValues: {
          ':a': { S: 'pod-a' },
          ':v': { S: a.old.versionId },
          ':r': { S: '2026-12-01T00:00:00.000Z' },
          ':e': { N: '1' },
        },
      }),
      await asFleetA(a.secretName, a.old.versionId, {
        UpdateExpression: 'ADD ackAgents :a SET lastAckAt = :r, expiresAt = :e',
        ExpressionAttributeValues: { ':a': { SS: ['pod-a'] }, ':r': { S: 'x' }, ':e': { N: '1' } },
      }),
    ];

    expect(answers).toEqual(Array(3).fill('AccessDeniedException'));
    expect(await itemOf(a.secretName, a.old.versionId)).toEqual(before);
  });

  it('cannot put ack or status attributes on a liveness record, nor read one back', async () => {
    const a = await plantRotation(h, 'attack/a', { old: canary(), new: canary() });
    await announce(agentOf('fleetA'), a.secretName, a.new.versionId, 'pod-z');
    const before = await liveItemOf(a.secretName, 'pod-z');

    const answers = [
      await asFleetA(
        a.secretName,
        '',
        { UpdateExpression: 'ADD ackAgents :a', ExpressionAttributeValues: { ':a': { SS: ['pod-z'] } } },
        { agentId: 'pod-z' },
      ),
      await asFleetA(
        a.secretName,
        '',
        {
          UpdateExpression: 'SET #s = :v',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':v': { S: 'revoked' } },
        },
        { agentId: 'pod-z' },
      ),
      await asFleetA(
        a.secretName,
        '',
        {
          UpdateExpression: 'SET expiresAt = :e',
          ExpressionAttributeValues: { ':e': { N: '1795000001' } },
          ReturnValues: 'ALL_OLD',
        },
        { agentId: 'pod-z' },
      ),
    ];

    expect(answers).toEqual(Array(3).fill('AccessDeniedException'));
    expect(await liveItemOf(a.secretName, 'pod-z')).toEqual(before);
  });
});
