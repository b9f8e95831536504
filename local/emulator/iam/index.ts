import { IAMClient, ListAccessKeysCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsApiError, type GatewayGuard } from '../gateway';
import { LOCAL_ACCOUNT, type TemplateResolver } from '../resolve';
import type { Template } from '../synth';
import { type LocalAccountPolicies, type LocalPrincipal, principal, readAccountPolicies } from './account';
import { LocalAccessDeniedError, LocalAuthorizer, UnrecognizedCredentialsError, type UsageRecord } from './authorizer';
import { type ApiRequest, type AuthCheck, type ResourceDirectory, UnmappedOperationError } from './requests';
import { type GrantUse, grantNecessity, grantUses, templateGrants, USAGE_DIR_ENV, writeGrantUses } from './usage';

export { accessKeyIdFor, type LocalPrincipal } from './account';
export { LocalAccessDeniedError, UnrecognizedCredentialsError } from './authorizer';

/** The administrator's credentials (the deployer; tests that look at state): any of these access key ids. */
export const ADMIN_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const ADMIN_KEYS = new Set(['local', 'testing']);

/** The access key id handlers get outside any function's container: the gateway refuses it. */
export const UNBOUND_ACCESS_KEY_ID = 'ASIAREKEYNOCONTAINER';

/** Error codes AWS answers an authorization failure with, per service (the SDKs raise these names). */
const DENIED_CODE: Record<string, { type: string; status: number }> = {
  sns: { type: 'AuthorizationError', status: 403 },
  sqs: { type: 'AccessDenied', status: 403 },
  iam: { type: 'AccessDenied', status: 403 },
  cloudformation: { type: 'AccessDenied', status: 403 },
  dynamodb: { type: 'AccessDeniedException', status: 400 },
};

export interface LocalIamOptions {
  readonly template: Template;
  readonly resolver: TemplateResolver;
  readonly account: string;
  /** The emulator, for looking up what authorization needs (a secret's full ARN, a key's user). */
  readonly motoEndpoint: string;
  /** Fleets whose agents get a principal (with the fleet's agent policy from the template). */
  readonly fleets: readonly string[];
}

/** IAM in the local account: every principal, the authorizer, and what each principal used. */
export interface LocalIam {
  readonly policies: LocalAccountPolicies;
  readonly authorizer: LocalAuthorizer;
  /** A function's execution role, by the function's logical id. */
  roleOfFunction(logicalId: string): LocalPrincipal;
  /** The state machine's role, by the state machine's logical id. */
  roleOfStateMachine(logicalId: string): LocalPrincipal;
  /** A fleet's agents, under the agent policy the stack emits for that fleet. */
  agent(fleet: string): LocalPrincipal;
  /** The on-call operator, under the operator policy the stack emits. */
  readonly operator: LocalPrincipal;
  /** The gateway's guard: IAM on every signed call. */
  readonly guard: GatewayGuard;
  /** Every allowed check so far. */
  readonly usage: UsageRecord[];
  /** Every refusal so far. */
  readonly denials: LocalAccessDeniedError[];
  /** Which of the template's grants the calls so far used. */
  grantUses(): GrantUse[];
  /**
   * Writes which grants were used, and which of those are needed (`grantNecessity`), where `npm test` collects them
   * for the least-privilege check (local/emulator/iam/usage.ts); does nothing when usage is not collected.
   */
  flushUsage(): Promise<void>;
}

function managedPolicyPrincipal(
  policies: LocalAccountPolicies,
  name: string,
  idPrefix: string,
  owners: Map<string, string>,
): LocalPrincipal | undefined {
  const entry = [...policies.managedPolicies.entries()].find(([id]) => id.startsWith(idPrefix));
  if (!entry) return undefined;
  owners.set(entry[0], name);
  return principal(name, localRoleName(name), policies.account, [{ name: entry[0], policy: entry[1] }]);
}

/** The role an agent or operator principal of the local account acts as (`rekey-local-operator`, …). */
const localRoleName = (name: string) => `rekey-local-${name.replace(/[^\w+=,.@-]/g, '-')}`;

/**
 * The local operator's role ARN: what a config lists in `intake.scannerPrincipals` so that `rekey report-leak
 * --local` may put findings on the finding bus, as an on-call role would be listed in AWS.
 */
export const LOCAL_OPERATOR_ROLE_ARN = `arn:aws:iam::${LOCAL_ACCOUNT}:role/${localRoleName('operator')}`;

/** Logical-id prefix of a fleet's agent policy (lib/fleet-notifications.ts). */
export const agentPolicyIdPrefix = (fleet: string) => `Notifications${fleet.replace(/[^A-Za-z0-9]/g, '')}AgentPolicy`;
/** Logical-id prefix of the operator policy (lib/operator-policy.ts). */
export const OPERATOR_POLICY_ID_PREFIX = 'OperatorPolicy';

export function createLocalIam(options: LocalIamOptions): LocalIam {
  const policies = readAccountPolicies(options.template, options.resolver, options.account);
  const region = options.resolver.region;
  const principals = new Map<string, LocalPrincipal>();
  for (const role of policies.roles.values()) principals.set(role.credentials.accessKeyId, role);

  const noPolicy = (name: string) => principal(name, localRoleName(name), options.account, []);
  const agents = new Map<string, LocalPrincipal>();
  /** Managed policy logical id → the principal that holds it here. */
  const policyHolders = new Map<string, string>();
  for (const fleet of options.fleets) {
    const p =
      managedPolicyPrincipal(policies, `agent-${fleet}`, agentPolicyIdPrefix(fleet), policyHolders) ??
      noPolicy(`agent-${fleet}`);
    agents.set(fleet, p);
    principals.set(p.credentials.accessKeyId, p);
  }
  const operator =
    managedPolicyPrincipal(policies, 'operator', OPERATOR_POLICY_ID_PREFIX, policyHolders) ?? noPolicy('operator');
  principals.set(operator.credentials.accessKeyId, operator);

  const direct = { endpoint: options.motoEndpoint, region, credentials: ADMIN_CREDENTIALS };
  const sm = new SecretsManagerClient(direct);
  const iam = new IAMClient(direct);
  const secretArns = new Map<string, string>();
  const directory: ResourceDirectory = {
    region,
    account: options.account,
    async secretArn(secretId) {
      const known = secretArns.get(secretId);
      if (known) return known;
      try {
        const out = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
        if (out.ARN) {
          secretArns.set(secretId, out.ARN);
          return out.ARN;
        }
      } catch {
        // Unknown secret: AWS authorizes on the ARN the name would have, and the caller is refused or told
        // the secret does not exist.
      }
      return secretId.startsWith('arn:')
        ? secretId
        : `arn:aws:secretsmanager:${region}:${options.account}:secret:${secretId}`;
    },
    partitionKey(tableName) {
      const table = Object.values(options.template.Resources).find(
        (r) => r.Type === 'AWS::DynamoDB::GlobalTable' || r.Type === 'AWS::DynamoDB::Table',
      );
      const schema = (table?.Properties?.KeySchema ?? []) as { AttributeName: string; KeyType: string }[];
      return tableName ? schema.find((k) => k.KeyType === 'HASH')?.AttributeName : undefined;
    },
    async accessKeyUser(accessKeyId) {
      const users = (await iam.send(new ListUsersCommand({}))).Users ?? [];
      for (const user of users) {
        const keys = (await iam.send(new ListAccessKeysCommand({ UserName: user.UserName }))).AccessKeyMetadata ?? [];
        if (keys.some((k) => k.AccessKeyId === accessKeyId)) return user.UserName;
      }
      return undefined;
    },
  };

  const usage: UsageRecord[] = [];
  const denials: LocalAccessDeniedError[] = [];
  const rotationFunctionOf = async (secretArn: string): Promise<string | undefined> => {
    try {
      return (await sm.send(new DescribeSecretCommand({ SecretId: secretArn }))).RotationLambdaARN;
    } catch {
      return undefined;
    }
  };
  const kmsKeyOfTopic = (topicArn: string): string | undefined => {
    for (const [id, r] of Object.entries(options.template.Resources)) {
      if (r.Type !== 'AWS::SNS::Topic' || !r.Properties?.KmsMasterKeyId) continue;
      if (String(options.resolver.resolve({ Ref: id })) === topicArn) {
        return String(options.resolver.resolve(r.Properties.KmsMasterKeyId));
      }
    }
    return undefined;
  };
  const rotationFunctionOfTemplate = (): string | undefined => {
    const schedule = Object.values(options.template.Resources).find(
      (r) => r.Type === 'AWS::SecretsManager::RotationSchedule',
    );
    return schedule ? String(options.resolver.resolve(schedule.Properties?.RotationLambdaARN)) : undefined;
  };

  const authorizer = new LocalAuthorizer({
    policies,
    directory,
    principals,
    administrators: ADMIN_KEYS,
    onAllowed: (record) => usage.push(record),
    onDenied: (error) => {
      denials.push(error);
      if (process.env.REKEY_IAM_TRACE) process.stderr.write(`[local IAM] denied: ${error.message}\n`);
    },
    async extraChecks(request: ApiRequest, checks: readonly AuthCheck[]): Promise<AuthCheck[]> {
      const extra: AuthCheck[] = [];
      if (request.service === 'secretsmanager' && request.operation === 'RotateSecret') {
        // RotateSecret also needs lambda:InvokeFunction on the rotation function (Secrets Manager API reference).
        const secretArn = checks[0]?.resource ?? '';
        const fn =
          (typeof request.params.RotationLambdaARN === 'string' ? request.params.RotationLambdaARN : undefined) ??
          // moto answers RotationLambdaARN "" for rotation it enabled without a function: fall back to the template.
          ((await rotationFunctionOf(secretArn)) || rotationFunctionOfTemplate());
        if (fn) extra.push({ action: 'lambda:InvokeFunction', resource: fn, context: {} });
      }
      if (request.service === 'sns' && request.operation === 'Publish') {
        // A topic encrypted with a customer managed key: the publisher needs the key too.
        const key = kmsKeyOfTopic(checks[0]?.resource ?? '');
        if (key) {
          const context = { 'kms:ViaService': `sns.${region}.amazonaws.com`, 'kms:CallerAccount': options.account };
          extra.push({ action: 'kms:GenerateDataKey', resource: key, context });
          extra.push({ action: 'kms:Decrypt', resource: key, context });
        }
      }
      return extra;
    },
  });

  /** Whether an access key was minted by IAM in the emulator and is active (a deactivated key signs nothing in AWS). */
  const isActiveUserKey = async (accessKeyId: string): Promise<boolean> => {
    const user = await directory.accessKeyUser(accessKeyId).catch(() => undefined);
    if (!user) return false;
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? [];
    return keys.some((k) => k.AccessKeyId === accessKeyId && k.Status === 'Active');
  };

  const guard: GatewayGuard = async (request) => {
    if (!request.service) {
      throw new AwsApiError('MissingAuthenticationTokenException', 'Request is missing Authentication Token', 403);
    }
    try {
      await authorizer.authorize(request, request.accessKeyId);
    } catch (err) {
      if (err instanceof LocalAccessDeniedError) {
        const code = DENIED_CODE[request.service] ?? { type: 'AccessDeniedException', status: 400 };
        throw new AwsApiError(code.type, err.message, code.status);
      }
      if (err instanceof UnrecognizedCredentialsError && (await isActiveUserKey(request.accessKeyId))) {
        // An IAM user's own access key (the aws-iam provider testing a key it minted): such a user has no
        // policies here, so only calls that need no permission pass (sts:GetCallerIdentity).
        if (request.service === 'sts' && request.operation === 'GetCallerIdentity') return;
        const code = DENIED_CODE[request.service] ?? { type: 'AccessDeniedException', status: 400 };
        throw new AwsApiError(
          code.type,
          `User ${request.accessKeyId} has no policy allowing ${request.service}:${request.operation}`,
          code.status,
        );
      }
      if (err instanceof UnrecognizedCredentialsError) {
        throw new AwsApiError(
          request.service === 'sts' || request.protocol === 'query'
            ? 'InvalidClientTokenId'
            : 'UnrecognizedClientException',
          err.message,
          403,
        );
      }
      if (err instanceof UnmappedOperationError) throw new AwsApiError('AccessDeniedException', err.message, 400);
      throw err;
    }
  };

  const byLogicalId = (id: string, what: string): LocalPrincipal => {
    const role = policies.roles.get(id);
    if (!role) throw new Error(`the template has no role ${id} for ${what}`);
    return role;
  };
  const roleRefOf = (resourceId: string, prop: 'Role' | 'RoleArn'): string => {
    const value = options.template.Resources[resourceId]?.Properties?.[prop] as { 'Fn::GetAtt'?: [string, string] };
    const roleId = value?.['Fn::GetAtt']?.[0];
    if (!roleId) throw new Error(`${resourceId} has no ${prop} in the template`);
    return roleId;
  };
  return {
    policies,
    authorizer,
    roleOfFunction: (logicalId) => byLogicalId(roleRefOf(logicalId, 'Role'), logicalId),
    roleOfStateMachine: (logicalId) => byLogicalId(roleRefOf(logicalId, 'RoleArn'), logicalId),
    agent(fleet) {
      const p = agents.get(fleet);
      if (!p) throw new Error(`no fleet ${fleet} in this deployment`);
      return p;
    },
    operator,
    guard,
    usage,
    denials,
    grantUses: () =>
      grantUses(templateGrants(options.template, options.resolver), usage, (id) => policyHolders.get(id) ?? id),
    async flushUsage() {
      if (!process.env[USAGE_DIR_ENV]) return;
      const principalOf = (id: string) => policyHolders.get(id) ?? id;
      const grants = templateGrants(options.template, options.resolver);
      writeGrantUses(
        await grantNecessity(grants, usage, principalOf, (who, check, p) => authorizer.allowedUnder(who, check, p)),
      );
    },
  };
}
