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
            Resource: { 'Fn::GetAtt': [workQueueId(), 'Arn'] },
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
