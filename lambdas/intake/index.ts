import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { awsClients, perContainer } from '../common/clients';
import { clientConfig } from '../common/container';
import { ENV, requireEnv } from '../common/env';
import { Inventory } from '../common/inventory';
import { logger, releaseSecretValues } from '../common/logger';
import { providerRegistry } from '../providers';
import { createIntake, type EventResult, inventoryPersistence } from './intake-event';
import { FindingLog } from './records';
import { rotateSecretStarter } from './rotation-starter';

const intake = perContainer(fromEnvironment);

/** The intake, built from the environment its construct sets (names: contract/env.ts). */
export function fromEnvironment() {
  const aws = awsClients();
  const tableName = requireEnv(ENV.inventoryTable);
  return createIntake({
    sm: aws.sm,
    sns: aws.sns,
    sfn: aws.sfn,
    inventory: new Inventory(aws.doc, tableName),
    providerFor: providerRegistry({ secretsManager: aws.sm }),
    rotations: rotateSecretStarter(aws.sm),
    opsTopicArn: requireEnv(ENV.opsTopicArn),
    stateMachineArn: requireEnv(ENV.revocationStateMachineArn),
    secretPrefix: requireEnv(ENV.secretPrefix),
    persistence: inventoryPersistence(aws.ddb, tableName),
    findingLog: new FindingLog(aws.doc, tableName),
    sqs: new SQSClient(clientConfig()),
    deadLetterQueueUrl: process.env[ENV.intakeDeadLetterQueueUrl] || undefined,
    workQueueUrl: process.env[ENV.intakeWorkQueueUrl] || undefined,
    eventQueueUrl: process.env[ENV.intakeEventQueueUrl] || undefined,
    securityHubProductArns: process.env[ENV.securityHubProductArns]?.split(',').filter(Boolean),
  });
}

/**
 * EventBridge target for every finding source (AWS Health, Security Hub, GuardDuty, `rekey.github`,
 * `rekey.scanner`): normalise, match, rotate or revoke, once per finding.
 */
export async function handler(event: unknown, context?: Context): Promise<EventResult> {
  if (context) logger.addContext(context);
  try {
    const result = await intake()(event, context);
    logger.info('intake done', {
      status: result.status,
      findings: result.status === 'processed' ? result.findings.length : 0,
      ...(result.status === 'fanned-out' ? { queued: result.queued } : {}),
      ...(result.status === 'batch'
        ? { handled: result.handled, handedBack: result.batchItemFailures.length, events: result.events.length }
        : {}),
    });
    return result;
  } catch (err) {
    logger.error('finding intake failed', { error: err as Error });
    throw err;
  } finally {
    releaseSecretValues();
  }
}
