import { Readable } from 'node:stream';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { RATE_LIMIT_ITEM, SECRETS_MANAGER_RATE_BUCKETS } from '../../../contract/rate-limits';
import {
  bucketOf,
  defaultRate,
  SharedRateLimiter as Limiter,
  RateLimitBacklogError,
  RateLimitNotConfiguredError,
  type SharedRateLimiter,
  sharedRateLimit,
  withSlotDeadline,
} from '../../../lambdas/common/rate-limit';
import { FakeDynamoDb } from '../../support/fakes/dynamodb';

const TABLE = 'inventory';

/** The most timestamps inside any sliding window of `windowMs` (a window is [t, t + windowMs)). */
function peakInWindow(times: readonly number[], windowMs = 1_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let head = 0;
  for (let i = 0; i < sorted.length; i++) {
    while ((sorted[head] ?? 0) <= (sorted[i] ?? 0) - windowMs) head += 1;
    peak = Math.max(peak, i - head + 1);
  }
  return peak;
}

function limiterOver(table: FakeDynamoDb): SharedRateLimiter {
  return new Limiter(table as unknown as DynamoDBDocumentClient, TABLE);
}

describe('the shared Secrets Manager rate', () => {
  it('never lets concurrent callers in several containers exceed the rate in any sliding one-second window', async () => {
    // Arrange: three containers (three functions, or three sandboxes of one) over one table, 120 callers at once.
    const table = new FakeDynamoDb(TABLE);
    const limiters = [limiterOver(table), limiterOver(table), limiterOver(table)];
    const started: number[] = [];

    // Act
    await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        await limiters[i % 3]?.acquire('secretsmanager:writes');
        started.push(Date.now());
      }),
    );

    // Assert: slots are 1/45 s apart; a timer that fires late bunches a few starts, and the headroom keeps even
    // those within the quota's 50.
    expect(started).toHaveLength(120);
    expect(peakInWindow(started)).toBeLessThanOrEqual(
      SECRETS_MANAGER_RATE_BUCKETS['secretsmanager:writes'].quotaPerSecond,
    );
    expect(Math.max(...started) - Math.min(...started)).toBeGreaterThanOrEqual(2_000);
  });

  it('lets the first call after an idle spell go at once without banking a burst for the next ones', async () => {
    // Arrange: a bucket whose last slot is long over.
    const table = new FakeDynamoDb(TABLE);
    table.putItem({ pk: `${RATE_LIMIT_ITEM.pkPrefix}secretsmanager:rotation`, sk: RATE_LIMIT_ITEM.sk, nextAt: 0 });
    const limiter = limiterOver(table);

    // Act
    const waits = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire('secretsmanager:rotation')));

    // Assert: one waits nothing, the tenth waits nine intervals (1/45 s each).
    const sorted = [...waits].sort((a, b) => a - b);
    expect(sorted[0]).toBe(0);
    expect(sorted[9]).toBeGreaterThanOrEqual(9 * (1_000 / 45) - 25);
    expect(sorted[1]).toBeGreaterThan(0);
  });

  it("keeps to the share of the quota an operator set on the bucket's item", async () => {
    // Arrange: rekey may use 10 writes per second of the account's 50 (other applications share the quota).
    const table = new FakeDynamoDb(TABLE);
    table.putItem({
      pk: `${RATE_LIMIT_ITEM.pkPrefix}secretsmanager:writes`,
      sk: RATE_LIMIT_ITEM.sk,
      ratePerSecond: 10,
    });
    const limiter = limiterOver(table);
    const started: number[] = [];

    // Act
    await Promise.all(
      Array.from({ length: 21 }, async () => {
        await limiter.acquire('secretsmanager:writes');
        started.push(Date.now());
      }),
    );

    // Assert
    expect(peakInWindow(started)).toBeLessThanOrEqual(11);
    expect(Math.max(...started) - Math.min(...started)).toBeGreaterThanOrEqual(1_950);
  });

  it('takes a slot of a quiet bucket with one write, and of a busy one with one write', async () => {
    // Arrange: a container that has taken a slot before (its rate read, the bucket's timeline seen).
    const table = new FakeDynamoDb(TABLE);
    const limiter = limiterOver(table);
    await limiter.acquire('secretsmanager:writes');
    await new Promise((r) => setTimeout(r, 60)); // the slot after it is over
    const updates = () => table.calls.filter((c) => c === 'UpdateCommand').length;

    // Act: one call on a quiet bucket, then ten at once.
    const quietBefore = updates();
    await limiter.acquire('secretsmanager:writes');
    const quiet = updates() - quietBefore;
    const busyBefore = updates();
    await Promise.all(Array.from({ length: 10 }, () => limiter.acquire('secretsmanager:writes')));
    const busy = updates() - busyBefore;

    // Assert: the quiet call's write was the idle one, not a refused busy one first; of the ten, the first may
    // find the bucket idle and the rest busy, each refused write at most once.
    expect(quiet).toBe(1);
    expect(busy).toBeLessThanOrEqual(11);
  });

  it('gives no slot further off than the caller may wait, so the backlog stays bounded', async () => {
    // Arrange: 45 slots a second; the bucket is already booked 2 s ahead.
    const table = new FakeDynamoDb(TABLE);
    const bookedUntil = Date.now() + 2_000;
    table.putItem({ pk: `${RATE_LIMIT_ITEM.pkPrefix}provider:http`, sk: RATE_LIMIT_ITEM.sk, nextAt: bookedUntil });
    const limiter = limiterOver(table);

    // Act
    const refused = await limiter.acquire('provider:http', { maxWaitMs: 500 }).catch((e: unknown) => e);

    // Assert: refused with the time until a slot frees up, and the bucket unchanged.
    expect(refused).toBeInstanceOf(RateLimitBacklogError);
    expect((refused as RateLimitBacklogError).retryAfterMs).toBeGreaterThan(1_000);
    expect(table.getItem({ pk: `${RATE_LIMIT_ITEM.pkPrefix}provider:http`, sk: RATE_LIMIT_ITEM.sk })?.nextAt).toBe(
      bookedUntil,
    );
  });

  it('gives up a slot it woke too late for and takes the next free one, so a stall bunches no calls', async () => {
    // Arrange: a fake clock, and a caller whose first sleep overshoots by 400 ms (its event loop stalled).
    const table = new FakeDynamoDb(TABLE);
    let clock = 1_000_000;
    const oversleep = [400];
    const limiter = new Limiter(table as unknown as DynamoDBDocumentClient, TABLE, {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms + (oversleep.shift() ?? 0);
      },
    });
    const key = { pk: `${RATE_LIMIT_ITEM.pkPrefix}secretsmanager:writes`, sk: RATE_LIMIT_ITEM.sk };
    table.putItem({ ...key, nextAt: clock + 50 });

    // Act
    await limiter.acquire('secretsmanager:writes');

    // Assert: two slots taken (the missed one and the one it went in), the call went within LATE_SLOT_MS of its own.
    const interval = 1_000 / 45;
    expect(Number(table.getItem(key)?.nextAt)).toBeCloseTo(clock + interval, 6);
    expect(limiter.lateness).toEqual({ slotsGivenUp: 1, lateCalls: 0 });
  });

  it('goes late after giving up five slots, rather than never, and keeps within the wait it was given', async () => {
    // Arrange: every sleep overshoots by 500 ms, and meanwhile other containers keep the bucket busy (its next slot
    // 10 ms ahead), so every slot this caller takes is one it wakes too late for.
    const key = { pk: `${RATE_LIMIT_ITEM.pkPrefix}secretsmanager:rotation`, sk: RATE_LIMIT_ITEM.sk };
    const stalled = () => {
      let clock = 1_000_000;
      const table = new FakeDynamoDb(TABLE);
      table.putItem({ ...key, nextAt: clock + 10 });
      return new Limiter(table as unknown as DynamoDBDocumentClient, TABLE, {
        now: () => clock,
        sleep: async (ms) => {
          clock += ms + 500;
          table.putItem({ ...key, nextAt: clock + 10 });
        },
      });
    };
    const unbounded = stalled();
    const bounded = stalled();

    // Act
    await unbounded.acquire('secretsmanager:rotation');
    const refused = await bounded.acquire('secretsmanager:rotation', { maxWaitMs: 700 }).catch((e: unknown) => e);

    // Assert: four slots given up and the fifth gone late; within 700 ms, two given up and then no slot near enough.
    expect(unbounded.lateness).toEqual({ slotsGivenUp: 4, lateCalls: 1 });
    expect(refused).toBeInstanceOf(RateLimitBacklogError);
    expect(bounded.lateness).toEqual({ slotsGivenUp: 2, lateCalls: 0 });
  });

  it('schedules a provider bucket at 90 % of its assumed limit, and StartExecution at 90 % of its refill rate', () => {
    expect(defaultRate('provider:aws-iam')).toBe(9);
    expect(defaultRate('provider:openai')).toBe(4.5);
    expect(defaultRate('states:start-execution')).toBe(270);
    expect(bucketOf('StartExecution', 'states')).toBe('states:start-execution');
    expect(bucketOf('StartExecution', 'secretsmanager')).toBeUndefined();
    expect(bucketOf('PutSecretValue', 'states')).toBeUndefined();
  });

  it('schedules the writes bucket and the rotation bucket by the operations each quota counts, and no read', () => {
    expect(bucketOf('PutSecretValue')).toBe('secretsmanager:writes');
    expect(bucketOf('UpdateSecretVersionStage')).toBe('secretsmanager:writes');
    expect(bucketOf('UpdateSecret')).toBe('secretsmanager:writes');
    expect(bucketOf('RotateSecret')).toBe('secretsmanager:rotation');
    expect(bucketOf('CancelRotateSecret')).toBe('secretsmanager:rotation');
    expect(bucketOf('GetSecretValue')).toBeUndefined();
  });
});

/** A Secrets Manager endpoint that throttles the first `throttles` requests, then answers every one with `{}`. */
function endpointThrottling(throttles: number) {
  const seen: string[] = [];
  const respond = (status: number, body: object, type?: string) => ({
    response: {
      statusCode: status,
      headers: { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) },
      body: Readable.from([Buffer.from(JSON.stringify(body))]),
    },
  });
  return {
    seen,
    requestHandler: {
      async handle(request: { headers: Record<string, string> }) {
        seen.push(String(request.headers['x-amz-target']).split('.').pop() ?? '');
        if (seen.length <= throttles) {
          return respond(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException');
        }
        return respond(200, {});
      },
    },
  };
}

function clientWith(endpoint: ReturnType<typeof endpointThrottling>, limiter: () => SharedRateLimiter | undefined) {
  const sm = new SecretsManagerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' },
    requestHandler: endpoint.requestHandler as never,
    maxAttempts: 10,
  });
  sm.middlewareStack.use(sharedRateLimit(limiter));
  return sm;
}

describe('the rate middleware on the Secrets Manager client', () => {
  it('takes a slot for every attempt of a write, the retry after a throttle included, and the write succeeds', async () => {
    // Arrange
    const endpoint = endpointThrottling(1);
    const slots: string[] = [];
    const limiter = { acquire: async (bucket: string) => slots.push(bucket) } as unknown as SharedRateLimiter;
    const sm = clientWith(endpoint, () => limiter);

    // Act
    await sm.send(new PutSecretValueCommand({ SecretId: 'rekey/x', ClientRequestToken: 'a'.repeat(32) }));

    // Assert: two attempts reached the endpoint, each after its own slot.
    expect(endpoint.seen).toEqual(['PutSecretValue', 'PutSecretValue']);
    expect(slots).toEqual(['secretsmanager:writes', 'secretsmanager:writes']);
  });

  it('within a slot deadline, refuses a write whose slot comes later, before it reaches Secrets Manager, taking none', async () => {
    // Arrange: the writes bucket is booked 10 s ahead; the caller must have its slot within 1 s.
    const endpoint = endpointThrottling(0);
    const table = new FakeDynamoDb(TABLE);
    const key = { pk: `${RATE_LIMIT_ITEM.pkPrefix}secretsmanager:writes`, sk: RATE_LIMIT_ITEM.sk };
    const bookedUntil = Date.now() + 10_000;
    table.putItem({ ...key, nextAt: bookedUntil });
    const limiter = limiterOver(table);
    const sm = clientWith(endpoint, () => limiter);

    // Act
    const error = await withSlotDeadline(Date.now() + 1_000, () =>
      sm.send(new PutSecretValueCommand({ SecretId: 'rekey/x', ClientRequestToken: 'a'.repeat(32) })),
    ).catch((e: unknown) => e);

    // Assert: refused with the time until a slot is free; the bucket and the endpoint untouched.
    expect(error).toBeInstanceOf(RateLimitBacklogError);
    expect((error as RateLimitBacklogError).retryAfterMs).toBeGreaterThan(8_000);
    expect(endpoint.seen).toEqual([]);
    expect(table.getItem(key)?.nextAt).toBe(bookedUntil);
  });

  it('bounds the wait only within a slot deadline: a call outside one waits for its slot, however far', async () => {
    // Arrange
    const endpoint = endpointThrottling(0);
    const bounds: unknown[] = [];
    const limiter = {
      acquire: async (_bucket: string, options: unknown) => bounds.push(options),
    } as unknown as SharedRateLimiter;
    const sm = clientWith(endpoint, () => limiter);
    const put = () => sm.send(new PutSecretValueCommand({ SecretId: 'rekey/x', ClientRequestToken: 'a'.repeat(32) }));

    // Act
    await put();
    await withSlotDeadline(Date.now() + 60_000, put);

    // Assert
    expect(bounds[0]).toEqual({});
    expect((bounds[1] as { maxWaitMs: number }).maxWaitMs).toBeGreaterThan(50_000);
    expect((bounds[1] as { maxWaitMs: number }).maxWaitMs).toBeLessThanOrEqual(60_000);
  });

  it('takes no slot for a read', async () => {
    // Arrange
    const endpoint = endpointThrottling(0);
    const slots: string[] = [];
    const limiter = { acquire: async (bucket: string) => slots.push(bucket) } as unknown as SharedRateLimiter;
    const sm = clientWith(endpoint, () => limiter);

    // Act
    await sm.send(new GetSecretValueCommand({ SecretId: 'rekey/x' }));

    // Assert
    expect(endpoint.seen).toEqual(['GetSecretValue']);
    expect(slots).toEqual([]);
  });

  it('refuses a write from a function that has no table to share the rate in, before it reaches Secrets Manager', async () => {
    // Arrange
    const endpoint = endpointThrottling(0);
    const sm = clientWith(endpoint, () => undefined);

    // Act
    const error = await sm.send(new RotateSecretCommand({ SecretId: 'rekey/x' })).catch((e: unknown) => e);

    // Assert
    expect(error).toBeInstanceOf(RateLimitNotConfiguredError);
    expect(endpoint.seen).toEqual([]);
  });
});
