import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Pluggable } from '@smithy/types';
import {
  AWS_RATE_BUCKETS,
  type AwsRateBucketId,
  quotaPerSecond,
  RATE_LIMIT_HEADROOM,
  RATE_LIMIT_ITEM,
  type RateBucketId,
} from '../../contract/rate-limits';
import { RekeyError } from './errors';

/**
 * A rate shared by every rekey function in the account, kept as a guarantee rather than by luck: reserved
 * concurrency bounds how many rotations run at once, not how many writes they make per second.
 *
 * A ticket scheduler, one item per quota bucket in the inventory table (contract/rate-limits.ts). Each call takes
 * the bucket's next slot with one conditional UpdateItem (`ADD nextAt :interval` while `nextAt` is ahead of now;
 * else `SET nextAt = now + interval`, so an idle bucket never banks a burst), then sleeps until its slot. Slots are
 * `interval` apart on one timeline, so any one-second window holds at most `rate + 1` of them; the rate is 90 % of
 * the quota by default, and the 10 % left over absorbs clock skew between callers and jitter between a slot and
 * the call's arrival, within the quota's own token bucket. Why not a token bucket in the table: a bucket needs a
 * read-modify-write (refill, then take) and so a compare-and-swap loop under contention; a ticket is one write
 * that always succeeds while the bucket is busy.
 *
 * The rate is the contract's share of the quota unless the bucket's item says otherwise (`ratePerSecond`: when
 * other applications share the account's quota, or it was raised), read at most once a minute per container.
 */
export interface RateLimiterOptions {
  /** Epoch milliseconds; every caller's clock must be the same timeline (NTP, as Lambda's are). @default Date.now */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long a bucket's configured rate is trusted before it is read again. @default 60000 */
  readonly configTtlMs?: number;
}

/** The scheduler found the bucket changing under it on every attempt (a bug or a wildly wrong clock). */
export class RateLimiterContentionError extends RekeyError {
  constructor(bucket: string, attempts: number) {
    super(`could not take a slot of ${bucket} in ${attempts} attempts`);
    this.name = 'RateLimiterContentionError';
  }
}

/**
 * The bucket's next free slot is further off than the caller may wait: no slot was taken (so the backlog stays
 * bounded), and `retryAfterMs` says when one will be free.
 */
export class RateLimitBacklogError extends RekeyError {
  constructor(
    readonly bucket: RateBucketId,
    readonly retryAfterMs: number,
  ) {
    super(`${bucket} has no free slot for ${Math.ceil(retryAfterMs)} ms`);
    this.name = 'RateLimitBacklogError';
  }
}

/** A scheduled AWS call (a Secrets Manager write, StartExecution) made by a function with no shared rate (no table). */
export class RateLimitNotConfiguredError extends RekeyError {
  constructor(operation: string) {
    super(`${operation} draws from an AWS API quota, but this function has no inventory table to share its rate`);
    this.name = 'RateLimitNotConfiguredError';
  }
}

const MAX_ATTEMPTS = 20;

/**
 * How long after its slot a call may still go. Slots are `1 / rate` apart on one timeline; when every call goes
 * within this of its slot, any one-second window holds calls of the slots in 1 s plus this, at most
 * `floor(rate × 1.1) + 1`, which at the default rate (90 % of the quota) is `floor(0.99 × quota) + 1`: never above
 * the quota. A call woken later than this (its event loop stalled, or its slot's write was slow) would go together
 * with the punctual calls of the slots after it, so it gives its slot up and takes the next free one.
 */
export const LATE_SLOT_MS = (1 - RATE_LIMIT_HEADROOM) * 1_000;
/** Slots a call may give up for lateness; after that it goes anyway, and the quota's own throttle (retried) answers. */
const MAX_LATE_SLOTS = 5;

/** The default rate of each bucket: its quota (or the provider's assumed limit) times the headroom. */
export function defaultRate(bucket: RateBucketId): number {
  return quotaPerSecond(bucket) * RATE_LIMIT_HEADROOM;
}

/**
 * The AWS bucket an operation (`PutSecretValue`, `StartExecution`) draws from, if rekey schedules it; with
 * `service`, only that service's buckets.
 */
export function bucketOf(operation: string, service?: string): AwsRateBucketId | undefined {
  for (const [id, bucket] of Object.entries(AWS_RATE_BUCKETS) as [
    AwsRateBucketId,
    { service: string; operations: readonly string[] },
  ][]) {
    if (service !== undefined && bucket.service !== service) continue;
    if (bucket.operations.includes(operation)) return id;
  }
  return undefined;
}

export interface AcquireOptions {
  /**
   * The longest this caller may wait for its slot. A bucket whose next slot is further off gives none and throws
   * RateLimitBacklogError instead. @default - no bound: the caller always gets a slot and waits for it
   */
  readonly maxWaitMs?: number;
}

export class SharedRateLimiter {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly configTtlMs: number;
  private readonly rates = new Map<RateBucketId, { rate: number; readAt: number }>();
  /** Per bucket, the next slot after the last one this container took. */
  private readonly seenNextAt = new Map<RateBucketId, number>();
  private slotsGivenUp = 0;
  private lateCalls = 0;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.configTtlMs = options.configTtlMs ?? 60_000;
  }

  /**
   * Takes the bucket's next slot and waits for it; a slot woken up for more than LATE_SLOT_MS after its time is
   * given up for the next free one (within `maxWaitMs` of the call, if given). Resolves with the milliseconds it slept
   * for its slots.
   */
  async acquire(bucket: RateBucketId, options: AcquireOptions = {}): Promise<number> {
    const interval = 1_000 / (await this.rate(bucket));
    const begun = this.now();
    const latest = options.maxWaitMs === undefined ? undefined : begun + options.maxWaitMs;
    let waited = 0;
    for (let given = 0; ; given++) {
      const slot = await this.take(bucket, interval, latest === undefined ? undefined : latest - this.now());
      const wait = slot - this.now();
      if (wait > 0) {
        await this.sleep(wait);
        waited += wait;
      }
      const late = this.now() - slot;
      if (late <= LATE_SLOT_MS || given + 1 >= MAX_LATE_SLOTS) {
        if (late > LATE_SLOT_MS) this.lateCalls += 1;
        return waited;
      }
      this.slotsGivenUp += 1;
    }
  }

  /** Slots this container gave up for lateness, and calls that went late anyway after MAX_LATE_SLOTS of them. */
  get lateness(): { slotsGivenUp: number; lateCalls: number } {
    return { slotsGivenUp: this.slotsGivenUp, lateCalls: this.lateCalls };
  }

  private key(bucket: RateBucketId) {
    return { pk: `${RATE_LIMIT_ITEM.pkPrefix}${bucket}`, sk: RATE_LIMIT_ITEM.sk };
  }

  private async take(bucket: RateBucketId, interval: number, maxWaitMs: number | undefined): Promise<number> {
    const Key = this.key(bucket);
    const bounded = maxWaitMs !== undefined && Number.isFinite(maxWaitMs);
    // Busy: the next slot is at or after now (and, when bounded, near enough); take it, move it on one interval.
    const busy = async (now: number) => {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'ADD nextAt :interval',
          ConditionExpression: bounded ? 'nextAt >= :now AND nextAt <= :latest' : 'nextAt >= :now',
          ExpressionAttributeValues: {
            ':interval': interval,
            ':now': now,
            ...(bounded ? { ':latest': now + (maxWaitMs as number) } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Number(out.Attributes?.nextAt) - interval;
    };
    // Idle: the last slot is over; this call goes now and the next one interval later.
    const idle = async (now: number) => {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET nextAt = :next',
          ConditionExpression: 'attribute_not_exists(nextAt) OR nextAt < :now',
          ExpressionAttributeValues: { ':next': now + interval, ':now': now },
        }),
      );
      return now;
    };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.now();
      // The write likelier to succeed goes first: idle when the last slot this container saw is over (one call at a
      // time, the usual case, then costs one write, not a refused one and another), busy otherwise.
      const seen = this.seenNextAt.get(bucket);
      const order = seen !== undefined && seen < now ? [idle, busy] : [busy, idle];
      for (const write of order) {
        try {
          const slot = await write(now);
          this.seenNextAt.set(bucket, slot + interval);
          return slot;
        } catch (err) {
          if (!isConditionFailed(err)) throw err;
        }
      }
      this.seenNextAt.delete(bucket);
      if (bounded) {
        // Neither took: the bucket may be backlogged past this caller's bound (or changed under it; try again).
        const out = await this.doc.send(
          new GetCommand({ TableName: this.tableName, Key, ProjectionExpression: 'nextAt', ConsistentRead: true }),
        );
        const nextAt = Number(out.Item?.nextAt);
        const ahead = nextAt - this.now();
        if (Number.isFinite(ahead) && ahead > (maxWaitMs as number)) throw new RateLimitBacklogError(bucket, ahead);
      }
    }
    throw new RateLimiterContentionError(bucket, MAX_ATTEMPTS);
  }

  private async rate(bucket: RateBucketId): Promise<number> {
    const cached = this.rates.get(bucket);
    if (cached && this.now() - cached.readAt < this.configTtlMs) return cached.rate;
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(bucket), ProjectionExpression: 'ratePerSecond' }),
    );
    const configured = Number(out.Item?.ratePerSecond);
    const rate = Number.isFinite(configured) && configured > 0 ? configured : defaultRate(bucket);
    this.rates.set(bucket, { rate, readAt: this.now() });
    return rate;
  }
}

function isConditionFailed(err: unknown): boolean {
  return (err as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

/** The epoch millisecond by which the calls made within `withSlotDeadline` must have their slots. */
const slotDeadline = new AsyncLocalStorage<number>();

/**
 * Runs `work` with every scheduled call it makes bounded to a slot no later than `deadline` (epoch ms): a call whose
 * slot is further off takes none and throws RateLimitBacklogError, with the time until one is free. The intake's
 * workers use this so that a finding waits for a slot only while its invocation has time to use it: in Lambda a
 * call still asleep at the timeout is killed with its slot taken, and its message comes back with one receive
 * fewer before the dead-letter queue.
 */
export function withSlotDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  return slotDeadline.run(deadline, work);
}

/**
 * The SDK middleware that puts every call of a scheduled bucket of `service` (Secrets Manager's writes, Step
 * Functions' StartExecution) through the limiter. It sits in the
 * finalize step after the retry middleware, so each attempt (a retry after a throttle too) takes its own slot.
 * `limiter` is resolved at the first such call: a function that makes none needs no table.
 */
export function sharedRateLimit<Input extends object, Output extends object>(
  limiter: () => SharedRateLimiter | undefined,
  service = 'secretsmanager',
): Pluggable<Input, Output> {
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          const operation = String(context.commandName ?? '').replace(/Command$/, '');
          const bucket = bucketOf(operation, service);
          if (bucket) {
            const scheduler = limiter();
            if (!scheduler) throw new RateLimitNotConfiguredError(operation);
            const deadline = slotDeadline.getStore();
            await scheduler.acquire(bucket, deadline === undefined ? {} : { maxWaitMs: deadline - Date.now() });
          }
          return next(args);
        },
        { step: 'finalizeRequest', priority: 'low', name: 'rekeySharedRateLimit', tags: ['REKEY_RATE_LIMIT'] },
      );
    },
  };
}
