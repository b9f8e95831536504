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
