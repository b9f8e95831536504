import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, REVOCATION_SERVICE } from '../../contract';
import { awsClients } from '../common/clients';
import { ENV, requireEnv } from '../common/env';
import { InvalidEventError } from '../common/errors';
import { Inventory } from '../common/inventory';
import { logger, releaseSecretValues } from '../common/logger';
import { RevocationInputSchema } from '../common/revocation';
import * as z from '../common/zod';
import { providerRegistry } from '../providers';
import { toTaskError } from './errors';
import type { RevocationDeps } from './keys';
import { confirm, deleteOld, record, revoke } from './tasks';
import { verify } from './verify';

/** Namespace of rekey's EMF metrics (contract/metrics.ts; lib/monitoring.ts reads the same). */
export { METRICS_NAMESPACE };

const isoTime = z.iso.datetime({ offset: true });

/** One payload per state of the workflow (lib/revocation-workflow.ts builds them). Ids only. */
export const TaskEventSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('verify'),
    input: RevocationInputSchema,
    round: z.number().check(z.int(), z.minimum(0)),
    maxRounds: z.number().check(z.int(), z.minimum(1), z.maximum(50)),
    quietPeriodSeconds: z.number().check(z.int(), z.minimum(0)),
    startedAt: z.optional(isoTime),
  }),
  z.strictObject({ action: z.literal('revoke'), input: RevocationInputSchema }),
  z.strictObject({ action: z.literal('confirm'), input: RevocationInputSchema }),
  z.strictObject({ action: z.literal('delete'), input: RevocationInputSchema }),
  z.strictObject({
    action: z.literal('record'),
    input: RevocationInputSchema,
    revokedAt: z.optional(isoTime),
    startedAt: z.optional(isoTime),
  }),
]);
export type TaskEvent = z.infer<typeof TaskEventSchema>;

let metrics: Metrics | undefined;

/** The handler's dependencies, from the environment its construct sets (names: contract/env.ts). */
export function fromEnvironment(): RevocationDeps & { metrics: Metrics } {
  const aws = awsClients();
  metrics ??= new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? REVOCATION_SERVICE,
  });
  return {
    sm: aws.sm,
    inventory: new Inventory(aws.doc, requireEnv(ENV.inventoryTable)),
    providerFor: providerRegistry({ secretsManager: aws.sm }),
    metrics,
  };
}

async function run(event: TaskEvent, d: RevocationDeps): Promise<unknown> {
  switch (event.action) {
    case 'verify':
      return verify(event, d);
    case 'revoke':
      return revoke(event.input, d);
    case 'confirm':
      return confirm(event.input, d);
    case 'delete':
      return deleteOld(event.input, d);
    case 'record':
      return record(event, d);
  }
}

/**
 * The revocation workflow's task function: one action per state. Errors reach Step Functions by name (its Retry
 * and Catch select on them), with AWS throttling/5xx renamed to the transient names and every message scrubbed.
 */
export async function handler(event: unknown, context?: Context): Promise<unknown> {
  if (context) logger.addContext(context);
  const parsed = TaskEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidEventError(
      'revocation task event is not valid',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  const { action, input } = parsed.data;
  logger.appendKeys({ action, secretName: input.secretName, oldVersionId: input.oldVersionId, mode: input.mode });
  const d = fromEnvironment();
  try {
    const out = await run(parsed.data, d);
    if (d.metrics.hasStoredMetrics()) d.metrics.publishStoredMetrics();
    else d.metrics.clearMetadata();
    return out;
  } catch (err) {
    d.metrics.clearMetrics();
    d.metrics.clearMetadata();
    logger.error('revocation task failed', { error: err as Error });
    throw toTaskError(err);
  } finally {
    logger.resetKeys();
    releaseSecretValues();
  }
}
