import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { LocalDeployment } from './deploy';
import type { ExecutionRunner } from './execution-service';
import { LambdaServiceError } from './lambda/errors';
import { localFunction } from './lambda/functions';
import { invokeFunction } from './lambda/invoke';
import type { Template } from './synth';

/**
 * The revocation state machine as the app synthesizes it, run on this machine with aws-local-stepfunctions: the
 * definition comes from the template's `DefinitionString` (its `Ref`/`Fn::GetAtt` turned into ARNs), every Task is
 * bound to a local function (Lambda invokes and SNS publishes answer as the service integrations do), and waits
 * and retry intervals can be shortened. The rehearsal and the CLI's local mode run revocations through this.
 *
 * What aws-local-stepfunctions 3 does differently from Step Functions, and how this module covers it:
 * - it needs `Promise.withResolvers` (Node 22): installed below before the library is loaded;
 * - a Task needs a local override, and an override gets the resolved `Parameters`: `lambda:invoke` and
 *   `sns:publish` are answered here like the integrations (`{ Payload }`, `{ MessageId }`), with a Lambda error's
 *   `Cause` shaped like Step Functions' (`{"errorType","errorMessage"}`);
 * - the context object holds only `Execution.Input`/`StartTime`: `Execution.Id`/`Name` and `StateMachine` are added;
 * - the state machine's `TimeoutSeconds` is dropped (waits are scaled, so it means nothing here): pass
 *   `executionTimeoutMs` to bound a local run;
 * - Retry intervals are overridden per retrier, so backoff is not applied when `waitScale` is given;
 * - it has no payload quota: Step Functions' 256 KiB limit on a state's input and output is enforced here
 *   (`STATE_PAYLOAD_LIMIT_BYTES`), failing the execution with `States.DataLimitExceeded` as Step Functions does;
 * - a Lambda task's errors are named as Step Functions names them: the function's errors by their `errorType`
 *   (`Sandbox.Timedout` for a timeout), the Lambda API's by `Lambda.` and the code
 *   (`Lambda.TooManyRequestsException`), so the definition's Retry and Catch lists select them.
 */

/**
 * Step Functions' payload quota: "Maximum input or output size for a task, state, or execution: 256 KiB of data as a
 * UTF-8 encoded string" (Step Functions service quotas); the history API bounds state input, state output and a
 * task's parameters at 262,144 bytes (StateEnteredEventDetails, StateExitedEventDetails, TaskScheduledEventDetails).
 * Over it, the execution fails with `States.DataLimitExceeded`, which "can't be caught by the States.ALL error type"
 * (Step Functions Developer Guide, "Handling errors in Step Functions workflows": reported when a connector's output,
 * a state's output, or a state's input after Parameters is larger than the quota).
 */
export const STATE_PAYLOAD_LIMIT_BYTES = 262_144;

const payloadBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');

/** An execution history event as aws-local-stepfunctions reports it. */
export type ExecutionEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

export interface LoadedStateMachine {
  readonly logicalId: string;
  readonly definition: StateMachineDefinition;
  readonly stateNames: readonly string[];
}

export interface LoadOptions {
  /**
   * Resolves the template's intrinsic functions (e.g. a local deployment's `resolver.resolve`).
   * @default - fake ARNs: `arn:aws:lambda:us-east-1:000000000000:function:<LogicalId>`, `arn:aws:sns:…:<LogicalId>`
   */
  readonly resolve?: (value: unknown) => unknown;
  /** Which state machine, where the template has several. @default - the only one */
  readonly logicalId?: string;
}

const FAKE_REGION = 'us-east-1';
const FAKE_ACCOUNT = '000000000000';

/** Rebuilds the state machine's definition from a synthesized template. */
export function loadRevocationStateMachine(template: Template, options: LoadOptions = {}): LoadedStateMachine {
  const machines = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine');
  const found = options.logicalId ? machines.find(([id]) => id === options.logicalId) : machines[0];
  if (!found || (!options.logicalId && machines.length !== 1)) {
    throw new Error(
      `the template should declare one state machine${options.logicalId ? ` named ${options.logicalId}` : ''}, found ${machines.map(([id]) => id).join(', ') || 'none'}`,
    );
  }
  const [logicalId, resource] = found;
  const resolve = options.resolve ?? ((v: unknown) => resolveFake(template, v));
  const text = resolve(resource.Properties?.DefinitionString);
  if (typeof text !== 'string') throw new Error(`state machine ${logicalId} has no DefinitionString`);
  const definition = JSON.parse(text) as StateMachineDefinition;
  return { logicalId, definition, stateNames: Object.keys(definition.States) };
}

function resolveFake(template: Template, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveFake(template, v));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const arnOf = (id: string): string => {
    const type = template.Resources[id]?.Type;
    if (!type) throw new Error(`the definition refers to ${id}, which the template does not declare`);
    if (type === 'AWS::Lambda::Function') return `arn:aws:lambda:${FAKE_REGION}:${FAKE_ACCOUNT}:function:${id}`;
    const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
    return `arn:aws:${service}:${FAKE_REGION}:${FAKE_ACCOUNT}:${id}`;
  };
  if ('Ref' in obj) {
    const ref = String(obj.Ref);
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': FAKE_REGION,
      'AWS::AccountId': FAKE_ACCOUNT,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    return pseudo[ref] ?? arnOf(ref);
  }
  if ('Fn::GetAtt' in obj) return arnOf(String((obj['Fn::GetAtt'] as unknown[])[0]));
  if ('Fn::Join' in obj) {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(resolveFake(template, p))).join(sep);
  }
  const fn = Object.keys(obj).find((k) => k.startsWith('Fn::'));
  if (fn) throw new Error(`cannot resolve ${fn} in the state machine definition`);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveFake(template, v)]));
}

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

export interface RunRevocationOptions {
  readonly definition: StateMachineDefinition;
  readonly input: unknown;
  readonly executionName: string;
  /**
   * Runs a Lambda task with the last part of the function's ARN (the logical id, for fake and local ARNs) and the
   * payload. Throw an error named as the function's error (`error.name`) to fail the task.
   */
  readonly invokeFunction: (functionLogicalIdOrArn: string, payload: unknown) => Promise<unknown>;
  /**
   * Publishes an SNS message (the message as a string, the attributes' values by name, the subject, and each
   * attribute's DataType where the definition gives one other than `String`, e.g. `String.Array`).
   */
  readonly publish: (
    topicArn: string,
    message: string,
    attributes: Readonly<Record<string, string>>,
    subject?: string,
    dataTypes?: Readonly<Record<string, string>>,
  ) => Promise<void>;
  /**
   * How long waits and retry intervals last here: a factor on real time (`0` skips them, `0.001` makes a second a
   * millisecond), or a function of the state and the definition's seconds answering milliseconds. @default 1
   */
  readonly waitScale?: number | ((stateName: string, seconds: number) => number);
  /** Aborts the execution (StopExecution). */
  readonly signal?: AbortSignal;
  /** Bounds the local run; it then ends TIMED_OUT. @default - no bound */
  readonly executionTimeoutMs?: number;
  /** The state machine's ARN for `$$.StateMachine.Id` and `$$.Execution.Id`. @default - a fake ARN */
  readonly stateMachineArn?: string;
  /** Told about each history event as it happens. */
  readonly onEvent?: (event: ExecutionEvent) => void;
  /**
   * Step Functions' state-transition quota (ServiceQuotas.stateTransition): called for each state entered; a Task
   * waits the answered milliseconds before it runs (a throttled transition is delayed), other states are counted.
   * @default - not enforced
   */
  readonly stateTransition?: () => number;
}

export interface RevocationRun {
  readonly status: ExecutionStatus;
  readonly output: unknown;
  readonly error?: string;
  readonly cause?: string;
  /** The execution history. */
  readonly events: readonly ExecutionEvent[];
}

/**
 * aws-local-stepfunctions' Node 22 dependency: `Promise.withResolvers`, installed for Node 20. The library calls it
 * only when a Task runs, never while it loads, so installing it when this module loads (below) is early enough.
 */
function installPromiseWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  if (typeof P.withResolvers === 'function') return;
  P.withResolvers = () => {
    let resolve!: (value: unknown) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

installPromiseWithResolvers();

/** Definitions that passed asl-validator (the constructor throws on an invalid one, so only valid ones get here). */
const VALIDATED_DEFINITIONS = new Set<string>();

const json = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Runs one execution of the definition locally. */
export async function runRevocation(options: RunRevocationOptions): Promise<RevocationRun> {
  const definition = json(options.definition) as StateMachineDefinition & { TimeoutSeconds?: number };
  delete definition.TimeoutSeconds;
  const scale = options.waitScale ?? 1;
  const ms = (stateName: string, seconds: number): number =>
    Math.max(0, Math.round(typeof scale === 'function' ? scale(stateName, seconds) : seconds * 1000 * scale));

  // The first payload over the quota, and the execution to stop for it (set once the execution has started).
  const limit = new DataLimit();
  const inputBytes = payloadBytes(options.input);
  if (inputBytes > STATE_PAYLOAD_LIMIT_BYTES) {
    // Step Functions refuses such an input at StartExecution; the local execution service has already accepted it.
    return {
      status: 'FAILED',
      output: null,
      error: 'States.DataLimitExceeded',
      cause: `The execution input is ${inputBytes} bytes, over the ${STATE_PAYLOAD_LIMIT_BYTES}-byte limit.`,
      events: [],
    };
  }

  const taskResourceLocalHandlers: NonNullable<
    NonNullable<Parameters<StateMachine['run']>[1]>['overrides']
  >['taskResourceLocalHandlers'] & {} = {};
  const waitTimeOverrides: Record<string, number> = {};
  const retryIntervalOverrides: Record<string, number[]> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Wait' && typeof state.Seconds === 'number') waitTimeOverrides[name] = ms(name, state.Seconds);
    if ('Retry' in state && state.Retry && options.waitScale !== undefined) {
      retryIntervalOverrides[name] = state.Retry.map((r) => ms(name, r.IntervalSeconds ?? 1));
    }
    if (state.Type === 'Task') {
      const handle = taskHandler(name, state.Resource, options, limit);
      taskResourceLocalHandlers[name] = async (input) => (await handle(input as Record<string, unknown>)) as never;
    }
  }

  const stateMachineArn =
    options.stateMachineArn ?? `arn:aws:states:${FAKE_REGION}:${FAKE_ACCOUNT}:stateMachine:RevocationStateMachine`;
  // Validated once per definition (asl-validator compiles its JSON schemas on every call: a tenth of a mass
  // exposure's CPU here when each execution validated again).
  const text = JSON.stringify(definition);
  const validated = VALIDATED_DEFINITIONS.has(text);
  const machine = new StateMachine(definition, {
    validationOptions: validated ? { noValidate: true } : { checkArn: true, checkPaths: true },
  });
  VALIDATED_DEFINITIONS.add(text);
  const execution = machine.run(json(options.input) as never, {
    overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
    noThrowOnAbort: true,
    context: {
      Execution: {
        Id: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${options.executionName}`,
        Name: options.executionName,
      },
      StateMachine: { Id: stateMachineArn, Name: stateMachineArn.split(':').pop() },
    },
  });

  limit.stop = () => execution.abort();
  const events: ExecutionEvent[] = [];
  const collected = (async () => {
    for await (const event of execution.eventLogs) {
      events.push(event);
      options.onEvent?.(event);
      // Tasks take their transition in taskHandler, where they can be delayed; other states are counted here.
      if (event.type === 'StateEntered' && definition.States[event.state.name]?.Type !== 'Task') {
        options.stateTransition?.();
      }
      // Every state's output (and a Pass/Choice/Wait state's input) against the quota; a Task checks its own
      // effective input and its connector's output before this sees them (taskHandler).
      if (event.type === 'StateExited' && payloadBytes(event.state.output) > STATE_PAYLOAD_LIMIT_BYTES) {
        limit.exceed(
          `The state '${event.state.name}' produced an output with a size exceeding the maximum number of bytes service limit.`,
        );
      }
    }
  })();
  let timedOut = false;
  const onAbort = () => execution.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) execution.abort();
  const timer =
    options.executionTimeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          execution.abort();
        }, options.executionTimeoutMs);
  try {
    const output = await execution.result;
    await collected;
    if (limit.exceeded) {
      return { status: 'FAILED', output: null, error: 'States.DataLimitExceeded', cause: limit.exceeded, events };
    }
    if (timedOut) return { status: 'TIMED_OUT', output: null, error: 'States.Timeout', events };
    if (output === null && (options.signal?.aborted ?? false)) return { status: 'ABORTED', output: null, events };
    return { status: 'SUCCEEDED', output, events };
  } catch (err) {
    await collected;
    if (limit.exceeded) {
      return { status: 'FAILED', output: null, error: 'States.DataLimitExceeded', cause: limit.exceeded, events };
    }
    if (err instanceof ExecutionError && err.cause instanceof Error) {
      return { status: 'FAILED', output: null, error: err.cause.name, cause: err.cause.message, events };
    }
    return { status: 'FAILED', output: null, error: (err as Error).name, cause: (err as Error).message, events };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The execution's payload quota: the first breach stops the execution (an abort: no Catch or Retry sees it). */
class DataLimit {
  exceeded: string | undefined;
  stop: () => void = () => undefined;

  exceed(cause: string): void {
    if (this.exceeded) return;
    this.exceeded = cause;
    this.stop();
  }

  /** True (and the execution stopped) when `value` is over the quota. */
  over(value: unknown, cause: () => string): boolean {
    if (!this.exceeded && payloadBytes(value) > STATE_PAYLOAD_LIMIT_BYTES) this.exceed(cause());
    return this.exceeded !== undefined;
  }
}

/** What a task that the payload quota stopped returns: nothing, ever (the aborted execution does not wait for it). */
const stopped = (): Promise<never> => new Promise<never>(() => undefined);

/** An error as a Task reports it to Step Functions: its name is the `Error`, its message the `Cause`. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

function taskHandler(
  stateName: string,
  resource: string,
  options: RunRevocationOptions,
  limit: DataLimit,
): (input: Record<string, unknown>) => Promise<unknown> {
  const run = taskResource(stateName, resource, options);
  return async (input) => {
    // Let the history catch up first: a previous state's output over the quota stops the execution before this runs.
    await new Promise((resolve) => setImmediate(resolve));
    const overIn = () =>
      `The state '${stateName}' received an input with a size exceeding the maximum number of bytes service limit.`;
    if (limit.over(input, overIn)) return stopped();
    for (let wait = options.stateTransition?.() ?? 0; wait > 0; wait = options.stateTransition?.() ?? 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const output = await run(input);
    const task = String(input.FunctionName ?? resource);
    const overOut = () =>
      `The state/task '${task}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    if (limit.over(output, overOut)) return stopped();
    return output;
  };
}

function taskResource(
  stateName: string,
  resource: string,
  options: RunRevocationOptions,
): (input: Record<string, unknown>) => Promise<unknown> {
  const invoke = async (functionArn: string, payload: unknown) => {
    const id = functionArn.split(':').pop() ?? functionArn;
    try {
      return json(await options.invokeFunction(id, json(payload)));
    } catch (err) {
      if (err instanceof LambdaServiceError) {
        // The Invoke API failed (throttled, payload too large, service error): Step Functions names it `Lambda.<code>`.
        throw new TaskError(
          `Lambda.${err.name}`,
          `${err.message} (Service: Lambda, Status Code: ${err.status}, Error Code: ${err.name})`,
        );
      }
      // The function failed (its own error, or Lambda's `Sandbox.Timedout` / `Function.ResponseSizeTooLarge`).
      const e = err as Error;
      const name = e?.name || 'Error';
      throw new TaskError(name, JSON.stringify({ errorType: name, errorMessage: e?.message ?? String(err) }));
    }
  };
  if (resource === 'arn:aws:states:::lambda:invoke') {
    return async (input) => ({
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      Payload: await invoke(String(input.FunctionName), input.Payload),
    });
  }
  if (resource === 'arn:aws:states:::sns:publish') {
    return async (input) => {
      const message = typeof input.Message === 'string' ? input.Message : JSON.stringify(input.Message);
      const attrs = (input.MessageAttributes ?? {}) as Record<string, { DataType?: string; StringValue?: string }>;
      const attributes = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v.StringValue ?? '')]));
      const dataTypes = Object.fromEntries(
        Object.entries(attrs)
          .filter(([, v]) => v.DataType && v.DataType !== 'String')
          .map(([k, v]) => [k, String(v.DataType)]),
      );
      try {
        await options.publish(
          String(input.TopicArn),
          message,
          attributes,
          input.Subject as string | undefined,
          Object.keys(dataTypes).length > 0 ? dataTypes : undefined,
        );
      } catch (err) {
        throw new TaskError(`SNS.${(err as Error).name || 'SnsException'}`, (err as Error).message);
      }
      return { MessageId: randomUUID() };
    };
  }
  if (/^arn:aws:lambda:/.test(resource)) return async (input) => invoke(resource, input);
  throw new Error(`state ${stateName} uses ${resource}, which has no local implementation`);
}

export interface RevocationRunnerOptions {
  /** @default 1 (real time) */
  readonly waitScale?: RunRevocationOptions['waitScale'];
  readonly onEvent?: (executionName: string, event: ExecutionEvent) => void;
  /**
   * The local stack's quotas, for Step Functions' state-transition quota (`startLocalEnvironment` hands them to
   * its `executionRunner` as the second argument). @default - not enforced
   */
  readonly quotas?: { stateTransition(): number };
}

/**
 * Runs revocations for a local deployment (local/emulator/deploy.ts): the synthesized definition with the deployment's
 * ARNs, the real revocation handler in this process (its environment set by `applyHandlerEnvironment`), and SNS
 * publishes sent to the emulator. Hand it to `startLocalEnvironment({ executionRunner })`.
 */
export function revocationRunner(deployment: LocalDeployment, options: RevocationRunnerOptions = {}): ExecutionRunner {
  const { definition } = loadRevocationStateMachine(deployment.template, {
    resolve: (v) => deployment.resolver.resolve(v),
    logicalId: deployment.stateMachineLogicalId,
  });
  const revocation = localFunction(deployment, 'revocation');
  // Service integrations run as the state machine's role.
  const role = deployment.iam.roleOfStateMachine(deployment.stateMachineLogicalId);
  // Through the local AWS endpoint (the gateway, which enforces IAM) once the environment has one.
  let snsClient: SNSClient | undefined;
  const sns = () => {
    snsClient ??= new SNSClient({
      endpoint: process.env.AWS_ENDPOINT_URL ?? deployment.endpoint,
      region: deployment.region,
      credentials: role.credentials,
    });
    return snsClient;
  };
  return async ({ input, executionName, signal }) => {
    const run = await runRevocation({
      definition,
      input,
      executionName,
      signal,
      waitScale: options.waitScale,
      stateMachineArn: deployment.stateMachineArn,
      onEvent: (event) => options.onEvent?.(executionName, event),
      stateTransition: options.quotas ? () => options.quotas?.stateTransition() ?? 0 : undefined,
      invokeFunction: async (id, payload) => {
        if (id !== revocation.logicalId) throw new Error(`no local handler for function ${id}`);
        await deployment.iam.authorizer.check(role, {
          action: 'lambda:InvokeFunction',
          resource: revocation.arn,
          context: {},
        });
        return invokeFunction(revocation, payload);
      },
      publish: async (topicArn, message, attributes, subject, dataTypes) => {
        await sns().send(
          new PublishCommand({
            TopicArn: topicArn,
            Message: message,
            ...(subject ? { Subject: subject } : {}),
            MessageAttributes: Object.fromEntries(
              Object.entries(attributes).map(([k, v]) => [k, { DataType: dataTypes?.[k] ?? 'String', StringValue: v }]),
            ),
          }),
        );
      },
    });
    // The execution service knows no TIMED_OUT runner outcome; a local run has no timeout here anyway.
    return { ...run, status: run.status === 'TIMED_OUT' ? 'FAILED' : run.status, events: [...run.events] };
  };
}
