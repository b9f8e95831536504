import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityBatchCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { consumeWorkBatch } from '../../../lambdas/intake/fan-out';
import { FindingSchema } from '../../../lambdas/intake/finding';
import { createIntake, type EventResult } from '../../../lambdas/intake/intake-event';
import {
  AWS_KEY_ID,
  CURRENT,
  fixture,
  intakeDeps,
  MemoryInventory,
  MemoryPersistence,
  RecordingProvider,
  SECRET,
  type SecretState,
  secretString,
  statefulSecretsManager,
} from './support';

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);
const sqs = mockClient(SQSClient);

const DLQ = 'http://127.0.0.1:1/123456789012/intake-dlq';
const WORK = 'http://127.0.0.1:1/123456789012/intake-work';
const EVENTS = 'http://127.0.0.1:1/123456789012/intake-events';
const EVENTS_ARN = 'arn:aws:sqs:us-east-1:123456789012:intake-events';
const API_KEY = 'AWSSECRETFORTHEFANOUTTEST0000000000000000';
let started: { secretName: string; token: string }[];

/** `n` access key ids in AWS's shape, the first the managed key's. */
const keyIds = (n: number) => [
  AWS_KEY_ID,
  ...Array.from({ length: n - 1 }, (_, i) => `AKIA${String(i).padStart(16, 'Q')}`),
];

function healthEvent(entities: unknown[]) {
  const event = structuredClone(
    fixture<{ detail: { affectedEntities: unknown[] } }>('aws-health-credentials-exposed.json'),
  );
  event.detail.affectedEntities = entities;
  return event;
}

function intake() {
  const inventory = new MemoryInventory();
  inventory.put(SECRET, CURRENT, API_KEY, 'current', { keyId: AWS_KEY_ID });
  const state: SecretState = {
    values: new Map([[CURRENT, secretString(API_KEY, AWS_KEY_ID)]]),
    stages: { [CURRENT]: ['AWSCURRENT'] },
  };
  statefulSecretsManager(sm, state);
  const starter = {
    start: async (r: { secretName: string; token: string }) => {
      started.push(r);
      state.stages[r.token] = ['AWSPENDING'];
    },
  };
  return createIntake({
    ...intakeDeps(
      { sm: sm as never, sns: sns as never, sfn: sfn as never },
      inventory,
      new RecordingProvider(),
      starter,
    ),
    persistence: new MemoryPersistence(),
    sqs: sqs as never,
    deadLetterQueueUrl: DLQ,
    workQueueUrl: WORK,
    eventQueueUrl: EVENTS,
  });
}

/** The work queue's messages as the SQS event source delivers them. */
function batchOf(bodies: readonly string[], queueArn = 'arn:aws:sqs:us-east-1:123456789012:intake-work'): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m-${i}`,
      receiptHandle: `r-${i}`,
      body,
      attributes: {} as never,
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

const queuedBodies = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => e.MessageBody ?? ''));

const contextWith = (remaining: () => number) => ({ getRemainingTimeInMillis: remaining }) as never;

beforeEach(() => {
  sm.reset();
  sns.reset();
  sfn.reset();
  sqs.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'd' });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  started = [];
});

describe('an event that names many keys', () => {
  it('puts each finding on the work queue, ten per call, and starts no rotation in the invocation that received it', async () => {
    // Arrange
    const handle = intake();

    // Act
    const result = await handle(healthEvent(keyIds(23).map((entityValue) => ({ entityValue }))));

    // Assert
    expect(result).toMatchObject({ status: 'fanned-out', queued: 23 });
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.QueueUrl)).toEqual([WORK, WORK, WORK]);
    expect(calls.map((c) => c.Entries?.length)).toEqual([10, 10, 3]);
    expect(started).toEqual([]);
  });

  it('queues findings that name keys by id only, never a key', async () => {
    // Arrange
    const handle = intake();

    // Act
    await handle(healthEvent(keyIds(8).map((entityValue) => ({ entityValue }))));

    // Assert: each message is a finding the schema accepts (it refuses a key), and no body holds the managed key.
    const bodies = queuedBodies();
    expect(bodies).toHaveLength(8);
    expect(bodies.every((b) => FindingSchema.safeParse(JSON.parse(b)).success)).toBe(true);
    expect(bodies.filter((b) => b.includes(API_KEY))).toEqual([]);
  });

  it('is handled from the work queue: the managed key rotates once, the unknown keys go to the ops topic', async () => {
    // Arrange
    const handle = intake();
    await handle(healthEvent(keyIds(8).map((entityValue) => ({ entityValue }))));
    const batch = batchOf(queuedBodies());

    // Act
    const result = (await handle(
      batch,
      contextWith(() => 30_000),
    )) as Extract<EventResult, { status: 'batch' }>;

    // Assert
    expect(result).toMatchObject({ status: 'batch', handled: 8, batchItemFailures: [] });
    expect(started.map((s) => s.secretName)).toEqual([SECRET]);
  });
});

describe('a worker near its deadline', () => {
  it('hands back the findings it has no time for, visible again at once, and handles the rest', async () => {
    // Arrange: time for two findings, then under the reserve.
    const bodies = keyIds(6).map((keyId, i) =>
      JSON.stringify(FindingSchema.parse({ findingId: `f-${i}`, source: 'aws-health', keyId })),
    );
    let ran = 0;
    const runFinding = async () => {
      ran += 1;
      return {};
    };

    // Act
    const result = await consumeWorkBatch(
      batchOf(bodies),
      contextWith(() => (ran < 2 ? 30_000 : 4_000)),
      {
        sqs: sqs as never,
        queueUrls: [WORK],
        runFinding,
        runEvent: async () => undefined,
        deadLetter: async () => undefined,
      },
    );

    // Assert
    expect(result.handled).toBe(2);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-2', 'm-3', 'm-4', 'm-5']);
    const visible = sqs.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(visible.map((e) => [e.ReceiptHandle, e.VisibilityTimeout])).toEqual([
      ['r-2', 0],
      ['r-3', 0],
      ['r-4', 0],
      ['r-5', 0],
    ]);
  });

  it('reports a finding that failed as a batch item failure, for SQS to deliver again', async () => {
    // Arrange
    const body = JSON.stringify(FindingSchema.parse({ findingId: 'f-1', source: 'aws-health', keyId: AWS_KEY_ID }));
    const runFinding = async () => {
      throw new Error('inventory unavailable');
    };

    // Act
    const result = await consumeWorkBatch(
      batchOf([body]),
      contextWith(() => 30_000),
      {
        sqs: sqs as never,
        queueUrls: [WORK],
        runFinding,
        runEvent: async () => undefined,
        deadLetter: async () => undefined,
      },
    );

    // Assert
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    expect(result.handled).toBe(0);
  });

  it('keeps a message that is not a finding on the dead-letter queue with its reason, and does not hand it back', async () => {
    // Arrange
    const handle = intake();

    // Act
    const result = (await handle(
      batchOf([JSON.stringify({ findingId: 'f-2' })]),
      contextWith(() => 30_000),
    )) as Extract<EventResult, { status: 'batch' }>;

    // Assert
    expect(result.batchItemFailures).toEqual([]);
    const dead = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(dead.map((d) => d.QueueUrl)).toEqual([DLQ]);
    expect(dead[0]?.MessageAttributes?.errorIssues?.StringValue).toContain('fingerprint, keyId or keyHint');
  });
});

describe('a mass event with malformed entries', () => {
  it('handles the good entries and sends each malformed one to the dead-letter queue with its reason', async () => {
    // Arrange
    const handle = intake();
    const event = healthEvent([{ entityValue: AWS_KEY_ID }, { entityValue: 42 }, { somethingElse: true }]);

    // Act
    const result = await handle(event);

    // Assert
    expect(result).toMatchObject({ status: 'processed', rejected: 2 });
    expect(started.map((s) => s.secretName)).toEqual([SECRET]);
    const dead = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(dead).toHaveLength(2);
    expect(dead.map((d) => d.MessageAttributes?.errorIssues?.StringValue)).toEqual([
      expect.stringContaining('detail.affectedEntities.1.entityValue'),
      expect.stringContaining('detail.affectedEntities.2.entityValue'),
    ]);
    expect(dead.map((d) => d.MessageAttributes?.eventId?.StringValue)).toEqual([
      String((event as unknown as { id: string }).id),
      String((event as unknown as { id: string }).id),
    ]);
  });
});

describe('a Security Hub event with malformed findings', () => {
  it('handles the good finding and sends each malformed one to the dead-letter queue with its reason', async () => {
    // Arrange
    const handle = intake();
    const event = structuredClone(
      fixture<{ id: string; detail: { findings: Record<string, unknown>[] } }>('security-hub-iam-access-key.json'),
    );
    const good = event.detail.findings[0] ?? {};
    event.detail.findings = [
      { Id: 'no-resources', ProductArn: good.ProductArn, Resources: [] },
      good,
      { Id: 42, ProductArn: good.ProductArn },
    ];

    // Act
    const result = await handle(event);

    // Assert
    expect(result).toMatchObject({ status: 'processed', rejected: 2 });
    expect(started.map((s) => s.secretName)).toEqual([SECRET]);
    const dead = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(dead.map((d) => d.MessageAttributes?.errorIssues?.StringValue)).toEqual([
      expect.stringContaining('detail.findings.0.Resources'),
      expect.stringContaining('detail.findings.2.Id'),
    ]);
    expect(dead.map((d) => d.MessageAttributes?.eventId?.StringValue)).toEqual([event.id, event.id]);
  });
});

describe('the event queue (what the finding rules target)', () => {
  it('handles an event of few findings in the batch, with each result, and fans out one of many', async () => {
    // Arrange: one event naming the managed key, one naming eight keys.
    const handle = intake();
    const few = healthEvent([{ entityValue: AWS_KEY_ID }]);
    const many = healthEvent(keyIds(8).map((entityValue) => ({ entityValue })));

    // Act
    const result = (await handle(
      batchOf([JSON.stringify(few), JSON.stringify(many)], EVENTS_ARN),
      contextWith(() => 30_000),
    )) as Extract<EventResult, { status: 'batch' }>;

    // Assert: the first rotated at once, the second's findings queued on the work queue; both messages done.
    expect(result).toMatchObject({ status: 'batch', handled: 2, batchItemFailures: [] });
    const byMessage = Object.fromEntries(result.events.map((e) => [e.messageId, e.result.status]));
    expect(byMessage).toEqual({ 'm-0': 'processed', 'm-1': 'fanned-out' });
    expect(started.map((s) => s.secretName)).toEqual([SECRET]);
    expect(queuedBodies()).toHaveLength(8);
    expect(sqs.commandCalls(SendMessageBatchCommand).every((c) => c.args[0].input.QueueUrl === WORK)).toBe(true);
  });

  it('keeps an event that does not validate on the dead-letter queue with its reason, not handed back', async () => {
    // Arrange: an AWS Health event with no affected entities.
    const handle = intake();
    const bad = healthEvent([]);

    // Act
    const result = (await handle(
      batchOf([JSON.stringify(bad)], EVENTS_ARN),
      contextWith(() => 30_000),
    )) as Extract<EventResult, { status: 'batch' }>;

    // Assert
    expect(result.batchItemFailures).toEqual([]);
    expect(result.events.map((e) => e.result.status)).toEqual(['dead-lettered']);
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.QueueUrl)).toEqual([DLQ]);
    expect(started).toEqual([]);
  });

  it('hands back the events it has no time for on the event queue, not the work queue', async () => {
    // Arrange: time for none.
    const bodies = [JSON.stringify(healthEvent([{ entityValue: AWS_KEY_ID }]))];

    // Act
    const result = await consumeWorkBatch(
      batchOf(bodies, EVENTS_ARN),
      contextWith(() => 1_000),
      {
        sqs: sqs as never,
        queueUrls: [WORK, EVENTS],
        runFinding: async () => ({}),
        runEvent: async () => undefined,
        deadLetter: async () => undefined,
      },
    );

    // Assert
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    const calls = sqs.commandCalls(ChangeMessageVisibilityBatchCommand).map((c) => c.args[0].input.QueueUrl);
    expect(calls).toEqual([EVENTS]);
  });

  it('reports an event whose handling failed as a batch item failure, for SQS to deliver again', async () => {
    // Arrange
    const body = JSON.stringify(healthEvent([{ entityValue: AWS_KEY_ID }]));

    // Act
    const result = await consumeWorkBatch(
      batchOf([body], EVENTS_ARN),
      contextWith(() => 30_000),
      {
        sqs: sqs as never,
        queueUrls: [WORK, EVENTS],
        runFinding: async () => ({}),
        runEvent: async () => {
          throw new Error('inventory unavailable');
        },
        deadLetter: async () => undefined,
      },
    );

    // Assert
    expect(result).toMatchObject({ handled: 0, batchItemFailures: [{ itemIdentifier: 'm-0' }], events: [] });
  });
});
