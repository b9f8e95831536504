import { setTimeout as delay } from 'node:timers/promises';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalPrincipal } from '../../../local/emulator/iam/account';
import type { LocalFunction } from '../../../local/emulator/lambda/invoke';
import { type SqsEventSourceMapping, SqsPoller } from '../../../local/emulator/lambda/sqs-event-source';
import { type Moto, startMoto } from '../../support/moto';

/**
 * The local SQS event source mapping's rules, against moto's queues (redrive is the queue's own): batch size,
 * maximum concurrency within reserved concurrency, partial batch responses, a timed-out batch delivered again after
 * the visibility timeout, and redrive after maxReceiveCount. The stack's own mapping (the intake's work queue) runs
 * under IAM in bench/mass-exposure.ts and test/integration/local/shared-rate-limit.test.ts's environment.
 */
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let moto: Moto;
let sqs: SQSClient;
const pollers: SqsPoller[] = [];

beforeAll(async () => {
  moto = await startMoto();
  sqs = new SQSClient({ endpoint: moto.endpoint, region: REGION, credentials });
});
afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  await moto?.stop();
});
beforeEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
  await moto.reset();
});

async function queues(visibilitySeconds: number, maxReceiveCount: number) {
  const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'dlq' }))).QueueUrl ?? '';
  const dlqArn =
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes
      ?.QueueArn ?? '';
  const work =
    (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'work',
          Attributes: {
            VisibilityTimeout: String(visibilitySeconds),
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
          },
        }),
      )
    ).QueueUrl ?? '';
  return { work, dlq };
}

async function send(queueUrl: string, bodies: readonly string[]) {
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody })),
      }),
    );
  }
}

function fn(
  handler: (event: SQSEvent) => Promise<unknown>,
  options: { timeoutMs?: number; reservedConcurrency?: number } = {},
): LocalFunction {
  return {
    id: 'worker',
    logicalId: 'Worker',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:worker',
    timeoutMs: options.timeoutMs ?? 5_000,
    ...(options.reservedConcurrency !== undefined ? { reservedConcurrency: options.reservedConcurrency } : {}),
    role: { credentials } as unknown as LocalPrincipal,
    handler: handler as LocalFunction['handler'],
  };
}

async function poll(
  queueUrl: string,
  worker: LocalFunction,
  mapping: Partial<SqsEventSourceMapping> = {},
): Promise<SqsPoller> {
  const poller = new SqsPoller({
    mapping: {
      logicalId: 'Mapping',
      functionLogicalId: 'Worker',
      queueUrl,
      batchSize: 10,
      reportBatchItemFailures: true,
      ...mapping,
    },
    fn: worker,
    endpoint: moto.endpoint,
    directEndpoint: moto.endpoint,
    region: REGION,
    idlePollMs: 20,
  });
  pollers.push(poller);
  await poller.start();
  return poller;
}

async function depth(queueUrl: string): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

describe('the local SQS event source mapping', () => {
  it('delivers batches of at most BatchSize, never more invocations at once than MaximumConcurrency', async () => {
    // Arrange
    const { work } = await queues(30, 5);
    await send(
      work,
      Array.from({ length: 40 }, (_, i) => `m-${i}`),
    );
    const sizes: number[] = [];
    let running = 0;
    let peak = 0;
    const worker = fn(async (event) => {
      running += 1;
      peak = Math.max(peak, running);
      sizes.push(event.Records.length);
      await delay(100);
      running -= 1;
      return { batchItemFailures: [] };
    });

    // Act
    const poller = await poll(work, worker, { batchSize: 4, maximumConcurrency: 3 });
    await poller.idle(50);

    // Assert
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(40);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
    expect(await depth(work)).toBe(0);
  });

  it("runs no more pollers than the function's reserved concurrency", async () => {
    // Arrange
    const { work } = await queues(30, 5);
    const worker = fn(async () => ({ batchItemFailures: [] }), { reservedConcurrency: 2 });

    // Act
    const poller = await poll(work, worker, { maximumConcurrency: 10 });

    // Assert
    expect(poller.concurrency).toBe(2);
  });

  it('deletes a batch but the messages its response names, which come back after the visibility timeout', async () => {
    // Arrange
    const { work } = await queues(2, 5);
    await send(work, ['ok-1', 'fail-once', 'ok-2']);
    const seen: string[] = [];
    const worker = fn(async (event) => {
      const failures = event.Records.filter((r) => r.body === 'fail-once' && !seen.includes(r.body));
      seen.push(...event.Records.map((r) => r.body));
      return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.messageId })) };
    });

    // Act
    const poller = await poll(work, worker);
    await poller.idle(50);

    // Assert: handed back once, then done (SQS delivers at least once, so a slow delete may see one more delivery).
    expect(seen.filter((b) => b === 'fail-once').length).toBeGreaterThanOrEqual(2);
    expect(seen).toContain('ok-1');
    expect(seen).toContain('ok-2');
    expect(poller.counts.handedBack).toBe(1);
    expect(await depth(work)).toBe(0);
  });

  it('leaves a batch whose invocation timed out on the queue, and the queue redrives it after maxReceiveCount', async () => {
    // Arrange
    const { work, dlq } = await queues(1, 2);
    await send(work, ['slow']);
    const worker = fn(() => delay(2_000).then(() => ({ batchItemFailures: [] })), { timeoutMs: 200 });

    // Act: two timed-out deliveries, then the third receive finds it on the dead-letter queue.
    const poller = await poll(work, worker);
    for (let i = 0; i < 100 && (await depth(dlq)) === 0; i++) await delay(100);

    // Assert
    expect(poller.counts.failedBatches).toBeGreaterThanOrEqual(2);
    expect(poller.counts.deleted).toBe(0);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10 }));
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['slow']);
  });
});
