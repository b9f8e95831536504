import { createHash } from 'node:crypto';
import type { TemplateResolver } from '../resolve';
import type { Template } from '../synth';

/** An IAM policy document as the template declares it, intrinsics resolved. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** Someone who signs requests in the local account: a function's role, the state machine's, an agent, an operator. */
export interface LocalPrincipal {
  /** A short name for reports: the role's logical id, or `agent:<fleet>`, `operator`. */
  readonly name: string;
  readonly roleArn: string;
  /** The ARN AWS reports for a session of this role (error messages name it). */
  readonly sessionArn: string;
  readonly identityPolicies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
  /** The credentials this principal signs with here. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The account's policies as the synthesized template declares them, resolved against the local deployment. */
export interface LocalAccountPolicies {
  readonly account: string;
  readonly region: string;
  /** Role principals by role logical id. */
  readonly roles: ReadonlyMap<string, LocalPrincipal>;
  /** Resource ARN → resource policy (secret, topic, queue, KMS key, Lambda function, event bus). */
  readonly resourcePolicies: ReadonlyMap<string, PolicyDocument>;
  /** Customer managed policies by logical id (the agent and operator policies the constructs emit). */
  readonly managedPolicies: ReadonlyMap<string, PolicyDocument>;
}

/** A stable access key id for a principal name: `ASIA` and 16 characters, like a role session's key. */
export function accessKeyIdFor(name: string): string {
  const digest = createHash('sha256')
    .update(name)
    .digest('base64')
    .replace(/[^A-Z0-9]/gi, '');
  return `ASIA${digest.toUpperCase().slice(0, 16)}`;
}

export function principal(
  name: string,
  roleName: string,
  account: string,
  identityPolicies: LocalPrincipal['identityPolicies'],
): LocalPrincipal {
  return {
    name,
    roleArn: `arn:aws:iam::${account}:role/${roleName}`,
    sessionArn: `arn:aws:sts::${account}:assumed-role/${roleName}/${name.replace(/[^\w+=,.@-]/g, '-')}`,
    identityPolicies,
    credentials: { accessKeyId: accessKeyIdFor(name), secretAccessKey: `local-${name}` },
  };
}

type Resource = Template['Resources'][string];

const asArray = <T>(v: T | readonly T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? [...v] : [v as T];

/**
 * Reads every role, identity policy and resource policy from the template. Roles are named by their logical id
 * (CloudFormation would add the stack name and a suffix; nothing in rekey depends on role names).
 */
export function readAccountPolicies(
  template: Template,
  resolver: TemplateResolver,
  account: string,
): LocalAccountPolicies {
  const entries = Object.entries(template.Resources);
  const resolve = (v: unknown) => resolver.resolve(v);
  const refOf = (v: unknown): string | undefined => {
    const o = v as { Ref?: string } | undefined;
    return typeof o?.Ref === 'string' ? o.Ref : undefined;
  };

  const managedPolicies = new Map<string, PolicyDocument>();
  for (const [id, r] of entries) {
    if (r.Type === 'AWS::IAM::ManagedPolicy') {
      managedPolicies.set(id, resolve(r.Properties?.PolicyDocument) as PolicyDocument);
    }
  }

  const policiesByRole = new Map<string, { name: string; policy: PolicyDocument }[]>();
  const attach = (roleId: string, name: string, policy: PolicyDocument) => {
    const list = policiesByRole.get(roleId) ?? [];
    list.push({ name, policy });
    policiesByRole.set(roleId, list);
  };
  for (const [id, r] of entries) {
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      for (const role of asArray(r.Properties?.Roles as unknown[])) {
        const roleId = refOf(role);
        if (roleId) attach(roleId, id, resolve(r.Properties?.PolicyDocument) as PolicyDocument);
      }
    }
    if (r.Type === 'AWS::IAM::Role') {
      for (const inline of asArray(r.Properties?.Policies as { PolicyName: string; PolicyDocument: unknown }[])) {
        attach(id, inline.PolicyName, resolve(inline.PolicyDocument) as PolicyDocument);
      }
      for (const managed of asArray(r.Properties?.ManagedPolicyArns as unknown[])) {
        const policyId = refOf(managed);
        const doc = policyId ? managedPolicies.get(policyId) : undefined;
        if (policyId && doc) attach(id, policyId, doc);
      }
    }
  }
  const roles = new Map<string, LocalPrincipal>();
  for (const [id, r] of entries) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    const roleName = typeof r.Properties?.RoleName === 'string' ? r.Properties.RoleName : id;
    roles.set(id, principal(id, roleName, account, policiesByRole.get(id) ?? []));
  }

  const resourcePolicies = new Map<string, { Version: string; Statement: Record<string, unknown>[] }>();
  const addStatements = (arn: string, statements: readonly Record<string, unknown>[]) => {
    const doc = resourcePolicies.get(arn) ?? { Version: '2012-10-17', Statement: [] };
    doc.Statement.push(...statements);
    resourcePolicies.set(arn, doc);
  };
  const arnOf = (id: string, r: Resource | undefined): string => {
    if (r?.Type === 'AWS::SQS::Queue') return String(resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
    // A bus's ARN ends in its name, as AWS forms it (whatever the resolver was told).
    if (r?.Type === 'AWS::Events::EventBus' && typeof r.Properties?.Name === 'string') {
      return `arn:aws:events:${resolver.region}:${account}:event-bus/${r.Properties.Name}`;
    }
    if (r?.Type === 'AWS::KMS::Key' || r?.Type === 'AWS::Events::EventBus') {
      return String(resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
    }
    return String(resolve({ Ref: id }));
  };
  for (const [id, r] of entries) {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::SecretsManager::ResourcePolicy': {
        const secretId = refOf(p.SecretId);
        if (secretId)
          addStatements(arnOf(secretId, template.Resources[secretId]), statementsOf(resolve(p.ResourcePolicy)));
        break;
      }
      case 'AWS::SNS::TopicPolicy':
      case 'AWS::SQS::QueuePolicy': {
        const targets = asArray((r.Type === 'AWS::SNS::TopicPolicy' ? p.Topics : p.Queues) as unknown[]);
        for (const t of targets) {
          const tid = refOf(t);
          if (tid) addStatements(arnOf(tid, template.Resources[tid]), statementsOf(resolve(p.PolicyDocument)));
        }
        break;
      }
      case 'AWS::KMS::Key':
        addStatements(arnOf(id, r), statementsOf(resolve(p.KeyPolicy)));
        break;
      case 'AWS::Events::EventBus':
        if (p.Policy) addStatements(arnOf(id, r), statementsOf(resolve(p.Policy)));
        break;
      case 'AWS::Events::EventBusPolicy': {
        const bus = String(resolve(p.EventBusName ?? 'default'));
        const busArn = bus.startsWith('arn:') ? bus : `arn:aws:events:${resolver.region}:${account}:event-bus/${bus}`;
        addStatements(busArn, statementsOf(resolve(p.Statement ? { Statement: [p.Statement] } : p.Policy)));
        break;
      }
      case 'AWS::Lambda::Permission': {
        const fn = String(resolve(p.FunctionName));
        addStatements(fn, [lambdaPermissionStatement(id, p, resolve, fn)]);
        break;
      }
      default:
        break;
    }
  }
  return { account, region: resolver.region, roles, resourcePolicies, managedPolicies };
}

function statementsOf(doc: unknown): Record<string, unknown>[] {
  const s = (doc as { Statement?: unknown } | undefined)?.Statement;
  return asArray(s) as Record<string, unknown>[];
}

/** An AWS::Lambda::Permission as the statement Lambda adds to the function's resource policy. */
function lambdaPermissionStatement(
  id: string,
  p: Record<string, unknown>,
  resolve: (v: unknown) => unknown,
  functionArn: string,
): Record<string, unknown> {
  const principalValue = String(resolve(p.Principal));
  const principal = principalValue.endsWith('.amazonaws.com')
    ? { Service: principalValue }
    : { AWS: principalValue === '*' ? '*' : principalValue };
  const condition: Record<string, Record<string, string>> = {};
  if (p.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': String(resolve(p.SourceAccount)) };
  if (p.SourceArn) condition.ArnLike = { 'AWS:SourceArn': String(resolve(p.SourceArn)) };
  if (p.FunctionUrlAuthType) {
    condition.StringEquals = { ...condition.StringEquals, 'lambda:FunctionUrlAuthType': String(p.FunctionUrlAuthType) };
  }
  return {
    Sid: id,
    Effect: 'Allow',
    Principal: principal,
    Action: String(resolve(p.Action)),
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}
