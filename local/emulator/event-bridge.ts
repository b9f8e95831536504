import { randomUUID } from 'node:crypto';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LambdaServiceError, TooManyRequestsError } from './lambda/errors';
import { LOCAL_ACCOUNT, TemplateResolver } from './resolve';
import type { Template } from './synth';

/**
 * The EventBridge half of the stack, on this machine. moto's EventBridge cannot target a Lambda function (PutEvents
 * answers 500), so the stack's real finding rules (their patterns read from the synthesized template) are installed
 * in moto with an SQS target, and what arrives is handed to the real intake handler in this process.
 *
 * moto's pattern matcher does not descend into arrays of objects (Security Hub's `detail.findings[]`). Where a rule's
 * pattern reaches into such an array, moto gets the pattern without that part and the whole pattern is checked again
 * here, with EventBridge's documented semantics, before the handler sees the event.
 *
 * Delivery follows AWS's two layers (`deliver` below): EventBridge invokes a Lambda target asynchronously, so the
 * target's RetryPolicy and DeadLetterConfig cover only a failed Invoke call; once Lambda has the event, its own
 * asynchronous queue retries the function's errors and throttles, then discards the event or sends it to the
 * function's on-failure destination or DLQ. A rule whose target is a queue the function consumes (the intake's
 * event queue) has only the first layer: EventBridge sends the event to the queue, as its resource policy allows
 * (`aws:SourceArn`, the rule), and the queue's event source mapping takes it from there.
 */

/** Paths that hold arrays of objects in the events rekey listens to (moto cannot match inside them). */
export const ARRAY_OF_OBJECT_PATHS: readonly string[] = ['detail.findings', 'detail.affectedEntities'];

export type EventPattern = { readonly [key: string]: unknown };

export interface InstallFindingRulesOptions {
  /** moto's endpoint, e.g. `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** The synthesized stack (local/emulator/synth.ts `synthesize`). */
  readonly template: Template;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Names the local rules and queues. @default 'rekey-findings' */
  readonly prefix?: string;
  /** Logical id of the function whose rules to install. @default - the intake function (POWERTOOLS_SERVICE_NAME rekey-intake) */
  readonly functionLogicalId?: string;
  /** @default ARRAY_OF_OBJECT_PATHS */
  readonly arrayPaths?: readonly string[];
  /**
   * Resolves the template's intrinsics (a local deployment's `resolver.resolve`). With it, a rule target's DLQ is the
   * queue its `DeadLetterConfig` names, the function's own DLQ or on-failure destination is used where the template
   * gives one, and dead letters carry the deployment's ARNs.
   * @default - a local stand-in queue for every target DLQ, no function DLQ, ARNs in the local account
   */
  readonly resolve?: (value: unknown) => unknown;
}

/**
 * A rule target's RetryPolicy. Where the template sets none, EventBridge's defaults: "By default, EventBridge
 * retries sending the event for 24 hours and up to 185 times with an exponential back off and jitter" (EventBridge
 * User Guide, "How EventBridge retries delivering events").
 */
export interface TargetRetryPolicy {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeInSeconds: number;
}

/**
 * What Lambda does with the function's asynchronous events (AWS::Lambda::EventInvokeConfig). Defaults from the
 * Lambda Developer Guide, "How Lambda handles errors and retries with asynchronous invocation": a function error
 * is retried twice (one minute, then two minutes later); a throttle (429) or system error (5xx) is retried for up
 * to 6 hours, 1 second after the first attempt doubling to at most 5 minutes; then the event is discarded unless
 * the function has an on-failure destination or a dead-letter queue.
 */
export interface AsyncInvokeConfig {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeInSeconds: number;
  /** The on-failure destination (an SQS queue), if the template gives one and it resolves. */
  readonly onFailureQueueUrl?: string;
  /** The function's DeadLetterConfig (an SQS queue), if the template gives one and it resolves. */
  readonly deadLetterQueueUrl?: string;
}

/** Which kind of target a finding rule has: the function itself, or a queue the function consumes. */
export type TargetKind = 'lambda' | 'sqs';

/** Where the pump delivers one event: the rule's target, and the rule (EventBridge sends as the rule). */
export interface DeliveryTarget {
  readonly kind: TargetKind;
  readonly arn: string;
  readonly ruleArn: string;
}

/**
 * EventBridge could not deliver to a queue target: `NO_PERMISSIONS` (the queue's policy refused the rule; not
 * retried), `THROTTLING` or `ERROR_FROM_TARGET` (a 429 or 5xx: retried under the target's RetryPolicy). Codes from
 * the EventBridge User Guide, "Using dead-letter queues to process undelivered events".
 */
export class TargetDeliveryError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'NO_PERMISSIONS' | 'THROTTLING' | 'ERROR_FROM_TARGET',
    message: string,
  ) {
    super(message);
    this.name = 'TargetDeliveryError';
  }
}

export interface InstalledRule {
  /** The rule's name in moto. */
  readonly name: string;
  /** Its logical id in the template. */
  readonly logicalId: string;
  /** The rule's ARN (the deployment's with `resolve`, else moto's). */
  readonly ruleArn: string;
  /** The target's ARN: the function's, or the queue's. */
  readonly targetArn: string;
  readonly targetKind: TargetKind;
  /** The bus the rule is on (`default`, or rekey's own bus by its local name). */
  readonly busName: string;
  /** The stack's pattern. */
  readonly pattern: EventPattern;
  /** What moto was given (the pattern without the parts moto cannot evaluate). */
  readonly installedPattern: EventPattern;
  /** True when the pump checks the whole pattern again in-process. */
  readonly checkedLocally: boolean;
  /** The target's RetryPolicy (EventBridge's defaults where the template sets none). */
  readonly retryPolicy: TargetRetryPolicy;
  /** The target's DLQ; absent when the template gives none (EventBridge then drops what it cannot deliver). */
  readonly deadLetterQueueUrl?: string;
}

export interface InstalledFindingRules {
  /** The queue every rule targets. */
  readonly queueUrl: string;
  /**
   * The rule targets' DLQ, where EventBridge puts events it could not deliver to the function: the stack's queue
   * (with `resolve`), or a local stand-in.
   */
  readonly deadLetterQueueUrl: string;
  /** Lambda's asynchronous-invocation settings for the target function. */
  readonly asyncInvokeConfig: AsyncInvokeConfig;
  readonly ruleNames: readonly string[];
  readonly rules: readonly InstalledRule[];
  /** The bus a source's events go to (rekey's own for `rekey.scanner` and `rekey.github`), `default` for others. */
  busFor(source: string): string;
}

/** What the target puts on the queue: the rule and its target's delivery settings, and the event itself. */
interface Envelope {
  readonly rule: string;
  readonly check: boolean;
  readonly pattern: EventPattern;
  readonly ruleArn: string;
  readonly targetArn: string;
  readonly targetKind?: TargetKind;
  readonly retryPolicy: TargetRetryPolicy;
  readonly deadLetterQueueUrl?: string;
  readonly lambda: AsyncInvokeConfig;
  readonly event: Record<string, unknown>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const EVENTBRIDGE_DEFAULT_RETRY: TargetRetryPolicy = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 };
const LAMBDA_ASYNC_DEFAULTS = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 } as const;

/** Installs the stack's rules that target the intake function in moto's EventBridge, each with an SQS target. */
export async function installFindingRules(options: InstallFindingRulesOptions): Promise<InstalledFindingRules> {
  const region = options.region ?? 'us-east-1';
  const prefix = options.prefix ?? 'rekey-findings';
  const arrayPaths = options.arrayPaths ?? ARRAY_OF_OBJECT_PATHS;
  const clientConfig = { endpoint: options.endpoint, region, credentials };
  const events = new EventBridgeClient(clientConfig);
  const sqs = new SQSClient(clientConfig);
  const { resolve } = options;

  const fnId = options.functionLogicalId ?? intakeFunctionId(options.template);
  // A rule's bus (rekey's own: `{ Ref }`) and its pattern (the Security Hub products: the stack's region) hold
  // intrinsics; they resolve as the deployment's resolver does, or against the region's pseudo parameters.
  const resolvePattern = resolve ?? ((value: unknown) => new TemplateResolver(options.template, region).resolve(value));
  const found = findingRules(options.template, fnId, resolvePattern);
  if (found.length === 0) throw new Error(`the template has no EventBridge rule targeting ${fnId}`);

  const queueUrl = await createQueue(sqs, `${prefix}-events`);
  const standInDeadLetterQueueUrl = await createQueue(sqs, `${prefix}-dead-letters`);
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
    .Attributes?.QueueArn;
  if (!queueArn) throw new Error('the emulator returned no ARN for the local events queue');

  /** An SQS queue's URL from the template's reference to its ARN, where the deployment made it. */
  const queueUrlOf = async (arnRef: unknown): Promise<string | undefined> => {
    if (!resolve || arnRef === undefined) return undefined;
    const arn = String(resolve(arnRef));
    if (!arn.startsWith('arn:aws:sqs:')) return undefined;
    try {
      return (await sqs.send(new GetQueueUrlCommand({ QueueName: arn.split(':').pop() }))).QueueUrl;
    } catch {
      return undefined;
    }
  };

  const lambda = asyncInvokeSettings(options.template, fnId);
  const asyncInvokeConfig: AsyncInvokeConfig = {
    maximumRetryAttempts: lambda.maximumRetryAttempts,
    maximumEventAgeInSeconds: lambda.maximumEventAgeInSeconds,
    ...optional('onFailureQueueUrl', await queueUrlOf(lambda.onFailure)),
    // As for a rule target's DLQ: the stack's queue where the caller can resolve it, else the local stand-in.
    ...optional(
      'deadLetterQueueUrl',
      lambda.deadLetter === undefined
        ? undefined
        : ((await queueUrlOf(lambda.deadLetter)) ?? standInDeadLetterQueueUrl),
    ),
  };

  const rules: InstalledRule[] = [];
  for (const { logicalId, pattern, busName, target, kind } of found) {
    const name = `${prefix}-${logicalId}`.slice(0, 64);
    const { installed, pruned } = prune(pattern, arrayPaths);
    if (busName !== 'default') {
      await events.send(new CreateEventBusCommand({ Name: busName })).catch((err: Error) => {
        if (!(err instanceof ResourceAlreadyExistsException)) throw err;
      });
    }
    const put = await events.send(
      new PutRuleCommand({
        Name: name,
        EventBusName: busName,
        EventPattern: JSON.stringify(installed),
        State: 'ENABLED',
      }),
    );
    const ruleArn = resolve
      ? String(resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }))
      : (put.RuleArn ?? `arn:aws:events:${region}:${LOCAL_ACCOUNT}:rule/${name}`);
    const targetArn = resolve
      ? String(resolve(target.Arn))
      : kind === 'sqs'
        ? `arn:aws:sqs:${region}:${LOCAL_ACCOUNT}:${JSON.stringify(target.Arn)}`
        : `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${fnId}`;
    const policy = target.RetryPolicy ?? {};
    const retryPolicy: TargetRetryPolicy = {
      maximumRetryAttempts: numberOr(policy.MaximumRetryAttempts, EVENTBRIDGE_DEFAULT_RETRY.maximumRetryAttempts),
      maximumEventAgeInSeconds: numberOr(
        policy.MaximumEventAgeInSeconds,
        EVENTBRIDGE_DEFAULT_RETRY.maximumEventAgeInSeconds,
      ),
    };
    const dlqRef = target.DeadLetterConfig?.Arn;
    const deadLetterQueueUrl =
      dlqRef === undefined ? undefined : ((await queueUrlOf(dlqRef)) ?? standInDeadLetterQueueUrl);
    const envelope = JSON.stringify({
      rule: name,
      check: pruned,
      pattern,
      ruleArn,
      targetArn,
      targetKind: kind,
      retryPolicy,
      ...optional('deadLetterQueueUrl', deadLetterQueueUrl),
      lambda: asyncInvokeConfig,
    });
    await events.send(
      new PutTargetsCommand({
        Rule: name,
        EventBusName: busName,
        Targets: [
          {
            Id: 'local-intake-queue',
            Arn: queueArn,
            InputTransformer: {
              // One path keeps moto from evaluating its eight default ones (jsonpath parsing is slow there).
              InputPathsMap: { id: '$.id' },
              // The whole event (account included, which moto's default target input leaves out), wrapped.
              InputTemplate: `${envelope.slice(0, -1)},"event":<aws.events.event.json>}`,
            },
          },
        ],
      }),
    );
    rules.push({
      name,
      logicalId,
      busName,
      ruleArn,
      targetArn,
      targetKind: kind,
      pattern,
      installedPattern: installed,
      checkedLocally: pruned,
      retryPolicy,
      ...optional('deadLetterQueueUrl', deadLetterQueueUrl),
    });
  }
  return {
    queueUrl,
    deadLetterQueueUrl: rules.find((r) => r.deadLetterQueueUrl)?.deadLetterQueueUrl ?? standInDeadLetterQueueUrl,
    asyncInvokeConfig,
    ruleNames: rules.map((r) => r.name),
    rules,
    busFor: (source) =>
      rules.find((r) => Array.isArray(r.pattern.source) && r.pattern.source.includes(source))?.busName ?? 'default',
  };
}

export interface PumpRecord {
  readonly rule: string;
  readonly eventId: string;
  readonly source: string;
  readonly detailType: string;
  /**
   * `handled`; `filtered` (moto let it through, the whole pattern did not); `failed`: no attempt succeeded, and the
   * event went where AWS would send it (`deadLetter`) or was dropped.
   */
  readonly outcome: 'handled' | 'filtered' | 'failed';
  readonly result?: unknown;
  /** Error name and message of the last failed attempt. */
  readonly error?: string;
  /** Times the function was invoked for this event: the first delivery, then EventBridge's and Lambda's retries. */
  readonly attempts: number;
  /**
   * Where a failed event went: `rule-target` when EventBridge could not deliver it (the target's DLQ), `function`
   * when the function failed every attempt (its on-failure destination or DLQ). Absent when it was dropped.
   */
  readonly deadLetter?: { readonly kind: 'rule-target' | 'function'; readonly queueUrl: string };
  readonly ms: number;
}

export interface PumpOptions {
  readonly endpoint: string;
  readonly queueUrl: string;
  /**
   * One delivery to the rule's target. A function target: one invocation, as Lambda's asynchronous queue runs it
   * (the local stack passes `invokeFunction(fn, event, { invocationType: 'Event' })`); a `LambdaServiceError` other
   * than a concurrency throttle means the Invoke call itself failed, any other error is the function's. A queue
   * target: one SendMessage as EventBridge makes it; a `TargetDeliveryError` says why it failed.
   */
  readonly handle: (event: Record<string, unknown>, target: DeliveryTarget) => Promise<unknown>;
  /** Stops the pump (it finishes the events it holds, retries included). */
  readonly signal?: AbortSignal;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Long-poll wait. @default 2 */
  readonly waitTimeSeconds?: number;
  /**
   * Milliseconds here per second of EventBridge's and Lambda's retry delays (`0.5`: Lambda's one-minute retry
   * waits 30 ms). With 0 the retries run back to back; their count and the event-age limits still apply, measured
   * in the delays' own seconds. @default 0
   */
  readonly msPerSecond?: number;
  /** EventBridge's jitter. @default Math.random */
  readonly random?: () => number;
  /** Told about each event as it is done. */
  readonly onRecord?: (record: PumpRecord) => void;
}

/**
 * Long-polls the queue and hands each event to `handle`, with EventBridge's and Lambda's retries (`deliver`), while
 * it goes on polling. Resolves with every record when `signal` aborts and the events it holds are done.
 */
export async function pumpEvents(options: PumpOptions): Promise<PumpRecord[]> {
  const sqs = new SQSClient({ endpoint: options.endpoint, region: options.region ?? 'us-east-1', credentials });
  const records: PumpRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  while (!options.signal?.aborted && !failure) {
    let messages: Message[];
    try {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: options.waitTimeSeconds ?? 2,
        }),
        options.signal ? { abortSignal: options.signal } : {},
      );
      messages = out.Messages ?? [];
    } catch (err) {
      if (options.signal?.aborted) break;
      throw err;
    }
    for (const message of messages) {
      const done = deliver(sqs, options, message).then((record) => {
        records.push(record);
        options.onRecord?.(record);
      });
      inFlight.add(done);
      void done.then(
        () => inFlight.delete(done),
        (error: unknown) => {
          inFlight.delete(done);
          failure ??= { error };
        },
      );
    }
  }
  await Promise.allSettled([...inFlight]);
  if (failure) throw failure.error;
  return records;
}

/** Hands over everything on the queue now, then resolves with the records (for tests). */
export async function drainOnce(options: Omit<PumpOptions, 'signal' | 'waitTimeSeconds'>): Promise<PumpRecord[]> {
  const sqs = new SQSClient({ endpoint: options.endpoint, region: options.region ?? 'us-east-1', credentials });
  const records: PumpRecord[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: options.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return records;
    const done = await Promise.all(messages.map((m) => deliver(sqs, options, m)));
    for (const record of done) {
      records.push(record);
      options.onRecord?.(record);
    }
  }
}

/** EventBridge's backoff between delivery retries: full jitter on 1 s doubling, at most 5 minutes (our choice: AWS documents "exponential back off and jitter", not the numbers). */
const eventBridgeDelay = (retry: number, random: () => number): number => random() * Math.min(300, 2 ** retry);
/** Lambda's wait before retrying a throttled or 5xx attempt: 1 s after the first, doubling to at most 5 minutes. */
const lambdaThrottleDelay = (retry: number): number => Math.min(300, 2 ** retry);
/** Lambda's wait before retrying a function error: one minute, then two. */
const lambdaErrorDelay = (retry: number): number => 60 * (retry + 1);

/** The Invoke call (or SendMessage) failed: the target never had the event, and EventBridge's retry policy applies. */
function isDeliveryFailure(err: unknown): err is LambdaServiceError | TargetDeliveryError {
  if (err instanceof TargetDeliveryError) return true;
  if (!(err instanceof LambdaServiceError)) return false;
  // A concurrency throttle of an asynchronous invocation happens in Lambda's queue, after the Invoke call succeeded.
  return !(err instanceof TooManyRequestsError) || err.reason === 'CallerRateLimitExceeded';
}

/**
 * The error codes EventBridge documents for its DLQ ("Using dead-letter queues to process undelivered events"):
 * `THROTTLING` for a 429; any other failure the Lambda API answers is `ERROR_FROM_TARGET` (our reading of which
 * documented code applies).
 */
const eventBridgeErrorCode = (err: LambdaServiceError | TargetDeliveryError): string =>
  err instanceof TargetDeliveryError ? err.code : err.status === 429 ? 'THROTTLING' : 'ERROR_FROM_TARGET';

const errorText = (err: unknown): string => `${(err as Error)?.name}: ${(err as Error)?.message}`.slice(0, 500);

/**
 * One event through EventBridge and Lambda, as AWS does it. The queue message is deleted first: from then on the
 * event is EventBridge's, and its retries are kept here, in memory, in AWS's seconds.
 *
 * 1. EventBridge invokes the function asynchronously. If the Invoke call fails, a 429 or 5xx is retried under the
 *    target's RetryPolicy (exponential backoff with jitter) until MaximumRetryAttempts or MaximumEventAgeInSeconds
 *    runs out; any other failure is not retried. The event then goes to the target's DLQ with the attributes
 *    EventBridge adds (RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS, EXHAUSTED_RETRY_CONDITION),
 *    or is dropped if the target has none.
 * 2. Once Lambda has the event, a function error (a timeout included) is retried MaximumRetryAttempts times, and a
 *    throttle or 5xx until MaximumEventAgeInSeconds. The event then goes to the function's on-failure destination or
 *    DLQ, or is discarded: the rule target's DLQ never sees a function error.
 */
async function deliver(sqs: SQSClient, options: Omit<PumpOptions, 'signal'>, message: Message): Promise<PumpRecord> {
  const started = Date.now();
  const envelope = JSON.parse(message.Body ?? '{}') as Envelope;
  const event = asDelivered(envelope.event ?? {});
  const head = {
    rule: envelope.rule,
    eventId: String(event.id ?? ''),
    source: String(event.source ?? ''),
    detailType: String(event['detail-type'] ?? ''),
  };
  await sqs.send(new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }));
  if (envelope.check && !matchesEventPattern(envelope.pattern, event)) {
    return { ...head, outcome: 'filtered', attempts: 0, ms: Date.now() - started };
  }
  const msPerSecond = options.msPerSecond ?? 0;
  const random = options.random ?? Math.random;
  const target: DeliveryTarget = {
    kind: envelope.targetKind ?? 'lambda',
    arn: envelope.targetArn,
    ruleArn: envelope.ruleArn,
  };
  let age = 0; // AWS seconds since EventBridge received the event
  let attempts = 0;
  const wait = async (seconds: number) => {
    age += seconds;
    const ms = seconds * msPerSecond;
    await new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
  };
  const attempt = async (): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }> => {
    attempts += 1;
    const t0 = Date.now();
    try {
      return { ok: true, result: await options.handle(event, target) };
    } catch (error) {
      // A queue target answers SendMessage only: anything else that failed is the target's error (retried).
      if (target.kind === 'sqs' && !(error instanceof TargetDeliveryError)) {
        return { ok: false, error: new TargetDeliveryError(500, 'ERROR_FROM_TARGET', (error as Error)?.message ?? '') };
      }
      return { ok: false, error };
    } finally {
      age += (Date.now() - t0) / 1000;
    }
  };
  const failed = (error: unknown, deadLetter?: PumpRecord['deadLetter']): PumpRecord => ({
    ...head,
    outcome: 'failed',
    error: errorText(error),
    attempts,
    ...optional('deadLetter', deadLetter),
    ms: Date.now() - started,
  });

  // 1. EventBridge → Lambda's Invoke API.
  const policy = envelope.retryPolicy ?? EVENTBRIDGE_DEFAULT_RETRY;
  let outcome = await attempt();
  for (let retries = 0; !outcome.ok && isDeliveryFailure(outcome.error); retries += 1) {
    const error = outcome.error;
    const retriable = error.status === 429 || error.status >= 500;
    const delay = eventBridgeDelay(retries, random);
    const exhausted = !retriable
      ? undefined
      : retries >= policy.maximumRetryAttempts
        ? 'MaximumRetryAttempts'
        : age + delay > policy.maximumEventAgeInSeconds
          ? 'MaximumEventAgeInSeconds'
          : 'no';
    if (exhausted !== 'no') {
      if (!envelope.deadLetterQueueUrl) return failed(error);
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: envelope.deadLetterQueueUrl,
          MessageBody: JSON.stringify(event),
          MessageAttributes: stringAttributes({
            RULE_ARN: envelope.ruleArn,
            TARGET_ARN: envelope.targetArn,
            ERROR_CODE: eventBridgeErrorCode(error),
            ERROR_MESSAGE: error.message.slice(0, 1000) || error.name,
            RETRY_ATTEMPTS: String(retries),
            ...optional('EXHAUSTED_RETRY_CONDITION', exhausted),
          }),
        }),
      );
      return failed(error, { kind: 'rule-target', queueUrl: envelope.deadLetterQueueUrl });
    }
    await wait(delay);
    outcome = await attempt();
  }

  // A queue target has no second layer: the queue has the event (or EventBridge gave up on it).
  if (target.kind === 'sqs') {
    if (!outcome.ok) return failed(outcome.error);
    return { ...head, outcome: 'handled', result: outcome.result, attempts, ms: Date.now() - started };
  }

  // 2. Lambda's asynchronous queue.
  const lambda = envelope.lambda ?? LAMBDA_ASYNC_DEFAULTS;
  let functionRetries = 0;
  let throttleRetries = 0;
  while (!outcome.ok) {
    const error = outcome.error;
    const systemError = error instanceof LambdaServiceError;
    const delay = systemError ? lambdaThrottleDelay(throttleRetries) : lambdaErrorDelay(functionRetries);
    const condition =
      !systemError && functionRetries >= lambda.maximumRetryAttempts
        ? 'RetriesExhausted'
        : age + delay > lambda.maximumEventAgeInSeconds
          ? 'EventAgeExceeded'
          : undefined;
    if (condition) return failed(error, await functionFailure(sqs, envelope, event, error, condition, attempts));
    if (systemError) throttleRetries += 1;
    else functionRetries += 1;
    await wait(delay);
    outcome = await attempt();
  }
  return { ...head, outcome: 'handled', result: outcome.result, attempts, ms: Date.now() - started };
}

/**
 * Where Lambda puts an event whose attempts are spent: the on-failure destination (an invocation record), else the
 * function's DLQ (the event, with RequestID, ErrorCode and ErrorMessage attributes), else nowhere (discarded).
 * Shapes from the Lambda Developer Guide, "Capturing records of Lambda asynchronous invocations".
 */
async function functionFailure(
  sqs: SQSClient,
  envelope: Envelope,
  event: Record<string, unknown>,
  error: unknown,
  condition: 'RetriesExhausted' | 'EventAgeExceeded',
  attempts: number,
): Promise<PumpRecord['deadLetter']> {
  const { onFailureQueueUrl, deadLetterQueueUrl } = envelope.lambda ?? {};
  const e = error as Error;
  const requestId = randomUUID();
  if (onFailureQueueUrl) {
    const record = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId,
        functionArn: `${envelope.targetArn}:$LATEST`,
        condition,
        approximateInvokeCount: attempts,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: e?.name ?? 'Error', errorMessage: e?.message ?? String(error) },
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: onFailureQueueUrl, MessageBody: JSON.stringify(record) }));
    return { kind: 'function', queueUrl: onFailureQueueUrl };
  }
  if (deadLetterQueueUrl) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MessageBody: JSON.stringify(event),
        MessageAttributes: stringAttributes({
          RequestID: requestId,
          ErrorCode: error instanceof LambdaServiceError ? String(error.status) : '200',
          ErrorMessage: (e?.message ?? String(error)).slice(0, 1024) || 'Unhandled',
        }),
      }),
    );
    return { kind: 'function', queueUrl: deadLetterQueueUrl };
  }
  return undefined;
}

function stringAttributes(values: Record<string, string>): Record<string, MessageAttributeValue> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { DataType: 'String', StringValue: v || '-' }]));
}

/** `{ [key]: value }` when value is defined, else `{}` (for optional fields). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/** The event as EventBridge hands it to a Lambda target: `time` as ISO-8601 (moto keeps epoch seconds), no ingestion time. */
function asDelivered(event: Record<string, unknown>): Record<string, unknown> {
  const { 'ingestion-time': _ingestion, ...rest } = event;
  const time = rest.time;
  if (typeof time === 'number') rest.time = new Date(time * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return rest;
}

/**
 * EventBridge's pattern semantics for the operators rekey's rules use (and the common others): exact values,
 * `prefix`, `suffix`, `equals-ignore-case`, `anything-but`, `exists`, `numeric`, `wildcard`, `$or`. A field path
 * reaches through arrays of objects, and a pattern matches an array when it matches any of its values.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return matchAt(pattern, event, []);
}

function matchAt(pattern: EventPattern, event: unknown, prefix: readonly string[]): boolean {
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') return Array.isArray(sub) && sub.some((p) => matchAt(p as EventPattern, event, prefix));
    const path = [...prefix, key];
    if (Array.isArray(sub)) return matchLeaf(sub, valuesAt(event, path));
    if (sub !== null && typeof sub === 'object') return matchAt(sub as EventPattern, event, path);
    return false;
  });
}

function valuesAt(event: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [event];
  for (const key of path) {
    const next: unknown[] = [];
    for (const c of current) {
      for (const item of Array.isArray(c) ? c : [c]) {
        if (item !== null && typeof item === 'object' && !Array.isArray(item) && key in item) {
          next.push((item as Record<string, unknown>)[key]);
        }
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function matchLeaf(filters: readonly unknown[], values: readonly unknown[]): boolean {
  return filters.some((f) => {
    if (f === null || typeof f !== 'object') return values.some((v) => v === f);
    const [name, arg] = Object.entries(f as Record<string, unknown>)[0] ?? [];
    switch (name) {
      case 'exists':
        return arg === values.length > 0;
      case 'prefix':
        return values.some((v) => typeof v === 'string' && stringTest(arg, v, (s, a) => s.startsWith(a)));
      case 'suffix':
        return values.some((v) => typeof v === 'string' && stringTest(arg, v, (s, a) => s.endsWith(a)));
      case 'equals-ignore-case':
        return values.some(
          (v) => typeof v === 'string' && typeof arg === 'string' && v.toLowerCase() === arg.toLowerCase(),
        );
      case 'wildcard':
        return values.some((v) => typeof v === 'string' && typeof arg === 'string' && wildcard(arg).test(v));
      case 'numeric':
        return values.some((v) => typeof v === 'number' && numeric(arg as unknown[], v));
      case 'anything-but':
        return values.length > 0 && values.some((v) => !anythingButExcludes(arg, v));
      default:
        return false;
    }
  });
}

function stringTest(arg: unknown, value: string, test: (s: string, a: string) => boolean): boolean {
  if (typeof arg === 'string') return test(value, arg);
  const ci = (arg as { 'equals-ignore-case'?: unknown } | null)?.['equals-ignore-case'];
  return typeof ci === 'string' && test(value.toLowerCase(), ci.toLowerCase());
}

function anythingButExcludes(arg: unknown, value: unknown): boolean {
  if (Array.isArray(arg)) return arg.includes(value);
  if (arg !== null && typeof arg === 'object') return matchLeaf([arg], [value]);
  return arg === value;
}

function numeric(ops: readonly unknown[], value: number): boolean {
  for (let i = 0; i + 1 < ops.length; i += 2) {
    const bound = Number(ops[i + 1]);
    const ok =
      ops[i] === '='
        ? value === bound
        : ops[i] === '<'
          ? value < bound
          : ops[i] === '<='
            ? value <= bound
            : ops[i] === '>'
              ? value > bound
              : ops[i] === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function wildcard(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/** The pattern without the sub-patterns under array-of-object paths, and whether anything was removed. */
function prune(
  pattern: EventPattern,
  arrayPaths: readonly string[],
  prefix = '',
): { installed: EventPattern; pruned: boolean } {
  let pruned = false;
  const installed: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(pattern)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (key !== '$or' && arrayPaths.includes(path)) {
      pruned = true;
      continue;
    }
    if (key !== '$or' && sub !== null && typeof sub === 'object' && !Array.isArray(sub)) {
      const inner = prune(sub as EventPattern, arrayPaths, path);
      pruned ||= inner.pruned;
      if (Object.keys(inner.installed).length > 0) installed[key] = inner.installed;
      continue;
    }
    installed[key] = sub;
  }
  return { installed, pruned };
}

function intakeFunctionId(template: Template): string {
  const hit = Object.entries(template.Resources).find(([, r]) => {
    if (r.Type !== 'AWS::Lambda::Function') return false;
    const vars = (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    return vars?.POWERTOOLS_SERVICE_NAME === 'rekey-intake';
  });
  if (!hit) throw new Error('the template has no intake function (POWERTOOLS_SERVICE_NAME rekey-intake)');
  return hit[0];
}

interface RuleTarget {
  readonly Arn?: unknown;
  readonly RetryPolicy?: { readonly MaximumRetryAttempts?: unknown; readonly MaximumEventAgeInSeconds?: unknown };
  readonly DeadLetterConfig?: { readonly Arn?: unknown };
}

/** The queues the function consumes through an SQS event source mapping (their logical ids). */
function queuesConsumedBy(template: Template, fnId: string): Set<string> {
  const queues = new Set<string>();
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    const fn = (r.Properties?.FunctionName as { Ref?: unknown } | undefined)?.Ref;
    const queue = (r.Properties?.EventSourceArn as { 'Fn::GetAtt'?: unknown[] } | undefined)?.['Fn::GetAtt']?.[0];
    if (fn === fnId && typeof queue === 'string' && template.Resources[queue]?.Type === 'AWS::SQS::Queue') {
      queues.add(queue);
    }
  }
  return queues;
}

/** The rules that target the function, directly or through a queue it consumes. */
function findingRules(
  template: Template,
  fnId: string,
  resolve: (value: unknown) => unknown,
): { logicalId: string; pattern: EventPattern; busName: string; target: RuleTarget; kind: TargetKind }[] {
  const queues = queuesConsumedBy(template, fnId);
  const kindOf = (t: RuleTarget): TargetKind | undefined => {
    const queue = (t.Arn as { 'Fn::GetAtt'?: unknown[] } | undefined)?.['Fn::GetAtt']?.[0];
    if (typeof queue === 'string' && queues.has(queue)) return 'sqs';
    return JSON.stringify(t.Arn ?? null).includes(`"${fnId}"`) ? 'lambda' : undefined;
  };
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Events::Rule')
    .flatMap(([logicalId, r]) => {
      const target = ((r.Properties?.Targets ?? []) as RuleTarget[]).find((t) => kindOf(t) !== undefined);
      const kind = target && kindOf(target);
      if (!target || !kind) return [];
      const bus = r.Properties?.EventBusName;
      return [
        {
          logicalId,
          pattern: resolve(r.Properties?.EventPattern) as EventPattern,
          busName: busNameOf(template, bus, resolve),
          target,
          kind,
        },
      ];
    });
}

/** A rule's bus by name: the default bus, a name, or a bus of the stack (`{ Ref }`), named as its `Name` says. */
function busNameOf(template: Template, bus: unknown, resolve: (value: unknown) => unknown): string {
  if (bus === undefined) return 'default';
  const ref = (bus as { Ref?: unknown }).Ref;
  const declared = typeof ref === 'string' ? template.Resources[ref] : undefined;
  if (declared?.Type === 'AWS::Events::EventBus' && typeof declared.Properties?.Name === 'string') {
    return declared.Properties.Name;
  }
  return String(resolve(bus));
}

/** The function's asynchronous-invocation settings in the template, with Lambda's defaults. */
function asyncInvokeSettings(
  template: Template,
  fnId: string,
): { maximumRetryAttempts: number; maximumEventAgeInSeconds: number; onFailure?: unknown; deadLetter?: unknown } {
  const config = Object.values(template.Resources).find(
    (r) =>
      r.Type === 'AWS::Lambda::EventInvokeConfig' &&
      JSON.stringify(r.Properties?.FunctionName ?? null).includes(`"${fnId}"`),
  )?.Properties as
    | {
        MaximumRetryAttempts?: unknown;
        MaximumEventAgeInSeconds?: unknown;
        DestinationConfig?: { OnFailure?: { Destination?: unknown } };
      }
    | undefined;
  const fn = template.Resources[fnId]?.Properties as { DeadLetterConfig?: { TargetArn?: unknown } } | undefined;
  return {
    maximumRetryAttempts: numberOr(config?.MaximumRetryAttempts, LAMBDA_ASYNC_DEFAULTS.maximumRetryAttempts),
    maximumEventAgeInSeconds: numberOr(
      config?.MaximumEventAgeInSeconds,
      LAMBDA_ASYNC_DEFAULTS.maximumEventAgeInSeconds,
    ),
    // Only SQS destinations are followed here (queueUrlOf); an SNS topic, function or bus is ignored.
    onFailure: config?.DestinationConfig?.OnFailure?.Destination,
    deadLetter: fn?.DeadLetterConfig?.TargetArn,
  };
}

async function createQueue(sqs: SQSClient, name: string): Promise<string> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name.slice(0, 80) }));
  if (!out.QueueUrl) throw new Error(`the emulator returned no URL for queue ${name}`);
  return out.QueueUrl;
}
