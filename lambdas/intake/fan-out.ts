import {
  ChangeMessageVisibilityBatchCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchItemFailure, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../common/logger';
import { FanOutError, MalformedFindingError } from './errors';
import { type Finding, FindingSchema, findingKey } from './finding';
import { issuesOf } from './sources/types';

/**
 * A mass exposure in bounded parallel. An event naming more than a few keys (AWS Health lists every exposed access
 * key of an account in one event) is not handled in the invocation that received it: that one puts each finding on
 * the intake's work queue and returns. The intake consumes the queue through an SQS event source mapping whose
 * MaximumConcurrency bounds the workers; each worker handles the findings of its batch in parallel (PARALLEL at
 * once), starts one only while its remaining time allows, and hands back (as batch item failures, visible again
 * at once) those it will not start.
 *
 * Why not Powertools' batch processor: it reports failures, but it cannot stop before the deadline and hand back the
 * rest; the loop below is that, and nothing more.
 *
 * A message carries the normalised finding (fingerprint, key id or redacted hint, ids and times: FindingSchema
 * refuses a key), never a key.
 *
 * The finding rules target a second queue, the event queue, not the function: a burst of separate events (a
 * thousand GitHub alerts, one delivery each) waits there and is taken at its mapping's concurrency, where Lambda's
 * asynchronous queue would throttle the invocations beyond the reserved concurrency and retry them with backoff of
 * up to five minutes. Its messages are whole EventBridge events, handled by the same loop: each is normalised, and
 * its findings handled at once or fanned out to the work queue. The two mappings split the reserved concurrency, so
 * a mass exposure's backlog on the work queue never delays a new event.
 */

/** Findings an event may carry and still be handled in the invocation that received it. */
export const FAN_OUT_THRESHOLD = 5;

/** SendMessageBatch takes at most 10 entries. */
const SEND_BATCH = 10;
const SEND_ATTEMPTS = 3;

/**
 * Time kept back at the end of an invocation: a finding is started only while at least this much remains, or
 * twice the slowest finding of this invocation so far, whichever is more.
 */
export const RESERVE_MS = 5_000;

/**
 * Findings of one batch handled at once. The account-wide rate of their RotateSecret calls is the shared limiter's
 * (lambdas/common/rate-limit.ts), not this number's.
 */
export const PARALLEL = 10;

/** Puts each finding on the work queue (10 per call; entries SQS refuses are retried). Resolves with the count. */
export async function sendFindings(sqs: SQSClient, queueUrl: string, findings: readonly Finding[]): Promise<number> {
  let failed = 0;
  for (let start = 0; start < findings.length; start += SEND_BATCH) {
    let entries: SendMessageBatchRequestEntry[] = findings.slice(start, start + SEND_BATCH).map((finding, i) => ({
      Id: String(start + i),
      MessageBody: JSON.stringify(finding),
      MessageAttributes: { findingSource: { DataType: 'String', StringValue: finding.source } },
    }));
    for (let attempt = 1; entries.length > 0 && attempt <= SEND_ATTEMPTS; attempt++) {
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const retry = new Set((out.Failed ?? []).filter((f) => !f.SenderFault).map((f) => f.Id));
      failed += (out.Failed ?? []).filter((f) => f.SenderFault).length;
      entries = entries.filter((e) => retry.has(e.Id));
    }
    failed += entries.length;
  }
  if (failed > 0) throw new FanOutError(failed, findings.length);
  logger.info('findings fanned out', { queued: findings.length });
  return findings.length;
}

/** Whether an invocation is an SQS batch (the work queue's event source), not an EventBridge event. */
export function isWorkQueueBatch(event: unknown): event is SQSEvent {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) && records.length > 0 && (records[0] as SQSRecord)?.eventSource === 'aws:sqs';
}

export interface WorkBatchResult<E = unknown> {
  readonly status: 'batch';
  readonly handled: number;
  /** Messages handed back: not started for lack of time, or failed (SQS delivers them again, then redrives). */
  readonly batchItemFailures: readonly SQSBatchItemFailure[];
  /** What each EventBridge event of the batch came to (event queue messages only). */
  readonly events: readonly { readonly messageId: string; readonly result: E }[];
}

interface WorkBatchDeps<E> {
  readonly sqs: SQSClient;
  /** The queues' URLs, to hand messages back: a batch comes from the one whose name its records' ARN ends in. */
  readonly queueUrls: readonly string[];
  readonly runFinding: (finding: Finding) => Promise<{ readonly duplicate?: 'completed' | 'in-progress' }>;
  /** One EventBridge event from the event queue: normalised, then handled or fanned out. */
  readonly runEvent: (event: Record<string, unknown>) => Promise<E>;
  /** Keeps a message that is not a finding on the dead-letter queue with its reason. */
  readonly deadLetter: (body: unknown, error: MalformedFindingError) => Promise<void>;
}

/** The queue URL whose last segment (the queue's name) is the last field of the record's queue ARN. */
function queueUrlOf(record: SQSRecord | undefined, urls: readonly string[]): string | undefined {
  const name = record?.eventSourceARN?.split(':').pop();
  return urls.find((url) => url.split('/').pop() === name);
}

/** One batch of the work queue or the event queue: each message once, within the invocation's time. */
export async function consumeWorkBatch<E>(
  event: SQSEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  deps: WorkBatchDeps<E>,
): Promise<WorkBatchResult<E>> {
  const failures: SQSBatchItemFailure[] = [];
  const notStarted: SQSRecord[] = [];
  const events: { messageId: string; result: E }[] = [];
  let slowest = 0;
  let handled = 0;
  const queue = [...event.Records];
  const run = async (record: SQSRecord, message: Finding | Record<string, unknown>, isEvent: boolean) => {
    if (isEvent) {
      events.push({ messageId: record.messageId, result: await deps.runEvent(message as Record<string, unknown>) });
      return true;
    }
    // Another delivery of the same finding is running: this one comes back later, to find it done.
    return (await deps.runFinding(message as Finding)).duplicate !== 'in-progress';
  };
  // Up to PARALLEL messages at once: a batch takes about as long as its slowest message, not their sum.
  const worker = async () => {
    for (let record = queue.shift(); record; record = queue.shift()) {
      if (context.getRemainingTimeInMillis() < Math.max(RESERVE_MS, 2 * slowest)) {
        notStarted.push(record, ...queue.splice(0));
        return;
      }
      const message = parseMessage(record);
      if (message instanceof MalformedFindingError) {
        await deps.deadLetter(record.body, message);
        continue;
      }
      const isEvent = 'detail-type' in message;
      const started = Date.now();
      try {
        if (await run(record, message, isEvent)) handled += 1;
        else failures.push({ itemIdentifier: record.messageId });
      } catch (err) {
        logger.error(`${isEvent ? 'event' : 'finding'} failed; its message will be delivered again`, {
          ...(isEvent
            ? { eventId: String((message as { id?: unknown }).id ?? '') }
            : { findingKey: findingKey(message as Finding) }),
          errorName: (err as Error).name,
        });
        failures.push({ itemIdentifier: record.messageId });
      }
      slowest = Math.max(slowest, Date.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, event.Records.length) }, worker));
  if (notStarted.length > 0) {
    logger.info('handing back messages this invocation has no time for', { count: notStarted.length });
    const queueUrl = queueUrlOf(notStarted[0], deps.queueUrls);
    if (queueUrl) await visibleAgain(deps.sqs, queueUrl, notStarted);
    for (const record of notStarted) failures.push({ itemIdentifier: record.messageId });
  }
  return { status: 'batch', handled, batchItemFailures: failures, events };
}

/**
 * A message is a finding (the work queue's) or a whole EventBridge event (the event queue's, as an SQS target
 * delivers it: `detail-type`, `source`, `detail`); anything else is malformed. Either queue's policy admits only
 * its writers, and either kind is validated in full before it is acted on.
 */
function parseMessage(record: SQSRecord): Finding | Record<string, unknown> | MalformedFindingError {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return new MalformedFindingError('intake work queue', ['(root): message body is not JSON']);
  }
  if (isEventBridgeEvent(body)) return body;
  const parsed = FindingSchema.safeParse(body);
  return parsed.success ? parsed.data : new MalformedFindingError('intake work queue', issuesOf(parsed.error));
}

/** An EventBridge event's envelope (its detail is validated by the source's normaliser). */
function isEventBridgeEvent(body: unknown): body is Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return typeof b['detail-type'] === 'string' && typeof b.source === 'string' && 'detail' in b;
}

/**
 * Messages handed back for lack of time would stay invisible for the rest of the queue's visibility timeout; they
 * were never started, so another worker may take them at once. Best effort: if this fails, they come back later.
 */
async function visibleAgain(sqs: SQSClient, queueUrl: string, records: readonly SQSRecord[]): Promise<void> {
  for (let start = 0; start < records.length; start += SEND_BATCH) {
    const entries = records.slice(start, start + SEND_BATCH).map((r, i) => ({
      Id: String(start + i),
      ReceiptHandle: r.receiptHandle,
      VisibilityTimeout: 0,
    }));
    try {
      await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    } catch (err) {
      logger.warn('could not make handed-back findings visible again', { errorName: (err as Error).name });
    }
  }
}
