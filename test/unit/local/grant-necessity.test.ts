import { describe, expect, it } from 'vitest';
import { type PolicyDocument, principal } from '../../../local/emulator/iam/account';
import { LocalAuthorizer, type UsageRecord } from '../../../local/emulator/iam/authorizer';
import type { AuthCheck, ResourceDirectory } from '../../../local/emulator/iam/requests';
import { type Grant, grantNecessity, withoutGrant } from '../../../local/emulator/iam/usage';

const ACCOUNT = '111111111111';
const SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rekey/agents/support-Ab12Cd`;
const OTHER = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rekey/agents/research-Ef34Gh`;
const read: AuthCheck = { action: 'secretsmanager:GetSecretValue', resource: SECRET, context: {} };

const allow = (Action: string[], Resource: string[]) => ({ Effect: 'Allow', Action, Resource });
const grant = (action: string, resource: string): Grant => ({
  roleId: 'FnRole',
  action,
  resource,
  label: `FnRole ${action} ${resource}`,
});

/** One role with the given identity policies, calls `checks` as it, and asks which grants were needed. */
async function necessity(
  policies: Record<string, PolicyDocument['Statement']>,
  grants: Grant[],
  checks: AuthCheck[] = [read],
  resourcePolicies = new Map<string, PolicyDocument>(),
) {
  const role = principal(
    'FnRole',
    'FnRole',
    ACCOUNT,
    Object.entries(policies).map(([name, Statement]) => ({ name, policy: { Version: '2012-10-17', Statement } })),
  );
  const usage: UsageRecord[] = [];
  const authorizer = new LocalAuthorizer({
    policies: { account: ACCOUNT, region: 'eu-west-1', roles: new Map(), resourcePolicies, managedPolicies: new Map() },
    directory: {} as ResourceDirectory,
    principals: new Map([[role.credentials.accessKeyId, role]]),
    administrators: new Set(),
    onAllowed: (record) => usage.push(record),
  });
  for (const check of checks) await authorizer.check(role, check);
  const uses = await grantNecessity(
    grants,
    usage,
    (id) => id,
    (who, check, p) => authorizer.allowedUnder(who, check, p),
    new Set(),
  );
  return uses;
}

describe('which used grants a call needs (taking each one out and evaluating again)', () => {
  it('proves a grant needed when the call is refused without it', async () => {
    const uses = await necessity({ FnPolicy: [allow(['secretsmanager:GetSecretValue'], [SECRET])] }, [
      grant('secretsmanager:GetSecretValue', SECRET),
    ]);

    expect(uses).toEqual([{ label: `FnRole secretsmanager:GetSecretValue ${SECRET}`, used: true, needed: true }]);
  });

  it('takes out every copy of a grant: the same pair granted by a second policy is the same permission', async () => {
    const uses = await necessity(
      {
        FnPolicy: [allow(['secretsmanager:GetSecretValue'], [SECRET])],
        Other: [allow(['secretsmanager:GetSecretValue'], [SECRET])],
      },
      [grant('secretsmanager:GetSecretValue', SECRET)],
    );

    expect(uses[0]).toMatchObject({ used: true, needed: true });
  });

  it('finds a grant redundant when a broader statement allows the same call', async () => {
    const uses = await necessity(
      {
        FnPolicy: [allow(['secretsmanager:GetSecretValue'], [SECRET])],
        Broad: [
          allow(['secretsmanager:GetSecretValue'], [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rekey/*`]),
        ],
      },
      [grant('secretsmanager:GetSecretValue', SECRET)],
    );

    expect(uses[0]).toMatchObject({ used: true, needed: false });
  });

  it("finds a grant redundant when the resource's own policy allows the call", async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/FnRole`;
    const secretPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ ...allow(['secretsmanager:GetSecretValue'], [SECRET]), Principal: { AWS: roleArn } }],
    };
    const uses = await necessity(
      { FnPolicy: [allow(['secretsmanager:GetSecretValue'], [SECRET])] },
      [grant('secretsmanager:GetSecretValue', SECRET)],
      [read],
      new Map([[SECRET, secretPolicy]]),
    );

    expect(uses[0]).toMatchObject({ used: true, needed: false });
  });

  it('leaves an unused grant unused, with nothing to prove', async () => {
    const uses = await necessity(
      { FnPolicy: [allow(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], [SECRET])] },
      [grant('secretsmanager:DescribeSecret', SECRET)],
    );

    expect(uses).toEqual([{ label: `FnRole secretsmanager:DescribeSecret ${SECRET}`, used: false }]);
  });
});

describe('taking one grant out of a policy', () => {
  it("keeps the statement's other actions and other resources, with its condition", () => {
    const condition = { StringEquals: { 'secretsmanager:VersionStage': 'AWSCURRENT' } };
    const policies = [
      {
        name: 'FnPolicy',
        policy: {
          Statement: [
            {
              ...allow(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], [SECRET, OTHER]),
              Condition: condition,
            },
          ],
        },
      },
      { name: 'Untouched', policy: { Statement: [allow(['secretsmanager:DescribeSecret'], [SECRET])] } },
    ];

    const [mutated, untouched] = withoutGrant(policies, grant('secretsmanager:GetSecretValue', SECRET));

    expect(mutated?.policy.Statement).toEqual([
      { Effect: 'Allow', Action: ['secretsmanager:DescribeSecret'], Resource: [SECRET, OTHER], Condition: condition },
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [OTHER], Condition: condition },
    ]);
    expect(untouched).toBe(policies[1]);
  });

  it('drops a statement left with nothing to allow', () => {
    const policies = [
      { name: 'FnPolicy', policy: { Statement: [allow(['secretsmanager:GetSecretValue'], [SECRET])] } },
    ];

    expect(withoutGrant(policies, grant('secretsmanager:GetSecretValue', SECRET))[0]?.policy.Statement).toEqual([]);
  });
});
