import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeEach, describe, expect, it } from 'vitest';
import { ProviderThrottledError } from '../../../lambdas/providers/errors';
import {
  confirm,
  deleteOld,
  RevocationNotConfirmedError,
  record,
  revoke,
  UnsafeRevocationError,
} from '../../../lambdas/revocation/tasks';
import { FakeProvider, input, mockedAws, NEW, NOW, OLD, OLD_KEY, secretString } from './support';

const aws = mockedAws();
let provider: FakeProvider;

beforeEach(() => {
  aws.reset();
  provider = new FakeProvider();
});

describe('revoke', () => {
  it('revokes the old key at the provider and records it revoked', async () => {
    const out = await revoke(input(), aws.deps(provider));

    expect(provider.calls).toEqual(['revokeKey key-old']);
    expect(provider.contexts[0]?.currentKeyId).toBe('key-new');
    expect(aws.state.transitions).toEqual([{ versionId: OLD, status: 'revoked' }]);
    expect(out).toEqual({ twoPhase: false, revokedAt: NOW.toISOString() });
  });

  it('only deactivates where the provider has two phases, and says so', async () => {
    provider.twoPhaseRevoke = true;

    const out = await revoke(input(), aws.deps(provider));

    expect(out.twoPhase).toBe(true);
    expect(aws.state.transitions).toEqual([{ versionId: OLD, status: 'deactivated' }]);
  });

  it('never revokes the version that is AWSCURRENT', async () => {
    aws.state.stages = { [OLD]: ['AWSCURRENT'], [NEW]: ['AWSPREVIOUS'] };

    await expect(revoke(input('abuse'), aws.deps(provider))).rejects.toBeInstanceOf(UnsafeRevocationError);
    expect(provider.calls).toEqual([]);
    expect(aws.state.transitions).toEqual([]);
  });

  it('never revokes an old version that holds the same key as AWSCURRENT', async () => {
    aws.state.values.set(OLD, secretString(OLD_KEY, 'key-new'));

    await expect(revoke(input(), aws.deps(provider))).rejects.toBeInstanceOf(UnsafeRevocationError);
    expect(provider.calls).toEqual([]);
  });

  it('revokes a version that lost all its labels, reading it by id', async () => {
    aws.state.stages = { [NEW]: ['AWSCURRENT'] };

    await revoke(input(), aws.deps(provider));

    expect(provider.calls).toEqual(['revokeKey key-old']);
  });

  it('records the deployment placeholder revoked without asking the provider', async () => {
    aws.state.values.set(
      OLD,
      JSON.stringify({ apiKey: 'placeholderplaceholder', keyId: '', provider: 'openai', createdAt: 'x' }),
    );
    aws.state.items.set(OLD, { status: 'previous', keyId: '' });
    const out = await revoke(input(), aws.deps(provider));

    expect(provider.calls).toEqual([]);
    expect(out.twoPhase).toBe(false);
    expect(aws.state.transitions).toEqual([{ versionId: OLD, status: 'revoked' }]);
  });
});

describe('confirm', () => {
  it('passes once the provider rejects the old key', async () => {
    provider.revoked.add('key-old');

    await expect(confirm(input(), aws.deps(provider))).resolves.toEqual({ confirmed: true });
  });

  it('never reads a throttled check as the key being dead: the throttle propagates for the Retry', async () => {
    provider.failWith.isRevoked = new ProviderThrottledError('http', 'test key answered HTTP 429', 1000);

    await expect(confirm(input(), aws.deps(provider))).rejects.toBeInstanceOf(ProviderThrottledError);
  });

  it('throws RevocationNotConfirmedError while the provider still accepts it', async () => {
    const err = await confirm(input(), aws.deps(provider)).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(RevocationNotConfirmedError);
    expect((err as Error).name).toBe('RevocationNotConfirmedError');
    expect((err as Error).message).not.toContain(OLD_KEY);
  });
});

describe('deleteOld', () => {
  it('deletes the deactivated key where the provider can', async () => {
    await expect(deleteOld(input(), aws.deps(provider))).resolves.toEqual({ deleted: true });
    expect(provider.calls).toEqual(['deleteKey key-old']);
  });

  it('still refuses the AWSCURRENT version', async () => {
    aws.state.stages = { [OLD]: ['AWSCURRENT'] };

    await expect(deleteOld(input(), aws.deps(provider))).rejects.toBeInstanceOf(UnsafeRevocationError);
  });
});

describe('record', () => {
  it('records the revocation and hands back the revoked notification, ids only', async () => {
    aws.state.items.set(OLD, { status: 'deactivated', keyId: 'key-old' });

    const out = await record({ input: input('emergency') }, aws.deps(provider));

    expect(aws.state.transitions).toEqual([{ versionId: OLD, status: 'revoked' }]);
    expect(out.notification).toEqual({
      event: 'revoked',
      secretName: 'rekey/agents/support',
      versionId: OLD,
      mode: 'emergency',
      at: NOW.toISOString(),
    });
    expect(out.fleets).toEqual(['support']);
    expect(out.notifyFleets).toBe(true);
  });

  it('hands back the fleets the secret is tagged for now, sorted, and no fleet to tell for an untagged one', async () => {
    aws.state.tags = [
      { Key: 'rekey:fleet:zeta', Value: 'true' },
      { Key: 'rekey:fleet:alpha', Value: 'true' },
      { Key: 'rekey:fleet:off', Value: 'false' },
    ];
    const tagged = await record({ input: input('scheduled') }, aws.deps(provider));
    aws.state.tags = [];
    const untagged = await record({ input: input('scheduled') }, aws.deps(provider));

    expect(tagged).toMatchObject({ fleets: ['alpha', 'zeta'], notifyFleets: true });
    expect(untagged).toMatchObject({ fleets: [], notifyFleets: false });
    expect(aws.state.transitions.map((t) => t.status)).toEqual(['revoked']);
  });

  it('emits TimeToRevokeSeconds from the exposure to the revocation', async () => {
    const metrics = new Metrics({ namespace: 'Rekey', serviceName: 'rekey-revocation' });
    aws.state.items.set(OLD, { status: 'revoked', exposedAt: '2026-11-25T11:55:00.000Z' });

    const out = await record(
      { input: input('abuse'), revokedAt: '2026-11-25T11:58:00.000Z', startedAt: '2026-11-25T11:57:00.000Z' },
      aws.deps(provider, { metrics }),
    );

    expect(out.timeToRevokeSeconds).toBe(180);
    const emf = metrics.serializeMetrics() as unknown as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] };
    };
    expect(emf._aws.CloudWatchMetrics[0]?.Namespace).toBe('Rekey');
    expect(emf._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name)).toContain('TimeToRevokeSeconds');
    expect(emf.TimeToRevokeSeconds).toBe(180);
    expect(emf.service).toBe('rekey-revocation');
  });

  it('measures from the workflow start where the key was not reported exposed', async () => {
    const out = await record(
      { input: input('scheduled'), revokedAt: '2026-11-25T11:58:00.000Z', startedAt: '2026-11-25T10:58:00.000Z' },
      aws.deps(provider),
    );

    expect(out.timeToRevokeSeconds).toBe(3600);
  });
});
