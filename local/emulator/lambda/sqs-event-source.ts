import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalDeployment } from '../deploy';
import { TooManyRequestsError } from './errors';
import { invokeFunction, type LocalFunction } from './invoke';

/**
 * Lambda's SQS event source mappings, as the template declares them (`AWS::Lambda::EventSourceMapping` on a queue),
 * run the way Lambda runs them:
 *
 * - pollers receive up to `BatchSize` messages at a time and invoke the function synchronously with the batch, at
 *   most `ScalingConfig.MaximumConcurrency` invocations at once (and never more than the function's reserved
 *   concurrency: an invocation Lambda throttles leaves its batch on the queue, to come back after the visibility
 *   timeout, as AWS documents for throttled SQS invocations);
 * - the receive, delete and queue-attribute calls are the function's execution role's, through the local endpoint,
 *   as Lambda makes them with that role ("Lambda uses the execution role to read from the queue": Using Lambda with
 *   Amazon SQS), so IAM is evaluated on them;
 * - a successful batch is deleted; with `ReportBatchItemFailures` only the messages not named in
 *   `batchItemFailures` are, and a response that names a message not in the batch fails the whole batch; a function
 *   error or timeout deletes nothing: the messages come back after the queue's visibility timeout, and the queue's
 *   redrive policy (enforced by the queue itself) moves a message that was received `maxReceiveCount` times.
 *
 * Not modelled: the batching window (`MaximumBatchingWindowInSeconds`; the poller takes what one receive returns),
 * the scaling ramp of pollers without MaximumConcurrency (five at first, then more per minute: five here, always),
 * and filter criteria.
 */
export interface SqsEventSourceMapping {
  readonly logicalId: string;
  /** The function's logical id. */
  readonly functionLogicalId: string;
  readonly queueUrl: string;
  readonly batchSize: number;
  readonly maximumConcurrency?: number;
  readonly reportBatchItemFailures: boolean;
}

const INITIAL_CONCURRENCY = 5;

type Ref = { Ref?: string; 'Fn::GetAtt'?: [string, string] };

/** The SQS event source mappings of a deployment's template. */
export function sqsEventSourceMappings(deployment: LocalDeployment): SqsEventSourceMapping[] {
  const out: SqsEventSourceMapping[] = [];
  for (const [logicalId, resource] of Object.entries(deployment.template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    const p = (resource.Properties ?? {}) as Record<string, unknown>;
    const source = p.EventSourceArn as Ref | undefined;
    const queueId = source?.['Fn::GetAtt']?.[0];
    const fnId = (p.FunctionName as Ref | undefined)?.Ref;
    if (!queueId || !fnId || deployment.template.Resources[queueId]?.Type !== 'AWS::SQS::Queue') continue;
    const scaling = p.ScalingConfig as { MaximumConcurrency?: number } | undefined;
    out.push({
      logicalId,
      functionLogicalId: fnId,
      queueUrl: String(deployment.resolver.resolve({ Ref: queueId })),
      // Lambda's default for a standard queue.
      batchSize: Number(p.BatchSize ?? 10),
      ...(scaling?.MaximumConcurrency !== undefined ? { maximumConcurrency: scaling.MaximumConcurrency } : {}),
      reportBatchItemFailures: ((p.FunctionResponseTypes as string[] | undefined) ?? []).includes(
        'ReportBatchItemFailures',
      ),
    });
  }
  return out;
}

/** What a poller has done, for tests and benchmarks. */
export interface PollerCounts {
  batches: number;
  messages: number;
  deleted: number;
  /** Invocations that failed (function error, timeout) or were throttled: their batch stays on the queue. */
  failedBatches: number;
  throttled: number;
  /** Messages named in a response's batchItemFailures. */
  handedBack: number;
  /** Most invocations running at once. */
  peak: number;
}

export interface SqsPollerOptions {
  readonly mapping: SqsEventSourceMapping;
  readonly fn: LocalFunction;
  /** The local endpoint (the gateway) and region: the poller's calls are evaluated there. */
  readonly endpoint: string;
  readonly region: string;
  /** Where the poller looks at the queue's depth without counting as a call (moto). */
  readonly directEndpoint: string;
  /** Wait between empty receives. @default 100 */
  readonly idlePollMs?: number;
}

/** One event source mapping's pollers. */
export class SqsPoller {
  readonly counts: PollerCounts = {
    batches: 0,
    messages: 0,
    deleted: 0,
    failedBatches: 0,
    throttled: 0,
    handedBack: 0,
    peak: 0,
  };
  private running = 0;
  private stopped = false;
  /** Ends the long polls in flight when the poller stops. */
  private readonly polling = new AbortController();
  private readonly observers: ((event: SQSEvent, response: unknown) => void)[] = [];
  private loops: Promise<void>[] = [];
  private readonly sqs: SQSClient;
  private readonly direct: SQSClient;
  private queueArn = '';

  constructor(private readonly options: SqsPollerOptions) {
    // Each of the mapping's pollers listens on it while its receive is in flight.
    setMaxListeners(Math.max(10, options.mapping.maximumConcurrency ?? 0) + 5, this.polling.signal);
    const credentials = { ...options.fn.role.credentials };
    this.sqs = new SQSClient({ endpoint: options.endpoint, region: options.region, credentials });
    this.direct = new SQSClient({
      endpoint: options.directEndpoint,
      region: options.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  /** Told each batch the function answered, with its answer (the local stack reads the intake's results so). */
  onResponse(observer: (event: SQSEvent, response: unknown) => void): void {
    this.observers.push(observer);
  }

  /** The mapping's queue. */
  get queueUrl(): string {
    return this.options.mapping.queueUrl;
  }

  /** Batches being handled now. */
  get inFlight(): number {
    return this.running;
  }

  /** How many invocations may run at once: MaximumConcurrency, bounded by the function's reserved concurrency. */
  get concurrency(): number {
    const { maximumConcurrency } = this.options.mapping;
    const reserved = this.options.fn.reservedConcurrency;
    // Without MaximumConcurrency Lambda starts with five concurrent batches and scales up over minutes; five here.
    return Math.min(maximumConcurrency ?? INITIAL_CONCURRENCY, reserved ?? INITIAL_CONCURRENCY);
  }

  async start(): Promise<void> {
    // Lambda reads the queue's attributes when the mapping is created (the execution role needs GetQueueAttributes).
    const attrs = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: this.options.mapping.queueUrl, AttributeNames: ['QueueArn'] }),
    );
    this.queueArn = attrs.Attributes?.QueueArn ?? '';
    this.loops = Array.from({ length: this.concurrency }, () => this.loop());
  }

  /** Messages on the queue, visible, in flight or delayed (looked at in moto, so it counts as no call). */
  async depth(): Promise<number> {
    const out = await this.direct.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.options.mapping.queueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return (
      Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(out.Attributes?.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  }

  /** Resolves once the queue holds no message, visible, in flight or delayed, and no batch is being handled. */
  async idle(pollMs = 200): Promise<void> {
    while ((await this.depth()) > 0 || this.running > 0) await delay(pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.polling.abort();
    await Promise.allSettled(this.loops);
  }

  private async loop(): Promise<void> {
    const { mapping } = this.options;
    while (!this.stopped) {
      let messages: Message[] = [];
      try {
        const out = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: mapping.queueUrl,
            MaxNumberOfMessages: Math.min(10, mapping.batchSize),
            // Long polling for 20 s, as Lambda's pollers do: an idle mapping costs one receive per poller every
            // 20 s (with 1 s, an idle stack's twenty intake pollers kept 40 % of a CPU busy here and in moto).
            // stop() ends the polls in flight.
            WaitTimeSeconds: 20,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.polling.signal },
        );
        messages = out.Messages ?? [];
      } catch {
        if (this.stopped) return;
        await delay(this.options.idlePollMs ?? 100);
        continue;
      }
      if (messages.length === 0) {
        await delay(this.options.idlePollMs ?? 100);
        continue;
      }
      await this.handle(messages);
    }
  }

  private async handle(messages: Message[]): Promise<void> {
    const { mapping, fn } = this.options;
    const event: SQSEvent = { Records: messages.map((m) => this.record(m)) };
    this.counts.batches += 1;
    this.counts.messages += messages.length;
    this.running += 1;
    this.counts.peak = Math.max(this.counts.peak, this.running);
    let response: unknown;
    try {
      response = await invokeFunction(fn, event);
    } catch (err) {
      if (err instanceof TooManyRequestsError) this.counts.throttled += 1;
      this.counts.failedBatches += 1;
      return;
    } finally {
      this.running -= 1;
    }
    for (const observe of this.observers) observe(event, response);
    let keep = new Set<string>();
    if (mapping.reportBatchItemFailures) {
      const failures = (response as Partial<SQSBatchResponse> | null)?.batchItemFailures ?? [];
      const ids = new Set(messages.map((m) => m.MessageId ?? ''));
      // "If the response includes an itemIdentifier that is empty, null or invalid, Lambda treats it as a failure
      // of the whole batch" (Handling errors for an SQS event source in Lambda).
      if (failures.some((f) => !f?.itemIdentifier || !ids.has(f.itemIdentifier))) {
        this.counts.failedBatches += 1;
        return;
      }
      keep = new Set(failures.map((f) => f.itemIdentifier));
      this.counts.handedBack += keep.size;
    }
    const done = messages.filter((m) => !keep.has(m.MessageId ?? ''));
    if (done.length === 0) return;
    await this.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: mapping.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
    this.counts.deleted += done.length;
  }

  private record(m: Message): SQSRecord {
    const attrs = m.Attributes ?? {};
    return {
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? '1',
        SentTimestamp: attrs.SentTimestamp ?? String(Date.now()),
        SenderId: attrs.SenderId ?? '',
        ApproximateFirstReceiveTimestamp: attrs.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([name, v]) => [
          name,
          { dataType: v.DataType ?? 'String', stringValue: v.StringValue },
        ]),
      ) as SQSRecord['messageAttributes'],
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.queueArn,
      awsRegion: this.options.region,
    };
  }
}

/** Starts a poller for every SQS event source mapping of the deployment whose function the local stack runs. */
export async function startSqsEventSources(
  deployment: LocalDeployment,
  functions: Readonly<Record<string, LocalFunction>>,
  endpoints: { readonly endpoint: string; readonly directEndpoint: string },
): Promise<SqsPoller[]> {
  const byLogicalId = new Map(Object.values(functions).map((f) => [f.logicalId, f]));
  const pollers: SqsPoller[] = [];
  for (const mapping of sqsEventSourceMappings(deployment)) {
    const fn = byLogicalId.get(mapping.functionLogicalId);
    if (!fn) continue;
    const poller = new SqsPoller({ mapping, fn, region: deployment.region, ...endpoints });
    await poller.start();
    pollers.push(poller);
  }
  return pollers;
}
