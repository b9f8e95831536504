import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetNotification } from '../../../packages/client/src/notification';
import { RotatingSecret, type RotatingSecretOptions } from '../../../packages/client/src/rotating-secret';
import type { ChangeSource, SecretSink } from '../../../packages/client/src/sources/types';
import { ManualClock } from './support/manual-clock';
import { memoryLogger } from './support/memory-logger';
import { anthropicKey, FakeSecret, secretJson } from './support/secrets-manager-fake';

const sm = mockClient(SecretsManagerClient);
const open: RotatingSecret[] = [];

/** A push source the test drives by hand. */
function manualSource(): ChangeSource & { push(n: FleetNotification): void; sinks: Set<SecretSink> } {
  const sinks = new Set<SecretSink>();
  return {
    kind: 'manual',
    sinks,
    attach: (s) => void sinks.add(s),
    detach: async (s) => void sinks.delete(s),
    push: (n) => {
      for (const s of sinks) s.notify(n);
    },
  };
}

function rotated(secretName: string, versionId: string): FleetNotification {
  return { event: 'rotated', secretName, versionId, at: '2026-11-25T10:00:00.000Z' };
}

async function setup(options: Partial<RotatingSecretOptions> = {}) {
  const secret = new FakeSecret('rekey/agents/support', secretJson(anthropicKey('one')));
  secret.install(sm);
  const clock = new ManualClock();
  const source = manualSource();
  const logger = memoryLogger();
  const key = await RotatingSecret.open({
    secretId: secret.name,
    client: new SecretsManagerClient({}),
    sources: [source],
    pollIntervalMs: 0,
    clock,
    random: () => 0.5,
    logger,
    ...options,
  });
  open.push(key);
  return { secret, clock, source, key, logger };
}

beforeEach(() => {
  sm.reset();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
});

describe('RotatingSecret on a rotated notification', () => {
  it('refreshes after a random delay within notificationDelayMs, not at once', async () => {
    const { secret, clock, source, key } = await setup({ random: () => 0.75, notificationDelayMs: 2000 });
    const v2 = secret.rotate(secretJson(anthropicKey('two')));

    source.push(rotated(secret.name, v2));
    await clock.advance(1499);
    const before = key.current();
    await clock.advance(1);

    expect(before).toBe(anthropicKey('one'));
    expect(key.current()).toBe(anthropicKey('two'));
    expect(secret.calls).toBe(2);
  });

  it('makes no GetSecretValue call for a version it already holds', async () => {
    const { secret, clock, source } = await setup();

    source.push(rotated(secret.name, secret.versionId));
    await clock.advance(5000);

    expect(secret.calls).toBe(1);
  });

  it('makes one call for duplicate notifications of the same new version', async () => {
    const { secret, clock, source, key } = await setup();
    const v2 = secret.rotate(secretJson(anthropicKey('two')));

    source.push(rotated(secret.name, v2));
    source.push(rotated(secret.name, v2));
    await clock.advance(2000);
    source.push(rotated(secret.name, v2));
    await clock.advance(2000);

    expect(secret.calls).toBe(2);
    expect(key.versionId).toBe(v2);
  });

  it('ignores notifications for other secrets', async () => {
    const { secret, clock, source, logger } = await setup();

    source.push(rotated('rekey/agents/other', 'v-other'));
    await clock.advance(5000);

    expect(secret.calls).toBe(1);
    expect(logger.entries.some((e) => e.msg.includes('another secret'))).toBe(true);
  });

  it('looks again, a bounded number of times, when the notified version is not yet current', async () => {
    const { secret, clock, source, logger } = await setup();

    source.push(rotated(secret.name, 'version-that-never-appears'));
    await clock.advance(60_000);

    expect(secret.calls).toBe(1 + 3);
    expect(logger.entries.some((e) => e.msg.includes('leaving it to polling'))).toBe(true);
  });

  it('adopts the version on a later look when the first read was still the old one', async () => {
    const { secret, clock, source, key } = await setup();
    const v2 = 'v2-announced-early';

    source.push(rotated(secret.name, v2));
    await clock.advance(1000);
    secret.rotate(secretJson(anthropicKey('two')));
    secret.versionId = v2;
    await clock.advance(5000);

    expect(key.versionId).toBe(v2);
    expect(secret.calls).toBe(3);
  });
});

describe('RotatingSecret on a revoked notification', () => {
  it('drops the previous value when the previous version is revoked', async () => {
    const { secret, source, key } = await setup();
    secret.rotate(secretJson(anthropicKey('two')));
    await key.refresh();
    const previousVersion = key.previousVersionId ?? '';

    source.push({ event: 'revoked', secretName: secret.name, versionId: previousVersion, at: '2026-11-25T10:00:00Z' });

    expect(key.previous()).toBeUndefined();
  });

  it('looks for a new version when the version in use is revoked', async () => {
    const { secret, clock, source, key } = await setup();
    const v1 = secret.versionId;
    const v2 = secret.rotate(secretJson(anthropicKey('two')));

    source.push({ event: 'revoked', secretName: secret.name, versionId: v1, at: '2026-11-25T10:00:00Z' });
    await clock.advance(2000);

    expect(key.versionId).toBe(v2);
  });
});

describe('RotatingSecret polling', () => {
  it('polls hourly by default, each interval jittered within ±10%', async () => {
    const { clock } = await setup({ pollIntervalMs: undefined, random: () => 0 });

    expect(clock.pendingDelays()).toEqual([3_600_000 * 0.9]);
  });

  it('picks up a rotation without any notification and keeps polling', async () => {
    const { secret, clock, key } = await setup({ pollIntervalMs: 60_000, random: () => 1 });
    const v2 = secret.rotate(secretJson(anthropicKey('two')));

    await clock.advance(66_000);

    expect(key.versionId).toBe(v2);
    expect(clock.pending).toBe(1);
  });

  it('keeps the key and emits refreshFailed when a poll fails', async () => {
    const { secret, clock, key } = await setup({ pollIntervalMs: 60_000 });
    const failures: string[] = [];
    key.on('refreshFailed', (e) => failures.push(e.trigger));
    sm.reset();
    sm.rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));

    await clock.advance(60_000);

    expect(failures).toEqual(['poll']);
    expect(key.current()).toBe(anthropicKey('one'));
    expect(secret.calls).toBe(1);
  });

  it('stops every timer and detaches from its sources on close', async () => {
    const { clock, source, key, secret } = await setup({ pollIntervalMs: 60_000 });
    source.push(rotated(secret.name, 'v-new'));

    await key.close();

    expect(clock.pending).toBe(0);
    expect(source.sinks.size).toBe(0);
  });
});
