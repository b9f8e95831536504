import type { Context } from 'aws-lambda';
import { fleetOfInvokedArn, KEY_REPORT } from '../../contract/key-report';
import { awsClients, perContainer } from '../common/clients';
import { ENV, requireEnv } from '../common/env';
import { Inventory } from '../common/inventory';
import { logger, releaseSecretValues } from '../common/logger';
import { rotateSecretStarter } from '../intake/rotation-starter';
import { providerRegistry } from '../providers';
import { InvalidKeyReportError, WrongFleetReportError } from './errors';
import { handleReport, type KeyReportDeps, parseReport, type ReportResult } from './report';

const deps = perContainer(fromEnvironment);

/** The report function's dependencies, from the environment its construct sets (lib/key-report.ts). */
export function fromEnvironment(): KeyReportDeps {
  const aws = awsClients();
  const tableName = requireEnv(ENV.inventoryTable);
  const providerFor = providerRegistry({ secretsManager: aws.sm });
  const secretPrefix = requireEnv(ENV.secretPrefix);
  return {
    intake: {
      sm: aws.sm,
      sns: aws.sns,
      sfn: aws.sfn,
      inventory: new Inventory(aws.doc, tableName),
      providerFor,
      rotations: rotateSecretStarter(aws.sm),
      opsTopicArn: requireEnv(ENV.opsTopicArn),
      stateMachineArn: requireEnv(ENV.revocationStateMachineArn),
      secretPrefix,
    },
    doc: aws.doc,
    tableName,
    providerFor,
    secretPrefix,
    windowSeconds: KEY_REPORT.defaultWindowSeconds,
  };
}

/**
 * Invoked by agents through their fleet's alias (`lambda:InvokeFunction` on that alias alone, the fleet's agent
 * policy) with a dead-key report. The fleet is the invoked ARN's qualifier; an unqualified invocation, or a report on
 * a secret not tagged for that fleet, is refused (`wrong-fleet`).
 */
export async function handler(
  event: unknown,
  context?: Context,
): Promise<ReportResult | { outcome: 'invalid' } | { outcome: 'wrong-fleet' }> {
  if (context) logger.addContext(context);
  const fleet = fleetOfInvokedArn(context?.invokedFunctionArn);
  try {
    const report = parseReport(event);
    return await handleReport(report, deps(), fleet);
  } catch (err) {
    if (err instanceof InvalidKeyReportError) {
      logger.warn('dead-key report refused', { fields: err.fields });
      return { outcome: 'invalid' };
    }
    if (err instanceof WrongFleetReportError) {
      logger.warn('dead-key report refused: wrong fleet', {
        error: err.name,
        secretName: err.secretName,
        fleet: err.fleet ?? null,
        invokedFunctionArn: context?.invokedFunctionArn,
      });
      return { outcome: 'wrong-fleet' };
    }
    logger.error('dead-key report failed', { error: err as Error });
    throw err;
  } finally {
    releaseSecretValues();
  }
}
