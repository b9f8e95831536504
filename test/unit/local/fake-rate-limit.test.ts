import { afterEach, describe, expect, it } from 'vitest';
import {
  FakeRateLimit,
  type FakeServer,
  type FakeServerState,
  startFakeAnthropic,
  startFakeHttpProvider,
  startFakeOpenAi,
} from '../../../local/emulator/fake-providers';

/** The fake providers' request rate: a sliding second, answered 429 in each provider's documented shape. */
let fakes: FakeServer<FakeServerState>[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function twice(url: string, headers: Record<string, string> = {}) {
  const first = await fetch(url, { headers });
  await first.text();
  const second = await fetch(url, { headers });
  return { first, second, body: await second.json() };
}

describe('a fake provider over its rate', () => {
  it('openai: 429 rate_limit_exceeded with Retry-After and the x-ratelimit request headers', async () => {
    const fake = await startFakeOpenAi({ ratePerSecond: 1 });
    fakes.push(fake);

    const { first, second, body } = await twice(`${fake.url}/v1/models`, { authorization: 'Bearer sk-x' });

    expect(first.status).toBe(401); // admitted, and served: the key is unknown
    expect(second.status).toBe(429);
    expect(body).toMatchObject({ error: { code: 'rate_limit_exceeded', type: 'requests' } });
    expect(second.headers.get('retry-after')).toBe('1');
    expect(second.headers.get('x-ratelimit-limit-requests')).toBe('1');
    expect(second.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(fake.state.rateLimit.throttled).toBe(1);
  });

  it('anthropic: 429 rate_limit_error with retry-after and the anthropic-ratelimit request headers', async () => {
    const fake = await startFakeAnthropic({ ratePerSecond: 1 });
    fakes.push(fake);

    const { second, body } = await twice(`${fake.url}/v1/models`, { 'anthropic-version': '2023-06-01' });

    expect(second.status).toBe(429);
    expect(body).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit.' },
    });
    expect(second.headers.get('retry-after')).toBe('1');
    expect(Date.parse(second.headers.get('anthropic-ratelimit-requests-reset') ?? '')).toBeGreaterThan(Date.now() - 1);
  });

  it("http: the contract's 429 rate_limited with Retry-After, and the request is not served", async () => {
    const fake = await startFakeHttpProvider({ ratePerSecond: 1 });
    fakes.push(fake);
    const admin = { authorization: `Bearer ${fake.state.adminKey}`, 'content-type': 'application/json' };
    const create = () => fetch(`${fake.url}/keys`, { method: 'POST', headers: admin, body: '{"idempotencyKey":"t"}' });

    const first = await create();
    const second = await create();

    expect(first.status).toBe(201);
    expect(second.status).toBe(429);
    expect(await second.json()).toEqual({ error: 'rate_limited', message: 'too many requests' });
    expect(fake.state.keys.size).toBe(1);
  });
});

describe('FakeRateLimit', () => {
  it('admits at most the rate in any sliding second and records every arrival for the peak', () => {
    let clock = 0;
    const limit = new FakeRateLimit(3, () => clock);

    const answers: (number | undefined)[] = [];
    for (const at of [0, 100, 200, 300, 999, 1000, 1100, 1150]) {
      clock = at;
      answers.push(limit.admit());
    }

    expect(answers).toEqual([undefined, undefined, undefined, 700, 1, undefined, undefined, 50]);
    expect(limit.throttled).toBe(3);
    expect(limit.peak()).toBe(6);
  });
});
