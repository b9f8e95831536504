/**
 * The rates rekey's functions keep to, one shared ticket scheduler per bucket (lambdas/common/rate-limit.ts).
 *
 * AWS buckets name the operations AWS counts against one combined per-second quota (us-east-1 defaults) that rekey
 * calls; local/emulator/quotas.ts enforces the same buckets, and test/unit/contract/rate-limits.test.ts ties the
 * two. Provider buckets are one per provider: every call rekey makes to that provider's API (create, test, revoke,
 * confirm, list) takes a slot, in rotation and revocation alike.
 */
export const SECRETS_MANAGER_RATE_BUCKETS = {
  /** "Combined rate of PutSecretValue, …, UpdateSecret, and UpdateSecretVersionStage API requests: 50 per second". */
  'secretsmanager:writes': {
    service: 'secretsmanager',
    operations: ['PutSecretValue', 'UpdateSecretVersionStage', 'UpdateSecret'],
    quotaPerSecond: 50,
  },
  /** "Combined rate of RotateSecret and CancelRotateSecret API requests: 50 per second". */
  'secretsmanager:rotation': {
    service: 'secretsmanager',
    operations: ['RotateSecret', 'CancelRotateSecret'],
    quotaPerSecond: 50,
  },
} as const satisfies Record<string, AwsRateBucket>;

/**
 * Step Functions' StartExecution for Standard workflows: a token bucket of 1,300 that refills at 300 per second
 * (Step Functions service quotas, "Quotas related to API action throttling", us-east-1). rekey schedules the refill
 * rate and never banks the burst, so 1,000 revocations started at once are spread over about 3.7 s.
 */
export const STEP_FUNCTIONS_RATE_BUCKETS = {
  'states:start-execution': { service: 'states', operations: ['StartExecution'], quotaPerSecond: 300 },
} as const satisfies Record<string, AwsRateBucket>;

/** Every AWS API bucket, by id: an SDK client's middleware takes a slot for each call of a listed operation. */
export const AWS_RATE_BUCKETS = { ...SECRETS_MANAGER_RATE_BUCKETS, ...STEP_FUNCTIONS_RATE_BUCKETS } as const;

/**
 * One bucket per provider, with the rate rekey assumes the provider admits. None of these providers publishes a
 * rate for the calls rekey makes, so each default is conservative; an operator who knows the account's real limit
 * (or shares it with other applications) sets the bucket item's `ratePerSecond`.
 * - aws-iam: IAM publishes no per-second quota. AWS says only that IAM and STS calls "contribute to a maximum rate
 *   quota for your AWS account", answered with `Throttling: Rate exceeded` (HTTP 400), and that these rate quotas
 *   "can't be increased" (AWS re:Post Knowledge Center, "How do I resolve API throttling or 'Rate exceeded' errors
 *   for IAM and AWS STS?"). 10 calls per second is a conservative default, not a documented number.
 * - openai, anthropic: their rate limits are per organisation and tier, and they document the 429 that enforces
 *   them (OpenAI `rate_limit_exceeded` with `Retry-After`; Anthropic `rate_limit_error` with `retry-after`), not a
 *   rate for the Admin API. 5 per second (300 a minute) stays under the lowest published request tiers' minute
 *   budgets for the few calls each key needs.
 * - http: an in-house service; 10 per second unless its owners say otherwise.
 */
export const PROVIDER_RATE_BUCKETS = {
  'provider:aws-iam': { provider: 'aws-iam', quotaPerSecond: 10 },
  'provider:openai': { provider: 'openai', quotaPerSecond: 5 },
  'provider:anthropic': { provider: 'anthropic', quotaPerSecond: 5 },
  'provider:http': { provider: 'http', quotaPerSecond: 10 },
} as const satisfies Record<string, { readonly provider: string; readonly quotaPerSecond: number }>;

export interface AwsRateBucket {
  /** The SigV4 signing name of the service. */
  readonly service: string;
  readonly operations: readonly string[];
  readonly quotaPerSecond: number;
}

export type AwsRateBucketId = keyof typeof AWS_RATE_BUCKETS;
export type ProviderRateBucketId = keyof typeof PROVIDER_RATE_BUCKETS;
export type RateBucketId = AwsRateBucketId | ProviderRateBucketId;

/** The rate a bucket's quota (or the provider's assumed limit) allows, before the headroom. */
export function quotaPerSecond(bucket: RateBucketId): number {
  return bucket in PROVIDER_RATE_BUCKETS
    ? PROVIDER_RATE_BUCKETS[bucket as ProviderRateBucketId].quotaPerSecond
    : AWS_RATE_BUCKETS[bucket as AwsRateBucketId].quotaPerSecond;
}

/** The bucket of a provider's calls, if rekey schedules them (`generated` calls Secrets Manager, already scheduled). */
export function providerBucket(provider: string): ProviderRateBucketId | undefined {
  const id = `provider:${provider}`;
  return id in PROVIDER_RATE_BUCKETS ? (id as ProviderRateBucketId) : undefined;
}

/**
 * The share of a quota rekey schedules by default: below the quota, so that clock skew between callers and the
 * latency between a call's slot and its arrival never make a one-second window hold more calls than the quota's
 * token bucket admits.
 */
export const RATE_LIMIT_HEADROOM = 0.9;

/**
 * The longest a provider call waits for its slot inside one invocation. Past it the call is not given a slot at
 * all (so the backlog never grows beyond it) and fails with ProviderThrottledError naming when to come back: the
 * revocation workflow's Retry and Secrets Manager's rotation retries bring it back later. Several calls in one
 * invocation each wait at most this long, well inside the rotation (2 min) and revocation (60 s) timeouts.
 */
export const PROVIDER_SLOT_MAX_WAIT_MS = 8_000;

/**
 * The scheduler's items in the inventory table: pk `RATE#<bucket>`, sk `RATE`, `nextAt` (epoch ms of the next free
 * slot) and, optionally, `ratePerSecond` (rekey's share of the account's quota or of the provider's limit, set by an
 * operator when other applications share it or it was raised).
 */
export const RATE_LIMIT_ITEM = { pkPrefix: 'RATE#', sk: 'RATE' } as const;
