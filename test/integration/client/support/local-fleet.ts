import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ListSubscriptionsByTopicCommand, SetSubscriptionAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ADMIN_CREDENTIALS } from '../../../../local/emulator/iam';
import type { Moto } from '../../../support/moto';

interface ClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * One managed key and the fleet that uses it, deployed from the synthesized stack into moto (local/emulator/deploy.ts), with
 * an enforcing gateway in front (local/emulator/iam/enforcing-gateway.ts): agents sign as the fleet's agent principal (the
 * stack's agent policy for the fleet), what stands in for rekey's functions as the rotation function's role, the
 * test's setup and looking as the administrator. The deployment and the gateway run in a process of their own
 * (fleet-cloud.ts): IAM evaluation costs CPU, and AWS does not spend the agents'.
 */
export interface LocalFleet {
  /** The fleet's name (its key is tagged for it; its queue's subscription filters on it). */
  readonly fleet: string;
  /** The key's secret. */
  readonly secretName: string;
  readonly tableName: string;
  readonly topicArn: string;
  /** The fleet's queue, subscribed to the fleet topic (raw delivery, filtered to the fleet's keys). */
  readonly queueUrl: string;
  /** Client settings of the fleet's agents. */
  readonly agent: ClientConfig;
  /** Client settings of rekey's rotation function (it writes versions and records them, and publishes). */
  readonly rotation: ClientConfig;
  /** Client settings of the account's administrator. */
  readonly admin: ClientConfig;
  close(): Promise<void>;
}

interface CloudInfo {
  readonly endpoint: string;
  readonly region: string;
  readonly secretName: string;
  readonly tableName: string;
  readonly topicArn: string;
  readonly queueUrl: string;
  readonly agentCredentials: ClientConfig['credentials'];
  readonly rotationCredentials: ClientConfig['credentials'];
}

export async function deployFleet(moto: Moto, options: { key: string; fleet: string }): Promise<LocalFleet> {
  // The gateway's IAM trace (REKEY_IAM_TRACE) reaches this process's stderr.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'fleet-cloud.ts'), moto.endpoint, options.key, options.fleet],
    { cwd: join(__dirname, '../../../..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let info: CloudInfo;
  try {
    info = await firstLine(child);
  } catch (err) {
    process.removeListener('exit', killOnExit);
    child.kill('SIGKILL');
    throw err;
  }
  const config = (credentials: ClientConfig['credentials']): ClientConfig => ({
    endpoint: info.endpoint,
    region: info.region,
    credentials,
  });
  return {
    fleet: options.fleet,
    secretName: info.secretName,
    tableName: info.tableName,
    topicArn: info.topicArn,
    queueUrl: info.queueUrl,
    agent: config(info.agentCredentials),
    rotation: config(info.rotationCredentials),
    admin: config(ADMIN_CREDENTIALS),
    async close() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function firstLine(child: ChildProcess): Promise<CloudInfo> {
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      // Anything after the first line is the child's own output.
      if (ready) return void process.stdout.write(chunk);
      out += chunk.toString('utf8');
      const end = out.indexOf('\n');
      if (end < 0) return;
      ready = true;
      child.off('exit', onExit);
      if (end + 1 < out.length) process.stdout.write(out.slice(end + 1));
      try {
        resolve(JSON.parse(out.slice(0, end)) as CloudInfo);
      } catch (err) {
        reject(err);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`fleet-cloud.ts exited with ${code} before it was ready`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Turns raw delivery off on the fleet queue's subscription, so messages arrive in the SNS envelope. */
export async function useEnvelopeDelivery(fleet: LocalFleet): Promise<void> {
  const sns = new SNSClient(fleet.admin);
  const sqs = new SQSClient(fleet.admin);
  const queueArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: fleet.queueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  const subscriptions = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: fleet.topicArn }));
  const subscription = subscriptions.Subscriptions?.find((s) => s.Endpoint === queueArn);
  if (!subscription?.SubscriptionArn) throw new Error(`no subscription of ${queueArn} to ${fleet.topicArn}`);
  await sns.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn: subscription.SubscriptionArn,
      AttributeName: 'RawMessageDelivery',
      AttributeValue: 'false',
    }),
  );
}
