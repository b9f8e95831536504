import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetNotification } from '../../../packages/client/src/notification';
import { sqsSource } from '../../../packages/client/src/sources/sqs';
import type { ChangeSource, SecretSink } from '../../../packages/client/src/sources/types';
import { ManualClock } from './support/manual-clock';
import { memoryLogger } from './support/memory-logger';

const sqs = mockClient(SQSClient);
const queueUrl = 'http://127.0.0.1:1/123456789012/fleet-support';
const started: Array<[ChangeSource, SecretSink]> = [];

const notification: FleetNotification = {
  event: 'rotated',
  secretName: 'rekey/agents/support',
  versionId: 'v2',
  previousVersionId: 'v1',
  mode: 'scheduled',
  at: '2026-11-25T10:00:00.000Z',
};

function recordingSink(): SecretSink & { received: FleetNotification[] } {
  const received: FleetNotification[] = [];
  return { received, notify: (n) => void received.push(n), invalidate: () => undefined };
}

function start(logger = memoryLogger()) {
  const source = sqsSource({
    client: new SQSClient({}),
    queueUrl,
    clock: new ManualClock(),
    logger,
    waitTimeSeconds: 1,
  });
  const sink = recordingSink();
  source.attach(sink);
  started.push([source, sink]);
  return { sink, logger };
}

function deletedHandles(): string[] {
  return sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle ?? '');
}

beforeEach(() => {
  sqs.reset();
  sqs.on(DeleteMessageCommand).resolves({});
});

afterEach(async () => {
  await Promise.all(started.splice(0).map(([source, sink]) => source.detach(sink)));
});

describe('sqsSource', () => {
  it('long-polls the queue and hands a raw-delivery notification to the attached secrets, then deletes it', async () => {
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: 'm1', ReceiptHandle: 'h1', Body: JSON.stringify(notification) }] })
      .resolves({});

    const { sink } = start();
    await vi.waitFor(() => expect(deletedHandles()).toEqual(['h1']));

    expect(sink.received).toEqual([notification]);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]?.args[0].input).toMatchObject({
      QueueUrl: queueUrl,
      WaitTimeSeconds: 1,
      MessageAttributeNames: ['All'],
    });
  });

  it('accepts the SNS envelope form as well', async () => {
    const envelope = {
      Type: 'Notification',
      MessageId: 'sns-1',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:rekey-fleet',
      Message: JSON.stringify(notification),
      Timestamp: '2026-11-25T10:00:00.000Z',
    };
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: 'm1', ReceiptHandle: 'h1', Body: JSON.stringify(envelope) }] })
      .resolves({});

    const { sink } = start();
    await vi.waitFor(() => expect(deletedHandles()).toEqual(['h1']));

    expect(sink.received).toEqual([notification]);
  });

  it('logs malformed messages by id only and deletes them', async () => {
    const canary = 'sk-ant-api03-CANARYmalformedbody0000000000000000AA';
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          { MessageId: 'bad-json', ReceiptHandle: 'h1', Body: `not json ${canary}` },
          { MessageId: 'bad-shape', ReceiptHandle: 'h2', Body: JSON.stringify({ event: 'rotated', apiKey: canary }) },
        ],
      })
      .resolves({});

    const { sink, logger } = start();
    await vi.waitFor(() => expect(deletedHandles()).toEqual(['h1', 'h2']));

    expect(sink.received).toEqual([]);
    expect(logger.entries.filter((e) => e.msg.includes('malformed')).map((e) => e.obj.messageId)).toEqual([
      'bad-json',
      'bad-shape',
    ]);
    expect(logger.text()).not.toContain('CANARY');
  });

  it('keeps polling after ReceiveMessage fails, and logs the failure', async () => {
    sqs
      .on(ReceiveMessageCommand)
      .rejectsOnce(Object.assign(new Error('Access to the resource is denied'), { name: 'AccessDenied' }))
      .resolves({});
    const clock = new ManualClock();
    const logger = memoryLogger();
    const source = sqsSource({ client: new SQSClient({}), queueUrl, clock, logger, random: () => 0.5 });
    const sink = recordingSink();
    source.attach(sink);
    started.push([source, sink]);

    await vi.waitFor(() => expect(logger.entries.some((e) => e.msg === 'ReceiveMessage failed')).toBe(true));
    await clock.advance(1000);

    expect(sqs.commandCalls(ReceiveMessageCommand).length).toBeGreaterThanOrEqual(2);
  });

  it('runs one poller for all attached secrets and stops when the last one detaches', async () => {
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: 'm1', ReceiptHandle: 'h1', Body: JSON.stringify(notification) }] })
      .resolves({});
    const source = sqsSource({ client: new SQSClient({}), queueUrl, clock: new ManualClock(), logger: memoryLogger() });
    const a = recordingSink();
    const b = recordingSink();
    source.attach(a);
    source.attach(b);
    await vi.waitFor(() => expect(deletedHandles()).toEqual(['h1']));

    await source.detach(a);
    await source.detach(b);
    const callsAfterStop = sqs.commandCalls(ReceiveMessageCommand).length;
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(a.received).toEqual([notification]);
    expect(b.received).toEqual([notification]);
    expect(sqs.commandCalls(ReceiveMessageCommand).length).toBe(callsAfterStop);
  });
});
