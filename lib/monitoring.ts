import { Annotations, Aws, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, REVOCATION_METRICS, REVOCATION_SERVICE, UNMATCHED_FINDING_MESSAGE } from '../contract';
import { acknowledgeDeadLetterQueue } from './nag-suppressions';

/**
 * The names this construct shares with the functions, from contract/: the metrics namespace, the revocation
 * function's `service` dimension, and the message the intake logs for a finding that names no managed key.
 */
export { METRICS_NAMESPACE, REVOCATION_SERVICE, UNMATCHED_FINDING_MESSAGE };

/** Secrets Manager's rotation outcomes that need an operator, as EventBridge sees them (from CloudTrail). */
export const ROTATION_FAILURE_PATTERN: events.EventPattern = {
  source: ['aws.secretsmanager'],
  detailType: ['AWS Service Event via CloudTrail'],
  detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: ['RotationFailed', 'RotationAbandoned'] },
};

export interface RekeyMonitoringProps {
  /** The KMS-encrypted topic operators watch; every alarm and rule publishes here. */
  readonly opsTopic: sns.ITopic;
  /**
   * The key that encrypts `opsTopic`: CloudWatch and EventBridge are allowed to use it for this topic only.
   * @default - opsTopic.masterKey
   */
  readonly opsTopicKey?: kms.IKey;
  /** The Secrets Manager rotation function. */
  readonly rotationFunction: lambda.IFunction;
  /** The exposure intake function (exposures on the dashboard). @default - no exposure widgets */
  readonly intakeFunction?: lambda.IFunction;
  /** The intake function's log group, for the unmatched-exposure metric filter. @default - no such alarm */
  readonly intakeLogGroup?: logs.ILogGroup;
  /** The revocation workflow's state machine. */
  readonly revocationStateMachine: sfn.IStateMachine;
  /** Dead-letter queues to watch (the intake DLQ, each fleet's DLQ). @default [] */
  readonly deadLetterQueues?: readonly sqs.IQueue[];
  /** @default - CloudFormation names the dashboard */
  readonly dashboardName?: string;
}

/**
 * What operators watch: alarms on rotation failures, revocation failures and time-outs, dead letters and unmatched
 * exposures; EventBridge rules that forward Secrets Manager's RotationFailed/RotationAbandoned and the revocation
 * workflow's failed, timed-out and aborted executions; all to the ops topic, whose key lets CloudWatch and
 * EventBridge encrypt for it. Plus a dashboard: rotations, exposures, time to revoke, fleet acknowledgements.
 */
export class RekeyMonitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly rules: events.Rule[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  /** Where alerts EventBridge could not deliver land (watched by an alarm too). */
  readonly alertDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RekeyMonitoringProps) {
    super(scope, id);
    const topic = props.opsTopic;
    this.allowServicesToPublish(topic, props.opsTopicKey ?? topic.masterKey);
    const alarmAction = new actions.SnsAction(topic);

    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `rekey: ${description}`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(alarmAction);
      a.addOkAction(alarmAction);
      this.alarms.push(a);
      return a;
    };
    const period = Duration.minutes(5);
    const sm = props.revocationStateMachine;

    alarm(
      'RotationFailures',
      'the rotation function failed (a rotation step errored; Secrets Manager retries it)',
      props.rotationFunction.metricErrors({ period, statistic: 'Sum' }),
    );
    alarm(
      'RevocationFailures',
      'a revocation workflow failed (NewKeyNotVerified, FleetNotMoved or RevocationFailed): the old key is still alive',
      sm.metricFailed({ period, statistic: 'Sum' }),
    );
    alarm(
      'RevocationTimeouts',
      'a revocation workflow timed out: the old key may still be alive',
      sm.metricTimedOut({ period, statistic: 'Sum' }),
    );

    this.alertDeadLetterQueue = new sqs.Queue(this, 'AlertDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(this.alertDeadLetterQueue);
    [...(props.deadLetterQueues ?? []), this.alertDeadLetterQueue].forEach((queue, i) => {
      alarm(
        `DeadLetters${i}`,
        `messages are waiting in dead-letter queue ${queue.node.path}`,
        queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      );
    });

    let unmatched: cloudwatch.IMetric | undefined;
    if (props.intakeLogGroup) {
      const filter = new logs.MetricFilter(this, 'UnmatchedExposuresFilter', {
        logGroup: props.intakeLogGroup,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', UNMATCHED_FINDING_MESSAGE),
        metricNamespace: METRICS_NAMESPACE,
        metricName: 'UnmatchedExposures',
        metricValue: '1',
      });
      unmatched = filter.metric({ period, statistic: 'Sum' });
      alarm('UnmatchedExposures', 'a reported exposure matched no managed key', unmatched);
    }

    const target = () => this.publishToOpsTopic(topic);
    this.rules.push(
      new events.Rule(this, 'RotationFailedRule', {
        description: 'rekey: Secrets Manager reports a failed or abandoned rotation',
        eventPattern: ROTATION_FAILURE_PATTERN,
        targets: [target()],
      }),
      new events.Rule(this, 'RevocationExecutionRule', {
        description: 'rekey: a revocation workflow execution failed, timed out or was aborted',
        eventPattern: {
          source: ['aws.states'],
          detailType: ['Step Functions Execution Status Change'],
          detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [sm.stateMachineArn] },
        },
        targets: [target()],
      }),
    );

    const revocationMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: REVOCATION_SERVICE },
        statistic,
        period: Duration.hours(1),
      });
    const hourly = { period: Duration.hours(1), statistic: 'Sum' };
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      ...(props.dashboardName ? { dashboardName: props.dashboardName } : {}),
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Rotations',
        left: [
          sm.metricStarted({ ...hourly, label: 'rotations finished (revocations started)' }),
          props.rotationFunction.metricErrors({ ...hourly, label: 'rotation step errors' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Exposures',
        left: [
          ...(props.intakeFunction
            ? [props.intakeFunction.metricInvocations({ ...hourly, label: 'findings received' })]
            : []),
          ...(unmatched ? [unmatched] : []),
        ],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Time to revoke (seconds, from exposure or rotation)',
        left: [
          revocationMetric(REVOCATION_METRICS.timeToRevokeSeconds, 'Maximum').with({ label: 'max' }),
          revocationMetric(REVOCATION_METRICS.timeToRevokeSeconds, 'Average').with({ label: 'average' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Fleet acknowledgements',
        left: [
          revocationMetric(REVOCATION_METRICS.fleetAcknowledgements, 'Maximum').with({
            label: 'agents on the new key',
          }),
          revocationMetric(REVOCATION_METRICS.agentsNotMoved, 'Maximum').with({ label: 'agents still on the old key' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Revocations',
        left: [
          sm.metricSucceeded({ ...hourly, label: 'succeeded' }),
          sm.metricFailed({ ...hourly, label: 'failed' }),
          sm.metricTimedOut({ ...hourly, label: 'timed out' }),
          sm.metricAborted({ ...hourly, label: 'cancelled' }),
        ],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'rekey alarms', alarms: this.alarms, width: 24 }),
    );
  }

  /**
   * A rule target that publishes to the ops topic, as CDK's SnsTopic target does (retries, the alert DLQ and its
   * policy), but grants EventBridge with a condition: `sns:Publish` on the topic only for this rule
   * (`aws:SourceArn`). SnsTopic grants `events.amazonaws.com` on the topic and its key with no condition at all, so
   * any account's rule could publish through it (the confused deputy). The key's statement for EventBridge is
   * made once, in allowServicesToPublish.
   */
  private publishToOpsTopic(topic: sns.ITopic): events.IRuleTarget {
    const deadLetterQueue = this.alertDeadLetterQueue;
    return {
      bind: (rule) => {
        topic.addToResourcePolicy(
          new iam.PolicyStatement({
            principals: [new iam.ServicePrincipal('events.amazonaws.com')],
            actions: ['sns:Publish'],
            resources: [topic.topicArn],
            conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleRef.ruleArn } },
          }),
        );
        targets.addToDeadLetterQueueResourcePolicy(rule, deadLetterQueue);
        return {
          ...targets.bindBaseTargetConfig({ deadLetterQueue, retryAttempts: 8 }),
          arn: topic.topicArn,
          targetResource: topic,
        };
      },
    };
  }

  /**
   * CloudWatch alarms publish to the ops topic as a service: the topic policy lets them (from this account), and the
   * topic's KMS key lets them make data keys for SNS topics in this account (the encryption context; only rekey's
   * topics use this key). EventBridge gets the same from CDK with each rule's SnsTopic target.
   */
  private allowServicesToPublish(topic: sns.ITopic, key: kms.IKey | undefined): void {
    const account = Stack.of(this).account;
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    // EventBridge's topic policy statements come with each rule's target (publishToOpsTopic), one per rule.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'RekeyAlarmsPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    if (!key) return;
    const encryptForTopics = (sid: string, service: iam.ServicePrincipal) =>
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [service],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            // The topic's (or a rule's) own ARN here would make the key depend on the topic that depends on the key.
            StringLike: {
              'kms:EncryptionContext:aws:sns:topicArn': `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${account}:*`,
            },
            StringEquals: { 'aws:SourceAccount': account },
          },
        }),
        false,
      );
    const added = encryptForTopics('RekeyAlarmsEncryptForOpsTopic', cloudWatch);
    encryptForTopics('RekeyRulesEncryptForOpsTopic', new iam.ServicePrincipal('events.amazonaws.com'));
    if (!added.statementAdded) {
      Annotations.of(this).addWarningV2(
        'rekey:opsTopicKeyImported',
        `the ops topic's key (${key.node.path}) is imported, so its policy is not changed here: allow cloudwatch.amazonaws.com and events.amazonaws.com kms:Decrypt and kms:GenerateDataKey* on it, or alarms and rules cannot publish`,
      );
    }
  }
}
