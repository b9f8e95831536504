import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../contract/env';
import { parseConfig } from '../../lib/config';
import { ExposureIntake } from '../../lib/exposure-intake';
import { RekeyStack } from '../../lib/rekey-stack';

const outdir = mkdtempSync(join(tmpdir(), 'rekey-fan-out-infra-'));
const newApp = () => new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

let template: Template;

beforeAll(() => {
  const stack = new RekeyStack(newApp(), 'Rekey', {
    config: parseConfig({
      keys: [{ name: 'agents/a', provider: 'generated', fleets: ['a'] }],
      fleets: [{ name: 'a' }],
    }),
    env: { account: '111111111111', region: 'us-east-1' },
  });
  template = Template.fromStack(stack);
});

const workQueueId = () =>
  Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.includes('IntakeWorkQueue')) ?? '';
const intakeId = () =>
  Object.entries(template.findResources('AWS::Lambda::Function')).find(([, r]) =>
    String(r.Properties?.Description ?? '').startsWith('rekey exposure intake'),
  )?.[0] ?? '';

const eventQueueId = () =>
  Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.includes('IntakeEventQueue')) ?? '';

describe("the intake's work queue", () => {
  it('is encrypted, refuses plain HTTP, outlasts six intake timeouts, and redrives to the intake dead-letter queue', () => {
    const queue = template.findResources('AWS::SQS::Queue')[workQueueId()];
    const timeout = Number(template.findResources('AWS::Lambda::Function')[intakeId()]?.Properties?.Timeout);

    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 6 * timeout,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringContaining('IntakeDeadLetters'), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: workQueueId() }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('is consumed by the intake in batches of 10 with bounded concurrency and partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: intakeId() },
      EventSourceArn: { 'Fn::GetAtt': [workQueueId(), 'Arn'] },
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 15 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it("is named in the intake's environment, and the intake may send to it", () => {
    const fn = template.findResources('AWS::Lambda::Function')[intakeId()];
    expect(fn?.Properties?.Environment?.Variables?.[ENV.intakeWorkQueueUrl]).toEqual({ Ref: workQueueId() });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [workQueueId(), 'Arn'] } }),
        ]),
      }),
    });
  });

  it("lets the intake consume the queue with the calls Lambda's pollers and the worker make, and no GetQueueUrl", () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: [
              'sqs:ReceiveMessage',
              'sqs:DeleteMessage',
              'sqs:GetQueueAttributes',
              'sqs:ChangeMessageVisibility',
            ],
            Resource: [{ 'Fn::GetAtt': [workQueueId(), 'Arn'] }, { 'Fn::GetAtt': [eventQueueId(), 'Arn'] }],
          }),
        ]),
      }),
    });
    const actions = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
      (p.Properties?.PolicyDocument?.Statement ?? []).flatMap((st: { Action: string | string[] }) => st.Action),
    );
    expect(actions).not.toContain('sqs:GetQueueUrl');
  });

  it('refuses a worker concurrency above the intake reserved concurrency, naming both', () => {
    const stack = new Stack(newApp(), 'Bad');

    const make = () => new ExposureIntake(stack, 'Intake', { environment: {}, concurrency: 10, workerConcurrency: 11 });

    expect(make).toThrow('workerConcurrency must be an integer from 2 to concurrency (10), got 11');
  });
});

describe("the intake's event queue (what the finding rules target)", () => {
  const policyOf = (queueId: string) =>
    Object.values(template.findResources('AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties?.Queues) === JSON.stringify([{ Ref: queueId }]),
    )?.Properties?.PolicyDocument?.Statement as Record<string, unknown>[];

  it('is consumed with the reserved concurrency the work queue leaves (20 − 15), in batches of 10', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: intakeId() },
      EventSourceArn: { 'Fn::GetAtt': [eventQueueId(), 'Arn'] },
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 5 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const fn = template.findResources('AWS::Lambda::Function')[intakeId()];
    expect(fn?.Properties?.Environment?.Variables?.[ENV.intakeEventQueueUrl]).toEqual({ Ref: eventQueueId() });
    expect(template.findResources('AWS::SQS::Queue')[eventQueueId()]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { maxReceiveCount: 5 },
    });
  });

  it('lets EventBridge send only as one of the finding rules, and denies SendMessage to every principal of the account', () => {
    const statements = policyOf(eventQueueId());
    const rules = Object.keys(
      template.findResources('AWS::Events::Rule', {
        Properties: { Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [eventQueueId(), 'Arn'] } })] },
      }),
    );
    expect(rules).toHaveLength(4);

    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.map((s) => (s.Principal as { Service?: string }).Service)).toEqual(
      rules.map(() => 'events.amazonaws.com'),
    );
    expect(
      allows.map((s) => (s.Condition as { ArnEquals: Record<string, unknown> }).ArnEquals['aws:SourceArn']),
    ).toEqual(rules.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'OnlyFindingRulesSend',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:SendMessage',
        Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
  });

  it('denies SendMessage on the work queue to every principal but the intake', () => {
    const fn = template.findResources('AWS::Lambda::Function')[intakeId()];
    const role = (fn?.Properties?.Role as { 'Fn::GetAtt': string[] } | undefined)?.['Fn::GetAtt'][0];

    expect(policyOf(workQueueId())).toContainEqual(
      expect.objectContaining({
        Sid: 'OnlyTheIntakeSends',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:SendMessage',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [role, 'Arn'] }] } },
      }),
    );
    expect(policyOf(workQueueId()).filter((s) => s.Effect === 'Allow')).toEqual([]);
  });
});
