import { beforeEach, describe, expect, it } from 'vitest';
import { ProviderThrottledError, ProviderUnavailableError } from '../../../lambdas/providers/errors';
import { toTaskError } from '../../../lambdas/revocation/errors';
import { agentStatus, decide, fleetMoved, usageStatus, verify } from '../../../lambdas/revocation/verify';
import { FakeProvider, input, mockedAws, NEW, NOW, OLD } from './support';

const aws = mockedAws();
let provider: FakeProvider;

beforeEach(() => {
  aws.reset();
  provider = new FakeProvider();
});

const request = (mode: Parameters<typeof input>[0] = 'scheduled', round = 0, maxRounds = 3) => ({
  input: input(mode),
  round,
  maxRounds,
  quietPeriodSeconds: 1800,
  startedAt: new Date(NOW.getTime() - 3600_000).toISOString(),
});

describe('the verification policy', () => {
  it('never revokes while the new key is rejected or displaced, in any mode or round', () => {
    for (const mode of ['scheduled', 'emergency', 'abuse'] as const) {
      for (const newKey of ['rejected', 'old-is-current'] as const) {
        for (const round of [0, 5]) {
          expect(decide({ mode, newKey, fleetMoved: true, round, maxRounds: 6 })).toBe('new-key-not-verified');
        }
      }
    }
  });

  it('waits for a new key that is not yet current, and gives up at the bound', () => {
    expect(decide({ mode: 'abuse', newKey: 'not-current', fleetMoved: true, round: 0, maxRounds: 3 })).toBe('wait');
    expect(decide({ mode: 'abuse', newKey: 'not-current', fleetMoved: true, round: 2, maxRounds: 3 })).toBe(
      'new-key-not-verified',
    );
  });

  it('revokes at once in abuse mode, and as soon as the fleet moved otherwise', () => {
    expect(decide({ mode: 'abuse', newKey: 'ok', fleetMoved: false, round: 0, maxRounds: 6 })).toBe('revoke');
    expect(decide({ mode: 'scheduled', newKey: 'ok', fleetMoved: true, round: 0, maxRounds: 6 })).toBe('revoke');
  });

  it('gives way at the bound in emergency mode but never in scheduled mode', () => {
    expect(decide({ mode: 'emergency', newKey: 'ok', fleetMoved: false, round: 4, maxRounds: 6 })).toBe('wait');
    expect(decide({ mode: 'emergency', newKey: 'ok', fleetMoved: false, round: 5, maxRounds: 6 })).toBe('revoke');
    expect(decide({ mode: 'scheduled', newKey: 'ok', fleetMoved: false, round: 5, maxRounds: 6 })).toBe(
      'fleet-not-moved',
    );
  });

  it('takes a quiet old key as proof the fleet moved and recent use as proof it did not', () => {
    expect(fleetMoved('missing', 'quiet')).toBe(true);
    expect(fleetMoved('all-moved', 'in-use')).toBe(false);
    expect(fleetMoved('all-moved', 'unknown')).toBe(true);
    expect(fleetMoved('none', 'idle-since-switch')).toBe(true);
    expect(fleetMoved('missing', 'unknown')).toBe(false);
  });

  it('classifies the old key by its last use relative to the switch and the quiet period', () => {
    const switchedAt = new Date(NOW.getTime() - 600_000);
    expect(usageStatus(undefined, switchedAt, NOW, 1800)).toBe('quiet');
    expect(usageStatus(new Date(NOW.getTime() - 3600_000), switchedAt, NOW, 1800)).toBe('quiet');
    expect(usageStatus(new Date(NOW.getTime() - 60_000), switchedAt, NOW, 1800)).toBe('in-use');
    expect(usageStatus(new Date(NOW.getTime() - 700_000), switchedAt, NOW, 1800)).toBe('idle-since-switch');
  });

  it('lists the agents that acknowledged the old version but not the new one, when no liveness record speaks for them', () => {
    // Unchanged by liveness: acks without liveness records are judged as before (agentStatus's rule for old clients).
    const old = { ackAgents: new Set(['a', 'b', 'c']) } as never;
    const now = { ackAgents: new Set(['a', 'd']) } as never;
    const status = (o: never) => agentStatus({ oldItem: o, newItem: now, liveness: [], oldVersionId: OLD, now: NOW });

    expect(status(old)).toEqual({
      acks: 'missing',
      agentsOnNew: 2,
      agentsNotMoved: ['b', 'c'],
      agentsLive: 0,
      agentsGone: 0,
    });
    expect(status(undefined as never).acks).toBe('none');
  });
});

describe('verify', () => {
  it('revokes once every agent that used the old version acknowledged the new one', async () => {
    aws.state.items.set(OLD, { ...aws.state.items.get(OLD), ackAgents: new Set(['host:1', 'host:2']) });
    aws.state.items.set(NEW, { ...aws.state.items.get(NEW), ackAgents: new Set(['host:1', 'host:2', 'host:3']) });

    const result = await verify(request(), aws.deps(provider));

    expect(result).toMatchObject({ decision: 'revoke', newKey: 'ok', fleet: { acks: 'all-moved', agentsOnNew: 3 } });
    expect(provider.calls).toEqual(['testKey key-new']);
  });

  it('waits, naming the agents still on the old version, until the acks arrive', async () => {
    aws.state.items.set(OLD, { ...aws.state.items.get(OLD), ackAgents: new Set(['host:1', 'host:2']) });
    aws.state.items.set(NEW, { ...aws.state.items.get(NEW), ackAgents: new Set(['host:1']) });

    const result = await verify(request(), aws.deps(provider));

    expect(result.decision).toBe('wait');
    expect(result.fleet).toMatchObject({ acks: 'missing', agentsNotMovedCount: 1, agentsNotMoved: ['host:2'] });
    expect(result.reason).toContain('host:2');
  });

  it('does not revoke and does not wait when the provider rejects the new key', async () => {
    provider.rejected.add('key-new');

    const result = await verify(request('emergency'), aws.deps(provider));

    expect(result).toMatchObject({ decision: 'new-key-not-verified', newKey: 'rejected' });
    expect(provider.calls).not.toContain('revokeKey key-old');
  });

  it('refuses when the old version is AWSCURRENT again (a rollback)', async () => {
    aws.state.stages = { [OLD]: ['AWSCURRENT'], [NEW]: ['AWSPREVIOUS'] };

    const result = await verify(request('abuse'), aws.deps(provider));

    expect(result).toMatchObject({ decision: 'new-key-not-verified', newKey: 'old-is-current' });
    expect(provider.calls).toEqual([]);
  });

  it('waits for a new version that is not AWSCURRENT yet', async () => {
    aws.state.stages = { other: ['AWSCURRENT'], [OLD]: ['AWSPREVIOUS'], [NEW]: ['AWSPENDING'] };

    const result = await verify(request('scheduled', 0), aws.deps(provider));

    expect(result).toMatchObject({ decision: 'wait', newKey: 'not-current' });
  });

  it('uses the provider’s last use of the old key where it reports it', async () => {
    aws.state.items.set(OLD, { ...aws.state.items.get(OLD), ackAgents: new Set(['gone:1']) });
    provider.lastUsedAt = new Date(NOW.getTime() - 7200_000);

    const quiet = await verify(request(), aws.deps(provider));
    provider.lastUsedAt = new Date(NOW.getTime() - 60_000);
    const used = await verify(request(), aws.deps(provider));

    expect(quiet).toMatchObject({ decision: 'revoke', fleet: { usage: 'quiet', acks: 'missing' } });
    expect(used).toMatchObject({ decision: 'wait', fleet: { usage: 'in-use' } });
    expect(provider.calls).toContain('lastUsed key-old');
  });

  it('answers already-revoked for a version the inventory records as revoked', async () => {
    aws.state.items.set(OLD, { ...aws.state.items.get(OLD), status: 'revoked' });

    const result = await verify(request('abuse'), aws.deps(provider));

    expect(result.decision).toBe('already-revoked');
    expect(provider.calls).toEqual([]);
  });

  it('revokes in abuse mode without looking at the fleet', async () => {
    aws.state.items.set(OLD, { ...aws.state.items.get(OLD), ackAgents: new Set(['host:1']) });

    const result = await verify(request('abuse'), aws.deps(provider));

    expect(result).toMatchObject({ decision: 'revoke', fleet: null });
  });

  it('lets a provider outage propagate so the state machine retries it', async () => {
    provider.failWith.testKey = new ProviderUnavailableError('generated', 'HTTP 503');

    await expect(verify(request(), aws.deps(provider))).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('never reads a throttled test of the new key as the key being rejected: the throttle propagates, named for the Retry', async () => {
    provider.failWith.testKey = new ProviderThrottledError('http', 'test key answered HTTP 429', 1000, { status: 429 });

    const err = await verify(request('emergency', 2, 3), aws.deps(provider)).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ProviderThrottledError);
    expect(toTaskError(err).name).toBe('ProviderThrottledError');
    expect(provider.calls).not.toContain('revokeKey key-old');
  });

  it('never reads a throttled last-use lookup as a quiet old key', async () => {
    provider.lastUsedAt = new Date(NOW.getTime() - 7200_000);
    provider.failWith.lastUsed = new ProviderThrottledError('aws-iam', 'GetAccessKeyLastUsed failed (Throttling)');

    await expect(verify(request(), aws.deps(provider))).rejects.toBeInstanceOf(ProviderThrottledError);
  });

  it('answers ids, statuses and counts only, never key material', async () => {
    const result = await verify(request(), aws.deps(provider));

    expect(JSON.stringify(result)).not.toMatch(/rk_/);
  });
});
