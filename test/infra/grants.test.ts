import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { afterAll, describe, expect, it } from 'vitest';
import { FleetNotifications, KeyProvider, ManagedKey } from '../../lib';

const outdir = mkdtempSync(join(tmpdir(), 'rekey-grants-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Each construct's grants on its own, in a stack that has nothing else of rekey's. */
const setUp = (provider: (stack: Stack) => KeyProvider) => {
  const stack = new Stack(new App({ outdir }), 'Alone', { env: { account: '111111111111', region: 'eu-west-1' } });
  const rotationFunction = new lambda.Function(stack, 'Rotation', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  const grantee = new iam.Role(stack, 'Grantee', { assumedBy: new iam.AccountRootPrincipal() });
  const key = new ManagedKey(stack, 'Key', {
    secretName: 'rekey/k',
    provider: provider(stack),
    rotationFunction,
  });
  const idOf = (type: string, prefix: string) => {
    const id = Object.keys(Template.fromStack(stack).findResources(type)).find((k) => k.startsWith(prefix));
    if (!id) throw new Error(`no ${type} ${prefix}`);
    return id;
  };
  const statementsOf = (rolePrefix: string) => {
    const role = idOf('AWS::IAM::Role', rolePrefix);
    return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  };
  return { stack, key, grantee, idOf, statementsOf };
};
const USER_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:user/ci-bot']] };

describe('ManagedKey grants', () => {
  it('lets a grantee read versions and move stages on the secret, by its own full ARN', () => {
    const { key, grantee, idOf, statementsOf } = setUp(() => KeyProvider.generated());

    key.grantStageMoves(grantee);

    const secret = { Ref: idOf('AWS::SecretsManager::Secret', 'KeySecret') };
    expect(statementsOf('Grantee')).toEqual([
      expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: secret,
      }),
      expect.objectContaining({ Action: 'secretsmanager:UpdateSecretVersionStage', Resource: secret }),
    ]);
  });

  it("grants an emergency rotation RotateSecret, the rotation function's invoke and the exposed key's revocation", () => {
    const { key, grantee, idOf, statementsOf } = setUp(() => KeyProvider.awsIam({ userName: 'ci-bot' }));

    key.grantEmergencyRotation(grantee);

    const secret = { Ref: idOf('AWS::SecretsManager::Secret', 'KeySecret') };
    const fn = idOf('AWS::Lambda::Function', 'Rotation');
    expect(statementsOf('Grantee')).toEqual([
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] }),
      expect.objectContaining({ Action: 'secretsmanager:UpdateSecretVersionStage', Resource: secret }),
      expect.objectContaining({ Action: 'secretsmanager:RotateSecret', Resource: secret }),
      expect.objectContaining({
        Action: ['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:ListUserTags', 'iam:UntagUser'],
        Resource: USER_ARN,
      }),
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: [{ 'Fn::GetAtt': [fn, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [fn, 'Arn'] }, ':*']] }],
      }),
    ]);
  });

  it("gives the rotation function what minting takes and a revocation grantee what revoking takes, on the IAM user's keys only", () => {
    const { key, grantee, statementsOf } = setUp(() => KeyProvider.awsIam({ userName: 'ci-bot' }));

    key.grantRevocation(grantee);

    expect(statementsOf('RotationServiceRole')).toContainEqual(
      expect.objectContaining({
        Action: [
          'iam:CreateAccessKey',
          'iam:ListAccessKeys',
          'iam:UpdateAccessKey',
          'iam:DeleteAccessKey',
          'iam:TagUser',
          'iam:UntagUser',
          'iam:ListUserTags',
        ],
        Resource: USER_ARN,
      }),
    );
    expect(statementsOf('Grantee')).toContainEqual(
      expect.objectContaining({
        Action: [
          'iam:GetAccessKeyLastUsed',
          'iam:UpdateAccessKey',
          'iam:ListAccessKeys',
          'iam:DeleteAccessKey',
          'iam:ListUserTags',
          'iam:UntagUser',
        ],
        Resource: USER_ARN,
      }),
    );
    const granteeActions = statementsOf('Grantee').flatMap((s) => [s.Action].flat());
    expect(granteeActions).not.toContain('iam:CreateAccessKey');
    expect(granteeActions).not.toContain('iam:TagUser');
  });

  it('reads an admin secret known by name on its -?????? pattern, and names it in the secret by name', () => {
    const { stack, key, grantee, statementsOf } = setUp((s) =>
      KeyProvider.anthropic({
        adminSecret: secretsmanager.Secret.fromSecretNameV2(s, 'Admin', 'rekey-admin/anthropic'),
      }),
    );

    key.grantRevocation(grantee);

    const pattern = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':secretsmanager:eu-west-1:111111111111:secret:rekey-admin/anthropic-??????',
        ],
      ],
    };
    expect(statementsOf('Grantee')).toContainEqual(expect.objectContaining({ Resource: pattern }));
    expect(statementsOf('RotationServiceRole')).toContainEqual(expect.objectContaining({ Resource: pattern }));
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: Match.stringLikeRegexp('"provider":"anthropic".*"adminSecretId":"rekey-admin/anthropic"'),
      },
    });
  });

  it('gives a generated key no provider permission: revocation is stage moves only', () => {
    const { key, grantee, statementsOf } = setUp(() => KeyProvider.generated());

    key.grantRevocation(grantee);

    expect(statementsOf('Grantee').flatMap((s) => [s.Action].flat())).toEqual([
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
      'secretsmanager:UpdateSecretVersionStage',
    ]);
  });
});

describe('FleetNotifications publish grants', () => {
  it("grant fleet notifications and operator alerts on one topic each, with the topics' key through SNS", () => {
    const { stack, key, grantee, idOf, statementsOf } = setUp(() => KeyProvider.generated());
    const notifications = new FleetNotifications(stack, 'Notifications', {
      fleets: [{ name: 'support', secrets: [{ secret: key.secret, secretName: key.secretName }] }],
    });

    notifications.grantNotifyFleets(grantee);
    notifications.grantAlertOperators(grantee);

    expect(statementsOf('Grantee')).toEqual([
      expect.objectContaining({
        Action: 'sns:Publish',
        Resource: { Ref: idOf('AWS::SNS::Topic', 'NotificationsFleetTopic') },
      }),
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: { 'Fn::GetAtt': [idOf('AWS::KMS::Key', 'NotificationsKey'), 'Arn'] },
      }),
      expect.objectContaining({
        Action: 'sns:Publish',
        Resource: { Ref: idOf('AWS::SNS::Topic', 'NotificationsOpsTopic') },
      }),
    ]);
  });
});

describe('KeyProvider factories', () => {
  it.each([
    [
      () => KeyProvider.generated({ length: 8 }),
      'KeyProvider.generated: length must be an integer from 32 to 128, got 8',
    ],
    [
      () => KeyProvider.generated({ prefix: 'RK-' }),
      'KeyProvider.generated: prefix must be 1 to 8 lowercase letters and "_", got "RK-"',
    ],
    [
      () => KeyProvider.awsIam({ userName: 'ci bot' }),
      'KeyProvider.awsIam: userName must be 1 to 64 of letters, digits and +=,.@_-, got "ci bot"',
    ],
    [
      () => KeyProvider.http({ baseUrl: 'keys.internal', adminSecret: {} as never }),
      'KeyProvider.http: baseUrl must be an absolute URL, got "keys.internal"',
    ],
    [
      () => KeyProvider.http({ baseUrl: 'https://keys.internal', createPath: 'keys', adminSecret: {} as never }),
      'KeyProvider.http: createPath must start with "/", got "keys"',
    ],
    [
      () => KeyProvider.openai({ projectId: '', adminSecret: {} as never }),
      'KeyProvider.openai: projectId must not be empty, got ""',
    ],
    [
      () => KeyProvider.openai({ projectid: 'proj_1', adminSecret: {} } as never),
      'KeyProvider.openai: unknown option "projectid" (options: projectId, adminSecret, baseUrl)',
    ],
    [() => KeyProvider.awsIam({} as never), 'KeyProvider.awsIam: userName is required'],
    [
      () => KeyProvider.anthropic({ workspaceId: 'wrkspc_1' } as never),
      'KeyProvider.anthropic: adminSecret is required',
    ],
  ])('refuses what the provider would refuse (%#)', (make, message) => {
    expect(make).toThrow(message);
  });

  it('fills in the defaults the config file fills in', () => {
    expect(KeyProvider.generated().options).toEqual({ length: 40, prefix: 'rk_' });
    expect(KeyProvider.openai({ projectId: 'p', adminSecret: {} as never }).options).toEqual({
      projectId: 'p',
      baseUrl: 'https://api.openai.com',
    });
  });
});
