import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type RekeyConfigInput } from '../../lib/config';
import { ExposureIntake, FINDING_PATTERNS, findingBusPolicy } from '../../lib/exposure-intake';
import { RekeyStack } from '../../lib/rekey-stack';

const CONFIG: RekeyConfigInput = {
  keys: [
    { name: 'agents/support/internal', provider: 'generated', fleets: ['support'] },
    { name: 'agents/ci/aws', provider: 'aws-iam', options: { userName: 'agents-ci' } },
  ],
  fleets: [{ name: 'support' }],
  github: { webhookSecretName: 'rekey/github/webhook', tokenSecretName: 'rekey/github/token' },
};

const outdir = mkdtempSync(join(tmpdir(), 'rekey-intake-infra-'));
const newApp = () => new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

let app: App;
let template: Template;
let withoutGitHub: Template;

beforeAll(() => {
  app = newApp();
  const stack = new RekeyStack(app, 'Rekey', {
    config: parseConfig(CONFIG),
    env: { account: '111111111111', region: 'us-east-1' },
  });
  template = Template.fromStack(stack);
  const { github: _, ...plain } = CONFIG;
  const other = new RekeyStack(newApp(), 'Plain', { config: parseConfig(plain) });
  withoutGitHub = Template.fromStack(other);
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const logicalId = (t: Template, type: string, prefix: string) => {
  const id = Object.keys(t.findResources(type)).find((k) => k.startsWith(prefix));
  if (!id) throw new Error(`no ${type} ${prefix}`);
  return id;
};
const policyStatementsOf = (t: Template, rolePrefix: string) =>
  Object.values(t.findResources('AWS::IAM::Policy') as Resources)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(rolePrefix))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);

describe('the finding rules', () => {
  it.each([
    ['ScannerFindingRule', { source: ['rekey.scanner'], 'detail-type': ['Secret Exposed'] }],
    ['GitHubFindingRule', { source: ['rekey.github'], 'detail-type': ['Secret Exposed'] }],
    [
      'HealthFindingRule',
      {
        source: ['aws.health'],
        'detail-type': ['AWS Health Event', 'AWS Health Abuse Event'],
        detail: { eventTypeCode: ['AWS_RISK_CREDENTIALS_EXPOSED'] },
      },
    ],
    [
      'SecurityHubFindingRule',
      {
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            Resources: { Type: ['AwsIamAccessKey'] },
            RecordState: ['ACTIVE'],
            Workflow: { Status: ['NEW', 'NOTIFIED'] },
            ProductArn: [
              {
                'Fn::Join': [
                  '',
                  ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:us-east-1::product/aws/securityhub'],
                ],
              },
              {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:us-east-1::product/aws/guardduty']],
              },
              {
                'Fn::Join': [
                  '',
                  ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:us-east-1::product/aws/access-analyzer'],
                ],
              },
            ],
          },
        },
      },
    ],
    [
      'GuardDutyFindingRule',
      {
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { resource: { resourceType: ['AccessKey'], accessKeyDetails: { accessKeyId: [{ prefix: 'AKIA' }] } } },
      },
    ],
  ])('%s matches exactly the documented events', (rule, pattern) => {
    const id = logicalId(template, 'AWS::Events::Rule', `Intake${rule}`);
    expect((template.toJSON().Resources as Resources)[id]?.Properties.EventPattern).toEqual(pattern);
  });

  it("each targets the intake's event queue with retries, an event age limit and the dead-letter queue", () => {
    const queue = logicalId(template, 'AWS::SQS::Queue', 'IntakeEventQueue');
    const dlq = logicalId(template, 'AWS::SQS::Queue', 'IntakeDeadLetters');
    const rules = template.findResources('AWS::Events::Rule', {
      Properties: { Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queue, 'Arn'] } })] },
    });
    expect(Object.keys(rules)).toHaveLength(5);
    for (const rule of Object.values(rules as Resources)) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
        }),
      ]);
    }
  });

  it("puts the scanner and GitHub rules on rekey's own bus, not the default one", () => {
    const bus = logicalId(template, 'AWS::Events::EventBus', 'IntakeFindingBus');
    for (const rule of ['ScannerFindingRule', 'GitHubFindingRule']) {
      const id = logicalId(template, 'AWS::Events::Rule', `Intake${rule}`);
      expect((template.toJSON().Resources as Resources)[id]?.Properties.EventBusName).toEqual({ Ref: bus });
    }
  });

  it('keeps the AWS sources on the default bus, where AWS delivers them', () => {
    for (const rule of ['HealthFindingRule', 'SecurityHubFindingRule', 'GuardDutyFindingRule']) {
      const id = logicalId(template, 'AWS::Events::Rule', `Intake${rule}`);
      expect((template.toJSON().Resources as Resources)[id]?.Properties.EventBusName).toBeUndefined();
    }
    expect(FINDING_PATTERNS.awsHealth.source).toEqual(['aws.health']);
  });
});

describe('the dead-letter queue', () => {
  it('is encrypted, TLS-only, keeps events 14 days, and the intake may send invalid events to it', () => {
    const dlq = logicalId(template, 'AWS::SQS::Queue', 'IntakeDeadLetters');
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REKEY_INTAKE_DLQ_URL: { Ref: dlq } }) },
    });
    expect(policyStatementsOf(template, 'IntakeHandlerRole')).toContainEqual(
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [dlq, 'Arn'] },
      }),
    );
  });

  it('has an alarm on its depth that notifies the topic it is given, whose key lets CloudWatch in', () => {
    const stack = new Stack(newApp(), 'Standalone');
    const key = new kms.Key(stack, 'Key');
    const topic = new sns.Topic(stack, 'Ops', { masterKey: key });
    new ExposureIntake(stack, 'Intake', { environment: {}, alarmTopic: topic, alarmTopicKey: key });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: logicalId(t, 'AWS::SNS::Topic', 'Ops') }],
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });
});

describe('the GitHub webhook receiver', () => {
  it('is a function URL with auth NONE (GitHub signs each delivery), answering within GitHub’s 10 s', () => {
    const fn = logicalId(template, 'AWS::Lambda::Function', 'IntakeGitHubWebhookFunction');
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [fn, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      FunctionUrlAuthType: 'NONE',
      Principal: '*',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 10,
      Environment: {
        Variables: Match.objectLike({
          REKEY_EVENT_BUS_NAME: { Ref: logicalId(template, 'AWS::Events::EventBus', 'IntakeFindingBus') },
          REKEY_GITHUB_API_BASE_URL: 'https://api.github.com',
          REKEY_GITHUB_WEBHOOK_SECRET_ARN: 'rekey/github/webhook',
          REKEY_GITHUB_TOKEN_SECRET_ARN: 'rekey/github/token',
        }),
      },
    });
    const url = logicalId(template, 'AWS::Lambda::Url', 'IntakeGitHubWebhookFunctionFunctionUrl');
    const outputs = Object.entries(template.findOutputs('*')).filter(([k]) => k.includes('GitHubWebhookUrl'));
    expect(outputs.map(([, o]) => o.Value)).toEqual([{ 'Fn::GetAtt': [url, 'FunctionUrl'] }]);
  });

  it('may put only rekey.github events, write only DELIVERY# items, and read only its two secrets', () => {
    const statements = policyStatementsOf(template, 'IntakeGitHubWebhookRole');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'events:PutEvents',
        Condition: { 'ForAllValues:StringEquals': { 'events:source': ['rekey.github'] } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DELIVERY#*'] } },
      }),
    );
    const actions = statements.flatMap((s) => [s.Action].flat() as string[]);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ]);
    expect(actions).not.toContain('secretsmanager:RotateSecret');
    const secretResources = statements
      .filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))
      .map((s) => JSON.stringify(s.Resource));
    expect(secretResources).toHaveLength(2);
    expect(secretResources.join(' ')).toMatch(/secret:rekey\/github\/webhook-\?\?\?\?\?\?/);
    expect(secretResources.join(' ')).toMatch(/secret:rekey\/github\/token-\?\?\?\?\?\?/);
    expect(statements.every((s) => s.Resource !== '*' || JSON.stringify(s.Action).includes('xray:'))).toBe(true);
  });

  it('is absent when GitHub is not configured', () => {
    withoutGitHub.resourceCountIs('AWS::Lambda::Url', 0);
    expect(
      Object.keys(withoutGitHub.findResources('AWS::Events::Rule')).filter((k) => k.includes('GitHubFindingRule')),
    ).toEqual([]);
  });

  it('lets the intake revoke an exposed pending key: the admin secret and the IAM user, nothing more', () => {
    const statements = policyStatementsOf(template, 'IntakeHandlerRole');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:ListUserTags', 'iam:UntagUser'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:user/agents-ci']] },
      }),
    );
    const actions = statements.flatMap((s) => [s.Action].flat() as string[]);
    expect(actions).not.toContain('iam:CreateAccessKey');
  });
});

describe("rekey's finding bus", () => {
  const CI_ROLE = 'arn:aws:iam::111111111111:role/ci/secret-scanner';
  const SECURITY_ACCOUNT = '222222222222';
  const configured = (intake: RekeyConfigInput['intake']) =>
    Template.fromStack(
      new RekeyStack(newApp(), 'Configured', {
        config: parseConfig({ ...CONFIG, intake }),
        env: { account: '111111111111', region: 'us-east-1' },
      }),
    );
  const busPolicy = (t: Template) => {
    const buses = Object.values(t.findResources('AWS::Events::EventBus') as Resources);
    expect(buses).toHaveLength(1);
    const policy = buses[0]?.Properties.Policy as { Statement: Record<string, unknown>[] } | undefined;
    if (!policy) throw new Error('the finding bus has no policy');
    return policy.Statement;
  };
  const bySid = (statements: Record<string, unknown>[], sid: string) => statements.find((s) => s.Sid === sid);
  const webhookRoleArn = () => ({
    'Fn::GetAtt': [logicalId(template, 'AWS::IAM::Role', 'IntakeGitHubWebhookRole'), 'Arn'],
  });

  it("admits the webhook's role for rekey.github / Secret Exposed entries only", () => {
    expect(bySid(busPolicy(template), 'GitHubWebhookPutsGitHubFindings')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: webhookRoleArn() },
      Action: 'events:PutEvents',
      Condition: {
        'ForAllValues:StringEquals': { 'events:source': ['rekey.github'], 'events:detail-type': ['Secret Exposed'] },
      },
    });
  });

  it('denies PutEvents to every principal but the named ones, whatever their own policies allow', () => {
    expect(bySid(busPolicy(template), 'OnlyNamedPrincipals')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [webhookRoleArn()] } },
    });
    expect(bySid(busPolicy(template), 'GitHubFindingsFromWebhook')).toMatchObject({
      Effect: 'Deny',
      Condition: {
        'ForAnyValue:StringEquals': { 'events:source': ['rekey.github'] },
        ArnNotEquals: { 'aws:PrincipalArn': [webhookRoleArn()] },
      },
    });
  });

  it('names the bus in its own policy by the ARN AWS gives it (its name), not by an attribute of itself', () => {
    const bus = Object.values(template.findResources('AWS::Events::EventBus') as Resources)[0];
    const name = String(bus?.Properties.Name);
    for (const statement of busPolicy(template)) {
      expect(JSON.stringify(statement.Resource)).toContain(`:events:us-east-1:111111111111:event-bus/${name}`);
    }
  });

  it('admits configured CI roles for rekey.scanner only, and keeps them to it', () => {
    const statements = busPolicy(configured({ scannerPrincipals: [CI_ROLE] }));

    expect(bySid(statements, 'ScannersPutScannerFindings')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: CI_ROLE },
      Condition: { 'ForAllValues:StringEquals': { 'events:source': ['rekey.scanner'] } },
    });
    expect(JSON.stringify(bySid(statements, 'OnlyNamedPrincipals'))).toContain(CI_ROLE);
    expect(bySid(statements, 'ScannerRolesPutScannerFindingsOnly')).toMatchObject({
      Effect: 'Deny',
      Condition: {
        'ForAnyValue:StringNotEquals': { 'events:source': ['rekey.scanner'] },
        ArnEquals: { 'aws:PrincipalArn': [CI_ROLE] },
      },
    });
  });

  it('admits a forwarding security account only when configured, for rekey findings only', () => {
    const statements = busPolicy(configured({ forwardingAccounts: [SECURITY_ACCOUNT] }));

    expect(bySid(busPolicy(template), 'SecurityAccountsForwardFindings')).toBeUndefined();
    expect(bySid(statements, 'SecurityAccountsForwardFindings')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${SECURITY_ACCOUNT}:root`]] } },
      Condition: {
        'ForAllValues:StringEquals': {
          'events:source': ['rekey.github', 'rekey.scanner'],
          'events:detail-type': ['Secret Exposed'],
        },
      },
    });
    expect(bySid(statements, 'OnlyNamedPrincipals')).toMatchObject({
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': [SECURITY_ACCOUNT] } },
    });
  });

  it('is closed to every principal when nothing is configured to put findings on it', () => {
    const doc = findingBusPolicy({
      busArn: 'arn:aws:events:us-east-1:111111111111:event-bus/x',
      scannerRoles: [],
      forwardingAccounts: [],
    }).toJSON() as { Statement: Record<string, unknown>[] };

    expect(doc.Statement.filter((s) => s.Effect === 'Allow')).toEqual([]);
    expect(bySid(doc.Statement, 'OnlyNamedPrincipals')).toEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'events:PutEvents' }),
    );
    expect(bySid(doc.Statement, 'OnlyNamedPrincipals')?.Condition).toBeUndefined();
  });

  it('is where the operator policy lets report-leak put scanner findings, and is a stack output', () => {
    const bus = logicalId(template, 'AWS::Events::EventBus', 'IntakeFindingBus');
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Sid: 'ReportLeak', Resource: { 'Fn::GetAtt': [bus, 'Arn'] } })]),
      },
    });
    template.hasOutput('FindingBusName', { Value: { Ref: bus } });
    template.hasOutput('FindingBusArn', { Value: { 'Fn::GetAtt': [bus, 'Arn'] } });
  });

  it('takes Security Hub findings from the configured products only, when they are configured', () => {
    const partner = 'arn:aws:securityhub:us-east-1::product/partner/scanner';
    const t = configured({ securityHubProductArns: [partner] });

    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.securityhub'], detail: { findings: Match.objectLike({ ProductArn: [partner] }) } },
    });
  });
});

describe('props validation', () => {
  it('names the prop and the value', () => {
    const stack = new Stack(newApp(), 'Bad');
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'x');
    const table = new dynamodb.TableV2(stack, 'T', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    expect(
      () => new ExposureIntake(stack, 'A', { environment: {}, github: { webhookSecret: secret, tokenSecret: secret } }),
    ).toThrow('github requires inventoryTable (the webhook remembers delivery ids there), got none');
    expect(
      () =>
        new ExposureIntake(stack, 'B', {
          environment: {},
          inventoryTable: table,
          github: { webhookSecret: secret, tokenSecret: secret, apiBaseUrl: 'http://ghe.internal/api/v3' },
        }),
    ).toThrow('github.apiBaseUrl must be an https:// URL, got http://ghe.internal/api/v3');
    expect(() => new ExposureIntake(stack, 'C', { environment: {}, forwardingAccounts: ['12345'] })).toThrow(
      'forwardingAccounts must be 12-digit account ids, got "12345"',
    );
    expect(() => new ExposureIntake(stack, 'D', { environment: {}, securityHubProductArns: [] })).toThrow(
      'securityHubProductArns must list at least one product ARN, got none (leave it out for the default)',
    );
    expect(
      () => new ExposureIntake(stack, 'E', { environment: {}, securityHubProductArns: ['arn:aws:guardduty:x'] }),
    ).toThrow(
      'securityHubProductArns must be Security Hub product ARNs (arn:aws:securityhub:REGION::product/aws/guardduty), got "arn:aws:guardduty:x"',
    );
  });

  it('rejects an intake principal that is not a role ARN, and an account id that is not one', () => {
    expect(() =>
      parseConfig({ ...CONFIG, intake: { scannerPrincipals: ['arn:aws:iam::111111111111:user/ci'] } }),
    ).toThrow(/intake\.scannerPrincipals\[0\]: must be an IAM role ARN/);
    expect(() => parseConfig({ ...CONFIG, intake: { forwardingAccounts: ['security'] } })).toThrow(
      /intake\.forwardingAccounts\[0\]: must be a 12-digit account id/,
    );
  });

  it('rejects a plain-HTTP GitHub API in the config', () => {
    expect(() => parseConfig({ ...CONFIG, github: { ...CONFIG.github, apiBaseUrl: 'http://ghe.internal' } })).toThrow(
      /github\.apiBaseUrl/,
    );
  });
});

describe('the stack with GitHub configured', () => {
  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations).toEqual([]);
  });

  it('passes cfn-lint beyond the DependsOn CDK itself emits (W3005)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-intake-cfnlint-'));
    try {
      const file = join(dir, 'Rekey.template.json');
      writeFileSync(file, JSON.stringify(template.toJSON()));
      const run = spawnSync('cfn-lint', ['--ignore-checks', 'W3005', '--', file], { encoding: 'utf8' });
      expect(run.error).toBeUndefined();
      expect(run.stdout + run.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the intake's reserved concurrency", () => {
  const intakeFunctions = (t: Template) =>
    Object.values(
      t.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'rekey-intake' }) } },
      }) as Resources,
    );

  it('reserves 20 concurrent executions for the intake by default, so no other function can starve it', () => {
    expect(intakeFunctions(template).map((f) => f.Properties.ReservedConcurrentExecutions)).toEqual([20]);
  });

  it('takes another value, and refuses one out of range with the prop name and value', () => {
    const stack = new Stack(newApp(), 'Concurrency');
    new ExposureIntake(stack, 'Intake', { environment: {}, concurrency: 40 });
    expect(intakeFunctions(Template.fromStack(stack)).map((f) => f.Properties.ReservedConcurrentExecutions)).toEqual([
      40,
    ]);
    expect(() => new ExposureIntake(stack, 'Zero', { environment: {}, concurrency: 0 })).toThrow(
      'concurrency must be an integer from 1 to 100, got 0',
    );
  });

  it('takes the intake, worker and rotation concurrency from the config file', () => {
    const stack = new RekeyStack(newApp(), 'FromConfig', {
      config: parseConfig({
        keys: [{ name: 'agents/a', provider: 'generated' }],
        intake: { concurrency: 40, workerConcurrency: 12 },
        maxConcurrentRotations: 25,
      }),
    });
    const t = Template.fromStack(stack);
    expect(intakeFunctions(t).map((f) => f.Properties.ReservedConcurrentExecutions)).toEqual([40]);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 12 } });
    t.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 25,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'rekey-rotation' }) },
    });
  });
});
