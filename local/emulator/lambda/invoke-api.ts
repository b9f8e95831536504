import { AwsApiError, type LocalOperation, LocalResponse } from '../gateway';
import { LambdaServiceError, RequestEntityTooLargeError } from './errors';
import { type InvokeOptions, invokeFunction, type LocalFunction, PAYLOAD_LIMITS } from './invoke';

/**
 * Lambda's Invoke API at the local endpoint (`aws lambda invoke`, the SDK's InvokeCommand), after IAM has checked
 * `lambda:InvokeFunction` (local/emulator/iam/requests.ts): the function is found by name or ARN and run by
 * `invokeFunction`, with Lambda's rules.
 *
 * - `RequestResponse`: 200 with the handler's result as the payload; a function error is 200 with
 *   `X-Amz-Function-Error: Unhandled` and `{ errorType, errorMessage }`, as Lambda answers;
 * - `Event`: 202 with an empty body; the invocation runs after the answer (Lambda's asynchronous retries are not
 *   played here: event sources that rely on them go through local/emulator/event-bridge.ts);
 * - `DryRun`: 204 once IAM has allowed the call.
 *
 * A service error (throttling, a payload over the limit) is the API error Lambda answers with.
 */
export function lambdaInvokeOperation(
  functions: Readonly<Record<string, LocalFunction>>,
  onAsyncError: (fn: LocalFunction, err: Error) => void = () => undefined,
): LocalOperation {
  return async (params) => {
    const { name, qualifier } = functionNameOf(String(params.FunctionName ?? ''), params.Qualifier);
    const fn = Object.values(functions).find((f) => f.arn === name || f.arn.endsWith(`:function:${name}`));
    if (!fn) throw new AwsApiError('ResourceNotFoundException', `Function not found: ${name}`, 404);
    // A qualified call runs an alias or version the function has, and the handler sees the qualified ARN.
    if (qualifier !== undefined && qualifier !== '$LATEST' && !(fn.qualifiers ?? []).includes(qualifier)) {
      throw new AwsApiError('ResourceNotFoundException', `Function not found: ${fn.arn}:${qualifier}`, 404);
    }
    const invokedFunctionArn = qualifier === undefined ? fn.arn : `${fn.arn}:${qualifier}`;
    const type = String(params.InvocationType ?? 'RequestResponse');
    if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
      throw new AwsApiError('InvalidParameterValueException', `InvocationType ${type} is not valid`, 400);
    }
    if (type === 'DryRun') return new LocalResponse(204, {}, '');
    const payload = String(params.Payload ?? '');
    const event = parsePayload(payload);
    const options: InvokeOptions = { invocationType: type, invokedFunctionArn };
    if (type === 'Event') {
      // Lambda refuses an oversized event before it queues it, and answers 202 once it is queued.
      const size = Buffer.byteLength(payload, 'utf8');
      if (size > PAYLOAD_LIMITS.request.Event) {
        const e = new RequestEntityTooLargeError(PAYLOAD_LIMITS.request.Event, size);
        throw new AwsApiError(e.name, e.message, e.status);
      }
      const started = invokeFunction(fn, event, options);
      started.catch((err: unknown) => onAsyncError(fn, err as Error));
      return new LocalResponse(202, {}, '');
    }
    try {
      const result = await invokeFunction(fn, event, options);
      return new LocalResponse(200, { 'x-amz-executed-version': '$LATEST' }, JSON.stringify(result ?? null));
    } catch (err) {
      if (err instanceof LambdaServiceError) throw new AwsApiError(err.name, err.message, err.status);
      const e = err as Error;
      return new LocalResponse(
        200,
        { 'x-amz-executed-version': '$LATEST', 'x-amz-function-error': 'Unhandled' },
        JSON.stringify({ errorType: e.name, errorMessage: e.message }),
      );
    }
  };
}

/**
 * The function and qualifier an Invoke names: `name`, `name:qualifier`, the function's ARN or a qualified ARN, and
 * the `Qualifier` parameter, which must agree with a qualifier in the name (Lambda refuses the call otherwise).
 */
function functionNameOf(functionName: string, qualifierParam: unknown): { name: string; qualifier?: string } {
  const parts = functionName.split(':');
  const isArn = functionName.startsWith('arn:');
  const inName = isArn ? (parts.length === 8 ? parts[7] : undefined) : parts.length === 2 ? parts[1] : undefined;
  const name = inName === undefined ? functionName : parts.slice(0, -1).join(':');
  const param = qualifierParam === undefined || qualifierParam === '' ? undefined : String(qualifierParam);
  if (inName !== undefined && param !== undefined && inName !== param) {
    throw new AwsApiError(
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
      400,
    );
  }
  const qualifier = inName ?? param;
  return qualifier === undefined ? { name } : { name, qualifier };
}

function parsePayload(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AwsApiError('InvalidRequestContentException', 'Could not parse request body into json', 400);
  }
}
