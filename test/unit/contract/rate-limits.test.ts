import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../../contract';
import {
  AWS_RATE_BUCKETS,
  PROVIDER_RATE_BUCKETS,
  providerBucket,
  SECRETS_MANAGER_RATE_BUCKETS,
} from '../../../contract/rate-limits';
import { DEFAULT_QUOTAS } from '../../../local/emulator/quotas';

describe('the rate buckets between the runtime and the local stack', () => {
  it.each(Object.keys(AWS_RATE_BUCKETS))('schedules %s at the rate the local stack enforces', (id) => {
    const bucket = AWS_RATE_BUCKETS[id as keyof typeof AWS_RATE_BUCKETS];
    const quota = DEFAULT_QUOTAS[id as keyof typeof DEFAULT_QUOTAS];

    expect(quota.service).toBe(bucket.service);
    expect(bucket.quotaPerSecond).toBe(quota.rate);
    expect(bucket.operations.filter((op) => !(quota.operations as readonly string[]).includes(op))).toEqual([]);
  });

  it('leaves out of the schedule only write operations rekey never calls (replication)', () => {
    const scheduled = new Set<string>(Object.values(SECRETS_MANAGER_RATE_BUCKETS).flatMap((b) => b.operations));
    const unscheduled = [
      ...DEFAULT_QUOTAS['secretsmanager:writes'].operations,
      ...DEFAULT_QUOTAS['secretsmanager:rotation'].operations,
    ].filter((op) => !scheduled.has(op));

    expect(unscheduled.sort()).toEqual([
      'RemoveRegionsFromReplication',
      'ReplicateSecretToRegions',
      'StopReplicationToReplica',
    ]);
  });

  it('has one bucket for every provider that calls an outside API, and none for generated tokens', () => {
    const outside = Object.values(PROVIDERS).filter((p) => p !== PROVIDERS.generated);

    expect(outside.map((p) => providerBucket(p)).sort()).toEqual(Object.keys(PROVIDER_RATE_BUCKETS).sort());
    expect(providerBucket(PROVIDERS.generated)).toBeUndefined();
  });

  it("schedules aws-iam at the rate the local stack's IAM quota enforces", () => {
    expect(PROVIDER_RATE_BUCKETS['provider:aws-iam'].quotaPerSecond).toBe(DEFAULT_QUOTAS['iam:calls'].rate);
    expect(DEFAULT_QUOTAS['iam:calls'].service).toBe('iam');
  });
});
