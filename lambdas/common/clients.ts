import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientConfig, currentContainer } from './container';
import { ENV } from './env';
import { SharedRateLimiter, sharedRateLimit } from './rate-limit';

/**
 * Attempts per Secrets Manager call. A call over a quota is throttled (ThrottlingException) and retried with the
 * SDK's backoff for throttling; the shared rate makes that rare, and these attempts make it a delay, not a failed
 * rotation. (The SDK's default is 3.)
 */
export const SECRETS_MANAGER_MAX_ATTEMPTS = 10;

/**
 * Attempts per Step Functions call: StartExecution takes a slot of the shared `states:start-execution` rate, and a
 * throttle that happens anyway (another application starting executions in the account) is a delay too.
 */
export const STEP_FUNCTIONS_MAX_ATTEMPTS = 10;

/**
 * AWS clients, made once per container. Endpoints come from the SDK's own configuration (`AWS_ENDPOINT_URL`),
 * which is how the local rehearsal points the same handlers at the emulator; credentials come from the SDK's chain
 * in Lambda, or from the function's container where one process hosts several functions (common/container.ts).
 */
export const awsClients = perContainer(() => {
  const config = clientConfig();
  const ddb = new DynamoDBClient(config);
  const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
  const sm = new SecretsManagerClient({ ...config, maxAttempts: SECRETS_MANAGER_MAX_ATTEMPTS });
  // Every write and every StartExecution of every rekey function takes a slot of the account's shared rate, and
  // every provider call a slot of its provider's (lambdas/common/rate-limit.ts, lambdas/providers/rate-limit.ts).
  let limiter: SharedRateLimiter | undefined;
  const rateLimiter = () => {
    const table = process.env[ENV.inventoryTable];
    if (!limiter && table) limiter = new SharedRateLimiter(doc, table);
    return limiter;
  };
  sm.middlewareStack.use(sharedRateLimit(rateLimiter, 'secretsmanager'));
  const sfn = new SFNClient({ ...config, maxAttempts: STEP_FUNCTIONS_MAX_ATTEMPTS });
  sfn.middlewareStack.use(sharedRateLimit(rateLimiter, 'states'));
  return {
    sm,
    sns: new SNSClient(config),
    sfn,
    ddb,
    doc,
    /** The container's shared-rate scheduler; undefined where the function has no inventory table. */
    rateLimiter,
  };
});

let generation = 0;

/** Drops the cached clients and everything built with them (the local rehearsal changes endpoints between runs). */
export function resetAwsClients(): void {
  generation += 1;
}

/**
 * Builds something once per container from the clients and the environment (a handler's dependencies), and again
 * after `resetAwsClients`, so an in-process deployment that changed never sees the previous one's resources.
 */
export function perContainer<T>(build: () => T): () => T {
  const built = new Map<string, { generation: number; value: T }>();
  return () => {
    const id = currentContainer()?.id ?? '';
    let entry = built.get(id);
    if (entry?.generation !== generation) {
      entry = { generation, value: build() };
      built.set(id, entry);
    }
    return entry.value;
  };
}
