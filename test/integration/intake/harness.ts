import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fingerprint, keyHint } from '../../../client/fingerprint';
import { Inventory, type KeyStatus } from '../../../lambdas/common/inventory';
import { releaseSecretValues } from '../../../lambdas/common/logger';
import { createIntake, type EventResult, inventoryPersistence } from '../../../lambdas/intake/intake-event';
import { FindingLog } from '../../../lambdas/intake/records';
import type { RotationStarter } from '../../../lambdas/intake/rotation-starter';
import { providerRegistry } from '../../../lambdas/providers';
import type { RotationStep } from '../../../lambdas/rotation/event';
import { type RotationDeps, rotate } from '../../../lambdas/rotation/rotate';
import type { RekeyConfigInput } from '../../../lib/config';
import { deployLocally, type LocalDeployment } from '../../../local/deploy';
import {
  drainOnce,
  type InstalledFindingRules,
  installFindingRules,
  type PumpRecord,
} from '../../../local/event-bridge';
import { type Moto, startMoto } from '../../../local/moto';

/**
 * An intake on this machine: moto on loopback, the synthesized stack's resources made in it (local/deploy.ts), the
 * stack's finding rules installed in moto's EventBridge with an SQS target (local/event-bridge.ts), and the real
 * intake in this process against moto's Secrets Manager, DynamoDB, SNS, SQS and IAM. Rotations run the real rotation
 * handler's four steps in-process (moto's RotateSecret runs no Lambda); revocation workflow executions are started
 * in a state machine made in moto, where they are recorded (the workflow itself is proven elsewhere).
 */
export interface Harness {
  readonly moto: Moto;
  readonly deployment: LocalDeployment;
  readonly endpoint: string;
  readonly sm: SecretsManagerClient;
  readonly sqs: SQSClient;
  readonly sfn: SFNClient;
  readonly sns: SNSClient;
  readonly iam: IAMClient;
  readonly ddb: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly events: EventBridgeClient;
  readonly inventory: Inventory;
  readonly stateMachineArn: string;
  readonly bridge: InstalledFindingRules;
  readonly rotationDeps: RotationDeps;
  /** Every rotation the intake started, in order. */
  readonly rotationsStarted: { secretName: string; token: string }[];
  readonly intake: (event: unknown) => Promise<EventResult>;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startHarness(config: RekeyConfigInput): Promise<Harness> {
  const moto = await startMoto();
  try {
    const endpoint = moto.endpoint;
    const cc = { endpoint, region: REGION, credentials };
    const deployment = await deployLocally({ endpoint, config, region: REGION });
    const sm = new SecretsManagerClient(cc);
    const sqs = new SQSClient(cc);
    const sfn = new SFNClient(cc);
    const sns = new SNSClient(cc);
    const iam = new IAMClient(cc);
    const ddb = new DynamoDBClient(cc);
    const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
    const events = new EventBridgeClient(cc);
    const inventory = new Inventory(doc, deployment.tableName);
    const machine = await sfn.send(
      new CreateStateMachineCommand({
        name: `rekey-revocation-${randomUUID().slice(0, 8)}`,
        definition: JSON.stringify({ StartAt: 'Recorded', States: { Recorded: { Type: 'Pass', End: true } } }),
        roleArn: 'arn:aws:iam::123456789012:role/rekey-revocation',
      }),
    );
    const stateMachineArn = machine.stateMachineArn ?? '';
    const rotationDeps: RotationDeps = {
      sm,
      sns,
      sfn,
      inventory,
      providerFor: providerRegistry({
        secretsManager: sm,
        iam,
        stsFor: (c) => new STSClient({ ...cc, credentials: c }),
        iamPropagationTimeoutMs: 3000,
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
      }),
      fleetTopicArn: deployment.fleetTopicArn,
      opsTopicArn: deployment.opsTopicArn,
      stateMachineArn,
      secretPrefix: deployment.config.secretPrefix,
    };
    const rotationsStarted: { secretName: string; token: string }[] = [];
    const rotations: RotationStarter = {
      // What Secrets Manager does after RotateSecret: the four steps, in order, with the real handler code.
      async start({ secretName, token }) {
        rotationsStarted.push({ secretName, token });
        await runRotation(rotationDeps, secretName, token);
      },
    };
    const run = createIntake({
      sm,
      sns,
      sfn,
      inventory,
      providerFor: rotationDeps.providerFor,
      rotations,
      opsTopicArn: deployment.opsTopicArn,
      stateMachineArn,
      secretPrefix: deployment.config.secretPrefix,
      persistence: inventoryPersistence(ddb, deployment.tableName),
      findingLog: new FindingLog(doc, deployment.tableName),
      sqs,
      deadLetterQueueUrl: deployment.env.intake?.REKEY_INTAKE_DLQ_URL,
    });
    const bridge = await installFindingRules({ endpoint, template: deployment.template, region: REGION });
    return {
      moto,
      deployment,
      endpoint,
      sm,
      sqs,
      sfn,
      sns,
      iam,
      ddb,
      doc,
      events,
      inventory,
      stateMachineArn,
      bridge,
      rotationDeps,
      rotationsStarted,
      intake: async (event) => {
        try {
          return await run(event);
        } finally {
          releaseSecretValues();
        }
      },
      stop: () => moto.stop(),
    };
  } catch (err) {
    await moto.stop();
    throw err;
  }
}

/** The four rotation steps for one token, as Secrets Manager would invoke them. */
export async function runRotation(
  deps: RotationDeps,
  secretName: string,
  token: string,
  steps: readonly RotationStep[] = STEPS,
): Promise<void> {
  for (const step of steps) await rotate({ step, secretId: secretName, token }, deps);
}
export const STEPS: readonly RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

/** Makes `apiKey` the secret's AWSCURRENT value (as a deployment's first rotation would) and records it. */
export async function plantKey(
  h: Harness,
  keyName: string,
  value: { apiKey: string; keyId?: string; provider: 'generated' | 'aws-iam'; options?: Record<string, unknown> },
): Promise<{ secretName: string; versionId: string }> {
  const secret = h.deployment.secrets[keyName];
  if (!secret) throw new Error(`no managed key ${keyName}`);
  const versionId = randomUUID();
  const options = value.options ?? (value.provider === 'generated' ? { length: 40, prefix: 'rk_' } : {});
  const keyId = value.keyId ?? versionId;
  await h.sm.send(
    new PutSecretValueCommand({
      SecretId: secret.name,
      ClientRequestToken: versionId,
      SecretString: JSON.stringify({
        apiKey: value.apiKey,
        keyId,
        provider: value.provider,
        createdAt: new Date().toISOString(),
        options,
      }),
    }),
  );
  await h.inventory.recordVersion(
    {
      secretName: secret.name,
      secretArn: secret.arn,
      versionId,
      keyId,
      provider: value.provider,
      fingerprint: fingerprint(value.apiKey),
      keyHint: keyHint(value.apiKey),
      createdAt: new Date().toISOString(),
    },
    'current',
  );
  return { secretName: secret.name, versionId };
}

/** An IAM user with one access key in moto, planted as the aws-iam key's AWSCURRENT value. */
export async function plantAccessKey(h: Harness, keyName: string, userName: string) {
  await h.iam.send(new CreateUserCommand({ UserName: userName }));
  const created = (await h.iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
  const accessKeyId = created?.AccessKeyId ?? '';
  const planted = await plantKey(h, keyName, {
    apiKey: created?.SecretAccessKey ?? '',
    keyId: accessKeyId,
    provider: 'aws-iam',
    options: { userName },
  });
  return { ...planted, accessKeyId };
}

export async function stagesOf(h: Harness, secretName: string): Promise<Record<string, string[]>> {
  return (await h.sm.send(new DescribeSecretCommand({ SecretId: secretName }))).VersionIdsToStages ?? {};
}

export async function currentKey(h: Harness, secretName: string): Promise<{ versionId: string; apiKey: string }> {
  const out = await h.sm.send(new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSCURRENT' }));
  return { versionId: out.VersionId ?? '', apiKey: JSON.parse(out.SecretString ?? '{}').apiKey };
}

export async function statusOf(h: Harness, secretName: string, versionId: string): Promise<KeyStatus | undefined> {
  return (await h.inventory.getVersion(secretName, versionId))?.status;
}

/** Revocation workflow executions started in moto: name and input. */
export async function executions(h: Harness): Promise<{ name: string; input: Record<string, unknown> }[]> {
  const list = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: h.stateMachineArn }));
  return Promise.all(
    (list.executions ?? []).map(async (e) => {
      const d = await h.sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
      return { name: e.name ?? '', input: JSON.parse(d.input ?? '{}') as Record<string, unknown> };
    }),
  );
}

/** Puts events on moto's default bus as AWS services and scanners would (10 per call). */
export async function putEvents(h: Harness, events: readonly Record<string, unknown>[]): Promise<void> {
  const entries: PutEventsRequestEntry[] = events.map((e) => ({
    Source: String(e.source),
    DetailType: String(e['detail-type']),
    Detail: JSON.stringify(e.detail),
    Resources: (e.resources as string[] | undefined) ?? [],
    Time: typeof e.time === 'string' ? new Date(e.time) : new Date(),
  }));
  for (let i = 0; i < entries.length; i += 10) {
    const out = await h.events.send(new PutEventsCommand({ Entries: entries.slice(i, i + 10) }));
    if ((out.FailedEntryCount ?? 0) > 0) throw new Error(`PutEvents failed ${out.FailedEntryCount} entries`);
  }
}

/** Everything the bridge has for the intake, handed to it now. */
export function deliverAll(h: Harness): Promise<PumpRecord[]> {
  return drainOnce({ endpoint: h.endpoint, queueUrl: h.bridge.queueUrl, handle: (event) => h.intake(event) });
}

/** Reads every operator alert published so far (the deployment's ops observer queue). */
export async function opsAlerts(h: Harness): Promise<Record<string, unknown>[]> {
  const alerts: Record<string, unknown>[] = [];
  for (;;) {
    const out = await h.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: h.deployment.opsQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (!out.Messages?.length) return alerts;
    for (const m of out.Messages) {
      const body = JSON.parse(m.Body ?? '{}') as { Message?: string };
      alerts.push(JSON.parse(body.Message ?? m.Body ?? '{}'));
      await h.sqs.send(
        new DeleteMessageCommand({ QueueUrl: h.deployment.opsQueueUrl, ReceiptHandle: m.ReceiptHandle }),
      );
    }
  }
}
