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
import { type Finding, findingKey } from './finding';
import { type FindingResult, handleFinding, type IntakeDeps } from './intake';
import type { FindingLog } from './records';
import { sendToDeadLetters } from './records';
import { type IgnoredItem, normaliseEvent } from './sources';

/**
 * Duplicates of one finding (EventBridge delivers at least once, GitHub retries, scanners re-report) rotate once:
 * Powertools Idempotency keyed by the finding's identity (`[source, findingId]`), its records in the inventory
 * table under one partition (`pk = IDEMPOTENCY`), expiring with the table's TTL attribute.
 */
export const IDEMPOTENCY = {
  staticPkValue: 'IDEMPOTENCY',
  keyPrefix: 'rekey-intake',
  eventKeyJmesPath: '[source, findingId]',
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
    }
  | { readonly status: 'dead-lettered'; readonly error: string };

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
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY.expiresAfterSeconds,
    responseHook: (response) => ({ ...(response as object), duplicate: 'completed' }),
  });
  const processFinding = makeIdempotent(
    async (finding: Finding): Promise<FindingResult> => {
      const result = await handleFinding(finding, runtime);
      await runtime.findingLog?.record(finding, result);
      return result;
    },
    { persistenceStore: runtime.persistence, config, keyPrefix: IDEMPOTENCY.keyPrefix },
  );

  return async (event, context) => {
    config.registerLambdaContext(context ?? LOCAL_CONTEXT);
    let normalised: ReturnType<typeof normaliseEvent>;
    try {
      normalised = normaliseEvent(event);
    } catch (err) {
      if (!(err instanceof InvalidEventError)) throw err;
      return deadLetter(event, err, runtime);
    }
    for (const item of normalised.ignored) logger.info('finding ignored', { ref: item.ref, reason: item.reason });
    const findings: ProcessedFinding[] = [];
    for (const finding of normalised.findings) {
      try {
        findings.push((await processFinding(finding)) as ProcessedFinding);
      } catch (err) {
        // The running invocation owns the finding; if it fails, EventBridge retries its event (then dead-letters it).
        if (!(err instanceof IdempotencyAlreadyInProgressError)) throw err;
        logger.info('duplicate finding: first delivery still in progress', { findingKey: findingKey(finding) });
        findings.push({ findingKey: findingKey(finding), ambiguous: false, outcomes: [], duplicate: 'in-progress' });
      }
    }
    return { status: 'processed', findings, ignored: normalised.ignored };
  };
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
