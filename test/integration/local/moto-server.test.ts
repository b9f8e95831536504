import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../local/emulator/moto';
import { type Moto, startMoto } from '../../support/moto';

// The local stack's moto runs through local/emulator/moto_server.py, which replaces some of moto's internals for
// speed. Its answers must be moto's own: the same calls go to it and to an unpatched `python -m moto.server`, and
// every answer is compared. The one change of behaviour (concurrent receives no longer share a message) is held
// to what SQS does instead.

let patched: Moto;
let plain: { endpoint: string; child: ChildProcess };

async function startPlainMoto() {
  const port = await freePort();
  const child = spawn(
    process.env.REKEY_PYTHON ?? 'python3',
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', `${port}`],
    {
      stdio: 'ignore',
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return { endpoint, child };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the unpatched moto_server did not start');
}

const config = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});
let both: { patched: DynamoDBClient; plain: DynamoDBClient };

beforeAll(async () => {
  [patched, plain] = await Promise.all([startMoto(), startPlainMoto()]);
  both = { patched: new DynamoDBClient(config(patched.endpoint)), plain: new DynamoDBClient(config(plain.endpoint)) };
  for (const db of Object.values(both)) await seed(db);
}, 60_000);

afterAll(async () => {
  await patched?.stop();
  plain?.child.kill('SIGTERM');
});

const s = (S: string) => ({ S });

/** A table shaped like the inventory (pk, sk, indexes on one attribute and on two), and a table with no sort key. */
async function seed(db: DynamoDBClient) {
  await db.send(
    new CreateTableCommand({
      TableName: 'inv',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: ['pk', 'sk', 'fingerprint', 'fleet', 'createdAt'].map((AttributeName) => ({
        AttributeName,
        AttributeType: 'S' as const,
      })),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byFingerprint',
          KeySchema: [{ AttributeName: 'fingerprint', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'byFleet',
          KeySchema: [
            { AttributeName: 'fleet', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
  await db.send(
    new CreateTableCommand({
      TableName: 'flat',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'n', AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byNumber',
          KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  for (let k = 0; k < 12; k++) {
    for (let v = 0; v < 5; v++) {
      const item: Record<string, { S: string }> = {
        pk: s(`SECRET#k${k}`),
        sk: s(v === 4 ? `LIVENESS#a${k}` : `VERSION#v${v}`),
        createdAt: s(`2026-12-0${1 + ((k * 7 + v) % 9)}`),
        state: s(v % 2 ? 'revoked' : 'active'),
      };
      if (v !== 3) item.fingerprint = s(`fp${(k * 5 + v) % 17}`); // some share a fingerprint, some have none
      if (v !== 2) item.fleet = s(`fleet${k % 3}`);
      await db.send(new PutItemCommand({ TableName: 'inv', Item: item }));
    }
    await db.send(new PutItemCommand({ TableName: 'flat', Item: { id: s(`i${k}`), n: { N: `${k % 4}` } } }));
  }
  // Changed and deleted items, so the queries read moto's items as they are now
  await db.send(
    new UpdateItemCommand({
      TableName: 'inv',
      Key: { pk: s('SECRET#k1'), sk: s('VERSION#v0') },
      UpdateExpression: 'SET fingerprint = :f',
      ExpressionAttributeValues: { ':f': s('fp-moved') },
    }),
  );
  await db.send(new DeleteItemCommand({ TableName: 'inv', Key: { pk: s('SECRET#k2'), sk: s('VERSION#v1') } }));
}

/** Every page of a query, as one list with the count, scanned count and each page's LastEvaluatedKey. */
async function queryAll(db: DynamoDBClient, input: QueryCommandInput) {
  const pages: unknown[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  for (let i = 0; i < 100; i++) {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    pages.push({ items: out.Items, count: out.Count, scanned: out.ScannedCount, last: out.LastEvaluatedKey });
    start = out.LastEvaluatedKey;
    if (!start) break;
  }
  return pages;
}

const byFingerprint = (fingerprint: string): QueryCommandInput => ({
  TableName: 'inv',
  IndexName: 'byFingerprint',
  KeyConditionExpression: 'fingerprint = :f',
  ExpressionAttributeValues: { ':f': s(fingerprint) },
});

const QUERIES: Record<string, QueryCommandInput> = {
  'a partition': {
    TableName: 'inv',
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': s('SECRET#k3') },
  },
  'a partition by sort-key prefix, consistent': {
    TableName: 'inv',
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
    ExpressionAttributeValues: { ':pk': s('SECRET#k2'), ':sk': s('VERSION#') },
    ConsistentRead: true,
  },
  'a partition, backwards, two to a page': {
    TableName: 'inv',
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': s('SECRET#k5') },
    ScanIndexForward: false,
    Limit: 2,
  },
  'a partition with a filter and a projection': {
    TableName: 'inv',
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
    FilterExpression: '#s = :st',
    ProjectionExpression: 'sk, fingerprint',
    ExpressionAttributeNames: { '#s': 'state' },
    ExpressionAttributeValues: {
      ':pk': s('SECRET#k7'),
      ':a': s('VERSION#v0'),
      ':b': s('VERSION#v9'),
      ':st': s('active'),
    },
  },
  'a partition that does not exist': {
    TableName: 'inv',
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': s('SECRET#nobody') },
  },
  'an index for a value several items share': byFingerprint('fp3'),
  'an index for a value an update gave': {
    TableName: 'inv',
    IndexName: 'byFingerprint',
    KeyConditionExpression: '#a = :v',
    ExpressionAttributeNames: { '#a': 'fingerprint' },
    ExpressionAttributeValues: { ':v': s('fp-moved') },
  },
  'an index for a value only a deleted item had': byFingerprint('fp-none'),
  'an index with a sort key, a range, one to a page': {
    TableName: 'inv',
    IndexName: 'byFleet',
    KeyConditionExpression: 'fleet = :f AND createdAt > :c',
    ExpressionAttributeValues: { ':f': s('fleet1'), ':c': s('2026-12-04') },
    Limit: 1,
  },
  'an index with a sort key, backwards, with a filter': {
    TableName: 'inv',
    IndexName: 'byFleet',
    KeyConditionExpression: 'fleet = :f',
    FilterExpression: 'begins_with(sk, :v)',
    ExpressionAttributeValues: { ':f': s('fleet2'), ':v': s('VERSION#') },
    ScanIndexForward: false,
  },
  'an index on a number, written another way': {
    TableName: 'flat',
    IndexName: 'byNumber',
    KeyConditionExpression: 'n = :n',
    ExpressionAttributeValues: { ':n': { N: '2.0' } },
  },
  'a table with no sort key': {
    TableName: 'flat',
    KeyConditionExpression: 'id = :i',
    ExpressionAttributeValues: { ':i': s('i4') },
  },
};

describe("moto_server.py's DynamoDB Query", () => {
  for (const [name, input] of Object.entries(QUERIES)) {
    it(`answers as moto does: ${name}`, async () => {
      const [mine, theirs] = await Promise.all([queryAll(both.patched, input), queryAll(both.plain, input)]);
      expect(mine).toEqual(theirs);
    });
  }

  it('answers each of many concurrent queries with its own items (moto serves requests on threads)', async () => {
    const inputs = Object.values(QUERIES).filter((q) => !q.Limit);
    const expected = await Promise.all(inputs.map((q) => queryAll(both.plain, q)));
    const rounds = await Promise.all(
      Array.from({ length: 8 }, () => Promise.all(inputs.map((q) => queryAll(both.patched, q)))),
    );
    for (const round of rounds) expect(round).toEqual(expected);
  });

  it("updates as moto does, the same expression again and again, and refuses a bad one with moto's error", async () => {
    const updates = async (db: DynamoDBClient) => {
      const answers: unknown[] = [];
      const send = (input: Omit<UpdateItemCommandInput, 'TableName'>) =>
        db.send(new UpdateItemCommand({ TableName: 'flat', ReturnValues: 'ALL_NEW', ...input })).then(
          (out) => answers.push(out.Attributes),
          (e: Error) => answers.push(`${e.name}: ${e.message}`),
        );
      for (let i = 0; i < 4; i++) {
        await send({
          Key: { id: s('counter') },
          UpdateExpression: 'ADD hits :one SET #l = list_append(if_not_exists(#l, :empty), :i)',
          ExpressionAttributeNames: { '#l': 'log' },
          ExpressionAttributeValues: { ':one': { N: '1' }, ':empty': { L: [] }, ':i': { L: [{ N: `${i}` }] } },
        });
      }
      await send({
        Key: { id: s('counter') },
        UpdateExpression: 'SET note = :v',
        ExpressionAttributeValues: { ':v': s('a'), ':unused': s('b') },
      });
      await send({
        Key: { id: s('counter') },
        UpdateExpression: 'SET = :v',
        ExpressionAttributeValues: { ':v': s('a') },
      });
      return answers;
    };
    const [mine, theirs] = await Promise.all([updates(both.patched), updates(both.plain)]);
    expect(mine[3]).toMatchObject({ hits: { N: '4' } });
    expect(String(mine[4])).toMatch(/ValidationException/);
    expect(String(mine[5])).toMatch(/ValidationException/);
    expect(mine).toEqual(theirs);
  });

  it('refuses what moto refuses: an index the table does not have', async () => {
    const input: QueryCommandInput = { ...byFingerprint('fp3'), IndexName: 'nope' };
    const errorOf = (db: DynamoDBClient) =>
      db.send(new QueryCommand(input)).then(
        () => 'answered',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    const [mine, theirs] = await Promise.all([errorOf(both.patched), errorOf(both.plain)]);
    expect(mine).toMatch(/Invalid index: nope/);
    expect(mine).toBe(theirs);
  });
});

const IN_FLIGHT = 600;
const CHURN_MESSAGES = 600;

/**
 * IN_FLIGHT messages are received and held (as a slow consumer holds them), then deleted by twenty deleters while ten
 * senders put CHURN_MESSAGES new ones on the queue, one SendMessage each; then every new one is received and
 * deleted. Resolves with the new ones received, and what the queue still holds: a lost send is missing from the
 * first, a deleted message brought back shows in the second.
 */
async function churn(endpoint: string): Promise<{ received: string[]; left: number }> {
  const sqs = new SQSClient({ ...config(endpoint), maxAttempts: 1 });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `churn-${Date.now()}` }));
  for (let i = 0; i < IN_FLIGHT; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: Array.from({ length: 10 }, (_, j) => ({ Id: `${j}`, MessageBody: `old${i + j}` })),
      }),
    );
  }
  /** Receives until the queue has nothing visible, each batch handed to `each`; resolves with every message. */
  const receiveAll = async (each: (messages: Message[]) => Promise<unknown> = async () => undefined) => {
    const all: Message[] = [];
    for (;;) {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }),
      );
      if (!out.Messages?.length) return all;
      all.push(...out.Messages);
      await each(out.Messages);
    }
  };
  const held = (await receiveAll()).map((m) => m.ReceiptHandle ?? '');
  const deleteAll = (handles: readonly string[]) =>
    sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: handles.map((ReceiptHandle, i) => ({ Id: `${i}`, ReceiptHandle })),
      }),
    );
  // One DeleteMessage each, twenty at a time, as the local pump deletes the rules' events.
  const deleter = async (d: number) => {
    for (let i = d; i < held.length; i += 20) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: held[i] }));
    }
  };
  const sender = async (s: number) => {
    for (let i = s; i < CHURN_MESSAGES; i += 10)
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` }));
  };
  await Promise.all([
    ...Array.from({ length: 20 }, (_, d) => deleter(d)),
    ...Array.from({ length: 10 }, (_, s) => sender(s)),
  ]);
  const received = (await receiveAll((batch) => deleteAll(batch.map((m) => m.ReceiptHandle ?? '')))).map(
    (m) => m.Body ?? '',
  );
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  sqs.destroy();
  return { received, left: Object.values(attrs.Attributes ?? {}).reduce((n, v) => n + Number(v), 0) };
}

describe("moto_server.py's SQS ReceiveMessage", () => {
  it('receives what it was sent, as moto does', async () => {
    const receive = async (endpoint: string) => {
      const sqs = new SQSClient(config(endpoint));
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({ QueueName: 'q', Attributes: { MessageRetentionPeriod: '60' } }),
      );
      for (let i = 0; i < 5; i++) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` }));
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      return (out.Messages ?? []).map((m) => m.Body).sort();
    };
    const [mine, theirs] = await Promise.all([receive(patched.endpoint), receive(plain.endpoint)]);
    expect(mine).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(mine).toEqual(theirs);
  });

  it('hands each message to one of many concurrent receivers (moto alone can hand one to two)', async () => {
    // Arrange: 300 messages, received by 20 pollers at once, none deleted (each stays invisible for 60 s).
    const sqs = new SQSClient({ ...config(patched.endpoint), maxAttempts: 1 });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'concurrent' }));
    for (let i = 0; i < 300; i += 10) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: Array.from({ length: 10 }, (_, j) => ({ Id: `${j}`, MessageBody: `m${i + j}` })),
        }),
      );
    }
    const bodies: string[] = [];
    const poller = async () => {
      for (;;) {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }),
        );
        if (!out.Messages?.length) return;
        bodies.push(...out.Messages.map((m) => m.Body ?? ''));
      }
    };

    // Act
    await Promise.all(Array.from({ length: 20 }, poller));

    // Assert
    expect(bodies).toHaveLength(300);
    expect(new Set(bodies).size).toBe(300);
  }, 30_000);

  it('loses and repeats no message while messages are sent and others deleted at once', async () => {
    const { received, left } = await churn(patched.endpoint);
    expect(received).toHaveLength(CHURN_MESSAGES);
    expect(new Set(received).size).toBe(CHURN_MESSAGES);
    expect(left).toBe(0);
  }, 60_000);

  it('long-polls as moto does: waits for a message sent during the wait, and returns empty after the wait', async () => {
    const sqs = new SQSClient(config(patched.endpoint));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'long-poll' }));
    const empty = Date.now();
    const none = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 }));
    expect(none.Messages ?? []).toEqual([]);
    expect(Date.now() - empty).toBeGreaterThanOrEqual(1_900);
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
    await new Promise((r) => setTimeout(r, 300));
    const sent = Date.now();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'late' }));
    const got = await waiting;
    expect(got.Messages?.map((m) => m.Body)).toEqual(['late']);
    expect(Date.now() - sent).toBeLessThan(5_000);
  }, 30_000);
});

describe("moto_server.py's EventBridge", () => {
  it("delivers each event to a rule's queue as moto does, the same for every event (input paths compiled once)", async () => {
    const deliver = async (endpoint: string) => {
      const sqs = new SQSClient(config(endpoint));
      const events = new EventBridgeClient(config(endpoint));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'findings' }));
      const arn = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      await events.send(new PutRuleCommand({ Name: 'r', EventPattern: JSON.stringify({ source: ['rekey.scanner'] }) }));
      await events.send(
        new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'q', Arn: arn.Attributes?.QueueArn ?? '' }] }),
      );
      for (let i = 0; i < 3; i++) {
        await events.send(
          new PutEventsCommand({
            Entries: [{ Source: 'rekey.scanner', DetailType: 'finding', Detail: JSON.stringify({ n: i, k: ['a'] }) }],
          }),
        );
      }
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      return (out.Messages ?? [])
        .map((m) => {
          const { id, time, ...rest } = JSON.parse(m.Body ?? '{}') as Record<string, unknown>;
          return { ...rest, id: typeof id, time: typeof time };
        })
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    };
    const [mine, theirs] = await Promise.all([deliver(patched.endpoint), deliver(plain.endpoint)]);
    expect(mine.map((m) => (m as { detail?: unknown }).detail)).toEqual([
      { n: 0, k: ['a'] },
      { n: 1, k: ['a'] },
      { n: 2, k: ['a'] },
    ]);
    expect(mine).toEqual(theirs);
  });
});

describe("moto_server.py's connections", () => {
  /** Writes `raw` on one connection and reads until `responses` answers have come (or the connection ends). */
  async function exchange(endpoint: string, raw: string, responses: number): Promise<string> {
    const { hostname, port } = new URL(endpoint);
    return new Promise((resolve, reject) => {
      let text = '';
      const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(raw));
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve(text);
      };
      const timer = setTimeout(done, 5000);
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if ((text.match(/HTTP\/1\.1 \d{3} /g) ?? []).length >= responses && /<\/\w+Response>\s*$/.test(text)) done();
      });
      socket.on('end', done);
      socket.on('error', reject);
    });
  }
  /** A signed-looking SQS query call as raw HTTP/1.1, its body sent whole (Content-Length) or in one chunk. */
  const sqsCall = (body: string, framing: 'length' | 'chunked' = 'length') =>
    [
      'POST / HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/x-www-form-urlencoded',
      'Authorization: AWS4-HMAC-SHA256 Credential=testing/20261203/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
      framing === 'length' ? `Content-Length: ${body.length}` : 'Transfer-Encoding: chunked',
      '',
      framing === 'length' ? body : `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    ].join('\r\n');
  const call = (action: string, name: string) => sqsCall(`Action=${action}&QueueName=${name}&Version=2012-11-05`);

  it('answers several requests on one connection, each as moto answers it alone (keep-alive)', async () => {
    // Sent in one write: the second request's line follows the first's body at once, so the patch must read that
    // body exactly to its length.
    const text = await exchange(
      patched.endpoint,
      call('CreateQueue', 'kept-1') + call('CreateQueue', 'kept-2') + call('GetQueueUrl', 'kept-1'),
      3,
    );
    expect(text.match(/HTTP\/1\.1 200 /g)).toHaveLength(3);
    expect(text).not.toMatch(/\r\nConnection: close\r\n/i);
    expect(text).toContain('<QueueUrl>');
    expect(text).toMatch(/kept-2/);
    expect(text).toMatch(/GetQueueUrlResponse/);
  });

  it('still closes the connection after a chunked request body, as werkzeug does', async () => {
    const raw = sqsCall('Action=ListQueues&Version=2012-11-05', 'chunked');
    const text = await exchange(patched.endpoint, raw, 1);
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
  });
});
