import type { Context } from 'aws-lambda';
import { handler as intakeHandler } from '../../../lambdas/intake';
import { handler as revocationHandler } from '../../../lambdas/revocation';
import { handler as rotationHandler } from '../../../lambdas/rotation';
import type { LocalDeployment } from '../deploy';
import type { LocalFunction } from './invoke';

type Handler = (event: never, context?: Context) => Promise<unknown>;

let githubWebhook: Promise<Handler> | undefined;

/**
 * The GitHub webhook's handler, loaded on its first invocation (inside the function's container, as Lambda loads a
 * bundle in its sandbox). Its signature library is ESM-only; the handler loads it with `import()` on first use
 * (lambdas/github-webhook/webhook.ts), which CommonJS under tsx can do and a static import cannot.
 */
const githubWebhookHandler: Handler = async (event, context) => {
  githubWebhook ??= import('../../../lambdas/github-webhook/index').then((m) => m.handler as Handler);
  return (await githubWebhook)(event, context);
};

/**
 * The stack's handlers by folder, as Lambda would load them from each function's bundle. The GitHub webhook's
 * function URL is served by ./function-url.ts.
 */
const HANDLERS: Record<string, Handler> = {
  rotation: rotationHandler,
  intake: intakeHandler,
  revocation: revocationHandler,
  'github-webhook': githubWebhookHandler,
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
