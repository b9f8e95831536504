import {
  ChangeMessageVisibilityBatchCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchItemFailure, SQSEvent, SQSRecord } from 'aws-lambda';
import { INTAKE_TIMEOUT_SECONDS } from '../../contract/intake';
import { thrownAt } from '../common/errors';
import { logger } from '../common/logger';
import { RateLimitBacklogError, withSlotDeadline } from '../common/rate-limit';
import { FanOutError, HandBackLimitError, MalformedFindingError } from './errors';
import { type Finding, FindingSchema, findingKey } from './finding';
import { issuesOf } from './sources/types';

/**
 * A mass exposure in bounded parallel. An event naming more than a few keys (AWS Health lists every exposed access
 * key of an account in one event) is not handled in the invocation that received it: that one puts each finding on
 * the intake's work queue and returns. The intake consumes the queue through an SQS event source mapping whose
 * MaximumConcurrency bounds the workers; each worker handles the findings of its batch in parallel (PARALLEL at
 * once), starts one only while its remaining time allows, and waits for a rate slot only while it has time to use
 * it.
 *
 * A message it does not handle for want of time or of a slot, or because another delivery of the same finding is
 * running, is put back: sent to the work queue again as a new message (with a delay where waiting helps), and the
 * one received reported done. It is not handed back as a batch item failure, because each of those uses up one of
 * the queue's receives before the dead-letter queue: while a mass exposure waits on the writes quota, a finding
 * never started would be dead-lettered after five. A counter attribute bounds the loop (MAX_HAND_BACKS). A message
 * whose handling failed is still a batch item failure, redelivered and then dead-lettered by the queue's policy.
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
 * a mass exposure's backlog on the work queue never delays a new event. An event put back goes to the work queue
 * too (either queue's messages are handled alike): only the finding rules write the event queue, and a burst of
 * events the event queue's few workers cannot start spills over to the work queue's many.
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

/** Times a message is put back on the work queue at most; then it is kept on the dead-letter queue instead. */
export const MAX_HAND_BACKS = 50;

/** The message attribute counting a message's hand-backs (only the intake writes the work queue). */
export const HAND_BACKS_ATTRIBUTE = 'handBacks';

/** The message attribute naming a finding's source (for a reader of the queue; the body is what is acted on). */
const SOURCE_ATTRIBUTE = 'findingSource';

/** SQS's longest DelaySeconds. */
const MAX_DELAY_SECONDS = 900;

/** Why a message was put back, and after how long it comes again. */
interface HandBack {
  readonly record: SQSRecord;
  readonly reason: 'no time left' | 'in progress elsewhere' | 'no rate slot in time';
  readonly delaySeconds: number;
}

/**
 * One SendMessageBatch (at most SEND_BATCH entries), sent again for the entries SQS failed on its own side, up to
 * SEND_ATTEMPTS in all. Resolves with the entries not sent (refused as the sender's fault, or failed every time);
 * a call that throws throws.
 */
async function sendBatch(
  sqs: SQSClient,
  queueUrl: string,
  entries: readonly SendMessageBatchRequestEntry[],
): Promise<SendMessageBatchRequestEntry[]> {
  const refused: SendMessageBatchRequestEntry[] = [];
  let pending = [...entries];
  for (let attempt = 1; pending.length > 0 && attempt <= SEND_ATTEMPTS; attempt++) {
    const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
    const failed = out.Failed ?? [];
    const senderFault = new Set(failed.filter((f) => f.SenderFault).map((f) => f.Id));
    const retry = new Set(failed.filter((f) => !f.SenderFault).map((f) => f.Id));
    refused.push(...pending.filter((e) => senderFault.has(e.Id)));
    pending = pending.filter((e) => retry.has(e.Id));
  }
  return [...refused, ...pending];
}

/** Puts each finding on the work queue (10 per call; entries SQS refuses are retried). Resolves with the count. */
export async function sendFindings(sqs: SQSClient, queueUrl: string, findings: readonly Finding[]): Promise<number> {
  let failed = 0;
  for (let start = 0; start < findings.length; start += SEND_BATCH) {
    const entries = findings.slice(start, start + SEND_BATCH).map((finding, i) => ({
      Id: String(start + i),
      MessageBody: JSON.stringify(finding),
      MessageAttributes: { [SOURCE_ATTRIBUTE]: { DataType: 'String', StringValue: finding.source } },
    }));
    failed += (await sendBatch(sqs, queueUrl, entries)).length;
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
  /** Messages put back on the work queue as new messages (no time, no slot in time, or in progress elsewhere). */
  readonly putBack: number;
  /**
   * Messages that failed, and those that could not be put back: SQS delivers them again, then redrives them to the
   * dead-letter queue.
   */
  readonly batchItemFailures: readonly SQSBatchItemFailure[];
  /** What each EventBridge event of the batch came to (event queue messages only). */
  readonly events: readonly { readonly messageId: string; readonly result: E }[];
}

interface WorkBatchDeps<E> {
  readonly sqs: SQSClient;
  /** Where messages are put back. */
  readonly workQueueUrl: string;
  /**
   * The queues' URLs, to make messages that could not be put back visible again: a batch comes from the one whose
   * name its records' ARN ends in.
   */
  readonly queueUrls: readonly string[];
  readonly runFinding: (finding: Finding) => Promise<{ readonly duplicate?: 'completed' | 'in-progress' }>;
  /** One EventBridge event from the event queue: normalised, then handled or fanned out. */
  readonly runEvent: (event: Record<string, unknown>) => Promise<E>;
  /** Keeps a message on the dead-letter queue with its reason: not a finding, or put back too often. */
  readonly deadLetter: (body: unknown, error: MalformedFindingError | HandBackLimitError) => Promise<void>;
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
  const handBacks: HandBack[] = [];
  const events: { messageId: string; result: E }[] = [];
  let slowest = 0;
  let handled = 0;
  const queue = [...event.Records];
  /** False when another delivery of the same finding is running: this one comes back later, to find it done. */
  const run = async (record: SQSRecord, message: Finding | Record<string, unknown>, isEvent: boolean) => {
    if (isEvent) {
      events.push({ messageId: record.messageId, result: await deps.runEvent(message as Record<string, unknown>) });
      return true;
    }
    return (await deps.runFinding(message as Finding)).duplicate !== 'in-progress';
  };
  // Up to PARALLEL messages at once: a batch takes about as long as its slowest message, not their sum.
  const worker = async () => {
    for (let record = queue.shift(); record; record = queue.shift()) {
      const remaining = context.getRemainingTimeInMillis();
      if (remaining < Math.max(RESERVE_MS, 2 * slowest)) {
        for (const r of [record, ...queue.splice(0)])
          handBacks.push({ record: r, reason: 'no time left', delaySeconds: 0 });
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
        // A rate slot is taken only if it comes while this invocation has time to use it.
        if (await withSlotDeadline(started + remaining - RESERVE_MS, () => run(record, message, isEvent))) handled += 1;
        else handBacks.push({ record, reason: 'in progress elsewhere', delaySeconds: INTAKE_TIMEOUT_SECONDS });
      } catch (err) {
        if (err instanceof RateLimitBacklogError) {
          // No slot was taken: the message comes again about when one is free.
          handBacks.push({ record, reason: 'no rate slot in time', delaySeconds: Math.ceil(err.retryAfterMs / 1000) });
        } else {
          logger.error(`${isEvent ? 'event' : 'finding'} failed; its message will be delivered again`, {
            ...(isEvent
              ? { eventId: String((message as { id?: unknown }).id ?? '') }
              : { findingKey: findingKey(message as Finding) }),
            errorName: (err as Error).name,
            thrownAt: thrownAt(err),
          });
          failures.push({ itemIdentifier: record.messageId });
        }
      }
      slowest = Math.max(slowest, Date.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, event.Records.length) }, worker));
  const { sent, notPutBack } = await putBack(deps, handBacks);
  if (notPutBack.length > 0) {
    const queueUrl = queueUrlOf(notPutBack[0], deps.queueUrls);
    if (queueUrl) await visibleAgain(deps.sqs, queueUrl, notPutBack);
    for (const record of notPutBack) failures.push({ itemIdentifier: record.messageId });
  }
  return {
    status: 'batch',
    handled,
    putBack: sent,
    batchItemFailures: failures,
    events,
  };
}

/** How often a message was put back before (its counter attribute; a message the rules sent has none). */
function handBacksOf(record: SQSRecord): number {
  const n = Number(record.messageAttributes?.[HAND_BACKS_ATTRIBUTE]?.stringValue ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * Sends each message handed back to the work queue again (entries SQS fails on its side are retried, as the fan-out's
 * are), its body as received and its counter one up, and keeps
 * one put back MAX_HAND_BACKS times on the dead-letter queue. Resolves with the count sent and the records neither
 * sent nor kept: those are handed back to SQS as batch item failures instead.
 */
async function putBack<E>(
  deps: WorkBatchDeps<E>,
  handBacks: readonly HandBack[],
): Promise<{ sent: number; notPutBack: SQSRecord[] }> {
  if (handBacks.length === 0) return { sent: 0, notPutBack: [] };
  let sent = 0;
  const notPutBack: SQSRecord[] = [];
  const toSend: { entry: SendMessageBatchRequestEntry; record: SQSRecord }[] = [];
  for (const { record, reason, delaySeconds } of handBacks) {
    const count = handBacksOf(record) + 1;
    if (count > MAX_HAND_BACKS) {
      logger.error('message put back too often; kept on the dead-letter queue', {
        messageId: record.messageId,
        reason,
      });
      try {
        await deps.deadLetter(record.body, new HandBackLimitError(count - 1, reason));
      } catch (err) {
        logger.warn('could not keep the message on the dead-letter queue', { errorName: (err as Error).name });
        notPutBack.push(record);
      }
      continue;
    }
    const source = record.messageAttributes?.[SOURCE_ATTRIBUTE]?.stringValue;
    toSend.push({
      record,
      entry: {
        Id: String(toSend.length),
        MessageBody: record.body,
        DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, delaySeconds)),
        MessageAttributes: {
          [HAND_BACKS_ATTRIBUTE]: { DataType: 'Number', StringValue: String(count) },
          ...(source ? { [SOURCE_ATTRIBUTE]: { DataType: 'String', StringValue: source } } : {}),
        },
      },
    });
  }
  for (let start = 0; start < toSend.length; start += SEND_BATCH) {
    const chunk = toSend.slice(start, start + SEND_BATCH);
    try {
      const unsent = new Set(
        (
          await sendBatch(
            deps.sqs,
            deps.workQueueUrl,
            chunk.map((c) => c.entry),
          )
        ).map((e) => e.Id),
      );
      for (const c of chunk) {
        if (unsent.has(c.entry.Id)) notPutBack.push(c.record);
        else sent += 1;
      }
    } catch (err) {
      logger.warn('could not put messages back on the work queue', { errorName: (err as Error).name });
      notPutBack.push(...chunk.map((c) => c.record));
    }
  }
  const reasons: Record<string, number> = {};
  for (const h of handBacks) reasons[h.reason] = (reasons[h.reason] ?? 0) + 1;
  logger.info('messages put back on the work queue', { count: sent, reasons });
  return { sent, notPutBack };
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
 * Messages that could not be put back would stay invisible for the rest of the queue's visibility timeout; they
 * were never handled, so another worker may take them at once. Best effort: if this fails, they come back later.
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
