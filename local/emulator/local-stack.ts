import { RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import type { RekeyConfig, RekeyConfigInput } from '../../lib/config';
import { type LocalEnvironment, type LocalEvent, startLocalEnvironment } from './environment';
import {
  type DeliveryTarget,
  type InstalledFindingRules,
  installFindingRules,
  type PumpRecord,
  pumpEvents,
  TargetDeliveryError,
} from './event-bridge';
import { invokeFunction } from './lambda/invoke';
import { revocationRunner } from './state-machine';

export interface LocalStackOptions {
  readonly config: RekeyConfig | RekeyConfigInput;
  /** Milliseconds here per second of a configured wait and of AWS's retry delays (0 skips waits). @default 0.5 */
  readonly msPerSecond?: number;
  /** Port of the AWS endpoint on 127.0.0.1. @default - a free port */
  readonly port?: number;
  readonly onEvent?: (event: LocalEvent) => void;
  /** Told about each finding event the intake handled (or EventBridge could not deliver). */
  readonly onFinding?: (record: PumpRecord) => void;
  /**
   * Runs once the resources exist and before the deploy-time rotations: the place to create what they need that a
   * user makes by hand before `cdk deploy` (a provider's admin secret, say).
   * @default - nothing
   */
  readonly beforeRotations?: (env: LocalEnvironment) => Promise<void>;
}

export interface LocalStack {
  readonly env: LocalEnvironment;
  readonly rules: InstalledFindingRules;
  /**
   * Every finding event the intake handled so far, with the intake's result, and every event EventBridge could not
   * deliver to the intake's event queue.
   */
  readonly findings: PumpRecord[];
  stop(): Promise<void>;
}

/**
 * The local rekey stack as `cdk deploy` leaves it: the environment (moto, resources, gateway, in-process handlers),
 * the stack's finding rules installed in moto's EventBridge and pumped to the real intake, and every key rotated
 * once (CloudFormation rotates on deploy, replacing the placeholder). Used by the rehearsal, `--serve` and benches.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const waitScale = (options.msPerSecond ?? 0.5) / 1000;
  const env = await startLocalEnvironment({
    config: options.config,
    executionRunner: (deployment, { quotas }) => revocationRunner(deployment, { waitScale, quotas }),
    onEvent: options.onEvent,
    port: options.port,
  });
  const abort = new AbortController();
  let pump: Promise<unknown> = Promise.resolve();
  try {
    const { deployment } = env;
    const rules = await installFindingRules({
      endpoint: env.moto.endpoint,
      template: deployment.template,
      region: deployment.region,
      // The targets' own DLQs and the deployment's ARNs.
      resolve: (value) => deployment.resolver.resolve(value),
    });
    const intake = env.functions.intake;
    if (!intake) throw new Error('the deployment has no intake function');
    const findings: PumpRecord[] = [];
    const done = (record: PumpRecord) => {
      findings.push(record);
      options.onFinding?.(record);
    };
    // An event delivered to the event queue is recorded once the intake has handled its message.
    const delivered = new Map<string, PumpRecord>();
    const handledEvents = new Map<string, unknown>();
    const settle = (messageId: string) => {
      const record = delivered.get(messageId);
      if (!record || !handledEvents.has(messageId)) return;
      delivered.delete(messageId);
      done({ ...record, result: handledEvents.get(messageId) });
      handledEvents.delete(messageId);
    };
    for (const poller of env.eventSources) {
      poller.onResponse((_batch: SQSEvent, response) => {
        const events = (response as { events?: { messageId: string; result: unknown }[] } | null)?.events ?? [];
        for (const e of events) {
          handledEvents.set(e.messageId, e.result);
          settle(e.messageId);
        }
      });
    }
    const toQueue = eventBridgeToQueue(env);
    pump = pumpEvents({
      endpoint: env.moto.endpoint,
      queueUrl: rules.queueUrl,
      region: deployment.region,
      // EventBridge sends to a queue target as the rule; it invokes a Lambda target asynchronously (the 1 MB limit).
      handle: (event, target) =>
        target.kind === 'sqs' ? toQueue(event, target) : invokeFunction(intake, event, { invocationType: 'Event' }),
      signal: abort.signal,
      // Long polls, as EventBridge's delivery is immediate: the abort signal ends the one in flight at stop.
      waitTimeSeconds: 20,
      msPerSecond: options.msPerSecond ?? 0.5,
      onRecord: (record) => {
        const messageId = (record.result as { messageId?: string } | undefined)?.messageId;
        if (record.outcome !== 'handled' || !messageId) return done(record);
        delivered.set(messageId, record);
        settle(messageId);
      },
    }).catch(() => undefined);
    await options.beforeRotations?.(env);
    for (const { name } of Object.values(deployment.secrets)) {
      await env.secretsManager.send(new RotateSecretCommand({ SecretId: name }));
    }
    await env.rotations.idle();
    return {
      env,
      rules,
      findings,
      async stop() {
        abort.abort();
        await pump;
        await env.stop();
      },
    };
  } catch (err) {
    abort.abort();
    await pump;
    await env.stop();
    throw err;
  }
}

/**
 * EventBridge's SendMessage to a queue target: allowed only as the queue's resource policy allows
 * `events.amazonaws.com` for this rule (`aws:SourceArn`), then made in moto. Every failure is a
 * TargetDeliveryError, so the pump applies the target's retry policy and DLQ.
 */
function eventBridgeToQueue(env: LocalEnvironment) {
  const { deployment } = env;
  const sqs = new SQSClient({
    endpoint: env.moto.endpoint,
    region: deployment.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const urls = new Map<string, Promise<string | undefined>>();
  const urlOf = (arn: string) => {
    let url = urls.get(arn);
    if (!url) {
      url = sqs.send(new GetQueueUrlCommand({ QueueName: arn.split(':').pop() })).then((o) => o.QueueUrl);
      urls.set(arn, url);
    }
    return url;
  };
  return async (event: Record<string, unknown>, target: DeliveryTarget): Promise<{ messageId: string }> => {
    const may = await deployment.iam.authorizer.serviceMay('events.amazonaws.com', {
      action: 'sqs:SendMessage',
      resource: target.arn,
      context: {},
      sourceArn: target.ruleArn,
    });
    if (!may.allowed) throw new TargetDeliveryError(403, 'NO_PERMISSIONS', may.error.message);
    let out: { MessageId?: string };
    try {
      const queueUrl = await urlOf(target.arn);
      if (!queueUrl) throw new Error(`no queue ${target.arn}`);
      out = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));
    } catch (err) {
      throw new TargetDeliveryError(500, 'ERROR_FROM_TARGET', (err as Error).message);
    }
    return { messageId: out.MessageId ?? '' };
  };
}

/** The stack outputs (as `cdk deploy` prints them) of the local deployment, resolved from the template. */
export function localOutputs(env: LocalEnvironment): Record<string, string> {
  const outputs = (env.deployment.template.Outputs ?? {}) as Record<string, { Value: unknown }>;
  return Object.fromEntries(
    Object.entries(outputs).map(([name, o]) => [name, String(env.deployment.resolver.resolve(o.Value))]),
  );
}
