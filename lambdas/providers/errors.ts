import { RekeyError } from '../common/errors';

/**
 * Errors a provider raises. Messages name the provider, the operation and the key id, never key material.
 * `retryable` says whether the same call may succeed later (rate limits, outages).
 */
export class ProviderError extends RekeyError {
  readonly retryable: boolean = false;
  constructor(
    readonly provider: string,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(`${provider}: ${message}`, options);
    this.name = 'ProviderError';
    this.status = options?.status;
  }
  readonly status: number | undefined;
}

/** The provider asked us to slow down (HTTP 429, Throttling). */
export class ProviderRateLimitedError extends ProviderError {
  override readonly retryable = true;
  constructor(
    provider: string,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; status?: number },
  ) {
    super(provider, message, options);
    this.name = 'ProviderRateLimitedError';
  }
}

/**
 * The provider's rate limit held the call back: its 429 or `Throttling` answer, or rekey's shared schedule of the
 * provider's rate having no slot near enough (lambdas/providers/rate-limit.ts). It is a delay, never a failed
 * rotation or revocation: callers retry it (the HTTP path within `Retry-After`, the revocation workflow's Retry
 * with backoff, Secrets Manager's rotation retries), and no caller reads it as the key being rejected or dead.
 */
export class ProviderThrottledError extends ProviderRateLimitedError {
  constructor(
    provider: string,
    message: string,
    retryAfterMs?: number,
    options?: { cause?: unknown; status?: number },
  ) {
    super(provider, message, retryAfterMs, options);
    this.name = 'ProviderThrottledError';
  }
}

/** The provider is down or timed out (HTTP 5xx, network errors). */
export class ProviderUnavailableError extends ProviderError {
  override readonly retryable = true;
  constructor(provider: string, message: string, options?: { cause?: unknown; status?: number }) {
    super(provider, message, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** The admin credential was refused (HTTP 401/403 on an admin call): an operator must fix it. */
export class ProviderUnauthorizedError extends ProviderError {
  constructor(provider: string, message: string, options?: { cause?: unknown; status?: number }) {
    super(provider, message, options);
    this.name = 'ProviderUnauthorizedError';
  }
}

/** The key or resource does not exist at the provider. */
export class ProviderNotFoundError extends ProviderError {
  constructor(provider: string, message: string, options?: { cause?: unknown; status?: number }) {
    super(provider, message, options);
    this.name = 'ProviderNotFoundError';
  }
}

/** The provider rejected a key under test: it does not work. */
export class KeyRejectedError extends ProviderError {
  constructor(provider: string, message: string, options?: { cause?: unknown; status?: number }) {
    super(provider, message, options);
    this.name = 'KeyRejectedError';
  }
}

/** The provider cannot mint keys by API; an operator must supply the new key with `rekey put`. */
export class ManualKeyRequiredError extends ProviderError {
  constructor(provider: string, message: string) {
    super(provider, message);
    this.name = 'ManualKeyRequiredError';
  }
}

/** A provider limit blocks the operation (e.g. IAM's two access keys per user). */
export class ProviderLimitError extends ProviderError {
  constructor(provider: string, message: string, options?: { cause?: unknown }) {
    super(provider, message, options);
    this.name = 'ProviderLimitError';
  }
}
