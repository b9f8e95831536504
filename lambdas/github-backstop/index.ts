import { Metrics } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE } from '../../contract';
import { GITHUB_BACKSTOP_SCOPE_ENV, GITHUB_BACKSTOP_SERVICE } from '../../contract/github';
import { awsClients, perContainer } from '../common/clients';
import { clientConfig } from '../common/container';
import { ENV, ENV_DEFAULTS, requireEnv } from '../common/env';
import { ConfigurationError } from '../common/errors';
import { logger, releaseSecretValues } from '../common/logger';
import { DeliveryLog } from '../github-webhook/deliveries';
import { cachedSecret } from '../github-webhook/secrets';
import { BackstopScopeSchema } from './alerts';
import { type BackstopDeps, type BackstopResult, runBackstop } from './backstop';

export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? GITHUB_BACKSTOP_SERVICE,
});

/** The handler's dependencies, from the environment its construct sets (names: contract/). */
export function fromEnvironment(): BackstopDeps {
  const aws = awsClients();
  const scope = BackstopScopeSchema.safeParse(safeJson(requireEnv(GITHUB_BACKSTOP_SCOPE_ENV)));
  if (!scope.success) throw new ConfigurationError(`${GITHUB_BACKSTOP_SCOPE_ENV} is not { orgs, repos }`);
  return {
    githubToken: cachedSecret(aws.sm, requireEnv(ENV.githubTokenSecretArn), ['token', 'apiKey']),
    deliveries: new DeliveryLog(aws.doc, requireEnv(ENV.inventoryTable)),
    events: new EventBridgeClient(clientConfig()),
    eventBusName: process.env[ENV.eventBusName] || ENV_DEFAULTS.eventBusName,
    apiBaseUrl: process.env[ENV.githubApiBaseUrl] || ENV_DEFAULTS.githubApiBaseUrl,
    scope: scope.data,
    metrics,
  };
}

const deps = perContainer(fromEnvironment);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The GitHub backstop, on a schedule (EventBridge Scheduler or a rule; the event's content is not read): open secret
 * scanning alerts the webhook never recorded become findings on the bus, so a lost delivery is rotated within one
 * period. A run that could not check every scope throws (the function's Errors metric alarms).
 */
export async function handler(_event: unknown, context?: Context): Promise<BackstopResult> {
  if (context) logger.addContext(context);
  try {
    return await runBackstop(deps());
  } catch (err) {
    logger.error('backstop run failed', { errorName: (err as Error).name, reason: (err as Error).message });
    throw err;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    releaseSecretValues();
  }
}
