import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  EntityAlreadyExistsException,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Inventory } from '../../lambdas/common/inventory';
import { SharedRateLimiter } from '../../lambdas/common/rate-limit';
import type { ProviderName, SecretValue } from '../../lambdas/common/secret-value';
import { providerRegistry } from '../../lambdas/providers';
import type { KeyProvider } from '../../lambdas/providers/types';
import type { RotationDeps } from '../../lambdas/rotation/rotate';
import type { RekeyConfigInput } from '../../lib/config';
import { deployLocally, type LocalDeployment } from '../../local/emulator/deploy';
import {
  type FakeAnthropicState,
  type FakeHttpState,
  type FakeOpenAiState,
  type FakeServer,
  startFakeAnthropic,
  startFakeHttpProvider,
  startFakeOpenAi,
} from '../../local/emulator/fake-providers';
import { type EnforcingGateway, startEnforcingGateway } from '../../local/emulator/iam/enforcing-gateway';
import type { Moto } from '../support/moto';
import { type Crasher, crashingClient, crashingFetch, crashingMethods } from './crash';

export const PREFIX = 'rekey/';
const REGION = 'us-east-1';
const PROVIDERS: readonly ProviderName[] = ['generated', 'aws-iam', 'openai', 'anthropic', 'http'];
/**
 * Managed keys the deployment declares per provider: the rotation function's role may touch only these, so each
 * scenario takes one (a fresh one while any is left, then the least recently used, reset; see newScenario).
 */
const SLOTS = 10;

/** The rotation function's clients: signed as its role, through the enforcing gateway. */
export interface RotationClients {
  readonly sm: SecretsManagerClient;
  readonly iam: IAMClient;
  readonly doc: DynamoDBDocumentClient;
  readonly sns: SNSClient;
  readonly sfn: SFNClient;
}

/** The administrator's clients through the enforcing gateway: setup. */
export interface AdminClients {
  readonly sm: SecretsManagerClient;
  readonly iam: IAMClient;
  readonly doc: DynamoDBDocumentClient;
}

/**
 * moto with the synthesized stack deployed in it (one managed key per scenario slot), an enforcing gateway in front
 * (local/emulator/iam/enforcing-gateway.ts), the fakes, and the raw (never crashing) clients the assertions read with,
 * straight to moto.
 */
export interface FaultEnv {
  readonly moto: Moto;
  readonly deployment: LocalDeployment;
  readonly gateway: EnforcingGateway;
  /** What the setup writes with. */
  readonly admin: AdminClients;
  readonly sm: SecretsManagerClient;
  readonly iam: IAMClient;
  readonly ddb: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  /** The inventory table. */
  readonly tableName: string;
  /** What the rotation function's calls go through. */
  readonly rotation: RotationClients;
  /**
   * StartExecution calls that passed IAM (the gateway answers them and runs no workflow), in order. Clear it to
   * forget earlier ones.
   */
  readonly executionsStarted: { name?: string; input: string }[];
  readonly openai: FakeServer<FakeOpenAiState>;
  readonly anthropic: FakeServer<FakeAnthropicState>;
  readonly http: FakeServer<FakeHttpState>;
  /** Admin secret names per provider. */
  readonly adminSecrets: Readonly<Record<'openai' | 'anthropic' | 'http', string>>;
  close(): Promise<void>;
}

const slotKey = (provider: ProviderName, slot: number) => `faults/${provider}/${slot}`;
const slotUser = (slot: number) => `fleet-${slot}`;

export async function startFaultEnv(moto: Moto): Promise<FaultEnv> {
  const [openai, anthropic, http] = await Promise.all([
    startFakeOpenAi(),
    startFakeAnthropic(),
    startFakeHttpProvider(),
  ]);
  const adminSecrets = { openai: 'admin/openai', anthropic: 'admin/anthropic', http: 'admin/http' } as const;
  const keyConfig = (provider: ProviderName, slot: number): RekeyConfigInput['keys'][number] => {
    const name = slotKey(provider, slot);
    switch (provider) {
      case 'generated':
        return { name, provider };
      case 'aws-iam':
        return { name, provider, options: { userName: slotUser(slot) } };
      case 'openai':
        return {
          name,
          provider,
          options: { projectId: `proj_slot${slot}`, baseUrl: openai.url },
          adminSecretName: adminSecrets.openai,
        };
      case 'anthropic':
        return { name, provider, options: { baseUrl: anthropic.url }, adminSecretName: adminSecrets.anthropic };
      case 'http':
        return { name, provider, options: { baseUrl: http.url }, adminSecretName: adminSecrets.http };
    }
  };
  const config: RekeyConfigInput = {
    secretPrefix: PREFIX,
    keys: PROVIDERS.flatMap((provider) => Array.from({ length: SLOTS }, (_, slot) => keyConfig(provider, slot))),
  };
  let gateway: EnforcingGateway | undefined;
  try {
    const deployment = await deployLocally({ endpoint: moto.endpoint, config, region: REGION });
    const executionsStarted: FaultEnv['executionsStarted'] = [];
    gateway = await startEnforcingGateway({
      deployment,
      operations: {
        // What the fault tests need of Step Functions: the start is authorized and recorded; no workflow runs.
        'AWSStepFunctions.StartExecution': async (body) => {
          const name = typeof body.name === 'string' ? body.name : undefined;
          executionsStarted.push({ name, input: String(body.input ?? '{}') });
          const arn = String(body.stateMachineArn ?? '').replace(':stateMachine:', ':execution:');
          return { executionArn: `${arn}:${name ?? randomUUID()}`, startDate: Date.now() / 1000 };
        },
      },
      // The harness makes and clears IAM users and keys for every scenario, several scenarios at once; in AWS those
      // calls would not share the account's IAM rate with the rotation under test. The rotation's own calls are
      // paced by the shared rate (crashingDeps), as the function's are.
      quotas: { overrides: { 'iam:calls': 200 } },
    });
    const asAdmin = gateway.adminClientConfig;
    const admin: AdminClients = {
      sm: new SecretsManagerClient(asAdmin),
      iam: new IAMClient(asAdmin),
      doc: documentClient(new DynamoDBClient(asAdmin)),
    };
    const direct = { endpoint: moto.endpoint, region: REGION };
    const ddb = new DynamoDBClient(direct);
    const asRotation = gateway.clientConfigFor('rotation');
    const rotation: RotationClients = {
      sm: new SecretsManagerClient(asRotation),
      iam: new IAMClient(asRotation),
      doc: documentClient(new DynamoDBClient(asRotation)),
      sns: new SNSClient(asRotation),
      sfn: new SFNClient(asRotation),
    };
    await admin.sm.send(new CreateSecretCommand({ Name: adminSecrets.openai, SecretString: openai.state.adminKey }));
    await admin.sm.send(
      new CreateSecretCommand({
        Name: adminSecrets.anthropic,
        SecretString: JSON.stringify({ apiKey: anthropic.state.adminKey }),
      }),
    );
    await admin.sm.send(new CreateSecretCommand({ Name: adminSecrets.http, SecretString: http.state.adminKey }));
    const started = gateway;
    return {
      moto,
      deployment,
      gateway: started,
      admin,
      sm: new SecretsManagerClient(direct),
      iam: new IAMClient(direct),
      ddb,
      doc: documentClient(ddb),
      tableName: deployment.tableName,
      rotation,
      executionsStarted,
      openai,
      anthropic,
      http,
      adminSecrets,
      close: async () => {
        await Promise.all([started.close(), openai.close(), anthropic.close(), http.close()]);
      },
    };
  } catch (err) {
    await Promise.all([gateway?.close(), openai.close(), anthropic.close(), http.close()]);
    throw err;
  }
}

const documentClient = (ddb: DynamoDBClient) =>
  DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });

/** One managed secret with its first key, ready to rotate, and what the assertions need to know about it. */
export interface Scenario {
  readonly provider: ProviderName;
  readonly secretName: string;
  readonly oldVersionId: string;
  /** Versions the secret had before this scenario's (the deployment's placeholder, earlier scenarios'), unlabelled. */
  readonly priorVersionIds: readonly string[];
  readonly initial: { apiKey: string; keyId: string };
  readonly options: Readonly<Record<string, unknown>>;
  /** True if the provider accepts the key now. */
  isLive(apiKey: string, keyId: string): Promise<boolean>;
  /** Every key of this scenario the provider accepts now (key ids). */
  liveKeyIds(): Promise<string[]>;
}

let seq = 0;
const SCENARIO_STAGE = 'rekey-fault-scenario';
const slotsUsed = new Map<ProviderName, number>();

/** Every IAM secret access key minted through crashingDeps (the log check looks for them). */
export const mintedIamSecrets = new Set<string>();

/**
 * Gives a scenario one of the deployment's managed secrets for `provider` (rotation enabled, as the stack deploys
 * it), with its first key as the only labelled version. A secret used before is reset first: its labels but
 * AWSCURRENT removed, its inventory items deleted, and what the provider has for it revoked, so nothing of the
 * earlier scenario is live.
 */
export async function newScenario(env: FaultEnv, provider: ProviderName): Promise<Scenario> {
  const n = ++seq;
  const used = slotsUsed.get(provider) ?? 0;
  slotsUsed.set(provider, used + 1);
  const slot = used % SLOTS;
  const secretName = env.deployment.secrets[slotKey(provider, slot)]?.name;
  if (!secretName) throw new Error(`the deployment has no key ${slotKey(provider, slot)}`);
  if (used >= SLOTS) await forgetScenario(env, provider, secretName);
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
      // The stack grants the rotation function the user the key's config names: the slot's.
      const userName = slotUser(slot);
      try {
        await env.admin.iam.send(new CreateUserCommand({ UserName: userName }));
      } catch (err) {
        if (!(err instanceof EntityAlreadyExistsException)) throw err;
      }
      const key = (await env.admin.iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
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
  const value: SecretValue = {
    apiKey: initial.apiKey,
    keyId: initial.keyId,
    provider,
    createdAt: new Date().toISOString(),
    options,
    ...(adminSecretId ? { adminSecretId } : {}),
  };
  const before =
    (await env.admin.sm.send(new DescribeSecretCommand({ SecretId: secretName }))).VersionIdsToStages ?? {};
  await removeStages(env, secretName, before, ['AWSPENDING', 'AWSPREVIOUS']);
  // Stored under a label of its own and then made AWSCURRENT the way a rotation's finishSecret does: PutSecretValue
  // without stages would have moto move AWSCURRENT from its "default version", which UpdateSecretVersionStage never
  // moves, leaving two AWSCURRENT versions on a secret rotated before.
  await env.admin.sm.send(
    new PutSecretValueCommand({
      SecretId: secretName,
      ClientRequestToken: oldVersionId,
      SecretString: JSON.stringify(value),
      VersionStages: [SCENARIO_STAGE],
    }),
  );
  const current = Object.entries(before).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
  await env.admin.sm.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretName,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: oldVersionId,
      ...(current ? { RemoveFromVersionId: current } : {}),
    }),
  );
  // The scenario's key is the only labelled version, as it would be the first value of a new secret.
  const after = (await env.admin.sm.send(new DescribeSecretCommand({ SecretId: secretName }))).VersionIdsToStages ?? {};
  await removeStages(env, secretName, after, ['AWSPREVIOUS', SCENARIO_STAGE]);
  return {
    provider,
    secretName,
    oldVersionId,
    priorVersionIds: Object.keys(before),
    initial,
    options,
    isLive,
    liveKeyIds,
  };
}

async function removeStages(
  env: FaultEnv,
  secretName: string,
  stages: Record<string, string[]>,
  labels: readonly string[],
): Promise<void> {
  for (const [versionId, onVersion] of Object.entries(stages)) {
    for (const label of onVersion.filter((l) => labels.includes(l))) {
      await env.admin.sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretName,
          VersionStage: label,
          RemoveFromVersionId: versionId,
        }),
      );
    }
  }
}

/** Resets a secret an earlier scenario used: its inventory items go, and so do the provider's keys for it. */
async function forgetScenario(env: FaultEnv, provider: ProviderName, secretName: string): Promise<void> {
  const items = await env.admin.doc.send(
    new QueryCommand({
      TableName: env.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `SECRET#${secretName}` },
      ConsistentRead: true,
    }),
  );
  for (const item of items.Items ?? []) {
    await env.admin.doc.send(new DeleteCommand({ TableName: env.tableName, Key: { pk: item.pk, sk: item.sk } }));
  }
  if (provider === 'aws-iam') {
    const slot = Number(secretName.split('/').at(-1));
    const userName = slotUser(slot);
    const keys = (await env.admin.iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
    for (const k of keys) {
      await env.admin.iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: k.AccessKeyId }));
    }
  }
  if (provider === 'http') {
    for (const k of env.http.state.keys.values()) {
      if (k.name === `rekey-${secretName}` || k.name === `initial-${secretName}`) k.revoked = true;
    }
  }
  // openai and anthropic scenarios each have their own project or workspace: nothing of theirs carries over.
}

const limiters = new WeakMap<FaultEnv, SharedRateLimiter>();
/** One shared rate scheduler per environment, on the inventory table as the rotation function's role. */
function rateLimiterOf(env: FaultEnv): SharedRateLimiter {
  let limiter = limiters.get(env);
  if (!limiter) {
    limiter = new SharedRateLimiter(env.rotation.doc, env.tableName);
    limiters.set(env, limiter);
  }
  return limiter;
}

/**
 * The rotation's dependencies, signed as the rotation function's role (env.rotation), every write, provider call
 * and provider I/O passing through the crasher. `sfn` is normally `env.rotation.sfn`.
 */
export function crashingDeps(env: FaultEnv, crasher: Crasher, sfn: SFNClient, httpTimeoutMs = 3000): RotationDeps {
  const isSmWrite = (name: string) => /^(Put|Update|Create|Delete)/.test(name);
  const sm = crashingClient(env.rotation.sm, crasher, isSmWrite);
  const doc = crashingClient(env.rotation.doc, crasher, (name) => /^(Update|Put|Delete)/.test(name));
  const iam = crashingClient(env.rotation.iam, crasher, (name) => !/^(List|Get)/.test(name));
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
    // Testing an access key signs with that key: the key's own call, straight to moto (the gateway knows only the
    // deployment's principals).
    stsFor: (credentials) => new STSClient({ endpoint: env.moto.endpoint, region: REGION, credentials }),
    fetch: crashingFetch(crasher),
    sleep: async () => {},
    httpPolicy: { timeoutMs: httpTimeoutMs },
    iamPropagationTimeoutMs: 1000,
    // Provider calls take their slots of the shared rate as the rotation function's do (never crashing: the slots
    // are not the rotation's own writes), so parallel scenarios keep within the local stack's IAM quota as AWS's.
    rateLimiter: () => rateLimiterOf(env),
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
    sns: crashingClient(env.rotation.sns, crasher, () => true),
    sfn: crashingClient(sfn, crasher, () => true),
    inventory: new Inventory(doc, env.tableName),
    providerFor,
    fleetTopicArn: env.deployment.fleetTopicArn,
    opsTopicArn: env.deployment.opsTopicArn,
    stateMachineArn: env.deployment.stateMachineArn,
    secretPrefix: PREFIX,
  };
}

/** The version AWSCURRENT labels and its value, read the safe way (always naming the stage). */
export async function currentOf(env: FaultEnv, secretName: string): Promise<{ versionId: string; value: SecretValue }> {
  const out = await env.sm.send(new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSCURRENT' }));
  return { versionId: out.VersionId as string, value: JSON.parse(out.SecretString as string) as SecretValue };
}
