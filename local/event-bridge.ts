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
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Template } from './synth';

/**
 * The EventBridge half of the stack, on this machine. moto's EventBridge cannot target a Lambda function (PutEvents
 * answers 500), so the stack's real finding rules (their patterns read from the synthesized template) are installed
 * in moto with an SQS target, and what arrives is handed to the real intake handler in this process.
 *
 * moto's pattern matcher does not descend into arrays of objects (Security Hub's `detail.findings[]`). Where a rule's
 * pattern reaches into such an array, moto gets the pattern without that part and the whole pattern is checked again
 * here, with EventBridge's documented semantics, before the handler sees the event.
 */

/** Paths that hold arrays of objects in the events rekey listens to (moto cannot match inside them). */
export const ARRAY_OF_OBJECT_PATHS: readonly string[] = ['detail.findings', 'detail.affectedEntities'];

export type EventPattern = { readonly [key: string]: unknown };

export interface InstallFindingRulesOptions {
  /** moto's endpoint, e.g. `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** The synthesized stack (local/synth.ts `synthesize`). */
  readonly template: Template;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Names the local rules and queues. @default 'rekey-findings' */
  readonly prefix?: string;
  /** Logical id of the function whose rules to install. @default - the intake function (POWERTOOLS_SERVICE_NAME rekey-intake) */
  readonly functionLogicalId?: string;
  /** @default ARRAY_OF_OBJECT_PATHS */
  readonly arrayPaths?: readonly string[];
}

export interface InstalledRule {
  /** The rule's name in moto. */
  readonly name: string;
  /** Its logical id in the template. */
  readonly logicalId: string;
  /** The stack's pattern. */
  readonly pattern: EventPattern;
  /** What moto was given (the pattern without the parts moto cannot evaluate). */
  readonly installedPattern: EventPattern;
  /** True when the pump checks the whole pattern again in-process. */
  readonly checkedLocally: boolean;
}

export interface InstalledFindingRules {
  /** The queue every rule targets. */
  readonly queueUrl: string;
  /** Where events the handler failed on go (the local stand-in for the rule target's DLQ). */
  readonly deadLetterQueueUrl: string;
  readonly ruleNames: readonly string[];
  readonly rules: readonly InstalledRule[];
}

/** What the target puts on the queue: the rule, whether to re-check its pattern, and the event itself. */
interface Envelope {
  readonly rule: string;
  readonly check: boolean;
  readonly pattern: EventPattern;
  readonly deadLetterQueueUrl: string;
  readonly event: Record<string, unknown>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Installs the stack's rules that target the intake function in moto's EventBridge, each with an SQS target. */
export async function installFindingRules(options: InstallFindingRulesOptions): Promise<InstalledFindingRules> {
  const region = options.region ?? 'us-east-1';
  const prefix = options.prefix ?? 'rekey-findings';
  const arrayPaths = options.arrayPaths ?? ARRAY_OF_OBJECT_PATHS;
  const clientConfig = { endpoint: options.endpoint, region, credentials };
  const events = new EventBridgeClient(clientConfig);
  const sqs = new SQSClient(clientConfig);

  const fnId = options.functionLogicalId ?? intakeFunctionId(options.template);
  const found = findingRules(options.template, fnId);
  if (found.length === 0) throw new Error(`the template has no EventBridge rule targeting ${fnId}`);

  const queueUrl = await createQueue(sqs, `${prefix}-events`);
  const deadLetterQueueUrl = await createQueue(sqs, `${prefix}-dead-letters`);
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
    .Attributes?.QueueArn;
  if (!queueArn) throw new Error('the emulator returned no ARN for the local events queue');

  const rules: InstalledRule[] = [];
  for (const { logicalId, pattern, busName } of found) {
    const name = `${prefix}-${logicalId}`.slice(0, 64);
    const { installed, pruned } = prune(pattern, arrayPaths);
    if (busName !== 'default') {
      await events.send(new CreateEventBusCommand({ Name: busName })).catch((err: Error) => {
        if (!(err instanceof ResourceAlreadyExistsException)) throw err;
      });
    }
    await events.send(
      new PutRuleCommand({
        Name: name,
        EventBusName: busName,
        EventPattern: JSON.stringify(installed),
        State: 'ENABLED',
      }),
    );
    const envelope = JSON.stringify({ rule: name, check: pruned, pattern, deadLetterQueueUrl });
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
    rules.push({ name, logicalId, pattern, installedPattern: installed, checkedLocally: pruned });
  }
  return { queueUrl, deadLetterQueueUrl, ruleNames: rules.map((r) => r.name), rules };
}

export interface PumpRecord {
  readonly rule: string;
  readonly eventId: string;
  readonly source: string;
  readonly detailType: string;
  /** `handled`; `filtered` (moto let it through, the whole pattern did not); `failed` (sent to the local DLQ). */
  readonly outcome: 'handled' | 'filtered' | 'failed';
  readonly result?: unknown;
  /** Error name and message when the handler threw. */
  readonly error?: string;
  readonly ms: number;
}

export interface PumpOptions {
  readonly endpoint: string;
  readonly queueUrl: string;
  /** The real handler, in this process. */
  readonly handle: (event: Record<string, unknown>) => Promise<unknown>;
  /** Stops the pump (it finishes the messages it holds). */
  readonly signal?: AbortSignal;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Long-poll wait. @default 2 */
  readonly waitTimeSeconds?: number;
  /** Told about each event as it is done. */
  readonly onRecord?: (record: PumpRecord) => void;
}

/**
 * Long-polls the queue and hands each event to `handle`, deleting the message once handled. An event the handler
 * throws on is recorded and moved to the local dead-letter queue (EventBridge's retries are not replayed here).
 * Resolves with every record when `signal` aborts.
 */
export async function pumpEvents(options: PumpOptions): Promise<PumpRecord[]> {
  const sqs = new SQSClient({ endpoint: options.endpoint, region: options.region ?? 'us-east-1', credentials });
  const records: PumpRecord[] = [];
  while (!options.signal?.aborted) {
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
    const done = await Promise.all(messages.map((m) => deliver(sqs, options, m)));
    for (const record of done) {
      records.push(record);
      options.onRecord?.(record);
    }
  }
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
  const remove = () =>
    sqs.send(new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }));
  if (envelope.check && !matchesEventPattern(envelope.pattern, event)) {
    await remove();
    return { ...head, outcome: 'filtered', ms: Date.now() - started };
  }
  try {
    const result = await options.handle(event);
    await remove();
    return { ...head, outcome: 'handled', result, ms: Date.now() - started };
  } catch (err) {
    const error = `${(err as Error).name}: ${(err as Error).message}`.slice(0, 500);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: envelope.deadLetterQueueUrl,
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          rule: { DataType: 'String', StringValue: head.rule || '-' },
          errorName: { DataType: 'String', StringValue: (err as Error).name || 'Error' },
        },
      }),
    );
    await remove();
    return { ...head, outcome: 'failed', error, ms: Date.now() - started };
  }
}

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

function findingRules(
  template: Template,
  fnId: string,
): { logicalId: string; pattern: EventPattern; busName: string }[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Events::Rule')
    .filter(([, r]) => {
      const targets = (r.Properties?.Targets ?? []) as { Arn?: unknown }[];
      return targets.some((t) => JSON.stringify(t.Arn ?? null).includes(`"${fnId}"`));
    })
    .map(([logicalId, r]) => {
      const bus = r.Properties?.EventBusName;
      return {
        logicalId,
        pattern: r.Properties?.EventPattern as EventPattern,
        busName: typeof bus === 'string' ? bus : 'default',
      };
    });
}

async function createQueue(sqs: SQSClient, name: string): Promise<string> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name.slice(0, 80) }));
  if (!out.QueueUrl) throw new Error(`the emulator returned no URL for queue ${name}`);
  return out.QueueUrl;
}
