import type { Context } from 'aws-lambda';
import { awsClients } from '../common/clients';
import { ENV, requireEnv } from '../common/env';
import { Inventory } from '../common/inventory';
import { logger, releaseSecretValues } from '../common/logger';
import { providerRegistry } from '../providers';
import { ProviderRateLimitedError } from '../providers/errors';
import { parseRotationEvent } from './event';
import { type RotationDeps, rotate } from './rotate';

/** The handler's dependencies, from the environment its construct sets (names: contract/env.ts). */
export function fromEnvironment(): RotationDeps {
  const aws = awsClients();
  return {
    sm: aws.sm,
    sns: aws.sns,
    sfn: aws.sfn,
    inventory: new Inventory(aws.doc, requireEnv(ENV.inventoryTable)),
    providerFor: providerRegistry({ secretsManager: aws.sm }),
    fleetTopicArn: requireEnv(ENV.fleetTopicArn),
    opsTopicArn: requireEnv(ENV.opsTopicArn),
    stateMachineArn: requireEnv(ENV.revocationStateMachineArn),
    secretPrefix: requireEnv(ENV.secretPrefix),
  };
}

/** Secrets Manager's rotation function: createSecret, setSecret, testSecret, finishSecret. */
export async function handler(event: unknown, context?: Context): Promise<void> {
  if (context) logger.addContext(context);
  try {
    const parsed = parseRotationEvent(event);
    logger.appendKeys({ step: parsed.step, secretId: parsed.secretId, versionId: parsed.token });
    const outcome = await rotate(parsed, fromEnvironment());
    logger.info('rotation step done', { outcome });
  } catch (err) {
    // A throttle is not a failed rotation: Secrets Manager retries the step, and the shared rate paces the retry.
    if (err instanceof ProviderRateLimitedError)
      logger.warn('rotation step throttled; it will be retried', { error: err });
    else logger.error('rotation step failed', { error: err as Error });
    throw err;
  } finally {
    logger.resetKeys();
    releaseSecretValues();
  }
}
