/**
 * What AWS authorizes for one API call: the action, the resource ARN it acts on and the condition keys the service
 * sets for it. One call can need several checks (RotateSecret also needs lambda:InvokeFunction on the rotation
 * function; a publish to a KMS-encrypted topic needs the key too); the service layer adds those with what it
 * knows about the resources (local/emulator/iam/authorizer.ts).
 *
 * The condition keys follow the Service Authorization Reference for each action. Only the operations rekey's
 * functions, agents, CLI and the clients it is tested with make are mapped; an unmapped operation is refused
 * (UnmappedOperationError) rather than let through unchecked.
 */
export interface AuthCheck {
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string | string[]>;
}

/** A parsed request as the gateway received it. */
export interface ApiRequest {
  /** Signing name from the SigV4 credential scope (secretsmanager, dynamodb, sns, sqs, states, events, iam, sts…). */
  readonly service: string;
  /** Operation name (`GetSecretValue`, `Publish`, …). */
  readonly operation: string;
  /** JSON body, or the form fields of a query-protocol call. */
  readonly params: Record<string, unknown>;
}

export class UnmappedOperationError extends Error {
  constructor(request: Pick<ApiRequest, 'service' | 'operation'>) {
    super(`the local stack does not know how AWS authorizes ${request.service}:${request.operation}`);
    this.name = 'UnmappedOperationError';
  }
}

/** What the mapping needs to know about the account's resources (names to ARNs, a table's key). */
export interface ResourceDirectory {
  readonly region: string;
  readonly account: string;
  /** A secret's full ARN (with its six-character suffix) from a name, partial ARN or full ARN. */
  secretArn(secretId: string): Promise<string>;
  /** A table's partition key attribute name. */
  partitionKey(tableName: string): string | undefined;
  /** The user that owns an access key (IAM's GetAccessKeyLastUsed names only the key). */
  accessKeyUser(accessKeyId: string): Promise<string | undefined>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The checks AWS makes for `request`, or none for calls that need no permission (sts:GetCallerIdentity). */
export async function authChecks(request: ApiRequest, dir: ResourceDirectory): Promise<AuthCheck[]> {
  const mapper = MAPPERS[request.service];
  if (!mapper) throw new UnmappedOperationError(request);
  const checks = await mapper(request.operation, request.params, dir);
  if (checks === undefined) throw new UnmappedOperationError(request);
  return checks;
}

type Mapper = (
  operation: string,
  params: Record<string, unknown>,
  dir: ResourceDirectory,
) => Promise<AuthCheck[] | undefined>;

const arn = (dir: ResourceDirectory, service: string, resource: string, region = dir.region) =>
  `arn:aws:${service}:${region}:${dir.account}:${resource}`;

/**
 * The tag condition keys AWS sets on a request that tags (CreateSecret, TagResource: `aws:RequestTag/<key>` and
 * `aws:TagKeys`) or untags (UntagResource: `aws:TagKeys`).
 */
function tagContext(p: Record<string, unknown>): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  if (Array.isArray(p.Tags)) {
    const tags = p.Tags as { Key?: unknown; Value?: unknown }[];
    for (const t of tags) context[`aws:RequestTag/${str(t.Key)}`] = str(t.Value);
    context['aws:TagKeys'] = tags.map((t) => str(t.Key));
  }
  if (Array.isArray(p.TagKeys)) context['aws:TagKeys'] = (p.TagKeys as unknown[]).map(str);
  return context;
}

const secretsManager: Mapper = async (operation, p, dir) => {
  const action = `secretsmanager:${operation}`;
  switch (operation) {
    case 'GetRandomPassword':
    case 'ListSecrets':
      return [{ action, resource: '*', context: {} }];
    case 'CreateSecret': {
      const name = str(p.Name);
      return [{ action, resource: arn(dir, 'secretsmanager', `secret:${name}-??????`), context: tagContext(p) }];
    }
    case 'GetSecretValue':
    case 'DescribeSecret':
    case 'PutSecretValue':
    case 'UpdateSecretVersionStage':
    case 'RotateSecret':
    case 'CancelRotateSecret':
    case 'ListSecretVersionIds':
    case 'TagResource':
    case 'UntagResource':
    case 'PutResourcePolicy':
    case 'GetResourcePolicy':
    case 'DeleteSecret':
    case 'UpdateSecret': {
      const secretId = str(p.SecretId);
      const resource = await dir.secretArn(secretId);
      const context: Record<string, string | string[]> = { 'secretsmanager:SecretId': resource };
      if (operation === 'GetSecretValue') {
        if (p.VersionStage) context['secretsmanager:VersionStage'] = str(p.VersionStage);
        if (p.VersionId) context['secretsmanager:VersionId'] = str(p.VersionId);
      }
      if (operation === 'UpdateSecretVersionStage') context['secretsmanager:VersionStage'] = str(p.VersionStage);
      if (operation === 'RotateSecret' && p.RotationLambdaARN) {
        context['secretsmanager:RotationLambdaARN'] = str(p.RotationLambdaARN);
      }
      if (operation === 'TagResource' || operation === 'UntagResource') Object.assign(context, tagContext(p));
      return [{ action, resource, context }];
    }
    default:
      return undefined;
  }
};

/** Top-level attribute names an expression reads or writes (`#n` resolved through ExpressionAttributeNames). */
export function expressionAttributes(expression: string, names: Record<string, string> = {}): string[] {
  const out = new Set<string>();
  const withoutValues = expression.replace(/:[A-Za-z0-9_]+/g, ' ');
  const keywords = new Set(['SET', 'REMOVE', 'ADD', 'DELETE', 'AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
  const functions = new Set([
    'if_not_exists',
    'list_append',
    'attribute_exists',
    'attribute_not_exists',
    'attribute_type',
    'begins_with',
    'contains',
    'size',
  ]);
  // A path starts after a separator; only its first element is the top-level attribute.
  const pathStart = /(^|[\s,=(+\-<>])(#[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*)/g;
  for (const match of withoutValues.matchAll(pathStart)) {
    const token = match[2] ?? '';
    const after = withoutValues.slice((match.index ?? 0) + match[0].length).trimStart();
    if (token.startsWith('#')) {
      const name = names[token];
      if (name !== undefined) out.add(name);
      continue;
    }
    if (keywords.has(token.toUpperCase()) || (functions.has(token) && after.startsWith('('))) continue;
    out.add(token);
  }
  return [...out];
}

function dynamoValue(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.S === 'string') return o.S;
  if (typeof o.N === 'string') return o.N;
  return undefined;
}

/** The partition key value a KeyConditionExpression fixes (`#pk = :v` or `pk = :v`). */
function queryPartitionValue(p: Record<string, unknown>, partitionKey: string | undefined): string | undefined {
  const expression = str(p.KeyConditionExpression);
  const names = (p.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (p.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const m of expression.matchAll(/(#?[A-Za-z0-9_]+)\s*=\s*(:[A-Za-z0-9_]+)/g)) {
    const name = m[1]?.startsWith('#') ? names[m[1]] : m[1];
    if (name === partitionKey || partitionKey === undefined) return dynamoValue(values[m[2] ?? '']);
  }
  return undefined;
}

function dynamoItemCheck(
  action: string,
  p: Record<string, unknown>,
  dir: ResourceDirectory,
  kind: 'get' | 'put' | 'update' | 'delete' | 'check',
): AuthCheck {
  const table = str(p.TableName);
  const pk = dir.partitionKey(table);
  const key = (kind === 'put' ? p.Item : p.Key) as Record<string, unknown> | undefined;
  const context: Record<string, string | string[]> = {};
  const leading = pk && key ? dynamoValue(key[pk]) : undefined;
  if (leading !== undefined) context['dynamodb:LeadingKeys'] = [leading];
  const names = (p.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const attributes = new Set<string>(Object.keys(key ?? {}));
  if (kind === 'update') for (const a of expressionAttributes(str(p.UpdateExpression), names)) attributes.add(a);
  // The legacy parameters name attributes too, and AWS counts them in dynamodb:Attributes.
  if (kind === 'update') for (const a of Object.keys((p.AttributeUpdates ?? {}) as object)) attributes.add(a);
  if (kind === 'get' && p.ProjectionExpression) {
    for (const a of expressionAttributes(str(p.ProjectionExpression), names)) attributes.add(a);
  }
  if (kind === 'get') for (const a of (p.AttributesToGet ?? []) as string[]) attributes.add(a);
  context['dynamodb:Attributes'] = [...attributes];
  if (p.ReturnValues) context['dynamodb:ReturnValues'] = str(p.ReturnValues);
  if (p.Select) context['dynamodb:Select'] = str(p.Select);
  return { action, resource: arn(dir, 'dynamodb', `table/${table}`), context };
}

const dynamodb: Mapper = async (operation, p, dir) => {
  const action = `dynamodb:${operation}`;
  switch (operation) {
    case 'GetItem':
      return [dynamoItemCheck(action, p, dir, 'get')];
    case 'PutItem':
      return [dynamoItemCheck(action, p, dir, 'put')];
    case 'UpdateItem':
      return [dynamoItemCheck(action, p, dir, 'update')];
    case 'DeleteItem':
      return [dynamoItemCheck(action, p, dir, 'delete')];
    case 'Query':
    case 'Scan': {
      const table = str(p.TableName);
      const index = p.IndexName ? `/index/${str(p.IndexName)}` : '';
      const context: Record<string, string | string[]> = {};
      if (operation === 'Query' && !p.IndexName) {
        const leading = queryPartitionValue(p, dir.partitionKey(table));
        if (leading !== undefined) context['dynamodb:LeadingKeys'] = [leading];
      }
      if (p.Select) context['dynamodb:Select'] = str(p.Select);
      return [{ action, resource: arn(dir, 'dynamodb', `table/${table}${index}`), context }];
    }
    case 'TransactWriteItems': {
      const items = (p.TransactItems ?? []) as Record<string, Record<string, unknown>>[];
      return items.flatMap((item) => {
        if (item.Put) return [dynamoItemCheck('dynamodb:PutItem', item.Put, dir, 'put')];
        if (item.Update) return [dynamoItemCheck('dynamodb:UpdateItem', item.Update, dir, 'update')];
        if (item.Delete) return [dynamoItemCheck('dynamodb:DeleteItem', item.Delete, dir, 'delete')];
        if (item.ConditionCheck) {
          return [dynamoItemCheck('dynamodb:ConditionCheckItem', item.ConditionCheck, dir, 'check')];
        }
        return [];
      });
    }
    case 'BatchGetItem':
    case 'BatchWriteItem': {
      const tables = Object.keys((p.RequestItems ?? {}) as Record<string, unknown>);
      return tables.map((t) => ({ action, resource: arn(dir, 'dynamodb', `table/${t}`), context: {} }));
    }
    case 'DescribeTable':
      return [{ action, resource: arn(dir, 'dynamodb', `table/${str(p.TableName)}`), context: {} }];
    default:
      return undefined;
  }
};

const sns: Mapper = async (operation, p) => {
  const action = `sns:${operation}`;
  switch (operation) {
    case 'Publish':
      return [{ action, resource: str(p.TopicArn) || str(p.TargetArn), context: {} }];
    case 'Subscribe':
    case 'ListSubscriptionsByTopic':
    case 'GetTopicAttributes':
      return [{ action, resource: str(p.TopicArn), context: {} }];
    case 'ConfirmSubscription':
      // Confirming with the token needs no credentials (the endpoint proves it received the message).
      return [];
    case 'ListTopics':
      return [{ action, resource: '*', context: {} }];
    default:
      return undefined;
  }
};

/** `https://sqs…/ACCOUNT/NAME` or `http://127.0.0.1:PORT/ACCOUNT/NAME` → the queue's ARN. */
export function queueArnFromUrl(url: string, dir: Pick<ResourceDirectory, 'region' | 'account'>): string {
  const parts = url.replace(/\/+$/, '').split('/');
  const name = parts[parts.length - 1] ?? '';
  const account = parts[parts.length - 2] || dir.account;
  return `arn:aws:sqs:${dir.region}:${account}:${name}`;
}

const sqs: Mapper = async (operation, p, dir) => {
  const action = `sqs:${operation}`;
  switch (operation) {
    case 'ReceiveMessage':
    case 'DeleteMessage':
    case 'DeleteMessageBatch':
    case 'SendMessage':
    case 'SendMessageBatch':
    case 'GetQueueAttributes':
    case 'SetQueueAttributes':
    case 'ChangeMessageVisibility':
    case 'ChangeMessageVisibilityBatch':
    case 'PurgeQueue':
    case 'DeleteQueue': {
      const batchAction = operation.endsWith('Batch') ? `sqs:${operation.replace(/Batch$/, '')}` : action;
      return [{ action: batchAction, resource: queueArnFromUrl(str(p.QueueUrl), dir), context: {} }];
    }
    case 'GetQueueUrl':
      return [{ action, resource: arn(dir, 'sqs', str(p.QueueName)), context: {} }];
    case 'CreateQueue':
      return [{ action, resource: arn(dir, 'sqs', str(p.QueueName)), context: {} }];
    case 'ListQueues':
      return [{ action, resource: '*', context: {} }];
    default:
      return undefined;
  }
};

const states: Mapper = async (operation, p) => {
  const action = `states:${operation}`;
  switch (operation) {
    case 'StartExecution':
    case 'ListExecutions':
    case 'DescribeStateMachine':
      return [{ action, resource: str(p.stateMachineArn), context: {} }];
    case 'DescribeExecution':
    case 'StopExecution':
    case 'GetExecutionHistory':
      return [{ action, resource: str(p.executionArn), context: {} }];
    case 'ListStateMachines':
      return [{ action, resource: '*', context: {} }];
    default:
      return undefined;
  }
};

const events: Mapper = async (operation, p, dir) => {
  switch (operation) {
    case 'PutEvents': {
      const entries = (p.Entries ?? []) as Record<string, unknown>[];
      return entries.map((entry) => {
        const bus = str(entry.EventBusName) || 'default';
        const resource = bus.startsWith('arn:') ? bus : arn(dir, 'events', `event-bus/${bus}`);
        return {
          action: 'events:PutEvents',
          resource,
          context: { 'events:source': str(entry.Source), 'events:detail-type': str(entry.DetailType) },
        };
      });
    }
    case 'PutRule':
    case 'PutTargets':
    case 'DescribeRule':
    case 'ListTargetsByRule': {
      const rule = str(p.Name) || str(p.Rule);
      const bus = str(p.EventBusName);
      const path = bus && bus !== 'default' ? `rule/${bus}/${rule}` : `rule/${rule}`;
      return [{ action: `events:${operation}`, resource: arn(dir, 'events', path), context: {} }];
    }
    case 'CreateEventBus':
      return [
        { action: 'events:CreateEventBus', resource: arn(dir, 'events', `event-bus/${str(p.Name)}`), context: {} },
      ];
    default:
      return undefined;
  }
};

const iamUser = (dir: ResourceDirectory, user: string) => `arn:aws:iam::${dir.account}:user/${user}`;

const iam: Mapper = async (operation, p, dir) => {
  const action = `iam:${operation}`;
  switch (operation) {
    case 'CreateAccessKey':
    case 'ListAccessKeys':
    case 'UpdateAccessKey':
    case 'DeleteAccessKey':
    case 'TagUser':
    case 'UntagUser':
    case 'ListUserTags':
    case 'GetUser':
    case 'CreateUser':
      return [{ action, resource: iamUser(dir, str(p.UserName)), context: {} }];
    case 'GetAccessKeyLastUsed': {
      const user = await dir.accessKeyUser(str(p.AccessKeyId));
      return [{ action, resource: iamUser(dir, user ?? 'unknown-user'), context: {} }];
    }
    default:
      return undefined;
  }
};

const sts: Mapper = async (operation) => (operation === 'GetCallerIdentity' ? [] : undefined);

const cloudformation: Mapper = async (operation, p, dir) => {
  if (operation !== 'DescribeStacks') return undefined;
  const stack = str(p.StackName);
  const resource = stack.startsWith('arn:') ? stack : arn(dir, 'cloudformation', `stack/${stack || '*'}/*`);
  return [{ action: 'cloudformation:DescribeStacks', resource, context: {} }];
};

/**
 * Lambda's Invoke: `lambda:InvokeFunction` on the function (a name is in the caller's account and region; a
 * qualifier names a version or alias, `function:NAME:QUALIFIER`).
 */
const lambda: Mapper = async (operation, p, dir) => {
  if (operation !== 'Invoke') return undefined;
  const name = str(p.FunctionName);
  const base = name.startsWith('arn:') ? name : arn(dir, 'lambda', `function:${name}`);
  const qualifier = str(p.Qualifier);
  const resource = qualifier && base.split(':').length === 7 ? `${base}:${qualifier}` : base;
  return [{ action: 'lambda:InvokeFunction', resource, context: {} }];
};

const MAPPERS: Record<string, Mapper> = {
  lambda,
  secretsmanager: secretsManager,
  dynamodb,
  sns,
  sqs,
  states,
  events,
  iam,
  sts,
  cloudformation,
};
