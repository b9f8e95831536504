import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { InvalidEventError } from '../common/errors';
import { logger } from '../common/logger';
import { publishOpsAlert } from '../common/notify';
import { FanOutNotConfiguredError, type HandBackLimitError, UnmatchedFindingError } from './errors';
import { consumeWorkBatch, FAN_OUT_THRESHOLD, isWorkQueueBatch, sendFindings, type WorkBatchResult } from './fan-out';
import { type Finding, findingKey } from './finding';
import { type FindingResult, handleFinding, type IntakeDeps } from './intake';
import type { FindingLog } from './records';
import { sendToDeadLetters } from './records';
import { type IgnoredItem, normaliseEvent } from './sources';

/**
 * Duplicates of one finding (EventBridge delivers at least once, GitHub retries, scanners re-report) rotate once:
 * Powertools Idempotency, its records in the inventory table under one partition (`pk = IDEMPOTENCY`), expiring with
 * the table's TTL attribute.
 *
 * The key is a SHA-256 over the finding's identity and everything it is matched and acted on by: source, finding
 * id, fingerprint, key id, key hint, secret type and the abuse flag. A finding id alone would let anyone who can
 * put one finding pre-empt the real one: a forged finding for the next GitHub alert number with a random fingerprint
 * would be remembered, and the real alert answered "duplicate". With the content in the key, the real alert is a
 * different record. An unmatched finding is never stored as done (UnmatchedFindingError), so it cannot block the
 * same finding's later delivery either.
 */
export const IDEMPOTENCY = {
  staticPkValue: 'IDEMPOTENCY',
  keyPrefix: 'rekey-intake',
  eventKeyJmesPath: '[source, findingId, fingerprint, keyId, keyHint, secretType, abuse]',
  hashFunction: 'sha256',
  /** A re-report within a day returns the first result; a later one finds the exposed key no longer current. */
  expiresAfterSeconds: 24 * 3600,
} as const;

/** The idempotency store: the inventory table (pk/sk), its TTL attribute `expiresAt`. */
export function inventoryPersistence(client: DynamoDBClient, tableName: string): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: IDEMPOTENCY.staticPkValue,
    expiryAttr: 'expiresAt',
    awsSdkV3Client: client,
  });
}

export interface IntakeRuntime extends IntakeDeps {
  readonly persistence: BasePersistenceLayer;
  /** Where each finding and its outcome are recorded. @default - not recorded beyond the key versions */
  readonly findingLog?: FindingLog;
  /** With `deadLetterQueueUrl`: invalid events go to the DLQ at once. @default - invalid events throw (Lambda retries the async event twice, then puts it on the function's DLQ) */
  readonly sqs?: SQSClient;
  readonly deadLetterQueueUrl?: string;
  /**
   * With `sqs`: an event with more than FAN_OUT_THRESHOLD findings puts each on this queue, and the intake consumes
   * it (SQS event source). @default - every finding is handled in the invocation that received its event
   */
  readonly workQueueUrl?: string;
  /** The queue the finding rules target (whole events; SQS event source), to hand back what a batch has no time for. @default - none */
  readonly eventQueueUrl?: string;
  /** Security Hub products whose findings are taken. @default - AWS's own (see NormaliseOptions) */
  readonly securityHubProductArns?: readonly string[];
}

export interface ProcessedFinding extends FindingResult {
  /** Set when this was a duplicate: `completed` returns the first result, `in-progress` defers to the running one. */
  readonly duplicate?: 'completed' | 'in-progress';
}

export type EventResult =
  | {
      readonly status: 'processed';
      readonly findings: readonly ProcessedFinding[];
      readonly ignored: readonly IgnoredItem[];
      /** Entries sent to the dead-letter queue, each with its reason. */
      readonly rejected: number;
    }
  | {
      readonly status: 'fanned-out';
      /** Findings put on the work queue, one message each. */
      readonly queued: number;
      readonly ignored: readonly IgnoredItem[];
      readonly rejected: number;
    }
  | { readonly status: 'dead-lettered'; readonly error: string }
  | WorkBatchResult<EventResult>;

/** A Lambda context for in-process runs: in-progress idempotency records expire as they would after a 30 s timeout. */
const LOCAL_CONTEXT = { getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

/**
 * The intake for one EventBridge event: normalise it at the edge (one normaliser per source), then handle each
 * finding it carries exactly once. An event that does not validate is a typed error: sent to the dead-letter
 * queue and reported on the ops topic, or thrown where no queue is configured.
 */
export function createIntake(runtime: IntakeRuntime): (event: unknown, context?: Context) => Promise<EventResult> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: IDEMPOTENCY.eventKeyJmesPath,
    hashFunction: IDEMPOTENCY.hashFunction,
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY.expiresAfterSeconds,
    responseHook: (response) => ({ ...(response as object), duplicate: 'completed' }),
  });
  const processFinding = makeIdempotent(
    async (finding: Finding): Promise<FindingResult> => {
      const result = await handleFinding(finding, runtime);
      await runtime.findingLog?.record(finding, result);
      // Powertools deletes the record of a step that throws: an unmatched finding is handled afresh next time.
      if (isUnmatched(result)) throw new UnmatchedFindingError(result);
      return result;
    },
    { persistenceStore: runtime.persistence, config, keyPrefix: IDEMPOTENCY.keyPrefix },
  );

  /** One finding, exactly once: a duplicate returns the first result, or defers to the delivery still running. */
  const runFinding = async (finding: Finding): Promise<ProcessedFinding> => {
    try {
      return (await processFinding(finding)) as ProcessedFinding;
    } catch (err) {
      if (err instanceof UnmatchedFindingError) return err.result;
      // The running invocation owns the finding; if it fails, its event or message is delivered again.
      if (!(err instanceof IdempotencyAlreadyInProgressError)) throw err;
      logger.info('duplicate finding: first delivery still in progress', { findingKey: findingKey(finding) });
      return { findingKey: findingKey(finding), ambiguous: false, outcomes: [], duplicate: 'in-progress' };
    }
  };

  const handleEvent = async (event: unknown): Promise<EventResult> => {
    let normalised: ReturnType<typeof normaliseEvent>;
    try {
      normalised = normaliseEvent(event, { securityHubProductArns: runtime.securityHubProductArns });
    } catch (err) {
      if (!(err instanceof InvalidEventError)) throw err;
      return deadLetter(event, err, runtime);
    }
    for (const item of normalised.ignored) logger.info('finding ignored', { ref: item.ref, reason: item.reason });
    for (const entry of normalised.rejected ?? []) await deadLetterEntry(entry.entry, entry.error, runtime, event);
    // Many findings (a mass exposure): one message each on the work queue, handled by bounded-parallel workers.
    if (runtime.sqs && runtime.workQueueUrl && normalised.findings.length > FAN_OUT_THRESHOLD) {
      const queued = await sendFindings(runtime.sqs, runtime.workQueueUrl, normalised.findings);
      return { status: 'fanned-out', queued, ignored: normalised.ignored, rejected: normalised.rejected?.length ?? 0 };
    }
    const findings: ProcessedFinding[] = [];
    for (const finding of normalised.findings) findings.push(await runFinding(finding));
    return { status: 'processed', findings, ignored: normalised.ignored, rejected: normalised.rejected?.length ?? 0 };
  };

  return async (event, context) => {
    config.registerLambdaContext(context ?? LOCAL_CONTEXT);
    if (isWorkQueueBatch(event)) {
      if (!runtime.sqs || !runtime.workQueueUrl) throw new FanOutNotConfiguredError();
      return consumeWorkBatch(event, context ?? LOCAL_CONTEXT, {
        sqs: runtime.sqs,
        workQueueUrl: runtime.workQueueUrl,
        queueUrls: [runtime.workQueueUrl, runtime.eventQueueUrl].filter((u): u is string => u !== undefined),
        runFinding,
        runEvent: handleEvent,
        deadLetter: (body, error) => deadLetterEntry(body, error, runtime),
      });
    }
    return handleEvent(event);
  };
}

/**
 * One bad entry of an event whose other entries are good (a Security Hub batch with one malformed finding), or a
 * work-queue message put back too often: kept on the dead-letter queue with its reason, the rest handled.
 */
async function deadLetterEntry(
  entry: unknown,
  err: InvalidEventError | HandBackLimitError,
  runtime: IntakeRuntime,
  from?: unknown,
): Promise<void> {
  if (err instanceof InvalidEventError) {
    logger.error('event entry is not a finding rekey can take', {
      errorName: err.name,
      issues: err.issues.slice(0, 10),
    });
  }
  if (!runtime.sqs || !runtime.deadLetterQueueUrl) throw err;
  await sendToDeadLetters(runtime.sqs, runtime.deadLetterQueueUrl, entry, err, from);
}

async function deadLetter(event: unknown, err: InvalidEventError, runtime: IntakeRuntime): Promise<EventResult> {
  const head = (event ?? {}) as { id?: unknown; source?: unknown; 'detail-type'?: unknown };
  logger.error('event is not a finding rekey can take', {
    errorName: err.name,
    eventId: String(head.id ?? ''),
    eventSource: String(head.source ?? ''),
    issues: err.issues.slice(0, 10),
  });
  if (!runtime.sqs || !runtime.deadLetterQueueUrl) throw err;
  await sendToDeadLetters(runtime.sqs, runtime.deadLetterQueueUrl, event, err);
  await publishOpsAlert(runtime.sns, runtime.opsTopicArn, {
    kind: 'invalid-event',
    summary: `an event from ${String(head.source ?? 'an unknown source').slice(0, 64)} is not a finding rekey can take; kept on the intake dead-letter queue`,
    details: {
      error: err.name,
      eventId: String(head.id ?? ''),
      detailType: String(head['detail-type'] ?? ''),
      issues: err.issues.slice(0, 5).join('; '),
    },
  });
  return { status: 'dead-lettered', error: err.name };
}

/** True when the finding named no managed key (the ops topic has been told). */
function isUnmatched(result: FindingResult): boolean {
  return result.outcomes.length > 0 && result.outcomes.every((o) => o.action === 'unmatched');
}
