import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnthropicProvider, hintMatches } from '../../../lambdas/providers/anthropic';
import {
  KeyRejectedError,
  ManualKeyRequiredError,
  ProviderUnauthorizedError,
  ProviderUnavailableError,
} from '../../../lambdas/providers/errors';
import { type FakeAnthropicState, type FakeServer, startFakeAnthropic } from '../../../local/emulator/fake-providers';
import { providerCtx, testHttpDeps } from './support';

let fake: FakeServer<FakeAnthropicState>;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.state.clearFaults();
  fake.state.clearCalls();
  fake.state.keys.clear();
});

const ctx = (options: Record<string, unknown> = {}) =>
  providerCtx({ baseUrl: fake.url, ...options }, fake.state.adminKey);

describe('AnthropicProvider', () => {
  it('does not mint: createKey asks for an operator', async () => {
    const provider = new AnthropicProvider(testHttpDeps());
    expect(provider.mintsKeys).toBe(false);
    await expect(provider.createKey(ctx())).rejects.toBeInstanceOf(ManualKeyRequiredError);
  });

  it('identifies an operator-made key by its partial hint among many', async () => {
    const provider = new AnthropicProvider(testHttpDeps());
    for (let i = 0; i < 5; i++) fake.state.createKeyInConsole();
    const made = fake.state.createKeyInConsole();
    expect(await provider.identifyKey(ctx(), made.apiKey)).toBe(made.keyId);
  });

  it('identifies only within the configured workspace and only active keys', async () => {
    const provider = new AnthropicProvider(testHttpDeps());
    const made = fake.state.createKeyInConsole({ workspaceId: 'wrkspc_a' });
    await expect(provider.identifyKey(ctx({ workspaceId: 'wrkspc_b' }), made.apiKey)).rejects.toThrow(/no active key/);
    expect(await provider.identifyKey(ctx({ workspaceId: 'wrkspc_a' }), made.apiKey)).toBe(made.keyId);
    await provider.revokeKey(ctx(), { keyId: made.keyId });
    await expect(provider.identifyKey(ctx(), made.apiKey)).rejects.toThrow(/no active key/);
  });

  it('never puts the supplied key in the error when nothing matches', async () => {
    const provider = new AnthropicProvider(testHttpDeps());
    const stray = `sk-ant-api03-${'Q'.repeat(93)}AA`;
    const err = (await provider.identifyKey(ctx(), stray).catch((e: unknown) => e)) as Error;
    expect(err.message).not.toContain('QQQQ');
  });

  it('tests with x-api-key and anthropic-version, and rejects a dead key with authentication_error', async () => {
    const provider = new AnthropicProvider(testHttpDeps());
    const made = fake.state.createKeyInConsole();
    await expect(provider.testKey(ctx(), { ...made })).resolves.toBeUndefined();
    await provider.revokeKey(ctx(), { keyId: made.keyId });
    const err = await provider.testKey(ctx(), { ...made }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyRejectedError);
    expect((err as Error).message).toContain('authentication_error');
  });

  it('revokes in two phases: inactive, then archived; each replay is a no-op', async () => {
    const provider = new AnthropicProvider(testHttpDeps());
    const made = fake.state.createKeyInConsole();
    await provider.revokeKey(ctx(), { keyId: made.keyId });
    expect(fake.state.keys.get(made.keyId)?.status).toBe('inactive');
    expect(await provider.isRevoked(ctx(), { keyId: made.keyId })).toBe(true);
    await provider.revokeKey(ctx(), { keyId: made.keyId });
    await provider.deleteKey(ctx(), { keyId: made.keyId });
    expect(fake.state.keys.get(made.keyId)?.status).toBe('archived');
    await provider.revokeKey(ctx(), { keyId: made.keyId });
    await provider.deleteKey(ctx(), { keyId: made.keyId });
    expect(fake.state.keys.get(made.keyId)?.status).toBe('archived');
    expect(fake.state.callCount({ method: 'POST' })).toBe(2);
  });

  it('treats an unknown key as revoked', async () => {
    const provider = new AnthropicProvider(testHttpDeps());
    expect(await provider.isRevoked(ctx(), { keyId: 'apikey_gone' })).toBe(true);
  });

  it('maps a refused admin key and an overloaded API', async () => {
    const provider = new AnthropicProvider(testHttpDeps());
    const made = fake.state.createKeyInConsole();
    await expect(
      provider.revokeKey(providerCtx({ baseUrl: fake.url }, 'sk-ant-admin01-wrong'), { keyId: made.keyId }),
    ).rejects.toBeInstanceOf(ProviderUnauthorizedError);
    fake.state.inject({ status: 529 });
    await expect(provider.revokeKey(ctx(), { keyId: made.keyId })).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(fake.state.keys.get(made.keyId)?.status).toBe('active');
  });
});

describe('hintMatches', () => {
  it('matches head and tail of the key, and nothing shorter', () => {
    const key = `sk-ant-api03-R2D${'x'.repeat(80)}igAA`;
    expect(hintMatches('sk-ant-api03-R2D...igAA', key)).toBe(true);
    expect(hintMatches('sk-ant-api03-R2D...igAB', key)).toBe(false);
    expect(hintMatches('sk-ant...igAA', key)).toBe(false);
    expect(hintMatches('sk-ant-api03-R2DigAA', key)).toBe(false);
  });
});
