import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthStack } from '../support/synth';

type Synth = ReturnType<typeof synthStack>;
let synth: Synth;

beforeAll(() => {
  synth = synthStack();
});

const statementsOf = (template: Synth['template']) =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) =>
      (p.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } })
        .PolicyDocument.Statement,
  );

describe('the rekey stack', () => {
  it('creates one secret per managed key, named under the prefix', () => {
    synth.template.resourceCountIs('AWS::SecretsManager::Secret', 3);
    synth.template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'rekey/agents/support/internal' });
    synth.template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'rekey/agents/research/aws' });
  });

  it('binds every secret to the rotation function on its configured schedule', () => {
    synth.template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RotationHandlerFunction'), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    synth.template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(4 hours)' },
    });
    synth.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'secretsmanager.amazonaws.com',
    });
  });

  it('runs every function on the newest Node.js runtime, on ARM, traced', () => {
    const functions = Object.values(synth.template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('scopes secret permissions to the managed secrets, never to every secret', () => {
    const secretStatements = statementsOf(synth.template).filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('secretsmanager:') && a !== 'secretsmanager:GetRandomPassword'),
    );
    expect(secretStatements.length).toBeGreaterThan(0);
    for (const statement of secretStatements) {
      expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
      expect(JSON.stringify(statement.Resource)).toMatch(/Secret|secret:/);
    }
  });

  it('allows Resource "*" only for actions that have no resource-level permissions', () => {
    const allowed = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'secretsmanager:GetRandomPassword',
      // Step Functions' vended log delivery, which AWS only grants on "*".
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ]);
    const wildcard = statementsOf(synth.template).filter((s) => [s.Resource].flat().includes('*'));
    expect(wildcard.length).toBeGreaterThan(0);
    for (const statement of wildcard) {
      for (const action of [statement.Action].flat()) expect(allowed).toContain(action);
    }
  });

  it('keeps the inventory on demand, recoverable and indexed for matching findings', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'byFingerprint' }),
        Match.objectLike({ IndexName: 'byKeyId' }),
        Match.objectLike({ IndexName: 'byHint' }),
      ]),
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('encrypts the fleet topic and subscribes each fleet with a filter on its own name, not on its keys', () => {
    synth.template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'rekey fleet notifications',
      KmsMasterKeyId: Match.anyValue(),
    });
    const filters = Object.values(synth.template.findResources('AWS::SNS::Subscription')).map(
      (s) => (s as { Properties: { FilterPolicy?: unknown } }).Properties.FilterPolicy,
    );
    expect(filters).toEqual(expect.arrayContaining([{ fleets: ['support'] }, { fleets: ['research'] }]));
    expect(filters).toHaveLength(2);
    synth.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      FilterPolicy: { fleets: ['support'] },
    });
  });

  it('tags each managed secret for the fleets its key names, and for no other', () => {
    const tagsOf = (name: string) =>
      Object.values(synth.template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: name } })).map(
        (s) => (s as { Properties: { Tags?: unknown } }).Properties.Tags,
      );
    expect(tagsOf('rekey/agents/support/internal')).toEqual([[{ Key: 'rekey:fleet:support', Value: 'true' }]]);
    expect(tagsOf('rekey/agents/research/aws')).toEqual([[{ Key: 'rekey:fleet:research', Value: 'true' }]]);
  });

  it("routes the custom scanner finding event to the intake's event queue", () => {
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['rekey.scanner'], 'detail-type': ['Secret Exposed'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IntakeEventQueue'), 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it('waits, verifies, then revokes in a logged, traced Standard state machine', () => {
    const [machine] = Object.values(synth.template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine?.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL' },
    });
    const definition = JSON.stringify(machine?.Properties?.DefinitionString);
    expect(definition).toContain('\\"WaitScheduled\\":{\\"Type\\":\\"Wait\\",\\"Seconds\\":4500');
    expect(definition).toMatch(/\\"Verify\\":\{\\"Next\\":\\"Decide\\"/);
    expect(definition).toContain('\\"RevokeOldKey\\"');
    expect(definition).toContain('\\"ConfirmRevoked\\"');
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(synth.app).validateScope(synth.app);
    expect(report.violations).toEqual([]);
  });

  it('would report a finding cdk-nag was not told to accept (the check above can fail)', () => {
    const app = new App();
    new sns.Topic(new Stack(app, 'Bare'), 'Plain');
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-SNS3');
  });

  it('passes cfn-lint with no errors or warnings beyond the DependsOn CDK itself emits (W3005)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-cfnlint-'));
    try {
      const file = join(dir, 'Rekey.template.json');
      writeFileSync(file, JSON.stringify(synth.template.toJSON()));
      const run = spawnSync('cfn-lint', ['--ignore-checks', 'W3005', '--', file], { encoding: 'utf8' });
      expect(run.error, 'cfn-lint must be installed (pip install cfn-lint)').toBeUndefined();
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
