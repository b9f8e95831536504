import { scrub } from '../common/logger';
import {
  ProviderError,
  ProviderNotFoundError,
  ProviderRateLimitedError,
  ProviderThrottledError,
  ProviderUnauthorizedError,
  ProviderUnavailableError,
} from './errors';

/**
 * The one HTTP path every HTTP provider takes: a timeout on every request, the provider's status codes mapped to
 * rekey's error classes, and a small retry budget with exponential backoff and jitter for retryable errors, so
 * one Lambda invocation never waits long (Secrets Manager retries the whole step later).
 *
 * Written here rather than taken from the vendors' SDKs: the OpenAI and Anthropic SDKs do not cover the admin
 * endpoints' idempotency needs, retry on their own schedule and would be two more runtime dependencies.
 */

export interface HttpPolicy {
  /** Attempts per call, the first included. @default 3 */
  readonly attempts: number;
  /** Timeout of one attempt, body included. @default 5000 */
  readonly timeoutMs: number;
  /** First backoff delay; doubles per attempt. @default 200 */
  readonly baseDelayMs: number;
  /** Longest backoff delay. @default 2000 */
  readonly maxDelayMs: number;
  /** Longest Retry-After honoured inside one call; a longer one is thrown at once (with its value). @default 5000 */
  readonly maxRetryAfterMs: number;
  /**
   * Attempts per call while the provider (or rekey's shared rate of it) throttles: a throttle is a queue, not an
   * outage, so it gets more attempts than `attempts` (each after its Retry-After, at most `maxRetryAfterMs`). Kept
   * small enough that a revocation task's two calls, each also waiting up to 8 s for its slot, end well inside the
   * task function's 60 s timeout; past it the workflow's Retry (or Secrets Manager's) takes over. @default 4
   */
  readonly throttledAttempts?: number;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  attempts: 3,
  timeoutMs: 5000,
  baseDelayMs: 200,
  maxDelayMs: 2000,
  maxRetryAfterMs: 5000,
  throttledAttempts: 4,
};

export interface HttpDeps {
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter source. */
  readonly random: () => number;
  readonly policy: HttpPolicy;
  /**
   * Takes a slot of the provider's shared rate before each attempt (lambdas/providers/rate-limit.ts); throws
   * ProviderThrottledError when none is near enough. @default - no shared rate (tests, the operator's CLI)
   */
  readonly slot?: () => Promise<void>;
}

export interface HttpRequest {
  /** What the call does, for error messages: `create service account rekey-…`. Never key material. */
  readonly op: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /**
   * `admin`: the call carries the admin credential, so 401/403 mean that credential is refused
   * (ProviderUnauthorizedError). `key`: the call carries the key under test; list 401/403 in `pass`.
   */
  readonly auth: 'admin' | 'key';
  /** Statuses handed back to the caller instead of mapped to errors (401 when testing a key, 404 when deleting). */
  readonly pass?: readonly number[];
  /**
   * False for a call that is not idempotent (minting): a timeout or 5xx may mean it happened, so it is not
   * repeated blindly; 429 (it did not happen) still is. @default true
   */
  readonly retryAmbiguous?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

export async function callProvider(provider: string, deps: HttpDeps, req: HttpRequest): Promise<HttpResponse> {
  const attempts = Math.max(1, deps.policy.attempts);
  const throttledAttempts = Math.max(attempts, deps.policy.throttledAttempts ?? attempts);
  let throttles = 0;
  for (let attempt = 1; ; attempt++) {
    let failure: ProviderError;
    let ambiguous = true;
    try {
      await deps.slot?.();
      const res = await once(provider, deps, req);
      if ((res.status >= 200 && res.status < 300) || req.pass?.includes(res.status)) return res;
      failure = statusError(provider, req, res);
      ambiguous = !(failure instanceof ProviderRateLimitedError);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      failure = err;
      // A call the shared rate held back never reached the provider: not ambiguous.
      ambiguous = !(err instanceof ProviderRateLimitedError);
    }
    const throttled = failure instanceof ProviderRateLimitedError;
    if (throttled) throttles += 1;
    const budget = throttled ? throttledAttempts : attempts;
    if (!failure.retryable || (throttled ? throttles : attempt - throttles) >= budget || attempt >= throttledAttempts) {
      throw failure;
    }
    if (ambiguous && req.retryAmbiguous === false) throw failure;
    const backoff = backoffMs(deps, attempt);
    if (failure instanceof ProviderRateLimitedError && failure.retryAfterMs !== undefined) {
      if (failure.retryAfterMs > deps.policy.maxRetryAfterMs) throw failure;
      await deps.sleep(Math.max(failure.retryAfterMs, backoff));
    } else {
      await deps.sleep(backoff);
    }
  }
}

/** Exponential backoff with equal jitter: half the step fixed, half random. */
export function backoffMs(deps: Pick<HttpDeps, 'random' | 'policy'>, attempt: number): number {
  const step = Math.min(deps.policy.maxDelayMs, deps.policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + deps.random() * (step / 2));
}

async function once(provider: string, deps: HttpDeps, req: HttpRequest): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await deps.fetch(req.url, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(deps.policy.timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, body: parseBody(text), headers: res.headers };
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new ProviderUnavailableError(provider, `${req.op} timed out after ${deps.policy.timeoutMs} ms`);
    }
    const code = ((err as { cause?: { code?: string } })?.cause?.code ?? name ?? 'error').toString();
    throw new ProviderUnavailableError(provider, `${req.op} failed: network error (${safeText(code)})`);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function statusError(provider: string, req: HttpRequest, res: HttpResponse): ProviderError {
  const detail = describeErrorBody(res.body);
  const what = `${req.op} answered HTTP ${res.status}${detail ? ` (${detail})` : ''}`;
  const status = res.status;
  if (status === 429) return new ProviderThrottledError(provider, what, retryAfterMs(res.headers), { status });
  if (status >= 500) return new ProviderUnavailableError(provider, what, { status });
  if ((status === 401 || status === 403) && req.auth === 'admin') {
    return new ProviderUnauthorizedError(provider, `${what}: the admin credential was refused`, { status });
  }
  if (status === 404) return new ProviderNotFoundError(provider, what, { status });
  return new ProviderError(provider, what, { status });
}

/** Reads `retry-after-ms` (Anthropic, OpenAI) or `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers, now: () => number = Date.now): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  if (Number.isFinite(Number(after))) return Math.max(0, Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/**
 * The error type, code and message from the documented shapes: Anthropic
 * `{"type":"error","error":{"type","message"}}`, OpenAI `{"error":{"message","type","code"}}`, and the http
 * contract's `{"error":"code","message"}`. Every part is scrubbed: providers echo masked keys in messages.
 */
export function describeErrorBody(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? safeText(body) : undefined;
  const top = body as Record<string, unknown>;
  const inner = top.error && typeof top.error === 'object' ? (top.error as Record<string, unknown>) : undefined;
  const parts = [
    inner ? inner.type : typeof top.error === 'string' ? top.error : undefined,
    inner?.code,
    inner ? inner.message : top.message,
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? safeText([...new Set(parts)].join(': ')) : undefined;
}

/** The code of an error body (`invalid_api_key`, `authentication_error`), for callers that branch on it. */
export function errorCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const inner = (body as { error?: unknown }).error;
  if (inner && typeof inner === 'object') {
    const { code, type } = inner as { code?: unknown; type?: unknown };
    if (typeof code === 'string') return code;
    if (typeof type === 'string') return type;
  }
  return typeof inner === 'string' ? inner : undefined;
}

/**
 * Provider text that may reach an error message: the redactor's patterns and held values, then anything that
 * looks like a (masked) key, cut short.
 */
export function safeText(text: string): string {
  return scrub(text)
    .replace(/\S*\*{2,}\S*/g, '[REDACTED]')
    .replace(/\b(?:sk|rk|key)[-_][A-Za-z0-9_.-]{6,}/gi, '[REDACTED]')
    .slice(0, 200);
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
