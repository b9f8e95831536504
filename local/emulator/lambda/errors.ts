/**
 * The errors Lambda reports, as the local stack raises them. Two kinds, as in AWS:
 *
 * - `LambdaServiceError`: the Invoke call itself failed (HTTP 4xx/5xx from the Lambda API); the function did not run,
 *   or its result is not available. Step Functions reports these as `Lambda.<name>` (e.g.
 *   `Lambda.TooManyRequestsException`); EventBridge retries the retriable ones under the target's retry policy.
 * - `LambdaFunctionError`: the invocation ran and failed in a way Lambda itself reports (`X-Amz-Function-Error:
 *   Unhandled`, payload `{"errorType","errorMessage"}`). Step Functions reports these under their `errorType`
 *   (`Sandbox.Timedout`); Lambda's asynchronous queue retries them like any function error.
 *
 * A handler's own errors keep their own names; they are function errors too (Lambda reports their `errorType`).
 */

/** The Lambda API refused or failed the Invoke call. `name` is the API error code. */
export class LambdaServiceError extends Error {
  constructor(
    name: string,
    message: string,
    /** The HTTP status Lambda answers with. */
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = name;
  }
}

/** Why Lambda throttled an invocation (the `Reason` field of its TooManyRequestsException). */
export type ThrottleReason =
  | 'ReservedFunctionConcurrentInvocationLimitExceeded'
  | 'ConcurrentInvocationLimitExceeded'
  | 'CallerRateLimitExceeded';

/**
 * HTTP 429: the function has no free concurrent execution (its ReservedConcurrentExecutions are all busy). A
 * synchronous caller sees it at once; Lambda's asynchronous queue keeps the event and tries again later.
 */
export class TooManyRequestsError extends LambdaServiceError {
  constructor(
    readonly functionName: string,
    readonly reason: ThrottleReason = 'ReservedFunctionConcurrentInvocationLimitExceeded',
  ) {
    super('TooManyRequestsException', 'Rate Exceeded.', 429);
  }
}

/** HTTP 413: the request payload is over the invocation type's limit. The function does not run. */
export class RequestEntityTooLargeError extends LambdaServiceError {
  constructor(
    readonly limitBytes: number,
    readonly sizeBytes: number,
  ) {
    super(
      'RequestEntityTooLargeException',
      `Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation`,
      413,
    );
  }
}

/** HTTP 500: a transient Lambda service failure (Step Functions' `Lambda.ServiceException`). */
export class LambdaServiceException extends LambdaServiceError {
  constructor(message = 'Lambda was unable to complete the request.') {
    super('ServiceException', message, 500);
  }
}

/** An invocation failed in a way Lambda reports itself; `name` is the `errorType` of the error payload. */
export class LambdaFunctionError extends Error {
  constructor(name: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = name;
  }
}

/** The handler ran past the function's Timeout; Lambda stopped it. */
export class FunctionTimedOutError extends LambdaFunctionError {
  constructor(
    readonly requestId: string,
    readonly timeoutMs: number,
  ) {
    super('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${secondsOf(timeoutMs)} seconds`);
  }
}

/** The handler returned more than a synchronous invocation may answer. */
export class ResponseSizeTooLargeError extends LambdaFunctionError {
  constructor(
    readonly limitBytes: number,
    readonly sizeBytes: number,
  ) {
    super(
      'Function.ResponseSizeTooLarge',
      `Response payload size exceeded maximum allowed payload size (${limitBytes} bytes).`,
    );
  }
}

/**
 * A handler whose invocation is over (it timed out, or returned and left work running) asked for its AWS
 * credentials again. In Lambda its sandbox would be frozen or gone; here its later AWS calls are refused with this.
 */
export class InvocationEndedError extends Error {
  constructor(
    readonly functionName: string,
    readonly requestId: string,
    readonly how: 'timed out' | 'returned' | 'failed',
  ) {
    super(
      `${functionName} invocation ${requestId} has ended (${how}): work it left running gets no AWS credentials, as a stopped Lambda sandbox would make no further calls`,
    );
    this.name = 'InvocationEndedError';
  }
}

/** An AWS client made inside a function's container was used outside any invocation. */
export class NoInvocationError extends Error {
  constructor() {
    super('AWS credentials were asked for outside any function invocation: no role signs this call');
    this.name = 'NoInvocationError';
  }
}

/** Lambda's `30.00` form of a timeout in seconds. */
export function secondsOf(ms: number): string {
  return (ms / 1000).toFixed(2);
}
