import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  KeyRejectedError,
  ProviderError,
  ProviderRateLimitedError,
  ProviderUnauthorizedError,
} from '../../../lambdas/providers/errors';
import { OpenAiProvider } from '../../../lambdas/providers/openai';
import { type FakeOpenAiState, type FakeServer, startFakeOpenAi } from '../../../local/emulator/fake-providers';
import { providerCtx, testHttpDeps } from './support';

let fake: FakeServer<FakeOpenAiState>;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.state.clearFaults();
  fake.state.clearCalls();
  fake.state.keys.clear();
  fake.state.serviceAccounts.clear();
});

const options = () => ({ projectId: 'proj_test', baseUrl: fake.url });
const ctx = (token = 'a1b2c3d4-0000-4000-8000-000000000001') => providerCtx(options(), fake.state.adminKey, { token });

describe('OpenAiProvider', () => {
  it('mints a key in a new service account named after the token, which the models endpoint accepts', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    const key = await provider.createKey(ctx());
    expect(fake.state.isLive(key.apiKey)).toBe(true);
    expect([...fake.state.serviceAccounts.values()].map((sa) => sa.name)).toEqual([
      'rekey-a1b2c3d4-0000-4000-8000-000000000001',
    ]);
    await expect(provider.testKey(ctx(), { ...key })).resolves.toBeUndefined();
  });

  it('on a retried create, deletes the account whose key was never stored and mints exactly one live key', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    const lost = await provider.createKey(ctx());
    const again = await provider.createKey(ctx());
    expect(again.keyId).not.toBe(lost.keyId);
    expect(fake.state.isLive(lost.apiKey)).toBe(false);
    expect(fake.state.liveKeys()).toEqual([again.apiKey]);
    expect(fake.state.serviceAccounts.size).toBe(1);
  });

  it('discards what a given-up token minted by deleting the account named after it, and nothing else', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    const lost = await provider.createKey(ctx());
    const other = await provider.createKey(ctx('b1b2c3d4-0000-4000-8000-000000000002'));

    await provider.discardUnstored(ctx());

    expect(fake.state.isLive(lost.apiKey)).toBe(false);
    expect(fake.state.liveKeys()).toEqual([other.apiKey]);
  });

  it('finds its account on a later page of the service-account list', async () => {
    for (let i = 0; i < 130; i++) {
      fake.state.serviceAccounts.set(`svc_acct_filler${i}`, {
        id: `svc_acct_filler${i}`,
        projectId: 'proj_test',
        name: `other-${i}`,
        createdAt: 0,
        keyIds: [],
      });
    }
    const provider = new OpenAiProvider(testHttpDeps());
    const lost = await provider.createKey(ctx());
    await provider.createKey(ctx());
    expect(fake.state.isLive(lost.apiKey)).toBe(false);
    expect(fake.state.callCount({ method: 'GET', path: /service_accounts$/ })).toBeGreaterThanOrEqual(4);
  });

  it('cleans up an account whose creation answer was lost (500 after the effect) before it throws', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    fake.state.inject({ method: 'POST', path: /service_accounts$/, status: 500, afterEffect: true, times: 1 });
    await expect(provider.createKey(ctx())).rejects.toThrow(/HTTP 500/);
    expect(fake.state.serviceAccounts.size).toBe(0);
    expect(fake.state.liveKeys()).toEqual([]);
    expect(fake.state.callCount({ method: 'POST' })).toBe(1);
  });

  it('retries a 429 on create, honouring retry-after-ms', async () => {
    const deps = testHttpDeps();
    fake.state.inject({ method: 'POST', status: 429, retryAfterMs: 300, times: 1 });
    const key = await new OpenAiProvider(deps).createKey(ctx());
    expect(fake.state.isLive(key.apiKey)).toBe(true);
    expect(deps.sleeps).toEqual([300]);
  });

  it('rejects a dead key with KeyRejectedError naming the invalid_api_key code, not the key', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    const err = await provider
      .testKey(ctx(), { apiKey: 'sk-svcacct-notarealkeynotarealkeynotarealkey', keyId: 'key_dead' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyRejectedError);
    expect((err as Error).message).toContain('invalid_api_key');
    expect((err as Error).message).not.toContain('notarealkey');
  });

  it('revokes by deleting the service account, after which the key is revoked and rejected', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    const key = await provider.createKey(ctx());
    await provider.revokeKey(ctx(), { keyId: key.keyId });
    expect(fake.state.serviceAccounts.size).toBe(0);
    expect(await provider.isRevoked(ctx(), { ...key })).toBe(true);
    await expect(provider.testKey(ctx(), { ...key })).rejects.toBeInstanceOf(KeyRejectedError);
    await expect(provider.revokeKey(ctx(), { keyId: key.keyId })).resolves.toBeUndefined();
  });

  it('revokes a key made by hand by deleting the key itself', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    const first = fake.state.addUserKey('proj_test');
    expect(await provider.isRevoked(ctx(), { keyId: first.keyId, apiKey: first.apiKey })).toBe(false);
    await provider.revokeKey(ctx(), { keyId: first.keyId });
    expect(fake.state.isLive(first.apiKey)).toBe(false);
    expect(
      fake.state.callCount({ method: 'DELETE', path: `/v1/organization/projects/proj_test/api_keys/${first.keyId}` }),
    ).toBe(1);
  });

  it('refuses to revoke the key AWSCURRENT holds', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    const key = await provider.createKey(ctx());
    await expect(
      provider.revokeKey(providerCtx(options(), fake.state.adminKey, { currentKeyId: key.keyId }), {
        keyId: key.keyId,
      }),
    ).rejects.toThrow(/AWSCURRENT/);
    expect(fake.state.isLive(key.apiKey)).toBe(true);
  });

  it('reports last use from last_used_at', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    const key = await provider.createKey(ctx());
    expect(await provider.lastUsed(ctx(), { keyId: key.keyId })).toBeUndefined();
    await provider.testKey(ctx(), { ...key });
    const used = await provider.lastUsed(ctx(), { keyId: key.keyId });
    expect(used?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('maps a refused admin key to ProviderUnauthorizedError and exhausted rate limits to ProviderRateLimitedError', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    await expect(provider.createKey(providerCtx(options(), 'sk-admin-wrong'))).rejects.toBeInstanceOf(
      ProviderUnauthorizedError,
    );
    fake.state.inject({ method: 'GET', status: 429, retryAfter: 1 });
    await expect(provider.createKey(ctx())).rejects.toBeInstanceOf(ProviderRateLimitedError);
  });

  it('needs a projectId', async () => {
    const provider = new OpenAiProvider(testHttpDeps());
    await expect(provider.createKey(providerCtx({ baseUrl: fake.url }, fake.state.adminKey))).rejects.toBeInstanceOf(
      ProviderError,
    );
  });
});
