import type { Pluggable } from '@smithy/types';
import { PROVIDER_SLOT_MAX_WAIT_MS, providerBucket } from '../../contract/rate-limits';
import { RateLimitBacklogError, type SharedRateLimiter } from '../common/rate-limit';
import { ProviderThrottledError } from './errors';

/**
 * Provider calls under the provider's shared rate: each call (each attempt of it) takes a slot of the provider's
 * bucket (`provider:<name>`, contract/rate-limits.ts) in the same ticket scheduler that keeps Secrets Manager within
 * its quotas, so every rekey function in the account (rotation, revocation, intake) shares one rate per provider.
 *
 * A slot further off than `maxWaitMs` is not taken: the call fails with ProviderThrottledError and the time until a
 * slot is free, which the caller retries (see ProviderThrottledError). Where the function has no inventory table
 * (the operator's CLI, unit tests) there is no shared rate and calls go straight through.
 */
export type SlotTaker = () => Promise<void>;

export function providerSlot(
  provider: string,
  limiter: () => SharedRateLimiter | undefined,
  maxWaitMs = PROVIDER_SLOT_MAX_WAIT_MS,
): SlotTaker {
  const bucket = providerBucket(provider);
  return async () => {
    const scheduler = bucket ? limiter() : undefined;
    if (!bucket || !scheduler) return;
    try {
      await scheduler.acquire(bucket, { maxWaitMs });
    } catch (err) {
      if (err instanceof RateLimitBacklogError) {
        throw new ProviderThrottledError(
          provider,
          `rekey's shared ${provider} rate has no slot for ${Math.ceil(err.retryAfterMs)} ms`,
          err.retryAfterMs,
        );
      }
      throw err;
    }
  };
}

/**
 * The IAM client's middleware: every IAM call takes a slot of `provider:aws-iam` (after the SDK's retry step, so a
 * retry after a throttle takes its own). IAM's throttling answer still reaches the provider, which names it
 * ProviderThrottledError (aws-iam.ts, mapIamError).
 */
export function iamRateLimit<Input extends object, Output extends object>(slot: SlotTaker): Pluggable<Input, Output> {
  return {
    applyToStack(stack) {
      stack.add(
        (next) => async (args) => {
          await slot();
          return next(args);
        },
        { step: 'finalizeRequest', priority: 'low', name: 'rekeyProviderRateLimit', tags: ['REKEY_RATE_LIMIT'] },
      );
    },
  };
}
