import type { Context } from 'aws-lambda';
import { runInContainer } from '../../lambdas/common/container';
import type { LocalPrincipal } from '../iam/account';

/** One of the stack's functions as the local stack runs it: its handler in this process, as its own role. */
export interface LocalFunction {
  /** Handler folder (`rotation`, `intake`, `revocation`, `github-webhook`). */
  readonly id: string;
  /** Logical id in the template. */
  readonly logicalId: string;
  /** The function's ARN (AWS form). */
  readonly arn: string;
  /** Timeout from the template. */
  readonly timeoutMs: number;
  /** ReservedConcurrentExecutions from the template, if set. */
  readonly reservedConcurrency?: number;
  /** The function's execution role. */
  readonly role: LocalPrincipal;
  readonly handler: (event: unknown, context?: Context) => Promise<unknown>;
}

/**
 * Invokes a function the way Lambda would: inside its own container (its own AWS clients, signed with its role's
 * credentials), with a context whose remaining time is real.
 */
export async function invokeFunction(fn: LocalFunction, event: unknown): Promise<unknown> {
  const deadline = Date.now() + fn.timeoutMs;
  const context = {
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } as Context;
  const credentials = async () => ({ ...fn.role.credentials });
  return runInContainer({ id: fn.id, credentials }, () => fn.handler(event, context));
}
