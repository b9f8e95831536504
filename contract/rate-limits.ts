/**
 * The Secrets Manager quotas rekey's functions keep to, one shared ticket scheduler per quota bucket
 * (lambdas/common/rate-limit.ts). Each bucket names the operations AWS counts against one combined per-second
 * quota (AWS Secrets Manager quotas, us-east-1 defaults) that rekey calls; local/emulator/quotas.ts enforces the
 * same buckets, and test/unit/contract/rate-limits.test.ts ties the two.
 */
export const SECRETS_MANAGER_RATE_BUCKETS = {
  /** "Combined rate of PutSecretValue, …, UpdateSecret, and UpdateSecretVersionStage API requests: 50 per second". */
  'secretsmanager:writes': {
    operations: ['PutSecretValue', 'UpdateSecretVersionStage', 'UpdateSecret'],
    quotaPerSecond: 50,
  },
  /** "Combined rate of RotateSecret and CancelRotateSecret API requests: 50 per second". */
  'secretsmanager:rotation': { operations: ['RotateSecret', 'CancelRotateSecret'], quotaPerSecond: 50 },
} as const satisfies Record<string, { readonly operations: readonly string[]; readonly quotaPerSecond: number }>;

export type RateBucketId = keyof typeof SECRETS_MANAGER_RATE_BUCKETS;

/**
 * The share of a quota rekey schedules by default: below the quota, so that clock skew between callers and the
 * latency between a call's slot and its arrival never make a one-second window hold more calls than the quota's
 * token bucket admits.
 */
export const RATE_LIMIT_HEADROOM = 0.9;

/**
 * The scheduler's items in the inventory table: pk `RATE#<bucket>`, sk `RATE`, `nextAt` (epoch ms of the next free
 * slot) and, optionally, `ratePerSecond` (rekey's share of the account's quota, set by an operator when other
 * applications share it or the quota was raised).
 */
export const RATE_LIMIT_ITEM = { pkPrefix: 'RATE#', sk: 'RATE' } as const;
