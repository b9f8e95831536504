import type { Context } from 'aws-lambda';
import type { EnrollmentProfileEnv } from '../../contract';
import { awsClients, perContainer } from '../common/clients';
import { ENV, requireEnv } from '../common/env';
import { ConfigurationError } from '../common/errors';
import { logger, releaseSecretValues } from '../common/logger';
import { type EnrollDeps, type EnrollResult, enroll, unenroll } from './enroll';
import { EnrollmentRefusedError } from './errors';
import { type ReconcileResult, reconcile } from './reconcile';
import { EnrollmentRecords } from './records';
import { parseRequest } from './request';

/** The enroll function's dependencies, from the environment its construct sets (lib/key-enrollment.ts). */
export function fromEnvironment(): EnrollDeps {
  const aws = awsClients();
  let profiles: Record<string, EnrollmentProfileEnv>;
  try {
    profiles = JSON.parse(requireEnv(ENV.enrollProfiles)) as Record<string, EnrollmentProfileEnv>;
  } catch (err) {
    if (err instanceof ConfigurationError) throw err;
    throw new ConfigurationError(`${ENV.enrollProfiles} is not JSON`);
  }
  return {
    sm: aws.sm,
    sns: aws.sns,
    records: new EnrollmentRecords(aws.doc, requireEnv(ENV.inventoryTable)),
    settings: {
      secretPrefix: requireEnv(ENV.secretPrefix),
      enrolledPrefix: requireEnv(ENV.enrolledPrefix),
      profiles,
      fleets: (process.env[ENV.enrollFleets] ?? '').split(',').filter((f) => f !== ''),
    },
    rotationFunctionArn: requireEnv(ENV.rotationFunctionArn),
    opsTopicArn: requireEnv(ENV.opsTopicArn),
  };
}

const deps = perContainer(fromEnvironment);

/** A refused request, as the CLI prints it: which field, and why (names only). */
export interface EnrollRefusal {
  readonly action: string;
  readonly refused: true;
  readonly error: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Invoked by the operator CLI (`rekey enroll`, `rekey unenroll`, `lambda:InvokeFunction` in the operator policy)
 * and hourly by EventBridge (reconcile). A refused request is answered, not thrown: it changed nothing, and the
 * answer says what to fix. Anything else is thrown (an Invoke's FunctionError; the schedule's retries).
 */
export async function handler(
  event: unknown,
  context?: Context,
): Promise<EnrollResult | ReconcileResult | EnrollRefusal> {
  if (context) logger.addContext(context);
  let action = 'unknown';
  try {
    const request = parseRequest(event);
    action = request.action;
    if (request.action === 'enroll') return await enroll(request, deps());
    if (request.action === 'unenroll') return await unenroll(request, deps());
    return await reconcile(request, deps());
  } catch (err) {
    if (err instanceof EnrollmentRefusedError) {
      logger.warn('enrollment request refused', { action, error: err.name, field: err.field });
      return { action, refused: true, error: err.name, field: err.field, message: err.message };
    }
    logger.error('enrollment request failed', { action, error: err as Error });
    throw err;
  } finally {
    releaseSecretValues();
  }
}
