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
import { INTAKE_TIMEOUT_SECONDS } from '../../../contract/intake';
import { RateLimitBacklogError } from '../../../lambdas/common/rate-limit';
import { HandBackLimitError } from '../../../lambdas/intake/errors';
import { consumeWorkBatch, HAND_BACKS_ATTRIBUTE, MAX_HAND_BACKS } from '../../../lambdas/intake/fan-out';
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

/** `n` findings as the fan-out queues them, one per message, with the attribute it sets. */
const findingBodies = (n: number) =>
  keyIds(n).map((keyId, i) =>
    JSON.stringify(FindingSchema.parse({ findingId: `f-${i}`, source: 'aws-health', keyId })),
  );

/** consumeWorkBatch's dependencies: every finding and event handled, unless the test says otherwise. */
const deps = (over: Partial<Parameters<typeof consumeWorkBatch>[2]>): Parameters<typeof consumeWorkBatch>[2] => ({
  sqs: sqs as never,
  workQueueUrl: WORK,
  queueUrls: [WORK],
  runFinding: async () => ({}),
  runEvent: async () => undefined,
  deadLetter: async () => undefined,
  ...over,
});

/** What the intake sent to SQS in batches (put back, or fanned out). */
const sentEntries = () => sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);

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
  it('puts the findings it has no time for back on the work queue as new messages, and handles the rest', async () => {
    // Arrange: time for two findings, then under the reserve.
    const bodies = findingBodies(6);
    let ran = 0;
    const runFinding = async () => {
      ran += 1;
      return {};
    };

    const batch = batchOf(bodies);
    for (const r of batch.Records) {
      r.messageAttributes = { findingSource: { dataType: 'String', stringValue: 'aws-health' } } as never;
    }

    // Act
    const result = await consumeWorkBatch(
      batch,
      contextWith(() => (ran < 2 ? 30_000 : 4_000)),
      deps({ runFinding }),
    );

    // Assert: the four are sent again with their counter at 1, at once, and reported done (no receive used up).
    expect(result).toMatchObject({ handled: 2, putBack: 4, batchItemFailures: [] });
    const sent = sentEntries();
    expect(sent.map((e) => e.MessageBody)).toEqual(bodies.slice(2));
    expect(sent.map((e) => [e.DelaySeconds, e.MessageAttributes?.[HAND_BACKS_ATTRIBUTE]?.StringValue])).toEqual(
      Array.from({ length: 4 }, () => [0, '1']),
    );
    expect(sent.map((e) => e.MessageAttributes?.findingSource?.StringValue)).toEqual(
      Array.from({ length: 4 }, () => 'aws-health'),
    );
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.QueueUrl)).toEqual([WORK]);
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand)).toHaveLength(0);
  });

  it('puts a finding back when its rate slot would come too late, to come again about when one is free', async () => {
    // Arrange
    const runFinding = async () => {
      throw new RateLimitBacklogError('secretsmanager:rotation', 41_200);
    };

    // Act
    const result = await consumeWorkBatch(
      batchOf(findingBodies(1)),
      contextWith(() => 30_000),
      deps({ runFinding }),
    );

    // Assert
    expect(result).toMatchObject({ handled: 0, putBack: 1, batchItemFailures: [] });
    expect(sentEntries().map((e) => e.DelaySeconds)).toEqual([42]);
  });

  it('puts a finding that another delivery is running back for as long as an intake invocation lasts', async () => {
    // Arrange
    const runFinding = async () => ({ duplicate: 'in-progress' as const });

    // Act
    const result = await consumeWorkBatch(
      batchOf(findingBodies(1)),
      contextWith(() => 30_000),
      deps({ runFinding }),
    );

    // Assert
    expect(result).toMatchObject({ handled: 0, putBack: 1, batchItemFailures: [] });
    expect(sentEntries().map((e) => e.DelaySeconds)).toEqual([INTAKE_TIMEOUT_SECONDS]);
  });

  it('counts each hand-back, and keeps a message put back too often on the dead-letter queue with its reason', async () => {
    // Arrange: one message put back 3 times before, one MAX_HAND_BACKS times.
    const batch = batchOf(findingBodies(2));
    const counts = [3, MAX_HAND_BACKS];
    batch.Records.forEach((r, i) => {
      r.messageAttributes = { [HAND_BACKS_ATTRIBUTE]: { dataType: 'Number', stringValue: String(counts[i]) } } as never;
    });
    const dead: { body: unknown; error: Error }[] = [];

    // Act
    const result = await consumeWorkBatch(
      batch,
      contextWith(() => 1_000),
      deps({ deadLetter: async (body, error) => void dead.push({ body, error }) }),
    );

    // Assert
    expect(result).toMatchObject({ putBack: 1, batchItemFailures: [] });
    expect(sentEntries().map((e) => e.MessageAttributes?.[HAND_BACKS_ATTRIBUTE]?.StringValue)).toEqual(['4']);
    expect(dead.map((d) => d.body)).toEqual([batch.Records[1]?.body]);
    expect(dead[0]?.error).toBeInstanceOf(HandBackLimitError);
    expect(dead[0]?.error.message).toContain(`${MAX_HAND_BACKS} times`);
    expect(dead[0]?.error.message).toContain('no time left');
  });

  it('hands a message SQS would not take again back as a batch item failure, visible again at once', async () => {
    // Arrange: SQS refuses the second entry.
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '0', MessageId: 'n', MD5OfMessageBody: '' }],
      Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }],
    });

    // Act
    const result = await consumeWorkBatch(
      batchOf(findingBodies(2)),
      contextWith(() => 1_000),
      deps({}),
    );

    // Assert
    expect(result).toMatchObject({ putBack: 1, batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    const visible = sqs.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(visible.map((e) => [e.ReceiptHandle, e.VisibilityTimeout])).toEqual([['r-1', 0]]);
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
        workQueueUrl: WORK,
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

  it('puts the events it has no time for on the work queue, whose many workers take them as they take findings', async () => {
    // Arrange: time for none.
    const bodies = [JSON.stringify(healthEvent([{ entityValue: AWS_KEY_ID }]))];

    // Act
    const result = await consumeWorkBatch(
      batchOf(bodies, EVENTS_ARN),
      contextWith(() => 1_000),
      deps({ queueUrls: [WORK, EVENTS] }),
    );

    // Assert: the intake sends only to the work queue (the finding rules alone write the event queue).
    expect(result).toMatchObject({ putBack: 1, batchItemFailures: [] });
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.QueueUrl)).toEqual([WORK]);
    expect(sentEntries().map((e) => e.MessageBody)).toEqual(bodies);
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand)).toHaveLength(0);
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
        workQueueUrl: WORK,
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
