import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GITHUB_METRICS, GITHUB_WEBHOOK_SERVICE } from '../../contract/github';
import { githubIntake } from './github-support';

/** The GitHub webhook's hardening and its backstop, on an ExposureIntake in a stack of its own. */
const outdir = mkdtempSync(join(tmpdir(), 'rekey-github-infra-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const intake = (github: Parameters<typeof githubIntake>[1] = {}) => githubIntake(outdir, github);

let world: ReturnType<typeof intake>;
beforeAll(() => {
  world = intake();
});

const logicalId = (type: string, prefix: string) => {
  const id = Object.keys(world.template.findResources(type)).find((k) => k.startsWith(prefix));
  if (!id) throw new Error(`no ${type} ${prefix}`);
  return id;
};
const statementsOf = (rolePrefix: string) =>
  Object.values(world.template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(rolePrefix))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);

describe('the public webhook', () => {
  it("has reserved concurrency 10, so a flood is throttled before it takes the intake's concurrency", () => {
    world.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: GITHUB_WEBHOOK_SERVICE }) },
      ReservedConcurrentExecutions: 10,
    });
  });

  it('takes another cap, and refuses one out of range with the prop name and value', () => {
    expect(
      intake({ webhookConcurrency: 4 }).template.findResources('AWS::Lambda::Function', {
        Properties: { ReservedConcurrentExecutions: 4 },
      }),
    ).not.toEqual({});
    expect(() => intake({ webhookConcurrency: 0 })).toThrow(
      'github.webhookConcurrency must be an integer from 1 to 100, got 0',
    );
  });

  it('alarms on GitHubDeliveriesFailed (a verified delivery answered 502) and notifies the ops topic', () => {
    world.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Rekey',
      MetricName: GITHUB_METRICS.deliveriesFailed,
      Dimensions: [{ Name: 'service', Value: GITHUB_WEBHOOK_SERVICE }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: world.topicId }],
    });
  });
});

describe('the backstop', () => {
  const backstopRole = () => logicalId('AWS::IAM::Role', 'IntakeGitHubBackstopHandlerRole');

  it('runs every 15 minutes by default, one run at a time, with its scope in its environment', () => {
    world.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IntakeGitHubBackstopHandlerFunction'), 'Arn'] },
        }),
      ],
    });
    world.template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 1,
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'rekey-github-backstop',
          REKEY_GITHUB_BACKSTOP_SCOPE: '{"orgs":["example-org"],"repos":["solo-user/tools"]}',
          REKEY_GITHUB_API_BASE_URL: 'https://api.github.com',
        }),
      },
    });
  });

  it('may only read and write alert records, put rekey.github findings, and read the token', () => {
    const statements = statementsOf(backstopRole());
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'events:PutEvents',
        'secretsmanager:GetSecretValue',
      ]),
    );
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('secretsmanager:RotateSecret');
    expect(statements.find((s) => [s.Action].flat().includes('dynamodb:GetItem'))?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DELIVERY#ALERT#*'] },
    });
    expect(statements.find((s) => s.Action === 'events:PutEvents')?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'events:source': ['rekey.github'] },
    });
    const secretReads = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(JSON.stringify(secretReads.map((s) => s.Resource))).toMatch(
      /^\[\{"Fn::Join":.*:secret:rekey-github\/token-\?\?\?\?\?\?"\]\]\}\]$/,
    );
  });

  it('alarms when a run fails and notifies the ops topic', () => {
    world.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^IntakeGitHubBackstopHandlerFunction') } },
      ],
      AlarmActions: [{ Ref: world.topicId }],
    });
  });

  it('is left out unless configured', () => {
    const plain = intake({ backstop: undefined }).template;
    expect(plain.findResources('AWS::Events::Rule', { Properties: { ScheduleExpression: Match.anyValue() } })).toEqual(
      {},
    );
  });

  it('refuses a scope or period it cannot honour, naming the prop and the value', () => {
    expect(() => intake({ backstop: {} })).toThrow('github.backstop must list at least one of orgs or repos, got none');
    expect(() => intake({ backstop: { repos: ['no-slash'] } })).toThrow(
      'github.backstop.repos must be owner/name, got "no-slash"',
    );
    expect(() => intake({ backstop: { orgs: ['a'], period: Duration.minutes(1) } })).toThrow(
      'github.backstop.period must be between 5 minutes and 24 hours, got 1 minute',
    );
  });
});

describe('the stack with the webhook and its backstop', () => {
  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(world.app).validateScope(world.app);
    expect(report.violations).toEqual([]);
  });

  it('passes cfn-lint beyond the DependsOn CDK itself emits (W3005)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-github-cfnlint-'));
    try {
      const file = join(dir, 'GitHub.template.json');
      writeFileSync(file, JSON.stringify(world.template.toJSON()));
      const run = spawnSync('cfn-lint', ['--ignore-checks', 'W3005', '--', file], { encoding: 'utf8' });
      expect(run.error).toBeUndefined();
      expect(run.stdout + run.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
