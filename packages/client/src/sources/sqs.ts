import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { type Clock, jittered, type Random, sleep, systemClock } from '../clock';
import { parseFleetMessage } from '../fleet-message';
import { type ClientLogger, describeError, silentLogger } from '../logger';
import { dispatch } from './dispatch';
import type { ChangeSource, SecretSink } from './types';

export interface SqsSourceProps {
  readonly client: SQSClient;
  /** The fleet's queue, subscribed to rekey's fleet topic (raw message delivery recommended). */
  readonly queueUrl: string;
  /**
   * Long-poll wait per ReceiveMessage call, in seconds (1 to 20).
   * @default 20
   */
  readonly waitTimeSeconds?: number;
  /**
   * Messages per ReceiveMessage call (1 to 10).
   * @default 10
   */
  readonly maxMessages?: number;
  /**
   * Longest pause after failed calls; the pause doubles from one second up to this.
   * @default 30_000
   */
  readonly maxBackoffMs?: number;
  readonly logger?: ClientLogger;
  readonly clock?: Clock;
  readonly random?: Random;
}

/**
 * Push source over an SQS queue: long-polls, hands each fleet notification to every attached secret (each ignores
 * those for other secrets and versions it already holds), and deletes every message it received, malformed ones
 * included (logged by message id, never by content), so nothing is redelivered forever.
 *
 * A queue gives each message to one consumer: give each process its own queue, and share one source among all
 * the secrets of a process (it runs one poller for all of them).
 *
 * IAM: `sqs:ReceiveMessage` and `sqs:DeleteMessage` on the queue.
 */
export function sqsSource(props: SqsSourceProps): ChangeSource {
  return new SqsSource(props);
}

type SqsCommands = Pick<typeof import('@aws-sdk/client-sqs'), 'DeleteMessageCommand' | 'ReceiveMessageCommand'>;
let sqsCommands: Promise<SqsCommands> | undefined;

/**
 * The SQS commands, loaded when a source first runs: `@aws-sdk/client-sqs` is an optional peer dependency, present
 * wherever an `SQSClient` was made to pass in, and never loaded by an agent that does not use this source.
 */
function loadSqsCommands(): Promise<SqsCommands> {
  sqsCommands ??= import('@aws-sdk/client-sqs');
  return sqsCommands;
}

class SqsSource implements ChangeSource {
  readonly kind = 'sqs';
  private readonly sinks = new Set<SecretSink>();
  private readonly logger: ClientLogger;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly waitTimeSeconds: number;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly props: SqsSourceProps) {
    this.logger = props.logger ?? silentLogger;
    this.clock = props.clock ?? systemClock;
    this.random = props.random ?? Math.random;
    this.waitTimeSeconds = Math.min(20, Math.max(0, props.waitTimeSeconds ?? 20));
  }

  attach(sink: SecretSink): void {
    this.sinks.add(sink);
    if (this.loop === undefined) {
      const abort = new AbortController();
      this.abort = abort;
      this.loop = this.run(abort.signal);
    }
  }

  async detach(sink: SecretSink): Promise<void> {
    this.sinks.delete(sink);
    if (this.sinks.size > 0 || this.loop === undefined) return;
    const loop = this.loop;
    this.abort?.abort();
    this.abort = undefined;
    this.loop = undefined;
    await loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { client, queueUrl } = this.props;
    const maxBackoffMs = this.props.maxBackoffMs ?? 30_000;
    let commands: SqsCommands;
    try {
      commands = await loadSqsCommands();
    } catch (err) {
      this.logger.error({ queueUrl, ...describeError(err) }, 'cannot load @aws-sdk/client-sqs; the SQS source is off');
      return;
    }
    const { ReceiveMessageCommand } = commands;
    let failures = 0;
    while (!signal.aborted) {
      const started = this.clock.now();
      let messages: Message[];
      try {
        const out = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            WaitTimeSeconds: this.waitTimeSeconds,
            MaxNumberOfMessages: this.props.maxMessages ?? 10,
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: signal },
        );
        messages = out.Messages ?? [];
        failures = 0;
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        const pause = jittered(Math.min(maxBackoffMs, 1000 * 2 ** (failures - 1)), 0.2, this.random);
        this.logger.warn(
          { queueUrl, failures, pauseMs: Math.round(pause), ...describeError(err) },
          'ReceiveMessage failed',
        );
        await sleep(pause, this.clock, signal);
        continue;
      }
      for (const message of messages) await this.handle(message, commands);
      // An empty answer that came back early (a short wait time, a stub) must not turn into a hot loop.
      if (messages.length === 0 && this.clock.now() - started < 500) await sleep(1000, this.clock, signal);
    }
  }

  private async handle(message: Message, { DeleteMessageCommand }: SqsCommands): Promise<void> {
    const { queueUrl } = this.props;
    const messageId = message.MessageId;
    try {
      const notification = parseFleetMessage(message.Body ?? '');
      this.logger.debug(
        { queueUrl, messageId, event: notification.event, secretName: notification.secretName },
        'fleet notification received',
      );
      dispatch(this.sinks, notification, this.logger);
    } catch (err) {
      this.logger.warn({ queueUrl, messageId, ...describeError(err) }, 'malformed fleet message; deleting it');
    }
    if (message.ReceiptHandle === undefined) return;
    try {
      await this.props.client.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    } catch (err) {
      this.logger.warn({ queueUrl, messageId, ...describeError(err) }, 'DeleteMessage failed; it will be redelivered');
    }
  }
}
