import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingSecret, type RotatingSecretOptions } from '../../../packages/client/src/rotating-secret';
import { ANTHROPIC_401 } from './support/fake-provider';
import { ManualClock } from './support/manual-clock';
import { memoryLogger } from './support/memory-logger';
import { anthropicKey, FakeSecret, secretJson } from './support/secrets-manager-fake';

const sm = mockClient(SecretsManagerClient);
const open: RotatingSecret[] = [];

/** An error shaped like a provider's 401: what a hand-written fetch wrapper would throw. */
function unauthorized(): Error {
  return Object.assign(new Error('401 invalid x-api-key'), { status: 401, error: ANTHROPIC_401 });
}

async function setup(options: Partial<RotatingSecretOptions> = {}) {
  const secret = new FakeSecret('rekey/agents/support', secretJson(anthropicKey('one')));
  secret.install(sm);
  const clock = new ManualClock();
  const key = await RotatingSecret.open({
    secretId: secret.name,
    client: new SecretsManagerClient({}),
    pollIntervalMs: 0,
    clock,
    logger: memoryLogger(),
    ...options,
  });
  open.push(key);
  await clock.advance(5000);
  return { secret, clock, key };
}

beforeEach(() => {
  sm.reset();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
});

describe('RotatingSecret.withKey', () => {
  it('runs the function with the current key and returns its result', async () => {
    const { key } = await setup();

    const result = await key.withKey(async (k) => `used ${k.length}`);

    expect(result).toBe(`used ${anthropicKey('one').length}`);
  });

  it('refreshes once and retries once with the new key when the key was rejected', async () => {
    const { key, secret } = await setup();
    secret.rotate(secretJson(anthropicKey('two')));
    const used: string[] = [];

    const result = await key.withKey(async (k) => {
      used.push(k);
      if (k !== anthropicKey('two')) throw unauthorized();
      return 'ok';
    });

    expect(result).toBe('ok');
    expect(used).toEqual([anthropicKey('one'), anthropicKey('two')]);
    expect(secret.calls).toBe(2);
  });

  it('passes every other error through untouched, the same object, without a refresh', async () => {
    const { key, secret } = await setup();
    const rateLimited = Object.assign(new Error('429'), { status: 429 });
    let calls = 0;

    const thrown = await key
      .withKey(async () => {
        calls++;
        throw rateLimited;
      })
      .catch((e: unknown) => e);

    expect(thrown).toBe(rateLimited);
    expect(calls).toBe(1);
    expect(secret.calls).toBe(1);
  });

  it('retries only once: a second rejection reaches the caller', async () => {
    const { key } = await setup();
    const second = unauthorized();
    let calls = 0;

    const thrown = await key
      .withKey(async () => {
        calls++;
        throw calls === 1 ? unauthorized() : second;
      })
      .catch((e: unknown) => e);

    expect(thrown).toBe(second);
    expect(calls).toBe(2);
  });

  it('retries without a call when the key already changed while the request ran', async () => {
    const { key, secret } = await setup();
    secret.rotate(secretJson(anthropicKey('two')));
    const used: string[] = [];

    await key.withKey(async (k) => {
      used.push(k);
      if (used.length === 1) {
        await key.refresh();
        throw unauthorized();
      }
    });

    expect(used).toEqual([anthropicKey('one'), anthropicKey('two')]);
    expect(secret.calls).toBe(2);
  });

  it('shares one GetSecretValue among many requests rejected at once', async () => {
    const { key, secret } = await setup();
    secret.rotate(secretJson(anthropicKey('two')));

    await Promise.all(
      Array.from({ length: 50 }, () =>
        key.withKey(async (k) => {
          await Promise.resolve();
          if (k !== anthropicKey('two')) throw unauthorized();
        }),
      ),
    );

    expect(secret.calls).toBe(2);
  });

  it('does not call GetSecretValue again within the cooldown after a refresh', async () => {
    const { key, secret, clock } = await setup({ retryCooldownMs: 1000 });
    await key.refresh();
    await clock.advance(500);

    await key
      .withKey(async () => {
        throw unauthorized();
      })
      .catch(() => undefined);

    expect(secret.calls).toBe(2);
  });

  it('throws the original error and emits refreshFailed when the refresh itself fails', async () => {
    const { key } = await setup();
    const original = unauthorized();
    const failures: string[] = [];
    key.on('refreshFailed', (e) => failures.push(e.trigger));
    sm.reset();
    sm.rejects(Object.assign(new Error('down'), { name: 'InternalServiceError' }));

    const thrown = await key
      .withKey(async () => {
        throw original;
      })
      .catch((e: unknown) => e);

    expect(thrown).toBe(original);
    expect(failures).toEqual(['invalid-key']);
  });

  it('uses a custom classifier when one is given', async () => {
    const { key, secret } = await setup({ isInvalidKeyError: (e) => (e as Error).message === 'custom-expired' });
    secret.rotate(secretJson(anthropicKey('two')));
    let calls = 0;

    await key.withKey(async () => {
      calls++;
      if (calls === 1) throw new Error('custom-expired');
    });

    expect(calls).toBe(2);
    expect(key.current()).toBe(anthropicKey('two'));
  });
});
