import type { Context } from 'aws-lambda';
import { handler as enrollHandler } from '../../../lambdas/enroll';
import { handler as intakeHandler } from '../../../lambdas/intake';
import { handler as keyReportHandler } from '../../../lambdas/key-report';
import { handler as revocationHandler } from '../../../lambdas/revocation';
import { handler as rotationHandler } from '../../../lambdas/rotation';
import type { LocalDeployment } from '../deploy';
import type { LocalFunction } from './invoke';

type Handler = (event: never, context?: Context) => Promise<unknown>;

/**
 * A handler loaded on its first invocation (inside the function's container, as Lambda loads a bundle in its
 * sandbox). The GitHub functions' signature library is ESM-only; they load it with `import()` on first use
 * (lambdas/github-webhook/webhook.ts), which CommonJS under tsx can do and a static import cannot.
 */
function loadedOnFirstUse(load: () => Promise<{ handler: unknown }>): Handler {
  let loaded: Promise<Handler> | undefined;
  return async (event, context) => {
    loaded ??= load().then((m) => m.handler as Handler);
    return (await loaded)(event, context);
  };
}

/**
 * The stack's handlers by folder, as Lambda would load them from each function's bundle. The GitHub webhook's
 * function URL is served by ./function-url.ts; the backstop runs when invoked (its schedule is not played).
 */
const HANDLERS: Record<string, Handler> = {
  rotation: rotationHandler,
  intake: intakeHandler,
  revocation: revocationHandler,
  'key-report': keyReportHandler,
  enroll: enrollHandler,
  'github-webhook': loadedOnFirstUse(() => import('../../../lambdas/github-webhook/index')),
  'github-backstop': loadedOnFirstUse(() => import('../../../lambdas/github-backstop/index')),
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
    qualifiers: qualifiersOf(deployment, logicalId),
    handler: handler as LocalFunction['handler'],
  };
}

/** The function's aliases (by name) and versions (by number), as the template declares them. */
function qualifiersOf(deployment: LocalDeployment, logicalId: string): string[] {
  const qualifiers: string[] = [];
  for (const [id, resource] of Object.entries(deployment.template.Resources)) {
    const target = (resource.Properties as { FunctionName?: { Ref?: string } } | undefined)?.FunctionName?.Ref;
    if (target !== logicalId) continue;
    if (resource.Type === 'AWS::Lambda::Alias') qualifiers.push(String(resource.Properties?.Name));
    if (resource.Type === 'AWS::Lambda::Version') {
      qualifiers.push(String(deployment.resolver.resolve({ 'Fn::GetAtt': [id, 'Version'] })));
    }
  }
  return qualifiers;
}

/** Whether the local stack can run a function (see HANDLERS). */
export function hasLocalHandler(id: string): boolean {
  return id in HANDLERS;
}
