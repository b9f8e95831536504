import { Metrics } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE } from '../../contract';
import { GITHUB_WEBHOOK_SERVICE } from '../../contract/github';
import { awsClients, perContainer } from '../common/clients';
import { clientConfig } from '../common/container';
import { ENV, ENV_DEFAULTS, requireEnv } from '../common/env';
import { logger, releaseSecretValues } from '../common/logger';
import { DeliveryLog } from './deliveries';
import { FunctionUrlRequestSchema } from './function-url';
import { cachedSecret } from './secrets';
import { handleDelivery, type WebhookDeps, type WebhookResponse } from './webhook';

const deps = perContainer(fromEnvironment);

/** The EMF metrics (namespace and `service` dimension: contract/), published at the end of each invocation. */
export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? GITHUB_WEBHOOK_SERVICE,
});

/** The handler's dependencies, from the environment its construct sets (names: contract/env.ts). */
export function fromEnvironment(): WebhookDeps {
  const aws = awsClients();
  return {
    webhookSecret: cachedSecret(aws.sm, requireEnv(ENV.githubWebhookSecretArn), ['secret', 'webhookSecret']),
    githubToken: cachedSecret(aws.sm, requireEnv(ENV.githubTokenSecretArn), ['token', 'apiKey']),
    deliveries: new DeliveryLog(aws.doc, requireEnv(ENV.inventoryTable)),
    events: new EventBridgeClient(clientConfig()),
    eventBusName: process.env[ENV.eventBusName] || ENV_DEFAULTS.eventBusName,
    apiBaseUrl: process.env[ENV.githubApiBaseUrl] || ENV_DEFAULTS.githubApiBaseUrl,
    metrics,
  };
}

/** Lambda function URL (auth NONE: GitHub signs each delivery) for GitHub's `secret_scanning_alert` webhook. */
export async function handler(event: unknown, context?: Context): Promise<WebhookResponse> {
  if (context) logger.addContext(context);
  try {
    const parsed = FunctionUrlRequestSchema.safeParse(event);
    if (!parsed.success) {
      logger.warn('not a function URL request');
      return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{"status":"refused"}' };
    }
    const req = parsed.data;
    return await handleDelivery(
      {
        method: req.requestContext.http.method,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v])),
        ...(req.body !== undefined ? { body: req.body } : {}),
        isBase64Encoded: req.isBase64Encoded,
      },
      deps(),
    );
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    releaseSecretValues();
  }
}
