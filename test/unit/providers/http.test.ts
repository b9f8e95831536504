import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeyRejectedError, ProviderUnauthorizedError } from '../../../lambdas/providers/errors';
import { HttpProvider } from '../../../lambdas/providers/http';
import { type FakeHttpState, type FakeServer, startFakeHttpProvider } from '../../../local/emulator/fake-providers';
import { providerCtx, testHttpDeps } from './support';

let fake: FakeServer<FakeHttpState>;
beforeAll(async () => {
  fake = await startFakeHttpProvider({
    createPath: '/v2/keys',
    testPath: '/v2/me',
    revokePath: '/v2/keys/{keyId}/revoke',
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.state.clearFaults();
  fake.state.clearCalls();
  fake.state.keys.clear();
});

const options = () => ({
  baseUrl: `${fake.url}/`,
  createPath: '/v2/keys',
  testPath: '/v2/me',
  revokePath: '/v2/keys/{keyId}/revoke',
});
const ctx = (token = 'b1b2c3d4-0000-4000-8000-000000000002') => providerCtx(options(), fake.state.adminKey, { token });

describe('HttpProvider', () => {
  it('mints by idempotency key: a retried create with the same token returns the same key', async () => {
    const provider = new HttpProvider(testHttpDeps());
    const first = await provider.createKey(ctx());
    const again = await provider.createKey(ctx());
    expect(again).toEqual(first);
    expect(fake.state.keys.size).toBe(1);
    const other = await provider.createKey(ctx('c1b2c3d4-0000-4000-8000-000000000003'));
    expect(other.keyId).not.toBe(first.keyId);
  });

  it('survives a create whose answer was lost: the retry inside the call gets the same key', async () => {
    const provider = new HttpProvider(testHttpDeps());
    fake.state.inject({ method: 'POST', status: 502, afterEffect: true, times: 1 });
    const key = await provider.createKey(ctx());
    expect(fake.state.keys.size).toBe(1);
    expect(fake.state.isLive(key.apiKey)).toBe(true);
  });

  it('discards the key a given-up token minted: asks again under its idempotency key, then revokes it', async () => {
    const provider = new HttpProvider(testHttpDeps());
    const lost = await provider.createKey(ctx());
    const other = await provider.createKey(ctx('c1b2c3d4-0000-4000-8000-000000000003'));

    await provider.discardUnstored(ctx());
    await provider.discardUnstored(ctx());

    expect(fake.state.isLive(lost.apiKey)).toBe(false);
    expect(fake.state.isLive(other.apiKey)).toBe(true);
    expect(fake.state.keys.size).toBe(2);
  });

  it('tests with the key as bearer: 200 passes, 401 is KeyRejectedError', async () => {
    const provider = new HttpProvider(testHttpDeps());
    const key = await provider.createKey(ctx());
    await expect(provider.testKey(ctx(), { ...key })).resolves.toBeUndefined();
    await provider.revokeKey(ctx(), { keyId: key.keyId });
    await expect(provider.testKey(ctx(), { ...key })).rejects.toBeInstanceOf(KeyRejectedError);
    expect(await provider.isRevoked(ctx(), { ...key })).toBe(true);
  });

  it('treats 404 on revoke as already revoked', async () => {
    const provider = new HttpProvider(testHttpDeps());
    const key = await provider.createKey(ctx());
    await provider.revokeKey(ctx(), { keyId: key.keyId });
    await expect(provider.revokeKey(ctx(), { keyId: key.keyId })).resolves.toBeUndefined();
    expect(fake.state.callCount({ method: 'DELETE' })).toBe(2);
  });

  it('sends the admin credential only to create and revoke', async () => {
    const provider = new HttpProvider(testHttpDeps());
    await expect(provider.createKey(providerCtx(options(), 'inadm_wrongwrongwrongwrong'))).rejects.toBeInstanceOf(
      ProviderUnauthorizedError,
    );
  });

  it('cannot say whether a key is revoked without the key', async () => {
    await expect(new HttpProvider(testHttpDeps()).isRevoked(ctx(), { keyId: 'ik_x' })).rejects.toThrow(/without it/);
  });
});
