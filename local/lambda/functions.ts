import type { Context } from 'aws-lambda';
import { handler as intakeHandler } from '../../lambdas/intake';
import { handler as revocationHandler } from '../../lambdas/revocation';
import { handler as rotationHandler } from '../../lambdas/rotation';
import type { LocalDeployment } from '../deploy';
import type { LocalFunction } from './invoke';

/**
 * The stack's handlers by folder, as Lambda would load them from each function's bundle. The GitHub webhook is not
 * here: its signature library is ESM-only, which the rehearsal's CommonJS runner cannot load, and the local stack
 * does not serve a function URL (its unit tests run it with the webhook's own fakes).
 */
const HANDLERS: Record<string, (event: never, context?: Context) => Promise<unknown>> = {
  rotation: rotationHandler,
  intake: intakeHandler,
  revocation: revocationHandler,
};

/** A deployed function, by handler folder, with its timeout, reserved concurrency and role from the template. */
export function localFunction(deployment: LocalDeployment, id: string): LocalFunction {
  const logicalId = deployment.functions[id];
  const handler = HANDLERS[id];
  if (!logicalId || !handler) throw new Error(`the deployment has no function ${id}`);
  const props = deployment.template.Resources[logicalId]?.Properties ?? {};
  const reserved = props.ReservedConcurrentExecutions;
  return {
    id,
    logicalId,
    arn: String(deployment.resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] })),
    timeoutMs: Number(props.Timeout ?? 3) * 1000,
    ...(typeof reserved === 'number' ? { reservedConcurrency: reserved } : {}),
    role: deployment.iam.roleOfFunction(logicalId),
    handler: handler as LocalFunction['handler'],
  };
}

/** Whether the local stack can run a function (see HANDLERS). */
export function hasLocalHandler(id: string): boolean {
  return id in HANDLERS;
}
