import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Inventory } from '../../lambdas/common/inventory';
import type { ProviderName, SecretValue } from '../../lambdas/common/secret-value';
import { providerRegistry } from '../../lambdas/providers';
import type { KeyProvider } from '../../lambdas/providers/types';
import type { RotationDeps } from '../../lambdas/rotation/rotate';
import {
  type FakeAnthropicState,
  type FakeHttpState,
  type FakeOpenAiState,
  type FakeServer,
  startFakeAnthropic,
  startFakeHttpProvider,
  startFakeOpenAi,
} from '../../local/fake-providers';
import type { Moto } from '../support/moto';
import { type Crasher, crashingClient, crashingFetch, crashingMethods } from './crash';

export const TABLE = 'rekey-inventory';
export const PREFIX = 'rekey/';
const REGION = 'us-east-1';

/** moto, the fakes, and the raw (never crashing) clients the assertions read with. */
export interface FaultEnv {
  readonly moto: Moto;
  readonly sm: SecretsManagerClient;
  readonly iam: IAMClient;
  readonly ddb: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly sns: SNSClient;
  readonly topicArn: string;
  readonly openai: FakeServer<FakeOpenAiState>;
  readonly anthropic: FakeServer<FakeAnthropicState>;
  readonly http: FakeServer<FakeHttpState>;
  /** Admin secret names per provider. */
  readonly adminSecrets: Readonly<Record<'openai' | 'anthropic' | 'http', string>>;
  close(): Promise<void>;
}

export async function startFaultEnv(moto: Moto): Promise<FaultEnv> {
  const aws = { endpoint: moto.endpoint, region: REGION };
  const sm = new SecretsManagerClient(aws);
  const iam = new IAMClient(aws);
  const ddb = new DynamoDBClient(aws);
  const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
  const sns = new SNSClient(aws);
  await ddb.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'fingerprint', AttributeType: 'S' },
        { AttributeName: 'keyId', AttributeType: 'S' },
        { AttributeName: 'keyHint', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: ['fingerprint', 'keyId', 'keyHint'].map((attr) => ({
        IndexName: attr === 'keyHint' ? 'byHint' : attr === 'keyId' ? 'byKeyId' : 'byFingerprint',
        KeySchema: [{ AttributeName: attr, KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'rekey-events' }))).TopicArn as string;
  const [openai, anthropic, http] = await Promise.all([
    startFakeOpenAi(),
    startFakeAnthropic(),
    startFakeHttpProvider(),
  ]);
  const adminSecrets = { openai: 'admin/openai', anthropic: 'admin/anthropic', http: 'admin/http' } as const;
  await sm.send(new CreateSecretCommand({ Name: adminSecrets.openai, SecretString: openai.state.adminKey }));
  await sm.send(
    new CreateSecretCommand({
      Name: adminSecrets.anthropic,
      SecretString: JSON.stringify({ apiKey: anthropic.state.adminKey }),
    }),
  );
  await sm.send(new CreateSecretCommand({ Name: adminSecrets.http, SecretString: http.state.adminKey }));
  return {
    moto,
    sm,
    iam,
    ddb,
    doc,
    sns,
    topicArn,
    openai,
    anthropic,
    http,
    adminSecrets,
    close: async () => {
      await Promise.all([openai.close(), anthropic.close(), http.close()]);
    },
  };
}

/** One managed secret with its first key, ready to rotate, and what the assertions need to know about it. */
export interface Scenario {
  readonly provider: ProviderName;
  readonly secretName: string;
  readonly oldVersionId: string;
  readonly initial: { apiKey: string; keyId: string };
  readonly options: Readonly<Record<string, unknown>>;
  /** True if the provider accepts the key now. */
  isLive(apiKey: string, keyId: string): Promise<boolean>;
  /** Every key of this scenario the provider accepts now (key ids). */
  liveKeyIds(): Promise<string[]>;
}

let seq = 0;

/** Every IAM secret access key minted through crashingDeps (the log check looks for them). */
export const mintedIamSecrets = new Set<string>();

/** Makes a secret the way the stack would, with rotation enabled and no version moved by moto. */
export async function newScenario(env: FaultEnv, provider: ProviderName): Promise<Scenario> {
  const n = ++seq;
  const secretName = `${PREFIX}faults/${provider}/${n}-${randomUUID().slice(0, 8)}`;
  const oldVersionId = randomUUID();
  let initial: { apiKey: string; keyId: string };
  let options: Record<string, unknown> = {};
  let adminSecretId: string | undefined;
  let isLive: Scenario['isLive'];
  let liveKeyIds: Scenario['liveKeyIds'];
  switch (provider) {
    case 'generated': {
      initial = { apiKey: `rk_${'A1b2C3d4E5'.repeat(4)}`, keyId: oldVersionId };
      options = { length: 40, prefix: 'rk_' };
      isLive = async (_apiKey, keyId) => {
        const stages = (await env.sm.send(new DescribeSecretCommand({ SecretId: secretName }))).VersionIdsToStages;
        return (stages?.[keyId] ?? []).length > 0;
      };
      liveKeyIds = async () => {
        const stages = (await env.sm.send(new DescribeSecretCommand({ SecretId: secretName }))).VersionIdsToStages;
        return Object.entries(stages ?? {})
          .filter(([, labels]) => labels.length > 0)
          .map(([id]) => id);
      };
      break;
    }
    case 'aws-iam': {
      const userName = `fleet-${n}`;
      await env.iam.send(new CreateUserCommand({ UserName: userName }));
      const key = (await env.iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
      initial = { apiKey: key?.SecretAccessKey as string, keyId: key?.AccessKeyId as string };
      options = { userName };
      const active = async () =>
        ((await env.iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [])
          .filter((k) => k.Status === 'Active')
          .map((k) => k.AccessKeyId as string);
      isLive = async (_apiKey, keyId) => (await active()).includes(keyId);
      liveKeyIds = active;
      break;
    }
    case 'openai': {
      const projectId = `proj_${n}`;
      initial = env.openai.state.addUserKey(projectId);
      options = { projectId, baseUrl: env.openai.url };
      adminSecretId = env.adminSecrets.openai;
      isLive = async (apiKey) => env.openai.state.isLive(apiKey);
      liveKeyIds = async () =>
        [...env.openai.state.keys.values()].filter((k) => k.projectId === projectId).map((k) => k.id);
      break;
    }
    case 'anthropic': {
      const workspaceId = `wrkspc_${n}`;
      initial = env.anthropic.state.createKeyInConsole({ workspaceId });
      options = { workspaceId, baseUrl: env.anthropic.url };
      adminSecretId = env.adminSecrets.anthropic;
      isLive = async (apiKey) => env.anthropic.state.isLive(apiKey);
      liveKeyIds = async () =>
        [...env.anthropic.state.keys.values()]
          .filter((k) => k.workspaceId === workspaceId && k.status === 'active')
          .map((k) => k.id);
      break;
    }
    case 'http': {
      initial = env.http.state.addKey(`initial-${secretName}`);
      options = { baseUrl: env.http.url, createPath: '/keys', testPath: '/whoami', revokePath: '/keys/{keyId}' };
      adminSecretId = env.adminSecrets.http;
      isLive = async (apiKey) => env.http.state.isLive(apiKey);
      liveKeyIds = async () =>
        [...env.http.state.keys.values()]
          .filter((k) => !k.revoked && (k.name === `rekey-${secretName}` || k.name === `initial-${secretName}`))
          .map((k) => k.id);
      break;
    }
  }
  // Rotation on, without moto moving AWSCURRENT: no value yet, so RotateSecret has no version to move.
  await env.sm.send(new CreateSecretCommand({ Name: secretName }));
  await env.sm.send(
    new RotateSecretCommand({
      SecretId: secretName,
      RotationRules: { AutomaticallyAfterDays: 30 },
      RotateImmediately: false,
    }),
  );
  const value: SecretValue = {
    apiKey: initial.apiKey,
    keyId: initial.keyId,
    provider,
    createdAt: new Date().toISOString(),
    options,
    ...(adminSecretId ? { adminSecretId } : {}),
  };
  await env.sm.send(
    new PutSecretValueCommand({
      SecretId: secretName,
      ClientRequestToken: oldVersionId,
      SecretString: JSON.stringify(value),
    }),
  );
  return { provider, secretName, oldVersionId, initial, options, isLive, liveKeyIds };
}

/** The rotation's dependencies, every write, provider call and provider I/O passing through the crasher. */
export function crashingDeps(env: FaultEnv, crasher: Crasher, sfn: SFNClient, httpTimeoutMs = 3000): RotationDeps {
  const isSmWrite = (name: string) => /^(Put|Update|Create|Delete)/.test(name);
  const sm = crashingClient(env.sm, crasher, isSmWrite);
  const doc = crashingClient(env.doc, crasher, (name) => /^(Update|Put|Delete)/.test(name));
  const iam = crashingClient(env.iam, crasher, (name) => !/^(List|Get)/.test(name));
  const recordingIam = new Proxy(iam, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: never) => {
        const out = (await target.send(command)) as { AccessKey?: { SecretAccessKey?: string } };
        if (out?.AccessKey?.SecretAccessKey) mintedIamSecrets.add(out.AccessKey.SecretAccessKey);
        return out;
      };
    },
  });
  const registry = providerRegistry({
    secretsManager: sm,
    iam: recordingIam,
    stsFor: (credentials) => new STSClient({ endpoint: env.moto.endpoint, region: REGION, credentials }),
    fetch: crashingFetch(crasher),
    sleep: async () => {},
    httpPolicy: { timeoutMs: httpTimeoutMs },
    iamPropagationTimeoutMs: 1000,
  });
  const wrapped = new Map<ProviderName, KeyProvider>();
  const providerFor = (name: ProviderName) => {
    let provider = wrapped.get(name);
    if (!provider) {
      provider = crashingMethods(
        registry(name),
        crasher,
        ['createKey', 'testKey', 'revokeKey', 'deleteKey', 'keyStored', 'identifyKey'],
        name,
      );
      wrapped.set(name, provider);
    }
    return provider;
  };
  return {
    sm,
    sns: crashingClient(env.sns, crasher, () => true),
    sfn: crashingClient(sfn, crasher, () => true),
    inventory: new Inventory(doc, TABLE),
    providerFor,
    fleetTopicArn: env.topicArn,
    opsTopicArn: env.topicArn,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:rekey-revocation',
    secretPrefix: PREFIX,
  };
}

/** The version AWSCURRENT labels and its value, read the safe way (always naming the stage). */
export async function currentOf(env: FaultEnv, secretName: string): Promise<{ versionId: string; value: SecretValue }> {
  const out = await env.sm.send(new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSCURRENT' }));
  return { versionId: out.VersionId as string, value: JSON.parse(out.SecretString as string) as SecretValue };
}
