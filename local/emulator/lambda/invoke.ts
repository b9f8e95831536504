import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import {
  type Container,
  type ContainerCredentials,
  currentContainer,
  runInContainer,
} from '../../../lambdas/common/container';
import type { LocalPrincipal } from '../iam/account';
import {
  FunctionTimedOutError,
  InvocationEndedError,
  NoInvocationError,
  RequestEntityTooLargeError,
  ResponseSizeTooLargeError,
  TooManyRequestsError,
} from './errors';

/** One of the stack's functions as the local stack runs it: its handler in this process, as its own role. */
export interface LocalFunction {
  /** Handler folder (`rotation`, `intake`, `revocation`, `github-webhook`). */
  readonly id: string;
  /** Logical id in the template. */
  readonly logicalId: string;
  /** The function's ARN (AWS form). */
  readonly arn: string;
  /** Timeout from the template. */
  readonly timeoutMs: number;
  /** ReservedConcurrentExecutions from the template, if set. */
  readonly reservedConcurrency?: number;
  /** The function's execution role. */
  readonly role: LocalPrincipal;
  /** Its aliases and published versions (AWS::Lambda::Alias, AWS::Lambda::Version): the qualifiers Invoke accepts. */
  readonly qualifiers?: readonly string[];
  readonly handler: (event: unknown, context?: Context) => Promise<unknown>;
}

/** `RequestResponse` (synchronous: Step Functions, Secrets Manager's rotation steps, a direct call) or `Event`. */
export type InvocationType = 'RequestResponse' | 'Event';

export interface InvokeOptions {
  /** @default 'RequestResponse' */
  readonly invocationType?: InvocationType;
  /**
   * The ARN the caller invoked (qualified with an alias or version where it named one): the handler's
   * `context.invokedFunctionArn`, as Lambda passes it. @default the function's unqualified ARN
   */
  readonly invokedFunctionArn?: string;
}

/**
 * Lambda's payload quotas. The Invoke API reference (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html,
 * read 2026-12): "For synchronous invocations, the maximum payload size is 6 MB. For asynchronous invocations, the
 * maximum payload size is 1 MB." The asynchronous limit was 256 KB until AWS raised it (AWS Compute Blog, "More room
 * to build: serverless services now support payloads up to 1 MB", which also covers EventBridge → Lambda).
 * Lambda counts 6 MB as 6,291,456 bytes for the request; its ResponseSizeTooLarge message names 6,291,556 bytes.
 */
export const PAYLOAD_LIMITS = {
  request: { RequestResponse: 6 * 1024 * 1024, Event: 1024 * 1024 },
  response: { RequestResponse: 6_291_556 },
} as const;

/** How many invocations of a function are running, the most there ever were, and how many were throttled. */
export interface ConcurrencyCount {
  running: number;
  peak: number;
  throttled: number;
}

interface Invocation {
  readonly fn: LocalFunction;
  readonly requestId: string;
  ended?: 'timed out' | 'returned' | 'failed';
}

/** The invocation each container was made for (a container is made per invocation). */
const invocations = new WeakMap<Container, Invocation>();

/** Concurrency by function, per deployment: keyed by the function's role object, then its ARN. */
const counters = new WeakMap<LocalPrincipal, Map<string, ConcurrencyCount>>();

function counterOf(fn: LocalFunction): ConcurrencyCount {
  let byArn = counters.get(fn.role);
  if (!byArn) {
    byArn = new Map();
    counters.set(fn.role, byArn);
  }
  let count = byArn.get(fn.arn);
  if (!count) {
    count = { running: 0, peak: 0, throttled: 0 };
    byArn.set(fn.arn, count);
  }
  return count;
}

/** The function's concurrency now (shared by every caller that invokes it through `invokeFunction`). */
export function concurrencyOf(fn: LocalFunction): Readonly<ConcurrencyCount> {
  return counterOf(fn);
}

/**
 * The credentials provider every container gets. It answers for the invocation it is called from, not the one it
 * was made for: handlers cache their AWS clients per container id (lambdas/common/clients.ts), and the SDK keeps
 * the provider the client was built with, so the provider a later invocation calls is an earlier invocation's.
 *
 * Once that invocation is over it throws `InvocationEndedError`. For the SDK to ask again on every request, the
 * credentials expire within the SDK's refresh window (v3 refreshes credentials expiring in under 5 minutes,
 * `@smithy/core` `isIdentityExpired`); test/unit/local/lambda-invoke.test.ts proves the refusal reaches the call.
 */
const containerCredentials = async (): Promise<ContainerCredentials> => {
  const container = currentContainer();
  const invocation = container ? invocations.get(container) : undefined;
  if (!invocation) throw new NoInvocationError();
  if (invocation.ended) {
    throw new InvocationEndedError(invocation.fn.logicalId, invocation.requestId, invocation.ended);
  }
  return { ...invocation.fn.role.credentials, expiration: new Date(Date.now() + 1000) };
};

const byteLength = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');

/**
 * Invokes a function the way Lambda would: inside its own container (its own AWS clients, signed with its role's
 * credentials), with a context whose remaining time is real, and with Lambda's rules:
 *
 * - payload: a request over the invocation type's limit is refused (`RequestEntityTooLargeException`) before the
 *   handler runs; a synchronous response over 6 MB fails as `Function.ResponseSizeTooLarge`;
 * - concurrency: with ReservedConcurrentExecutions set, an invocation beyond that many running ones is throttled
 *   (`TooManyRequestsException`); an asynchronous source retries it (local/emulator/event-bridge.ts), a synchronous caller
 *   sees it (Step Functions as `Lambda.TooManyRequestsException`);
 * - timeout: past the function's Timeout the invocation fails with `Sandbox.Timedout` ("Task timed out after
 *   30.00 seconds"), its concurrency is released and its result is discarded.
 *
 * What still runs after a timeout: Lambda would stop the sandbox; Node cannot stop a promise. The abandoned
 * handler keeps running in this process, but every AWS request it starts from then on is refused (its container's
 * credentials are gone). An AWS request already signed when the deadline passed (or an SDK retry of it, which
 * reuses the credentials resolved at the start of the operation) still reaches the gateway, and HTTP calls that do
 * not go through the SDK (a provider's API, e.g. `fetch` to OpenAI) are not cut off at all: a key minted or revoked
 * by such a call after the deadline stays minted or revoked. Module-level state survives too, where Lambda would
 * start the next invocation in a fresh sandbox. The same refusal applies to work a handler leaves running after it
 * returns (Lambda freezes the sandbox; here that work gets no credentials).
 */
export async function invokeFunction(fn: LocalFunction, event: unknown, options: InvokeOptions = {}): Promise<unknown> {
  const type = options.invocationType ?? 'RequestResponse';
  const requestLimit = PAYLOAD_LIMITS.request[type];
  const requestSize = byteLength(event);
  if (requestSize > requestLimit) throw new RequestEntityTooLargeError(requestLimit, requestSize);

  const count = counterOf(fn);
  if (fn.reservedConcurrency !== undefined && count.running >= fn.reservedConcurrency) {
    count.throttled += 1;
    throw new TooManyRequestsError(fn.logicalId);
  }
  count.running += 1;
  count.peak = Math.max(count.peak, count.running);

  const requestId = randomUUID();
  const invocation: Invocation = { fn, requestId };
  const deadline = Date.now() + fn.timeoutMs;
  const context = {
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: options.invokedFunctionArn ?? fn.arn,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } as Context;
  const container: Container = { id: fn.id, credentials: containerCredentials };
  invocations.set(container, invocation);

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      invocation.ended = 'timed out';
      reject(new FunctionTimedOutError(requestId, fn.timeoutMs));
    }, fn.timeoutMs);
  });
  // Promise.race listens to both, so a handler that fails after its deadline is no unhandled rejection.
  const run = runInContainer(container, async () => fn.handler(event, context));
  try {
    const result = await Promise.race([run, timedOut]);
    invocation.ended = 'returned';
    if (type === 'RequestResponse') {
      const limit = PAYLOAD_LIMITS.response.RequestResponse;
      const size = byteLength(result);
      if (size > limit) throw new ResponseSizeTooLargeError(limit, size);
    }
    return result;
  } catch (err) {
    invocation.ended ??= 'failed';
    throw err;
  } finally {
    clearTimeout(timer);
    count.running -= 1;
  }
}
