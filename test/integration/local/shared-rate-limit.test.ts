import { GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RekeyConfigInput } from '../../../lib/config';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/emulator/environment';
import { setRateShare } from '../../../local/emulator/rate-share';
import { revocationRunner } from '../../../local/emulator/state-machine';

/**
 * The shared Secrets Manager rate under the local stack's enforced quotas, with IAM enforced: the real rotation and
 * revocation handlers, as their roles. The account's write quota is lowered to 2 per second here (a bucket of 4),
 * so that eight rotations at once exceed it even on a loaded machine (the second test shows they do when rekey's
 * share is wrong). The bucket of 4, not 2: every function and the endpoint share one Node process here, so a
 * stalled event loop wakes several sleeping callers at once, which separate Lambda sandboxes would not do.
 */
const KEYS = Array.from({ length: 8 }, (_, i) => `rate/key-${i}`);
const WRITE_QUOTA = 2;

let env: LocalEnvironment;

beforeAll(async () => {
  const config: RekeyConfigInput = {
    keys: KEYS.map((name) => ({ name, provider: 'generated' as const, fleets: ['agents'] })),
    fleets: [{ name: 'agents' }],
    verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 60, maxRounds: 1, deleteGraceSeconds: 0 },
  };
  env = await startLocalEnvironment({
    config,
    quotas: { overrides: { 'secretsmanager:writes': { rate: WRITE_QUOTA, burst: 2 * WRITE_QUOTA } } },
    executionRunner: (d) => revocationRunner(d, { waitScale: 0 }),
  });
}, 120_000);

afterAll(async () => {
  await env?.idle();
  await env?.stop();
});

const secretName = (key: string) => env.deployment.secrets[key]?.name ?? '';

/** rekey's share of the writes quota; the containers are recycled, so they read it now. */
const setShare = (ratePerSecond: number | undefined) => setRateShare(env, ['secretsmanager:writes'], ratePerSecond);

async function currentVersion(key: string): Promise<string> {
  const out = await env.secretsManagerDirect.send(
    new GetSecretValueCommand({ SecretId: secretName(key), VersionStage: 'AWSCURRENT' }),
  );
  return out.VersionId ?? '';
}

/** Rotates every key at once, as Secrets Manager's schedules or a deploy would, and waits for the workflows too. */
async function rotateAll(): Promise<{ before: string[]; after: string[] }> {
  const before = await Promise.all(KEYS.map(currentVersion));
  await Promise.all(KEYS.map((key) => env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName(key) }))));
  await env.idle();
  const after = await Promise.all(KEYS.map(currentVersion));
  return { before, after };
}

const writes = () => env.quotas.peaks().find((q) => q.quota === 'secretsmanager:writes');

describe('the shared Secrets Manager rate under enforced quotas', () => {
  it('keeps eight concurrent rotations and their revocations within the write quota: no call is throttled', async () => {
    // Arrange: rekey's share is 80 % of the account's quota. (The default, 90 %, leaves a tenth of a second per
    // second for a call to arrive late on its slot; on a 2-CPU machine running three test files at once a starved
    // process can be later than that, which AWS's own callers, on their own CPUs, are not.)
    await setShare(WRITE_QUOTA * 0.8);
    env.quotas.reset();
    const runsBefore = env.rotations.runs.length;

    // Act
    const { before, after } = await rotateAll();

    // Assert
    const runs = env.rotations.runs.slice(runsBefore);
    expect(runs.map((r) => r.status)).toEqual(KEYS.map(() => 'succeeded'));
    expect(after.filter((v, i) => v !== before[i])).toHaveLength(KEYS.length);
    expect(writes()?.admitted).toBeGreaterThanOrEqual(3 * KEYS.length);
    expect(writes()?.throttled).toBe(0);
    // The endpoint counts each call under who signed it: the new keys were stored by the rotation function's role.
    const rotationRole = env.deployment.iam.roleOfFunction(env.deployment.functions.rotation ?? '');
    const byRotation = env.apiCallsByCaller.get(rotationRole.credentials.accessKeyId);
    expect(byRotation?.get('secretsmanager.PutSecretValue')).toBeGreaterThanOrEqual(KEYS.length);
    expect(
      env.apiCallsByCaller.get(env.adminClientConfig.credentials.accessKeyId)?.get('secretsmanager.RotateSecret'),
    ).toBe(env.apiCalls.get('secretsmanager.RotateSecret'));
  }, 180_000);

  it('retries a write the quota throttles anyway, and reports no rotation as failed', async () => {
    // Arrange: rekey believes it has the whole default share (45/s), but the account has 2/s left.
    await setShare(undefined);
    env.quotas.reset();
    const runsBefore = env.rotations.runs.length;

    // Act
    const { before, after } = await rotateAll();

    // Assert: throttles happened, and each rotation still succeeded on its first attempt.
    const runs = env.rotations.runs.slice(runsBefore);
    expect(writes()?.throttled).toBeGreaterThan(0);
    expect(runs.map((r) => [r.status, r.attempts])).toEqual(KEYS.map(() => ['succeeded', 1]));
    expect(after.filter((v, i) => v !== before[i])).toHaveLength(KEYS.length);
  }, 180_000);
});
