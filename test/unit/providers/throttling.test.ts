import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMIT_ITEM } from '../../../contract/rate-limits';
import { SharedRateLimiter } from '../../../lambdas/common/rate-limit';
import { AnthropicProvider } from '../../../lambdas/providers/anthropic';
import { mapIamError } from '../../../lambdas/providers/aws-iam';
import { KeyRejectedError, ProviderRateLimitedError, ProviderThrottledError } from '../../../lambdas/providers/errors';
import { HttpProvider } from '../../../lambdas/providers/http';
import { callProvider } from '../../../lambdas/providers/http-call';
import { OpenAiProvider } from '../../../lambdas/providers/openai';
import { providerSlot } from '../../../lambdas/providers/rate-limit';
import {
  type FakeAnthropicState,
  type FakeHttpState,
  type FakeOpenAiState,
  type FakeServer,
  startFakeAnthropic,
  startFakeHttpProvider,
  startFakeOpenAi,
} from '../../../local/emulator/fake-providers';
import { FakeDynamoDb } from '../../support/fakes/dynamodb';
import { providerCtx, testHttpDeps } from './support';

/**
 * A provider's throttle, per provider: its documented 429 (or IAM's `Throttling`) becomes ProviderThrottledError
 * with the provider's Retry-After, and is never read as the key being rejected or dead; rekey's shared provider
 * rate takes a slot before every attempt and, with no slot near enough, fails the call the same way without
 * sending it.
 */
let openai: FakeServer<FakeOpenAiState>;
let anthropic: FakeServer<FakeAnthropicState>;
let http: FakeServer<FakeHttpState>;

beforeAll(async () => {
  [openai, anthropic, http] = await Promise.all([
    startFakeOpenAi({ ratePerSecond: 1 }),
    startFakeAnthropic({ ratePerSecond: 1 }),
    startFakeHttpProvider({ ratePerSecond: 1 }),
  ]);
});
afterAll(async () => {
  await Promise.all([openai.close(), anthropic.close(), http.close()]);
});

/** Uses up the fake's one request of this second. */
async function spend(url: string): Promise<void> {
  await fetch(`${url}/nothing-here`).then((r) => r.text());
}

const noRetry = () => testHttpDeps({ attempts: 1, throttledAttempts: 1 });

describe('a provider throttle is ProviderThrottledError, never a rejection', () => {
  it('openai: a 429 rate_limit_exceeded on the models endpoint, with its Retry-After', async () => {
    await spend(openai.url);
    const provider = new OpenAiProvider(noRetry());
    const ctx = providerCtx({ projectId: 'proj_x', baseUrl: openai.url }, openai.state.adminKey);

    const err = await provider.testKey(ctx, { apiKey: 'sk-proj-x', keyId: 'key_x' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ProviderThrottledError);
    expect(err).not.toBeInstanceOf(KeyRejectedError);
    expect((err as ProviderThrottledError).status).toBe(429);
    expect((err as ProviderThrottledError).retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect((err as Error).message).toContain('rate_limit_exceeded');
  });

  it('anthropic: a 429 rate_limit_error on the Admin API, with its retry-after', async () => {
    await spend(anthropic.url);
    const provider = new AnthropicProvider(noRetry());
    const ctx = providerCtx({ baseUrl: anthropic.url }, anthropic.state.adminKey);

    const err = await provider.isRevoked(ctx, { keyId: 'apikey_x' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ProviderThrottledError);
    expect((err as Error).message).toContain('rate_limit_error');
    expect((err as ProviderThrottledError).retryAfterMs).toBeGreaterThanOrEqual(1_000);
  });

  it("http: the contract's 429 rate_limited, on the check that would otherwise say the key is dead", async () => {
    await spend(http.url);
    const provider = new HttpProvider(noRetry());
    const ctx = providerCtx({ baseUrl: http.url }, http.state.adminKey);

    const err = await provider.isRevoked(ctx, { keyId: 'ik_x', apiKey: 'inh_x' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ProviderThrottledError);
    expect((err as Error).message).toContain('rate_limited');
  });

  it('aws-iam: Throttling and ThrottlingException from IAM or STS', () => {
    for (const name of ['Throttling', 'ThrottlingException', 'TooManyRequestsException']) {
      const err = mapIamError(
        'aws-iam',
        'ListAccessKeys for user u',
        Object.assign(new Error('Rate exceeded'), { name }),
      );
      expect(err).toBeInstanceOf(ProviderThrottledError);
      expect(err).toBeInstanceOf(ProviderRateLimitedError);
      expect(err.name).toBe('ProviderThrottledError');
      expect(err.retryable).toBe(true);
    }
  });

  it('retries a throttle within its Retry-After more times than an outage, then succeeds', async () => {
    const deps = testHttpDeps({ attempts: 2, throttledAttempts: 5 });
    http.state.rateLimit.ratePerSecond = Number.POSITIVE_INFINITY;
    http.state.inject({ path: '/keys', status: 429, retryAfter: 1, times: 4 });
    try {
      const res = await callProvider('http', deps, {
        op: 'create key',
        method: 'POST',
        url: `${http.url}/keys`,
        headers: { authorization: `Bearer ${http.state.adminKey}` },
        body: { idempotencyKey: 'tok-throttled', name: 'rekey-x' },
        auth: 'admin',
        retryAmbiguous: false,
      });
      expect(res.status).toBe(201);
      expect(deps.sleeps).toEqual([1000, 1000, 1000, 1000]);
    } finally {
      http.state.clearFaults();
      http.state.rateLimit.ratePerSecond = 1;
    }
  });
});

describe("rekey's shared provider rate", () => {
  const TABLE = 'inventory';

  it('takes a slot of the provider bucket before every attempt, a retry included', async () => {
    const table = new FakeDynamoDb(TABLE);
    const limiter = new SharedRateLimiter(table as unknown as DynamoDBDocumentClient, TABLE);
    const slot = providerSlot('http', () => limiter);
    let slots = 0;
    const counted = async () => {
      slots += 1;
      await slot();
    };
    const deps = { ...testHttpDeps(), slot: counted };
    http.state.rateLimit.ratePerSecond = Number.POSITIVE_INFINITY;
    http.state.inject({ path: '/whoami', status: 429, retryAfter: 1, times: 1 });
    try {
      const provider = new HttpProvider(deps);
      await provider.isRevoked(providerCtx({ baseUrl: http.url }, http.state.adminKey), { keyId: 'k', apiKey: 'v' });
    } finally {
      http.state.clearFaults();
      http.state.rateLimit.ratePerSecond = 1;
    }

    expect(slots).toBe(2);
    const item = table.getItem({ pk: `${RATE_LIMIT_ITEM.pkPrefix}provider:http`, sk: RATE_LIMIT_ITEM.sk });
    expect(Number(item?.nextAt)).toBeGreaterThan(0);
  });

  it('fails a call with no slot near enough as ProviderThrottledError, without sending it or taking a slot', async () => {
    const table = new FakeDynamoDb(TABLE);
    const farOff = Date.now() + 60_000;
    table.putItem({ pk: `${RATE_LIMIT_ITEM.pkPrefix}provider:openai`, sk: RATE_LIMIT_ITEM.sk, nextAt: farOff });
    const limiter = new SharedRateLimiter(table as unknown as DynamoDBDocumentClient, TABLE);
    const deps = { ...noRetry(), slot: providerSlot('openai', () => limiter, 5_000) };
    const before = openai.state.rateLimit.arrivals.length;

    const err = await new OpenAiProvider(deps)
      .testKey(providerCtx({ projectId: 'p', baseUrl: openai.url }, openai.state.adminKey), {
        apiKey: 'sk-x',
        keyId: 'key_x',
      })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ProviderThrottledError);
    expect((err as ProviderThrottledError).retryAfterMs).toBeGreaterThan(50_000);
    expect(openai.state.rateLimit.arrivals.length).toBe(before);
    const item = table.getItem({ pk: `${RATE_LIMIT_ITEM.pkPrefix}provider:openai`, sk: RATE_LIMIT_ITEM.sk });
    expect(item?.nextAt).toBe(farOff);
  });

  it('takes no slot where the function has no shared rate (no inventory table)', async () => {
    const slot = providerSlot('http', () => undefined);
    await expect(slot()).resolves.toBeUndefined();
    await expect(providerSlot('generated', () => undefined)()).resolves.toBeUndefined();
  });
});
