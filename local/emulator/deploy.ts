import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient, ResourceAlreadyExistsException } from '@aws-sdk/client-eventbridge';
import {
  CreateSecretCommand,
  GetRandomPasswordCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GITHUB_EVENT, SCANNER_EVENT } from '../../contract';
import type { RekeyConfig, RekeyConfigInput } from '../../lib/config';
import { declaredRotationRules, motoRotationRules } from './fidelity/rotation-rules';
import { createLocalIam, type LocalIam } from './iam';
import { LOCAL_ACCOUNT, TemplateResolver } from './resolve';
import { synthesizeCached, type Template } from './synth';

/** What the local deployment made in the emulator, and the environment the handlers need to use it. */
export interface LocalDeployment {
  readonly endpoint: string;
  readonly region: string;
  readonly config: RekeyConfig;
  readonly template: Template;
  readonly tableName: string;
  readonly fleetTopicArn: string;
  readonly opsTopicArn: string;
  /** Fleet name → its queue URL. */
  readonly fleetQueueUrls: Readonly<Record<string, string>>;
  /** A queue subscribed to the ops topic, so the rehearsal and tests can read operator alerts. */
  readonly opsQueueUrl: string;
  /** Key name (from the config) → its secret. */
  readonly secrets: Readonly<Record<string, { readonly name: string; readonly arn: string }>>;
  /** The state machine's local ARN (executions run in-process, see local/emulator/state-machine.ts). */
  readonly stateMachineArn: string;
  readonly stateMachineLogicalId: string;
  /** Logical id → what Ref resolves to, for every resource made locally. */
  readonly resolver: TemplateResolver;
  /** Logical id of each function in the template, by its handler folder (rotation, intake, revocation, …). */
  readonly functions: Readonly<Record<string, string>>;
  /** Environment variables each handler folder reads, resolved for this deployment. */
  readonly env: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The account's IAM as the template declares it: roles, agent and operator principals, the authorizer. */
  readonly iam: LocalIam;
  /** The bus `rekey.scanner` and `rekey.github` findings go to (rekey's own, by name; `default` without one). */
  readonly findingBusName: string;
}

export interface DeployLocallyOptions {
  /** The emulator endpoint every AWS call goes to. */
  readonly endpoint: string;
  /** Where DynamoDB's calls go, if moto serves it in a process of its own. @default - `endpoint` */
  readonly dynamodbEndpoint?: string;
  readonly config: RekeyConfig | RekeyConfigInput;
  /** @default 'us-east-1' */
  readonly region?: string;
}

type Resource = Template['Resources'][string];

/**
 * Creates, in the emulator, the resources the synthesized stack declares and the handlers use: the inventory
 * table, the topics, each fleet's queue and subscription (with its filter policy), and each managed secret with
 * rotation enabled and its placeholder value. moto's CloudFormation cannot deploy this stack, so this reads the
 * template and makes each resource with SDK calls.
 */
export async function deployLocally(options: DeployLocallyOptions): Promise<LocalDeployment> {
  const region = options.region ?? 'us-east-1';
  const { template, config } = await synthesizeCached(options.config);
  const resolver = new TemplateResolver(template, region);
  const clientConfig = {
    endpoint: options.endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const ddb = new DynamoDBClient({ ...clientConfig, endpoint: options.dynamodbEndpoint ?? options.endpoint });
  const sns = new SNSClient(clientConfig);
  const sqs = new SQSClient(clientConfig);
  const sm = new SecretsManagerClient(clientConfig);
  const byType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
  const unique = `${Date.now().toString(36)}${randomUUID().slice(0, 4)}`;

  // Inventory table
  const tables = byType('AWS::DynamoDB::GlobalTable');
  const [tableId, table] = single(tables, 'inventory table');
  const tableName = `rekey-inventory-${unique}`;
  await createTable(ddb, tableName, table);
  resolver.bind(tableId, {
    ref: tableName,
    attributes: { Arn: `arn:aws:dynamodb:${region}:${LOCAL_ACCOUNT}:table/${tableName}` },
  });

  // Topics
  for (const [id] of byType('AWS::SNS::Topic')) {
    const out = await sns.send(new CreateTopicCommand({ Name: `${id}-${unique}` }));
    resolver.bind(id, { ref: out.TopicArn ?? '', attributes: { TopicName: `${id}-${unique}` } });
  }
  // Queues
  for (const [id] of byType('AWS::SQS::Queue')) {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: `${id}-${unique}`.slice(0, 80) }))).QueueUrl ?? '';
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    resolver.bind(id, { ref: url, attributes: { Arn: attrs.Attributes?.QueueArn ?? '', QueueUrl: url } });
  }
  // Each queue's visibility timeout, retention and redrive policy, as CloudFormation sets them
  // (Lambda's SQS event source depends on the first and the third).
  for (const [id, queue] of byType('AWS::SQS::Queue')) {
    const p = (queue.Properties ?? {}) as Record<string, unknown>;
    const attributes: Record<string, string> = {};
    if (p.VisibilityTimeout !== undefined) attributes.VisibilityTimeout = String(p.VisibilityTimeout);
    if (p.MessageRetentionPeriod !== undefined) attributes.MessageRetentionPeriod = String(p.MessageRetentionPeriod);
    if (p.RedrivePolicy !== undefined) attributes.RedrivePolicy = JSON.stringify(resolver.resolve(p.RedrivePolicy));
    if (Object.keys(attributes).length === 0) continue;
    const url = String(resolver.resolve({ Ref: id }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  }
  // Subscriptions (SQS ones; HTTPS endpoints are not reachable from here)
  for (const [, sub] of byType('AWS::SNS::Subscription')) {
    const p = resolver.resolve(sub.Properties) as Record<string, unknown>;
    if (p.Protocol !== 'sqs') continue;
    await sns.send(
      new SubscribeCommand({
        TopicArn: String(p.TopicArn),
        Protocol: 'sqs',
        Endpoint: String(p.Endpoint),
        Attributes: {
          RawMessageDelivery: String(p.RawMessageDelivery ?? false),
          ...(p.FilterPolicy ? { FilterPolicy: JSON.stringify(p.FilterPolicy) } : {}),
        },
      }),
    );
  }
  const fleetTopicId = logicalIdOf(template, 'AWS::SNS::Topic', 'NotificationsFleetTopic');
  const opsTopicId = logicalIdOf(template, 'AWS::SNS::Topic', 'NotificationsOpsTopic');
  const fleetTopicArn = String(resolver.resolve({ Ref: fleetTopicId }));
  const opsTopicArn = String(resolver.resolve({ Ref: opsTopicId }));
  // An observer queue on the ops topic: operators' email in AWS, a queue here.
  const opsQueueUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: `rekey-ops-observer-${unique}` }))).QueueUrl ?? '';
  const opsQueueArn =
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: opsQueueUrl, AttributeNames: ['QueueArn'] }))).Attributes
      ?.QueueArn ?? '';
  await sns.send(new SubscribeCommand({ TopicArn: opsTopicArn, Protocol: 'sqs', Endpoint: opsQueueArn }));

  const fleetQueueUrls: Record<string, string> = {};
  for (const fleet of config.fleets) {
    const id = fleetQueueLogicalId(template, fleet.name);
    if (id) fleetQueueUrls[fleet.name] = String(resolver.resolve({ Ref: id }));
  }

  // State machine: executions run in-process; it gets a local ARN.
  const [stateMachineLogicalId] = single(byType('AWS::StepFunctions::StateMachine'), 'state machine');
  const stateMachineArn = `arn:aws:states:${region}:${LOCAL_ACCOUNT}:stateMachine:rekey-revocation-${unique}`;
  resolver.bind(stateMachineLogicalId, { ref: stateMachineArn, attributes: { Name: `rekey-revocation-${unique}` } });

  // Event buses (rekey's own finding bus): AWS names a bus by its Name, and its ARN ends in that name. The bus is
  // made here, so a finding put on it is taken (by the rules local/emulator/event-bridge.ts installs, where a test
  // or the rehearsal pumps them to the intake).
  let findingBusName = 'default';
  const eventBridge = new EventBridgeClient(clientConfig);
  for (const [id, bus] of byType('AWS::Events::EventBus')) {
    const name = typeof bus.Properties?.Name === 'string' ? bus.Properties.Name : id;
    await eventBridge.send(new CreateEventBusCommand({ Name: name })).catch((err: Error) => {
      if (!(err instanceof ResourceAlreadyExistsException)) throw err;
    });
    resolver.bind(id, {
      ref: name,
      attributes: { Name: name, Arn: `arn:aws:events:${region}:${LOCAL_ACCOUNT}:event-bus/${name}` },
    });
    findingBusName = name;
  }

  // Managed secrets, with rotation enabled and the placeholder value the stack deploys.
  const secrets: Record<string, { name: string; arn: string }> = {};
  for (const [id, secret] of byType('AWS::SecretsManager::Secret')) {
    const p = secret.Properties as {
      Name: string;
      Description?: string;
      GenerateSecretString?: Record<string, unknown>;
      Tags?: { Key: string; Value: string }[];
    };
    // Its tags too: the fleets a secret's notifications go to are its `rekey:fleet:<fleet>` tags (contract/fleets.ts).
    const created = await sm.send(
      new CreateSecretCommand({
        Name: p.Name,
        Description: p.Description,
        ...(p.Tags?.length ? { Tags: p.Tags.map((t) => ({ Key: String(t.Key), Value: String(t.Value) })) } : {}),
      }),
    );
    // The schedule the template declares for this secret (ScheduleExpression, Duration or AutomaticallyAfterDays).
    const declared = declaredRotationRules(template, id);
    if (declared) {
      // No versions yet, so moto only records the schedule (it would otherwise move AWSCURRENT itself). moto keeps
      // only AutomaticallyAfterDays; motoRotationRules adds the one it needs (local/emulator/fidelity/rotation-rules.ts).
      await sm.send(
        new RotateSecretCommand({
          SecretId: p.Name,
          RotationRules: motoRotationRules(declared),
          RotateImmediately: false,
        }),
      );
    }
    await sm.send(
      new PutSecretValueCommand({ SecretId: p.Name, SecretString: await placeholder(sm, p.GenerateSecretString) }),
    );
    resolver.bind(id, { ref: created.ARN ?? p.Name, attributes: {} });
    const key = config.keys.find((k) => `${config.secretPrefix}${k.name}` === p.Name);
    if (key) secrets[key.name] = { name: p.Name, arn: created.ARN ?? '' };
  }

  // Functions: their logical ids and environments, resolved.
  const functions: Record<string, string> = {};
  const env: Record<string, Record<string, string>> = {};
  for (const [id, fn] of byType('AWS::Lambda::Function')) {
    const vars = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const resolved = resolver.resolve(vars) as Record<string, unknown>;
    const service = String(resolved.POWERTOOLS_SERVICE_NAME ?? '').replace(/^rekey-/, '');
    if (!service) continue;
    functions[service] = id;
    env[service] = Object.fromEntries(
      Object.entries(resolved)
        .filter(([k]) => k.startsWith('REKEY_') || k.startsWith('POWERTOOLS_'))
        .map(([k, v]) => [k, String(v)]),
    );
  }

  const iam = createLocalIam({
    template,
    resolver,
    account: LOCAL_ACCOUNT,
    motoEndpoint: options.endpoint,
    fleets: config.fleets.map((f) => f.name),
  });

  return {
    endpoint: options.endpoint,
    region,
    config,
    template,
    iam,
    findingBusName,
    tableName,
    fleetTopicArn,
    opsTopicArn,
    fleetQueueUrls,
    opsQueueUrl,
    secrets,
    stateMachineArn,
    stateMachineLogicalId,
    resolver,
    functions,
    env,
  };
}

/**
 * The logical id of a fleet's queue. CDK keeps only letters and digits of a construct id in logical ids, so fleet
 * `support-agents` is `NotificationssupportagentsQueue…`, without the dash.
 */
export function fleetQueueLogicalId(template: Template, fleetName: string): string | undefined {
  const prefix = `Notifications${fleetName.replace(/[^A-Za-z0-9]/g, '')}Queue`;
  return Object.keys(template.Resources).find(
    (rid) => rid.startsWith(prefix) && template.Resources[rid]?.Type === 'AWS::SQS::Queue',
  );
}

function single(entries: [string, Resource][], what: string): [string, Resource] {
  if (entries.length !== 1 || !entries[0])
    throw new Error(`the template should declare one ${what}, found ${entries.length}`);
  return entries[0];
}

function logicalIdOf(template: Template, type: string, prefix: string): string {
  const id = Object.keys(template.Resources).find(
    (rid) => rid.startsWith(prefix) && template.Resources[rid]?.Type === type,
  );
  if (!id) throw new Error(`the template has no ${type} named ${prefix}…`);
  return id;
}

async function createTable(ddb: DynamoDBClient, tableName: string, table: Resource): Promise<void> {
  const p = table.Properties as {
    AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    GlobalSecondaryIndexes?: {
      IndexName: string;
      KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
      Projection: { ProjectionType: 'ALL' };
    }[];
    TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  };
  await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
    }),
  );
  if (p.TimeToLiveSpecification?.Enabled) {
    await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: p.TimeToLiveSpecification.AttributeName, Enabled: true },
      }),
    );
  }
}

/** The value CloudFormation would generate from GenerateSecretString. */
async function placeholder(sm: SecretsManagerClient, spec: Record<string, unknown> | undefined): Promise<string> {
  if (!spec) return '{}';
  const password =
    (
      await sm.send(
        new GetRandomPasswordCommand({
          PasswordLength: Number(spec.PasswordLength ?? 32),
          ExcludePunctuation: Boolean(spec.ExcludePunctuation),
        }),
      )
    ).RandomPassword ?? '';
  const template = JSON.parse(String(spec.SecretStringTemplate ?? '{}')) as Record<string, unknown>;
  return JSON.stringify({ ...template, [String(spec.GenerateStringKey ?? 'password')]: password });
}

/**
 * Scanner findings addressed as a scanner would: rekey's own finding bus for its custom sources (`rekey.scanner`,
 * `rekey.github`), the default bus (no EventBusName) for AWS's own. An entry that names its bus keeps it.
 */
export function onFindingBus<T extends { Source?: string; EventBusName?: string }>(
  deployment: Pick<LocalDeployment, 'findingBusName'>,
  entries: readonly T[],
): T[] {
  const own: readonly string[] = [SCANNER_EVENT.source, GITHUB_EVENT.source];
  return entries.map((e) =>
    e.EventBusName || !own.includes(e.Source ?? '') ? e : { ...e, EventBusName: deployment.findingBusName },
  );
}
