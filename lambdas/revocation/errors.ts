import { RekeyError } from '../common/errors';
import { scrub } from '../common/logger';

/**
 * Errors the revocation tasks raise. The state machine selects on their names (`Retry` / `Catch` `ErrorEquals`),
 * so each name is part of the workflow's contract: lib/revocation-workflow.ts lists the transient ones.
 */

/** The provider still accepts a key we revoked; the confirm state retries it with backoff. */
export class RevocationNotConfirmedError extends RekeyError {
  constructor(message: string) {
    super(message);
    this.name = 'RevocationNotConfirmedError';
  }
}

/** Refusal to revoke the version that is AWSCURRENT: the only working key is never revoked. */
export class UnsafeRevocationError extends RekeyError {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeRevocationError';
  }
}

/** An AWS service (Secrets Manager, DynamoDB, SNS) throttled us after the SDK's own retries; worth retrying later. */
export class AwsThrottledError extends RekeyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AwsThrottledError';
  }
}

/** An AWS service answered 5xx after the SDK's own retries; worth retrying later. */
export class AwsUnavailableError extends RekeyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AwsUnavailableError';
  }
}

/**
 * Error names the workflow retries with backoff: a provider's throttle (its 429/`Throttling`, or rekey's shared
 * provider rate: ProviderThrottledError; ProviderRateLimitedError is its parent), provider 5xx, and AWS
 * throttling/5xx. lib/revocation-workflow.ts retries the throttles until their queue drains.
 */
export const TRANSIENT_ERROR_NAMES = [
  'ProviderThrottledError',
  'ProviderRateLimitedError',
  'ProviderUnavailableError',
  'AwsThrottledError',
  'AwsUnavailableError',
] as const;

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
  readonly $retryable?: { readonly throttling?: boolean };
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * What a task throws to Step Functions: the same error name (the state machine's Retry/Catch select on it), with
 * AWS SDK throttling and 5xx errors renamed to the two transient names, and the message scrubbed of anything that
 * looks like key material, because the message becomes the execution history's `Cause`. The cause chain is dropped
 * for the same reason.
 */
export function toTaskError(err: unknown): Error {
  const e = (err ?? {}) as SdkErrorShape;
  const name = typeof e.name === 'string' && e.name ? e.name : 'Error';
  const message = scrub(typeof e.message === 'string' ? e.message : String(err));
  if (e.$retryable?.throttling || THROTTLING_NAMES.has(name)) {
    return new AwsThrottledError(`${name}: ${message}`);
  }
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault === 'server' || (typeof status === 'number' && status >= 500)) {
    return new AwsUnavailableError(`${name}: ${message}`);
  }
  const out = new Error(message);
  out.name = name;
  return out;
}
