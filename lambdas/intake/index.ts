import type { Context, EventBridgeEvent } from 'aws-lambda';
import { awsClients } from '../common/clients';
import { ENV, requireEnv } from '../common/env';
import { InvalidEventError } from '../common/errors';
import { Inventory } from '../common/inventory';
import { logger, releaseSecretValues } from '../common/logger';
import { FindingSchema } from './finding';
import { handleFinding } from './intake';

/** EventBridge target: a scanner finding (`rekey.scanner` / `Secret Exposed`). */
export async function handler(event: EventBridgeEvent<string, unknown>, context?: Context) {
  if (context) logger.addContext(context);
  try {
    const parsed = FindingSchema.safeParse(event?.detail);
    if (!parsed.success) {
      throw new InvalidEventError(
        `finding from ${String(event?.source)} is not valid`,
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const aws = awsClients();
    return await handleFinding(parsed.data, {
      sm: aws.sm,
      sns: aws.sns,
      sfn: aws.sfn,
      inventory: new Inventory(aws.doc, requireEnv(ENV.inventoryTable)),
      opsTopicArn: requireEnv(ENV.opsTopicArn),
      stateMachineArn: requireEnv(ENV.revocationStateMachineArn),
    });
  } catch (err) {
    logger.error('finding intake failed', { error: err as Error });
    throw err;
  } finally {
    releaseSecretValues();
  }
}
