import type { Context } from 'aws-lambda';
import { KEY_REPORT } from '../../contract/key-report';
import { awsClients, perContainer } from '../common/clients';
import { ENV, requireEnv } from '../common/env';
import { Inventory } from '../common/inventory';
import { logger, releaseSecretValues } from '../common/logger';
import { rotateSecretStarter } from '../intake/rotation-starter';
import { providerRegistry } from '../providers';
import { InvalidKeyReportError } from './errors';
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

/** Invoked by agents (`lambda:InvokeFunction`, the fleet's agent policy) with a dead-key report. */
export async function handler(event: unknown, context?: Context): Promise<ReportResult | { outcome: 'invalid' }> {
  if (context) logger.addContext(context);
  try {
    const report = parseReport(event);
    return await handleReport(report, deps());
  } catch (err) {
    if (err instanceof InvalidKeyReportError) {
      logger.warn('dead-key report refused', { fields: err.fields });
      return { outcome: 'invalid' };
    }
    logger.error('dead-key report failed', { error: err as Error });
    throw err;
  } finally {
    releaseSecretValues();
  }
}
