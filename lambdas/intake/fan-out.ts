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

export interface WorkBatchResult {
  readonly status: 'batch';
  readonly handled: number;
  /** Messages handed back: not started for lack of time, or failed (SQS delivers them again, then redrives). */
  readonly batchItemFailures: readonly SQSBatchItemFailure[];
}

interface WorkBatchDeps {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly runFinding: (finding: Finding) => Promise<{ readonly duplicate?: 'completed' | 'in-progress' }>;
  /** Keeps a message that is not a finding on the dead-letter queue with its reason. */
  readonly deadLetter: (body: unknown, error: MalformedFindingError) => Promise<void>;
}

/** One batch of the work queue: each finding once, within the invocation's time. */
export async function consumeWorkBatch(
  event: SQSEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  deps: WorkBatchDeps,
): Promise<WorkBatchResult> {
  const failures: SQSBatchItemFailure[] = [];
  const notStarted: SQSRecord[] = [];
  let slowest = 0;
  let handled = 0;
  const queue = [...event.Records];
  // Up to PARALLEL findings at once: a batch takes about as long as its slowest finding, not their sum.
  const worker = async () => {
    for (let record = queue.shift(); record; record = queue.shift()) {
      if (context.getRemainingTimeInMillis() < Math.max(RESERVE_MS, 2 * slowest)) {
        notStarted.push(record, ...queue.splice(0));
        return;
      }
      const finding = parseMessage(record);
      if (finding instanceof MalformedFindingError) {
        await deps.deadLetter(record.body, finding);
        continue;
      }
      const started = Date.now();
      try {
        const result = await deps.runFinding(finding);
        // Another delivery of the same finding is running: this one comes back later, to find it done.
        if (result.duplicate === 'in-progress') failures.push({ itemIdentifier: record.messageId });
        else handled += 1;
      } catch (err) {
        logger.error('finding failed; its message will be delivered again', {
          findingKey: findingKey(finding),
          errorName: (err as Error).name,
        });
        failures.push({ itemIdentifier: record.messageId });
      }
      slowest = Math.max(slowest, Date.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, event.Records.length) }, worker));
  if (notStarted.length > 0) {
    logger.info('handing back findings this invocation has no time for', { count: notStarted.length });
    await visibleAgain(deps.sqs, deps.queueUrl, notStarted);
    for (const record of notStarted) failures.push({ itemIdentifier: record.messageId });
  }
  return { status: 'batch', handled, batchItemFailures: failures };
}

function parseMessage(record: SQSRecord): Finding | MalformedFindingError {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return new MalformedFindingError('intake work queue', ['(root): message body is not JSON']);
  }
  const parsed = FindingSchema.safeParse(body);
  return parsed.success ? parsed.data : new MalformedFindingError('intake work queue', issuesOf(parsed.error));
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
