import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyProvider, KeySchedule, Rekey, type RekeyProps } from '../../lib';
import { synthStack } from '../support/synth';

const outdir = mkdtempSync(join(tmpdir(), 'rekey-construct-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const newStack = () =>
  new Stack(new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } }), 'Platform', {
    env: { account: '111111111111', region: 'eu-west-1' },
  });

const KEYS: RekeyProps['keys'] = [
  { name: 'support/tools', provider: KeyProvider.generated(), fleets: ['support'] },
  { name: 'ci/aws', provider: KeyProvider.awsIam({ userName: 'ci-bot' }), schedule: Duration.hours(6), fleets: ['ci'] },
];
const FLEETS: RekeyProps['fleets'] = [{ name: 'support' }, { name: 'ci' }];

describe('Rekey in a stack of its own user', () => {
  let stack: Stack;
  let rekey: Rekey;
  let template: Template;

  beforeAll(() => {
    stack = newStack();
    const admin = new secretsmanager.Secret(stack, 'OpenAiAdmin');
    // The user's own resource: the one acknowledgement their stack makes, and it is not about rekey's resources.
    Validations.of(admin).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'Rotated at OpenAI by its owner.' });
    rekey = new Rekey(stack, 'Rekey', {
      keys: [
        ...KEYS,
        {
          name: 'support/openai',
          provider: KeyProvider.openai({ projectId: 'proj_1', adminSecret: admin }),
          schedule: KeySchedule.cron('cron(0 4 ? * MON *)'),
          fleets: ['support'],
        },
      ],
      fleets: FLEETS,
    });
    template = Template.fromStack(stack);
  });

  it('passes cdk-nag AwsSolutions with nothing acknowledged for rekey by the stack', () => {
    const report = new AwsSolutionsChecks(stack.node.scope as App).validateScope(stack);

    expect(report.violations).toEqual([]);
  });

  it('rotates each key on its own schedule, Durations and cron alike', () => {
    for (const expression of ['rate(30 days)', 'rate(6 hours)', 'cron(0 4 ? * MON *)']) {
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        RotationRules: { ScheduleExpression: expression },
      });
    }
  });

  it("grants the rotation function the provider's admin secret on its full ARN and the IAM user's keys", () => {
    const admin = Object.keys(template.findResources('AWS::SecretsManager::Secret')).find((id) =>
      id.startsWith('OpenAiAdmin'),
    );
    const rotationRole = Object.keys(template.findResources('AWS::IAM::Role')).find((id) =>
      id.startsWith('RekeyRotationHandlerRole'),
    );

    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: rotationRole }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['iam:CreateAccessKey', 'iam:DeleteAccessKey']),
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:user/ci-bot']] },
          }),
          Match.objectLike({ Action: 'secretsmanager:GetSecretValue', Resource: { Ref: admin } }),
        ]),
      },
    });
  });

  it('declares the outputs the operator CLI looks for under their own names', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(
      [
        'AgentPolicyArnCi',
        'AgentPolicyArnSupport',
        'FindingBusArn',
        'FindingBusName',
        'FleetTopicArn',
        'InventoryTableName',
        'KeyReportAliasArnCi',
        'KeyReportAliasArnSupport',
        'KeyReportFunctionName',
        'OperatorPolicyArn',
        'OpsTopicArn',
        'RevocationStateMachineArn',
        'SecretPrefix',
      ].sort(),
    );
    template.hasOutput('SecretPrefix', { Value: 'rekey/' });
  });

  it("exposes each fleet's agent policy for the stack's own roles", () => {
    const role = new iam.Role(stack, 'Agents', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    role.addManagedPolicy(rekey.agentPolicy('support'));

    expect(rekey.keys['ci/aws']?.secretName).toBe('rekey/ci/aws');
    expect(() => rekey.agentPolicy('sales')).toThrow(
      'fleet "sales" has no agent policy (fleets with secrets: support, ci)',
    );
  });
});

describe('RekeyStack, the adapter from the config file', () => {
  it('keeps every logical id at the top of the stack, as the local stack finds them', () => {
    const { template } = synthStack();
    const ids = Object.keys(template.toJSON().Resources as object);

    for (const prefix of [
      'InventoryTable',
      'RotationHandlerFunction',
      'IntakeHandlerFunction',
      'RevocationStateMachine',
      'NotificationsFleetTopic',
      'NotificationssupportAgentPolicy',
      'OperatorPolicy',
      'Key0Secret',
    ]) {
      expect(
        ids.filter((id) => id.startsWith(prefix)),
        prefix,
      ).not.toEqual([]);
    }
    expect(ids.filter((id) => id.startsWith('Default'))).toEqual([]);
  });
});

describe("Rekey's props, validated with the prop, the limit and the value", () => {
  const rekey = (props: Partial<RekeyProps>) => () =>
    new Rekey(newStack(), 'Rekey', { keys: KEYS, fleets: FLEETS, ...props });
  const key = (overrides: Partial<RekeyProps['keys'][number]>) => [
    { ...KEYS[0], ...overrides } as RekeyProps['keys'][number],
  ];

  it.each([
    [{ schedule: Duration.hours(2) }, 'keys[0].schedule must be at least 4 hours, got rate(2 hours)'],
    [{ schedule: Duration.days(1001) }, 'keys[0].schedule must be at most 1000 days, got rate(1001 days)'],
    [{ schedule: Duration.minutes(90) }, 'keys[0].schedule must be a whole number of hours, got 1 hour 30 minutes'],
    [
      { schedule: KeySchedule.cron('every monday') },
      'keys[0].schedule must be rate(N hours|days) or cron(...), got every monday',
    ],
    [{ name: 'has space' }, 'keys[0].name must be 1 to 200 letters, digits and /_+=.@-, got "has space"'],
    [{ fleets: ['sales'] }, 'keys[0].fleets[0] must name one of fleets (support, ci), got "sales"'],
  ])('refuses a key with %o', (overrides, message) => {
    expect(rekey({ keys: key(overrides) })).toThrow(message);
  });

  it('refuses no keys, and two keys of one name', () => {
    expect(rekey({ keys: [] })).toThrow('keys must name at least one key, got none');
    expect(rekey({ keys: [...key({}), ...key({})] })).toThrow('keys[1].name must be unique, got "support/tools" twice');
  });

  it('refuses a fleet name logical ids cannot hold, and two fleets of one name', () => {
    expect(rekey({ keys: key({ fleets: [] }), fleets: [{ name: 'a b' }] })).toThrow(
      'fleets[0].name must be 1 to 64 letters, digits, _ and -, got "a b"',
    );
    expect(rekey({ fleets: [...(FLEETS ?? []), { name: 'ci' }] })).toThrow(
      'fleets[2].name must be unique, got "ci" twice',
    );
  });

  it('refuses a secret prefix without its slash and an ops address that is no email address', () => {
    expect(rekey({ secretPrefix: 'rekey' })).toThrow(
      'secretPrefix must be letters, digits and /_+=.@- ending in "/", got "rekey"',
    );
    expect(rekey({ opsEmail: 'ops' })).toThrow('opsEmail must be an email address, got "ops"');
  });

  it('passes verification and concurrency on to the constructs that check them', () => {
    expect(rekey({ verification: { scheduledWait: Duration.seconds(30) } })).toThrow(
      'verification.scheduledWait must be between 1 minute and 7 days, got 30 seconds',
    );
    expect(rekey({ maxConcurrentRotations: 101 })).toThrow(
      'maxConcurrentRotations must be an integer from 1 to 100, got 101',
    );
  });

  it('reserves 30 concurrent rotations by default: enough to keep the write quota busy at 2.5 s a rotation', () => {
    const stack = newStack();
    new Rekey(stack, 'Rekey', { keys: KEYS, fleets: FLEETS });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 30,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'rekey-rotation' }) },
    });
  });

  it('refuses a second Rekey in one stack with its outputs on, and takes one with them off', () => {
    const stack = newStack();
    new Rekey(stack, 'First', { keys: KEYS, fleets: FLEETS });

    expect(() => new Rekey(stack, 'Second', { keys: KEYS, fleets: FLEETS, secretPrefix: 'rekey2/' })).toThrow(
      'stackOutputs must be false for all but one Rekey in a stack, got a second in Platform (Platform/First declares them)',
    );

    const other = newStack();
    new Rekey(other, 'First', { keys: KEYS, fleets: FLEETS });
    new Rekey(other, 'Second', { keys: KEYS, fleets: FLEETS, secretPrefix: 'rekey2/', stackOutputs: false });
    expect(Object.keys(Template.fromStack(other).findOutputs('*'))).toContain('InventoryTableName');
  });
});
