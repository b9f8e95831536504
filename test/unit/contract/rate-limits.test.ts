import { describe, expect, it } from 'vitest';
import { SECRETS_MANAGER_RATE_BUCKETS } from '../../../contract/rate-limits';
import { DEFAULT_QUOTAS } from '../../../local/emulator/quotas';

describe('the rate buckets between the runtime and the local stack', () => {
  it.each(Object.keys(SECRETS_MANAGER_RATE_BUCKETS))('schedules %s at the rate the local stack enforces', (id) => {
    const bucket = SECRETS_MANAGER_RATE_BUCKETS[id as keyof typeof SECRETS_MANAGER_RATE_BUCKETS];
    const quota = DEFAULT_QUOTAS[id as keyof typeof DEFAULT_QUOTAS];

    expect(quota.service).toBe('secretsmanager');
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
});
