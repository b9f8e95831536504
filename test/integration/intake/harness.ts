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
import { Inventory, type KeyStatus } from '../../../lambdas/common/inventory';
import { releaseSecretValues } from '../../../lambdas/common/logger';
import { createIntake, type EventResult, inventoryPersistence } from '../../../lambdas/intake/intake-event';
import { FindingLog } from '../../../lambdas/intake/records';
import { rotateSecretStarter } from '../../../lambdas/intake/rotation-starter';
import { providerRegistry } from '../../../lambdas/providers';
import type { RotationStep } from '../../../lambdas/rotation/event';
import { type RotationDeps, rotate } from '../../../lambdas/rotation/rotate';
import type { RekeyConfigInput } from '../../../lib/config';
import { deployLocally, type LocalDeployment } from '../../../local/emulator/deploy';
import {
  drainOnce,
  type InstalledFindingRules,
  installFindingRules,
  type PumpRecord,
} from '../../../local/emulator/event-bridge';
import { AwsApiError } from '../../../local/emulator/gateway';
import type { LocalPrincipal } from '../../../local/emulator/iam/account';
import { LocalAccessDeniedError } from '../../../local/emulator/iam/authorizer';
import { type EnforcingGateway, startEnforcingGateway } from '../../../local/emulator/iam/enforcing-gateway';
import { type ApiRequest, authChecks } from '../../../local/emulator/iam/requests';
import { type Moto, startMoto } from '../../../local/emulator/moto';
import { LOCAL_ACCOUNT } from '../../../local/emulator/resolve';
import { fingerprint, keyHint } from '../../../packages/client/src/fingerprint';

/**
 * An intake on this machine: moto on loopback, the synthesized stack's resources made in it (local/emulator/deploy.ts), the
 * stack's finding rules installed in moto's EventBridge with an SQS target (local/emulator/event-bridge.ts), and the real
 * intake in this process against moto's Secrets Manager, DynamoDB, SNS, SQS and IAM, through an enforcing gateway
 * (local/emulator/iam/enforcing-gateway.ts): the intake signs as the intake function's role, rotations as the rotation
 * function's. The intake starts rotations with RotateSecret, as deployed; the gateway answers it (after IAM) by
 * running the real rotation handler's four steps in-process (moto's RotateSecret runs no Lambda). Revocation
 * workflow executions are started in a state machine made in moto under the deployment's state machine ARN, where
 * they are recorded (the workflow itself is proven elsewhere).
 */
export interface Harness {
  readonly moto: Moto;
  readonly deployment: LocalDeployment;
  readonly gateway: EnforcingGateway;
  /** moto's endpoint (the local EventBridge rules' queues are read there). */
  readonly endpoint: string;
  /** The administrator's clients, through the gateway: setup, and looking at state. */
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
  /** The rotation function's dependencies, signed as its role. */
  readonly rotationDeps: RotationDeps;
  /** Every rotation the intake started, in order. */
  readonly rotationsStarted: { secretName: string; token: string }[];
  readonly intake: (event: unknown) => Promise<EventResult>;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

export async function startHarness(config: RekeyConfigInput): Promise<Harness> {
  const moto = await startMoto();
  let gateway: EnforcingGateway | undefined;
  try {
    const endpoint = moto.endpoint;
    const deployment = await deployLocally({ endpoint, config, region: REGION });
    const rotationsStarted: { secretName: string; token: string }[] = [];
    let rotationDeps: RotationDeps | undefined;
    gateway = await startEnforcingGateway({
      deployment,
      operations: {
        // What Secrets Manager does after RotateSecret: the four steps, in order, with the real handler code.
        'secretsmanager.RotateSecret': async (body) => {
          const secretName = String(body.SecretId ?? '');
          const token = typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : randomUUID();
          rotationsStarted.push({ secretName, token });
          try {
            await runRotation(rotationDeps as RotationDeps, secretName, token);
          } catch (err) {
            // The rotation's failure reaches the intake, as it did when the harness ran the steps itself.
            throw new AwsApiError((err as Error).name || 'InternalServiceError', (err as Error).message);
          }
          const secret = Object.values(deployment.secrets).find((x) => x.name === secretName || x.arn === secretName);
          return { ARN: secret?.arn ?? secretName, Name: secret?.name ?? secretName, VersionId: token };
        },
      },
    });
    const admin = gateway.adminClientConfig;
    const sm = new SecretsManagerClient(admin);
    const sqs = new SQSClient(admin);
    const sfn = new SFNClient(admin);
    const sns = new SNSClient(admin);
    const iam = new IAMClient(admin);
    const ddb = new DynamoDBClient(admin);
    const doc = documentClient(ddb);
    const events = new EventBridgeClient(admin);
    const inventory = new Inventory(doc, deployment.tableName);
    // The deployment's state machine ARN names a machine in moto, so StartExecution is authorized on it.
    const machine = await sfn.send(
      new CreateStateMachineCommand({
        name: deployment.stateMachineArn.split(':').at(-1) ?? '',
        definition: JSON.stringify({ StartAt: 'Recorded', States: { Recorded: { Type: 'Pass', End: true } } }),
        roleArn: deployment.iam.roleOfStateMachine(deployment.stateMachineLogicalId).roleArn,
      }),
    );
    const stateMachineArn = machine.stateMachineArn ?? '';
    if (stateMachineArn !== deployment.stateMachineArn) {
      throw new Error(`moto made ${stateMachineArn}, not the deployment's ${deployment.stateMachineArn}`);
    }
    // An aws-iam key is tested by signing with it: that call is the key's own, straight to moto (the gateway knows
    // only the deployment's principals).
    const stsFor = (c: { accessKeyId: string; secretAccessKey: string }) =>
      new STSClient({ endpoint, region: REGION, credentials: c });
    const asRotation = gateway.clientConfigFor('rotation');
    const rotationSm = new SecretsManagerClient(asRotation);
    rotationDeps = {
      sm: rotationSm,
      sns: new SNSClient(asRotation),
      sfn: new SFNClient(asRotation),
      inventory: new Inventory(documentClient(new DynamoDBClient(asRotation)), deployment.tableName),
      providerFor: providerRegistry({
        secretsManager: rotationSm,
        iam: new IAMClient(asRotation),
        stsFor,
        iamPropagationTimeoutMs: 3000,
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
      }),
      fleetTopicArn: deployment.fleetTopicArn,
      opsTopicArn: deployment.opsTopicArn,
      stateMachineArn,
      secretPrefix: deployment.config.secretPrefix,
    };
    const asIntake = gateway.clientConfigFor('intake');
    const intakeSm = new SecretsManagerClient(asIntake);
    const intakeDdb = new DynamoDBClient(asIntake);
    const intakeDoc = documentClient(intakeDdb);
    const run = createIntake({
      sm: intakeSm,
      sns: new SNSClient(asIntake),
      sfn: new SFNClient(asIntake),
      inventory: new Inventory(intakeDoc, deployment.tableName),
      providerFor: providerRegistry({
        secretsManager: intakeSm,
        iam: new IAMClient(asIntake),
        stsFor,
        iamPropagationTimeoutMs: 3000,
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
      }),
      rotations: rotateSecretStarter(intakeSm),
      opsTopicArn: deployment.opsTopicArn,
      stateMachineArn,
      secretPrefix: deployment.config.secretPrefix,
      persistence: inventoryPersistence(intakeDdb, deployment.tableName),
      findingLog: new FindingLog(intakeDoc, deployment.tableName),
      sqs: new SQSClient(asIntake),
      deadLetterQueueUrl: deployment.env.intake?.REKEY_INTAKE_DLQ_URL,
    });
    const bridge = await installFindingRules({ endpoint, template: deployment.template, region: REGION });
    const started = gateway;
    return {
      moto,
      deployment,
      gateway: started,
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
      stop: async () => {
        await started.close();
        await moto.stop();
      },
    };
  } catch (err) {
    await gateway?.close();
    await moto.stop();
    throw err;
  }
}

const documentClient = (ddb: DynamoDBClient) =>
  DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });

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

/**
 * Puts events as AWS services and scanners would (10 per call): AWS's sources on the default bus, `rekey.scanner`
 * and `rekey.github` on rekey's own bus. Signed as the administrator unless `as` gives other client settings.
 */
export async function putEvents(
  h: Harness,
  events: readonly Record<string, unknown>[],
  as?: ConstructorParameters<typeof EventBridgeClient>[0],
): Promise<void> {
  const client = as ? new EventBridgeClient(as) : h.events;
  const entries: PutEventsRequestEntry[] = events.map((e) => ({
    EventBusName: h.bridge.busFor(String(e.source)),
    Source: String(e.source),
    DetailType: String(e['detail-type']),
    Detail: JSON.stringify(e.detail),
    Resources: (e.resources as string[] | undefined) ?? [],
    Time: typeof e.time === 'string' ? new Date(e.time) : new Date(),
  }));
  for (let i = 0; i < entries.length; i += 10) {
    const out = await client.send(new PutEventsCommand({ Entries: entries.slice(i, i + 10) }));
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

/**
 * A call as the gateway maps it, evaluated for a principal the gateway does not sign for (a developer role of the
 * account, say). For calls that name no secret, table or access key: the directory knows only region and account.
 */
export async function allowedFor(
  h: Harness,
  who: LocalPrincipal,
  request: ApiRequest,
): Promise<'allowed' | 'explicit' | 'implicit'> {
  const directory = {
    region: h.deployment.region,
    account: LOCAL_ACCOUNT,
    secretArn: async (id: string) => id,
    partitionKey: () => undefined,
    accessKeyUser: async () => undefined,
  };
  try {
    for (const check of await authChecks(request, directory)) {
      await h.deployment.iam.authorizer.check(who, check);
    }
    return 'allowed';
  } catch (err) {
    if (!(err instanceof LocalAccessDeniedError)) throw err;
    return err.reason;
  }
}
