import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REVOCATION_SERVICE, UNMATCHED_FINDING_MESSAGE } from '../../lib/monitoring';
import { synthStack } from '../support/synth';

let template: Template;
beforeAll(() => {
  template = synthStack().template;
});

const opsTopic = { Ref: Match.stringLikeRegexp('^NotificationsOpsTopic') };

describe('rekey monitoring', () => {
  it.each([
    ['rotation failures', 'Errors', 'AWS/Lambda'],
    ['revocation failures', 'ExecutionsFailed', 'AWS/States'],
    ['time-outs', 'ExecutionsTimedOut', 'AWS/States'],
    ['unmatched exposures', 'UnmatchedExposures', 'Rekey'],
  ])('alarms on %s and tells the ops topic', (_what, metricName, namespace) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metricName,
      Namespace: namespace,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [opsTopic],
      OKActions: [opsTopic],
    });
  });

  it('alarms on every dead-letter queue: intake, each fleet, and undeliverable alerts', () => {
    const dlqAlarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
      .filter(
        ([id, a]) => id.startsWith('Monitoring') && a.Properties?.MetricName === 'ApproximateNumberOfMessagesVisible',
      )
      .map(([, a]) => a);
    const queues = dlqAlarms.map((a) =>
      JSON.stringify((a.Properties?.Dimensions as { Value: unknown }[] | undefined)?.[0]?.Value),
    );

    expect(queues.some((q) => q.includes('IntakeDeadLetters'))).toBe(true);
    expect(queues.filter((q) => /Notifications\w+DeadLetters/.test(q))).toHaveLength(2);
    expect(queues.some((q) => q.includes('MonitoringAlertDeadLetters'))).toBe(true);
    for (const alarm of dlqAlarms) {
      expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^NotificationsOpsTopic/) }]);
    }
  });

  it('counts unmatched exposures from the intake log message', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('^IntakeHandlerLogs') },
      FilterPattern: `{ $.message = "${UNMATCHED_FINDING_MESSAGE}" }`,
      MetricTransformations: [{ MetricName: 'UnmatchedExposures', MetricNamespace: 'Rekey', MetricValue: '1' }],
    });
  });

  it("forwards Secrets Manager's failed and abandoned rotations to the ops topic", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: ['RotationFailed', 'RotationAbandoned'] },
      },
      Targets: [Match.objectLike({ Arn: opsTopic, DeadLetterConfig: Match.anyValue() })],
    });
  });

  it('forwards failed, timed-out and aborted revocation executions to the ops topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [{ Ref: Match.stringLikeRegexp('^RevocationStateMachine') }],
        },
      },
      Targets: [Match.objectLike({ Arn: opsTopic })],
    });
  });

  it('lets CloudWatch and EventBridge publish to the encrypted ops topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [opsTopic],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' }),
          Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: Match.objectLike({ StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': Match.anyValue() } }),
          }),
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('shows rotations, exposures, time to revoke and fleet acknowledgements on a dashboard', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);

    for (const title of ['Rotations', 'Exposures', 'Time to revoke', 'Fleet acknowledgements'])
      expect(body).toContain(title);
    for (const metric of ['TimeToRevokeSeconds', 'FleetAcknowledgements', 'AgentsNotMoved', 'UnmatchedExposures']) {
      expect(body).toContain(metric);
    }
    expect(body).toContain(REVOCATION_SERVICE);
  });

  it("reads the time-to-revoke metric under the revocation function's own service dimension", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: REVOCATION_SERVICE }) },
    });
  });
});
