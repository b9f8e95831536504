import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RekeyConfigInput } from '../../lib/config';
import type { ApiRequest } from '../../local/emulator/iam/requests';
import { synthStack } from '../support/synth';
import { arn, at, type EvaluationWorld, evaluationWorld } from './policy-evaluation';

/**
 * Keys enrolled at run time (lib/key-enrollment.ts): the stack does not grow with them, and every grant on them is
 * on the enrolled prefix, a fleet's agents on their own fleet's part of it, evaluated on AWS-form ARNs.
 */
const ENROLLING: RekeyConfigInput = {
  keys: [{ name: 'agents/support/internal', provider: 'generated', fleets: ['support'] }],
  fleets: [{ name: 'support' }, { name: 'research' }, { name: 'a' }, { name: 'b' }, { name: 'ab' }],
  enrollment: {
    profiles: [
      { name: 'internal', provider: 'generated' },
      {
        name: 'billing',
        provider: 'http',
        options: { baseUrl: 'https://keys.internal.example' },
        adminSecretName: 'admin/billing',
      },
    ],
  },
  intake: { scannerPrincipals: ['arn:aws:iam::111111111111:role/operator'] },
};
const ONLY_ENROLLED: RekeyConfigInput = { ...ENROLLING, keys: [] };

/** An enrolled key's ARN as AWS gives it: the name and six random characters. */
const enrolledArn = (name: string) => arn(`secretsmanager:${at}:secret:rekey/enrolled/${name}-AbC123`);
const secretCall = (operation: string, secretId: string, extra: Record<string, unknown> = {}): ApiRequest => ({
  service: 'secretsmanager',
  operation,
  params: { SecretId: secretId, ...extra },
});
const ack = (pk: string): ApiRequest => ({
  service: 'dynamodb',
  operation: 'UpdateItem',
  params: {
    TableName: 'rekey-inventory',
    Key: { pk: { S: pk }, sk: { S: 'VERSION#8e3f0c52-6f0a-4d3b-9a57-0a6f5e1c2b3d' } },
    UpdateExpression: 'ADD ackAgents :a SET lastAckAt = :t',
    ExpressionAttributeValues: { ':a': { SS: ['agent-1'] }, ':t': { S: '2026-12-01T00:00:00.000Z' } },
  },
});

let world: EvaluationWorld;
beforeAll(() => {
  world = evaluationWorld(ENROLLING);
});

const role = (prefix: string) => {
  const found = Object.entries(world.roles).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`no role ${prefix}`);
  return found[1];
};
const functionArn = (prefix: string) => {
  const id = Object.keys(world.template.Resources).find(
    (k) => k.startsWith(prefix) && world.template.Resources[k]?.Type === 'AWS::Lambda::Function',
  );
  return String(world.resolver.resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
};

describe('the stack with enrollment', () => {
  it('keeps the same resources however many keys are enrolled: none of them is a resource', () => {
    const { template } = synthStack(ONLY_ENROLLED);
    const resources = Object.values(template.toJSON().Resources as Record<string, { Type: string }>);

    expect(resources.filter((r) => r.Type === 'AWS::SecretsManager::Secret')).toEqual([]);
    expect(resources.filter((r) => r.Type === 'AWS::SecretsManager::RotationSchedule')).toEqual([]);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    template.hasOutput('EnrollFunctionName', {});
  });

  it('gives a fleet whose keys are all enrolled its queue, its fleet-addressed subscription and a policy to read it', () => {
    const { template } = synthStack(ONLY_ENROLLED);
    const resources = template.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const subscriptions = Object.values(resources).filter((r) => r.Type === 'AWS::SNS::Subscription');
    const filters = subscriptions.map((r) => JSON.stringify(r.Properties.FilterPolicy));
    for (const fleet of ['support', 'research', 'a', 'b', 'ab']) {
      expect(filters).toContain(JSON.stringify({ fleets: [fleet] }));
    }
    const research = Object.entries(resources).find(
      ([id, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && id.startsWith('NotificationsresearchAgentPolicy'),
    );
    const statements = JSON.stringify(research?.[1].Properties.PolicyDocument);
    expect(statements).toContain('sqs:ReceiveMessage');
    expect(statements).toContain('ReadEnrolledKeys');
    expect(statements).not.toContain('ReadFleetKeys');
  });

  it('refuses a config with neither keys nor enrollment, and an enrolled prefix outside secretPrefix', () => {
    expect(() => synthStack({ ...ONLY_ENROLLED, enrollment: undefined })).toThrow(/keys: name at least one key/);
    expect(() =>
      synthStack({ ...ENROLLING, enrollment: { prefix: 'other/', profiles: [{ name: 'p', provider: 'generated' }] } }),
    ).toThrow(/enrollment\.prefix: must lie under secretPrefix/);
  });

  it('refuses profiles whose keys need per-key resources (aws-iam)', () => {
    expect(() =>
      synthStack({
        ...ENROLLING,
        enrollment: { profiles: [{ name: 'p', provider: 'aws-iam', options: { userName: 'u' } } as never] },
      }),
    ).toThrow(/enrollment\.profiles\[0\]\.provider/);
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    const { app } = synthStack(ONLY_ENROLLED);
    const report = new AwsSolutionsChecks(app as App).validateScope(app as App);
    expect(report.violations).toEqual([]);
  });
});

describe('grants on enrolled keys', () => {
  it("lets a fleet's agents read their fleet's enrolled keys only: a reads a/x, not b/x, not ab/x", async () => {
    const a = world.agent('a');

    expect(await world.allowed(a, secretCall('GetSecretValue', enrolledArn('a/x')))).toBe(true);
    expect(await world.allowed(a, secretCall('GetSecretValue', enrolledArn('a/team/x')))).toBe(true);
    expect(await world.allowed(a, secretCall('GetSecretValue', enrolledArn('b/x')))).toBe(false);
    expect(await world.allowed(a, secretCall('GetSecretValue', enrolledArn('ab/x')))).toBe(false);
    expect(await world.allowed(world.agent('ab'), secretCall('GetSecretValue', enrolledArn('a/x')))).toBe(false);
  });

  it("lets a fleet's agents acknowledge versions of their own enrolled keys only", async () => {
    const a = world.agent('a');

    expect(await world.allowed(a, ack('SECRET#rekey/enrolled/a/x'))).toBe(true);
    expect(await world.allowed(a, ack('SECRET#rekey/enrolled/ab/x'))).toBe(false);
    expect(await world.allowed(a, ack('SECRET#rekey/enrolled/b/x'))).toBe(false);
    expect(await world.allowed(a, ack('SECRET#rekey/agents/support/internal'))).toBe(false);
  });

  it('lets the enroll function make and remove secrets under the enrolled prefix only', async () => {
    const enroll = role('EnrollmentHandler');
    const create = (name: string) => secretCall('CreateSecret', name, { Name: name });

    expect(await world.allowed(enroll, create('rekey/enrolled/a/x'))).toBe(true);
    expect(await world.allowed(enroll, secretCall('DeleteSecret', enrolledArn('a/x')))).toBe(true);
    expect(await world.allowed(enroll, create('rekey/agents/x'))).toBe(false);
    expect(await world.allowed(enroll, create('other/x'))).toBe(false);
    expect(await world.allowed(enroll, secretCall('GetSecretValue', enrolledArn('a/x')))).toBe(false);
    expect(await world.allowed(enroll, secretCall('PutSecretValue', enrolledArn('a/x')))).toBe(false);
  });

  it("lets the enroll function tag with rekey's tags only, making a secret or tagging one", async () => {
    const enroll = role('EnrollmentHandler');
    const rekeyTags = [
      { Key: 'rekey:fleet:a', Value: 'true' },
      { Key: 'rekey:profile', Value: 'internal' },
      { Key: 'rekey:enrolled', Value: 'true' },
    ];
    // A tag another team's policies may trust (`aws:ResourceTag/team`), or one that only looks like rekey's.
    const foreign = [{ Key: 'team', Value: 'payments' }];
    const lookalike = [{ Key: 'rekey-fleet', Value: 'a' }];
    const create = (Tags: unknown[]) =>
      secretCall('CreateSecret', 'rekey/enrolled/a/x', { Name: 'rekey/enrolled/a/x', Tags });
    const tag = (Tags: unknown[]) => secretCall('TagResource', enrolledArn('a/x'), { Tags });

    expect(await world.allowed(enroll, create(rekeyTags))).toBe(true);
    expect(await world.allowed(enroll, tag(rekeyTags))).toBe(true);
    expect(await world.allowed(enroll, create([...rekeyTags, ...foreign]))).toBe(false);
    expect(await world.allowed(enroll, tag(foreign))).toBe(false);
    expect(await world.allowed(enroll, tag(lookalike))).toBe(false);
  });

  it('lets the rotation function rotate enrolled keys and read each profile’s admin credential, nothing else', async () => {
    const rotation = role('RotationHandler');
    const put = secretCall('PutSecretValue', enrolledArn('a/x'), { ClientRequestToken: 't' });
    const admin = arn(`secretsmanager:${at}:secret:admin/billing-XyZ789`);

    expect(await world.allowed(rotation, put)).toBe(true);
    expect(await world.allowed(rotation, secretCall('GetSecretValue', admin))).toBe(true);
    expect(
      await world.allowed(rotation, secretCall('PutSecretValue', arn(`secretsmanager:${at}:secret:other-AbC123`))),
    ).toBe(false);
  });

  it('lets the intake rotate an exposed enrolled key, and the operator enroll and act on enrolled keys', async () => {
    const rotate = secretCall('RotateSecret', enrolledArn('b/x'), { RotateImmediately: true });
    const invokeEnroll: ApiRequest = {
      service: 'lambda',
      operation: 'Invoke',
      params: { FunctionName: functionArn('EnrollmentHandler') },
    };

    expect(await world.allowed(role('IntakeHandler'), rotate)).toBe(true);
    expect(await world.allowed(world.principals.operator, rotate)).toBe(true);
    expect(await world.allowed(world.principals.operator, invokeEnroll)).toBe(true);
    expect(await world.allowed(world.agent('a'), invokeEnroll)).toBe(false);
    expect(
      await world.allowed(
        world.principals.operator,
        secretCall('GetSecretValue', `arn:aws:secretsmanager:${at}:secret:x-AbC123`),
      ),
    ).toBe(false);
  });

  it('grants no secret action on "*" to any role or policy', () => {
    const json = JSON.stringify(world.template);
    const statements = Object.values(world.template.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
      .flatMap(
        (r) =>
          (r.Properties?.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] } | undefined)
            ?.Statement ?? [],
      );
    const onEverything = statements.filter(
      (s) =>
        [s.Action]
          .flat()
          .some(
            (a) =>
              String(a).startsWith('secretsmanager:') &&
              a !== 'secretsmanager:GetRandomPassword' &&
              a !== 'secretsmanager:ListSecrets',
          ) && [s.Resource].flat().includes('*'),
    );
    expect(onEverything).toEqual([]);
    expect(json).toContain(':secret:rekey/enrolled/*');
  });
});
