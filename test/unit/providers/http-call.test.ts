import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ProviderError,
  ProviderNotFoundError,
  ProviderRateLimitedError,
  ProviderUnauthorizedError,
  ProviderUnavailableError,
} from '../../../lambdas/providers/errors';
import {
  backoffMs,
  callProvider,
  describeErrorBody,
  type HttpRequest,
  retryAfterMs,
} from '../../../lambdas/providers/http-call';
import { type FakeHttpState, type FakeServer, startFakeHttpProvider } from '../../../local/emulator/fake-providers';
import { testHttpDeps } from './support';

let fake: FakeServer<FakeHttpState>;
beforeAll(async () => {
  fake = await startFakeHttpProvider();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.state.clearFaults();
  fake.state.clearCalls();
});

const create = (over: Partial<HttpRequest> = {}): HttpRequest => ({
  op: 'create key',
  method: 'POST',
  url: `${fake.url}/keys`,
  headers: { authorization: `Bearer ${fake.state.adminKey}` },
  body: { idempotencyKey: 'tok-1', name: 'rekey-test' },
  auth: 'admin',
  ...over,
});

describe('callProvider', () => {
  it('retries a 429 after the Retry-After the provider asked for, then succeeds', async () => {
    const deps = testHttpDeps();
    fake.state.inject({ path: '/keys', status: 429, retryAfter: 2, times: 1 });
    const res = await callProvider('http', deps, create());
    expect(res.status).toBe(201);
    expect(deps.sleeps).toEqual([2000]);
  });

  it('prefers retry-after-ms to retry-after', async () => {
    const deps = testHttpDeps();
    fake.state.inject({ path: '/keys', status: 429, retryAfter: 3, retryAfterMs: 150, times: 1 });
    await callProvider('http', deps, create({ body: { idempotencyKey: 'tok-2' } }));
    expect(deps.sleeps).toEqual([150]);
  });

  it('throws a rate-limit error at once when Retry-After is longer than one invocation may wait', async () => {
    const deps = testHttpDeps();
    fake.state.inject({ path: '/keys', status: 429, retryAfter: 60, times: 1 });
    const err = await callProvider('http', deps, create()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderRateLimitedError);
    expect((err as ProviderRateLimitedError).retryAfterMs).toBe(60_000);
    expect(deps.sleeps).toEqual([]);
  });

  it('backs off exponentially on 5xx and gives up after the attempt budget', async () => {
    const deps = testHttpDeps();
    const before = fake.state.callCount({ path: '/keys' });
    fake.state.inject({ path: '/keys', status: 503 });
    const err = await callProvider('http', deps, create()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as ProviderError).status).toBe(503);
    expect(fake.state.callCount({ path: '/keys' }) - before).toBe(3);
    expect(deps.sleeps).toEqual([75, 150]);
  });

  it('does not repeat a non-idempotent call after a 5xx, but does after a 429', async () => {
    const deps = testHttpDeps();
    fake.state.inject({ path: '/keys', status: 500, times: 1 });
    await expect(callProvider('http', deps, create({ retryAmbiguous: false }))).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    fake.state.inject({ path: '/keys', status: 429, times: 1 });
    await expect(callProvider('http', deps, create({ retryAmbiguous: false }))).resolves.toMatchObject({
      status: 200,
    });
  });

  it('maps a request that outlives its timeout to ProviderUnavailableError', async () => {
    const deps = testHttpDeps({ attempts: 1, timeoutMs: 100 });
    fake.state.inject({ path: '/keys', delayMs: 400, times: 1 });
    await expect(callProvider('http', deps, create())).rejects.toThrow(/timed out after 100 ms/);
  });

  it('maps a dropped connection and a closed port to ProviderUnavailableError', async () => {
    const deps = testHttpDeps({ attempts: 1 });
    fake.state.inject({ path: '/keys', drop: true, times: 1 });
    await expect(callProvider('http', deps, create())).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(callProvider('http', deps, create({ url: 'http://127.0.0.1:9/keys' }))).rejects.toThrow(
      /network error/,
    );
  });

  it('maps 401 on an admin call to ProviderUnauthorizedError and 404 to ProviderNotFoundError', async () => {
    const deps = testHttpDeps();
    await expect(
      callProvider('http', deps, create({ headers: { authorization: 'Bearer wrong-admin-credential' } })),
    ).rejects.toBeInstanceOf(ProviderUnauthorizedError);
    await expect(
      callProvider('http', deps, create({ method: 'DELETE', url: `${fake.url}/keys/nope`, body: undefined })),
    ).rejects.toBeInstanceOf(ProviderNotFoundError);
  });

  it('hands listed statuses back instead of throwing', async () => {
    const res = await callProvider('http', testHttpDeps(), {
      op: 'test key',
      method: 'GET',
      url: `${fake.url}/whoami`,
      headers: { authorization: 'Bearer not-a-live-key-at-all' },
      auth: 'key',
      pass: [401],
    });
    expect(res.status).toBe(401);
  });
});

describe('error bodies and headers', () => {
  it('reads the Anthropic and OpenAI error shapes', () => {
    expect(
      describeErrorBody({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }),
    ).toBe('authentication_error: invalid x-api-key');
    expect(
      describeErrorBody({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }),
    ).toBe('requests: rate_limit_exceeded: Rate limit reached');
  });

  it('removes masked and whole keys that providers echo in messages', () => {
    const text = describeErrorBody({
      error: {
        message:
          'Incorrect API key provided: sk-proj-abc***************************xyz1. Also sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    });
    expect(text).toContain('invalid_api_key');
    expect(text).not.toMatch(/sk-proj/);
  });

  it('parses Retry-After as seconds, as a date, and retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250.5' }))).toBe(250.5);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }), () => now)).toBe(10_000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  it('jitters backoff within half to all of an exponentially growing step, capped', () => {
    const policy = { attempts: 5, timeoutMs: 1, baseDelayMs: 100, maxDelayMs: 300, maxRetryAfterMs: 1 };
    expect(backoffMs({ random: () => 0, policy }, 1)).toBe(50);
    expect(backoffMs({ random: () => 0.999999, policy }, 2)).toBe(200);
    expect(backoffMs({ random: () => 0, policy }, 5)).toBe(150);
  });
});
