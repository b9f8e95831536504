import type { FakeResponse } from './server';

/**
 * A provider's request rate, enforced by a fake provider the way the real API enforces it: at most `ratePerSecond`
 * requests admitted in any sliding one-second window; a request over it is answered 429 with the provider's own
 * error body and headers (`Retry-After` in whole seconds, and the provider's rate-limit headers), and is not served.
 * Every request that reaches the fake is recorded, admitted or not, so a test can read the peak rate the callers
 * actually sent (`peak()`), which is what rekey's shared provider rate must keep under the provider's.
 *
 * The 429 shapes, as the providers document them:
 * - OpenAI: HTTP 429, `{"error":{"message":"Rate limit reached for requests…","type":"requests","code":
 *   "rate_limit_exceeded"}}`, with `Retry-After` and `x-ratelimit-limit-requests`, `x-ratelimit-remaining-requests`,
 *   `x-ratelimit-reset-requests` (a duration such as `1s`) (OpenAI API docs, "Rate limits" and "Error codes").
 * - Anthropic: HTTP 429, `{"type":"error","error":{"type":"rate_limit_error","message":…}}`, with `retry-after` (seconds
 *   to wait) and `anthropic-ratelimit-requests-limit`, `-remaining`, `-reset` (RFC 3339) (Anthropic API docs, "Rate
 *   limits" and "Errors").
 * - rekey's http contract: HTTP 429, `{"error":"rate_limited","message":…}`, with `Retry-After` in seconds
 *   (docs/providers.md).
 */
export interface FakeRateLimitState {
  /** Requests admitted per sliding second; `Infinity` (the default) enforces nothing but still records. */
  ratePerSecond: number;
  /** When each request arrived (epoch ms), admitted or not. */
  readonly arrivals: number[];
  /** How many requests were answered 429 by the rate. */
  throttled: number;
  /** The most requests that arrived in any sliding one-second window (of those recorded since the last clear). */
  peak(windowMs?: number): number;
  clear(): void;
}

export type RateLimitAnswer = (retryAfterMs: number, limit: number) => FakeResponse;

export class FakeRateLimit implements FakeRateLimitState {
  readonly arrivals: number[] = [];
  throttled = 0;
  private admitted: number[] = [];

  constructor(
    public ratePerSecond = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the request; answers undefined when admitted, else how long until a slot frees up (ms). */
  admit(): number | undefined {
    const now = this.now();
    this.arrivals.push(now);
    if (!Number.isFinite(this.ratePerSecond)) return undefined;
    this.admitted = this.admitted.filter((t) => t > now - 1_000);
    if (this.admitted.length < this.ratePerSecond) {
      this.admitted.push(now);
      return undefined;
    }
    this.throttled += 1;
    return Math.max(1, (this.admitted[0] ?? now) + 1_000 - now);
  }

  peak(windowMs = 1_000): number {
    const sorted = [...this.arrivals].sort((a, b) => a - b);
    let peak = 0;
    for (let head = 0, i = 0; i < sorted.length; i++) {
      while ((sorted[head] ?? 0) <= (sorted[i] ?? 0) - windowMs) head += 1;
      peak = Math.max(peak, i - head + 1);
    }
    return peak;
  }

  clear(): void {
    this.arrivals.length = 0;
    this.admitted = [];
    this.throttled = 0;
  }
}

const seconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1_000)));

export const openAiRateLimited: RateLimitAnswer = (retryAfterMs, limit) => ({
  status: 429,
  body: {
    error: {
      message: `Rate limit reached for requests. Limit: ${limit} / sec. Please try again in ${seconds(retryAfterMs)}s.`,
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    },
  },
  headers: {
    'retry-after': seconds(retryAfterMs),
    'x-ratelimit-limit-requests': String(limit),
    'x-ratelimit-remaining-requests': '0',
    'x-ratelimit-reset-requests': `${Math.ceil(retryAfterMs)}ms`,
  },
});

export const anthropicRateLimited: RateLimitAnswer = (retryAfterMs, limit) => ({
  status: 429,
  body: {
    type: 'error',
    error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit.' },
  },
  headers: {
    'retry-after': seconds(retryAfterMs),
    'anthropic-ratelimit-requests-limit': String(limit),
    'anthropic-ratelimit-requests-remaining': '0',
    'anthropic-ratelimit-requests-reset': new Date(Date.now() + retryAfterMs).toISOString(),
  },
});

export const httpRateLimited: RateLimitAnswer = (retryAfterMs) => ({
  status: 429,
  body: { error: 'rate_limited', message: 'too many requests' },
  headers: { 'retry-after': seconds(retryAfterMs) },
});
