import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateBucketId } from '../../../contract/rate-limits';
import { Inventory } from '../../../lambdas/common/inventory';
import type { RekeyConfigInput } from '../../../lib/config';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/emulator/environment';
import { type FakeHttpState, type FakeServer, startFakeHttpProvider } from '../../../local/emulator/fake-providers';
import { setRateShare } from '../../../local/emulator/rate-share';
import { revocationRunner } from '../../../local/emulator/state-machine';
import { fingerprint, keyHint } from '../../../packages/client/src/fingerprint';

/**
 * Many revocations at once, within Step Functions' and the provider's limits, on the local stack (IAM, Lambda's
 * reserved concurrency and the service quotas enforced). The limits are scaled down so that they bind with 20 keys:
 * the in-house key service (the http provider's fake) admits 20 requests in any second and answers 429 with
 * Retry-After over that; StartExecution's bucket is 5 with a refill of 5 per second. rekey's shares are set on the
 * buckets' items (80 % of each), as an operator would for an account whose limits are lower than the defaults.
 *
 * Each key starts with a live provider key as AWSCURRENT; every key is then rotated at once, so each rotation
 * mints a key (2 provider calls: create, test), starts the revocation of the old one (StartExecution), and 20
 * revocation workflows run together (10 rotations at a time, the rotation function's reserved concurrency as set
 * here) (verify, revoke, confirm: 3 provider calls each).
 */
const KEYS = Array.from({ length: 20 }, (_, i) => `vol/key-${i}`);
const ADMIN_SECRET = 'vol/http-admin';
const PROVIDER_RATE = 20;
const START_QUOTA = 5;

let env: LocalEnvironment;
let fake: FakeServer<FakeHttpState>;
let inventory: Inventory;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  fake = await startFakeHttpProvider({ ratePerSecond: PROVIDER_RATE });
  const config: RekeyConfigInput = {
    keys: KEYS.map((name) => ({
      name,
      provider: 'http' as const,
      options: { baseUrl: fake.url },
      adminSecretName: ADMIN_SECRET,
      fleets: ['volume'],
    })),
    fleets: [{ name: 'volume' }],
    verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 60, maxRounds: 1, deleteGraceSeconds: 0 },
    maxConcurrentRotations: 10,
  };
  env = await startLocalEnvironment({
    config,
    quotas: { overrides: { 'states:start-execution': { rate: START_QUOTA, burst: START_QUOTA } } },
    // Waits take no time; a retry interval of n seconds takes n × 20 ms (full jitter is not modelled locally).
    executionRunner: (d, { quotas }) =>
      revocationRunner(d, { waitScale: (state, s) => (state.startsWith('Wait') ? 0 : s * 20), quotas }),
  });
  doc = DynamoDBDocumentClient.from(new DynamoDBClient(env.adminClientConfig));
  inventory = new Inventory(doc, env.deployment.tableName);
  await env.secretsManager.send(new CreateSecretCommand({ Name: ADMIN_SECRET, SecretString: fake.state.adminKey }));
  await setShare('provider:http', PROVIDER_RATE * 0.8);
  await setShare('states:start-execution', START_QUOTA * 0.8);
  // Each key's first provider key, made outside rekey and stored as AWSCURRENT (as `rekey put` would).
  for (const key of KEYS) await plantCurrent(key);
}, 300_000);

afterAll(async () => {
  await env?.idle();
  await env?.stop();
  await fake?.close();
});

const secretName = (key: string) => env.deployment.secrets[key]?.name ?? '';

/** rekey's share of a bucket; the containers are recycled, so they read it now. */
const setShare = (bucket: RateBucketId, ratePerSecond: number) => setRateShare(env, [bucket], ratePerSecond);

async function plantCurrent(key: string): Promise<void> {
  const name = secretName(key);
  const placeholder = await env.secretsManagerDirect.send(
    new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSCURRENT' }),
  );
  const made = fake.state.addKey(`first ${key}`);
  const value = {
    ...JSON.parse(placeholder.SecretString ?? '{}'),
    apiKey: made.apiKey,
    keyId: made.keyId,
    createdAt: new Date().toISOString(),
  };
  const out = await env.secretsManagerDirect.send(
    new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify(value) }),
  );
  await inventory.recordVersion(
    {
      secretName: name,
      versionId: out.VersionId ?? '',
      keyId: made.keyId,
      provider: 'http',
      fingerprint: fingerprint(made.apiKey),
      keyHint: keyHint(made.apiKey),
      createdAt: value.createdAt,
    },
    'current',
  );
}

async function current(key: string): Promise<{ versionId: string; apiKey: string; keyId: string }> {
  const out = await env.secretsManagerDirect.send(
    new GetSecretValueCommand({ SecretId: secretName(key), VersionStage: 'AWSCURRENT' }),
  );
  const value = JSON.parse(out.SecretString ?? '{}');
  return { versionId: out.VersionId ?? '', apiKey: value.apiKey, keyId: value.keyId };
}

describe('many revocations at once, within Step Functions and the provider', () => {
  it('rotates 20 keys and revokes every old key, none failed, within the provider rate and the StartExecution quota', async () => {
    // Arrange
    const before = await Promise.all(KEYS.map(current));
    const runsBefore = env.rotations.runs.length;
    env.quotas.reset();
    fake.state.rateLimit.clear();

    // Act: every key rotated at once (a schedule firing for all, or a deploy).
    await Promise.all(
      KEYS.map((key) => env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName(key) }))),
    );
    await env.idle();

    // Assert: every rotation succeeded on its first attempt and every revocation of an old key succeeded.
    const runs = env.rotations.runs.slice(runsBefore);
    expect(runs.map((r) => [r.status, r.attempts])).toEqual(KEYS.map(() => ['succeeded', 1]));
    const oldVersions = new Set(before.map((b) => b.versionId));
    const executions = [...env.executions.executions.values()].filter((x) =>
      oldVersions.has(JSON.parse(x.input).oldVersionId),
    );
    expect(executions.map((x) => x.status)).toEqual(KEYS.map(() => 'SUCCEEDED'));

    // The provider: never more calls in any one second than it admits, so it never had to answer 429.
    expect(fake.state.rateLimit.arrivals.length).toBeGreaterThanOrEqual(5 * KEYS.length);
    expect(fake.state.rateLimit.peak()).toBeLessThanOrEqual(PROVIDER_RATE);
    expect(fake.state.rateLimit.throttled).toBe(0);
    // Step Functions: StartExecution within its quota, none throttled. The quota is a token bucket (rate and burst
    // START_QUOTA), as AWS's is: a call that a late slot brings close to the next is still admitted, so the rule
    // kept is "never throttled", not "never more than START_QUOTA in a sliding second".
    const starts = env.quotas.peaks().find((q) => q.quota === 'states:start-execution');
    expect(starts?.admitted).toBe(KEYS.length);
    expect(starts?.throttled).toBe(0);
    const transitions = env.quotas.peaks().find((q) => q.quota === 'states:state-transitions');
    expect(transitions?.admitted).toBeGreaterThanOrEqual(5 * KEYS.length);

    // Never the only working key revoked: each AWSCURRENT key is new and live, each old key dead, nothing else live.
    const after = await Promise.all(KEYS.map(current));
    for (const [i, now] of after.entries()) {
      expect(now.versionId).not.toBe(before[i]?.versionId);
      expect(fake.state.isLive(now.apiKey)).toBe(true);
      expect(fake.state.isLive(before[i]?.apiKey ?? '')).toBe(false);
    }
    expect(fake.state.liveKeys().sort()).toEqual(after.map((a) => a.apiKey).sort());
  }, 600_000);

  it('retries the 429s of a provider that throttles anyway, and reports no rotation or revocation as failed', async () => {
    // Arrange: the service answers its next 40 calls 429 (Retry-After: 1), whatever rekey's share says (another
    // application using the same limit).
    const keys = KEYS.slice(0, 8);
    const before = await Promise.all(keys.map(current));
    const runsBefore = env.rotations.runs.length;
    fake.state.rateLimit.clear();
    fake.state.clearCalls();
    fake.state.inject({ status: 429, retryAfter: 1, times: 40 });

    // Act
    await Promise.all(
      keys.map((key) => env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName(key) }))),
    );
    await env.idle();
    fake.state.clearFaults();

    // Assert: the provider throttled 40 calls, and every rotation and revocation still succeeded.
    expect(fake.state.calls.filter((c) => c.status === 429)).toHaveLength(40);
    const runs = env.rotations.runs.slice(runsBefore);
    expect(runs.map((r) => r.status)).toEqual(keys.map(() => 'succeeded'));
    const oldVersions = new Set(before.map((b) => b.versionId));
    const executions = [...env.executions.executions.values()].filter((x) =>
      oldVersions.has(JSON.parse(x.input).oldVersionId),
    );
    expect(executions.map((x) => x.status)).toEqual(keys.map(() => 'SUCCEEDED'));
    const after = await Promise.all(keys.map(current));
    for (const [i, now] of after.entries()) {
      expect(fake.state.isLive(now.apiKey)).toBe(true);
      expect(fake.state.isLive(before[i]?.apiKey ?? '')).toBe(false);
    }
    const stages = await env.secretsManagerDirect.send(
      new DescribeSecretCommand({ SecretId: secretName(keys[0] ?? '') }),
    );
    expect(Object.values(stages.VersionIdsToStages ?? {}).flat()).not.toContain('AWSPENDING');
  }, 600_000);
});
