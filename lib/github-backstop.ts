import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV, GITHUB_EVENT, METRICS_NAMESPACE } from '../contract';
import { GITHUB_BACKSTOP_SCOPE_ENV, GITHUB_METRICS, GITHUB_RECORDS, GITHUB_WEBHOOK_SERVICE } from '../contract/github';
import { RekeyFunction } from './rekey-function';
import { grantReadValue } from './secret-grants';

/** Which open secret scanning alerts the backstop lists, and how often. */
export interface GitHubBackstopSettings {
  /** Organizations to list (`GET /orgs/{org}/secret-scanning/alerts`). @default [] */
  readonly orgs?: readonly string[];
  /** Repositories (`owner/name`) to list (`GET /repos/{owner}/{repo}/secret-scanning/alerts`). @default [] */
  readonly repos?: readonly string[];
  /** How often it runs: the longest a lost delivery waits to be rotated. @default Duration.minutes(15) */
  readonly period?: Duration;
}

export interface GitHubBackstopProps extends GitHubBackstopSettings {
  /** The webhook's token secret: the backstop needs no other GitHub permission (`secret_scanning_alerts: read`). */
  readonly tokenSecret: secretsmanager.ISecret;
  /** The inventory table, whose `DELIVERY#ALERT#…` records say which alerts the webhook already published. */
  readonly inventoryTable: dynamodb.ITable;
  /** The bus the webhook puts `rekey.github` findings on. */
  readonly eventBus: events.IEventBus;
  /** The webhook's REST API base URL (https). */
  readonly apiBaseUrl: string;
  /** Topic the backstop's error alarm notifies. @default - the alarm has no action */
  readonly alarmTopic?: sns.ITopic;
}

const ORG = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;

/**
 * A scheduled function that lists the open secret scanning alerts of the configured orgs and repositories and puts
 * on the bus every one the webhook has no record of, so a delivery lost to a 502 or an outage (GitHub does not
 * redeliver by itself) is rotated within one `period`. It alarms when a run fails.
 */
export class GitHubBackstop extends Construct {
  readonly handler: RekeyFunction;
  readonly schedule: events.Rule;
  readonly errorAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: GitHubBackstopProps) {
    super(scope, id);
    const orgs = [...(props.orgs ?? [])];
    const repos = [...(props.repos ?? [])];
    const period = props.period ?? Duration.minutes(15);
    if (orgs.length + repos.length === 0) {
      throw new Error('github.backstop must list at least one of orgs or repos, got none');
    }
    for (const org of orgs)
      if (!ORG.test(org)) throw new Error(`github.backstop.orgs must be org logins, got "${org}"`);
    for (const repo of repos) {
      if (!REPO.test(repo)) throw new Error(`github.backstop.repos must be owner/name, got "${repo}"`);
    }
    if (period.toMinutes({ integral: false }) < 5 || period.toHours({ integral: false }) > 24) {
      throw new Error(`github.backstop.period must be between 5 minutes and 24 hours, got ${period.toHumanString()}`);
    }

    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'github-backstop',
      description: 'rekey GitHub backstop: put on the bus the open secret scanning alerts the webhook missed',
      environment: {
        [ENV.inventoryTable]: props.inventoryTable.tableName,
        [ENV.eventBusName]: props.eventBus.eventBusName,
        [ENV.githubTokenSecretArn]: props.tokenSecret.secretFullArn ?? props.tokenSecret.secretName,
        [ENV.githubApiBaseUrl]: props.apiBaseUrl,
        [GITHUB_BACKSTOP_SCOPE_ENV]: JSON.stringify({ orgs, repos }),
      },
      timeout: Duration.minutes(2),
      // One run at a time: two would publish the same missed alert twice.
      reservedConcurrentExecutions: 1,
    });
    const fn = this.handler.function;
    grantReadValue(props.tokenSecret, fn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [props.eventBus.eventBusArn],
        conditions: { 'ForAllValues:StringEquals': { 'events:source': [GITHUB_EVENT.source] } },
      }),
    );
    // The alert records only: it reads whether an alert was published and records the ones it publishes.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.inventoryTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${GITHUB_RECORDS.alert}*`] } },
      }),
    );
    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'rekey: list open GitHub secret scanning alerts the webhook may have missed',
      schedule: events.Schedule.rate(period),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 2, maxEventAge: period })],
    });
    this.errorAlarm = new cloudwatch.Alarm(this, 'ErrorAlarm', {
      alarmDescription:
        'rekey: the GitHub backstop could not list secret scanning alerts or publish a missed one (GitHub token, API or bus)',
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.errorAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
  }
}

/** The alarm on verified GitHub deliveries the webhook answered 502 or 500 (GitHub does not redeliver by itself). */
export function webhookFailureAlarm(scope: Construct, id: string, alarmTopic?: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription:
      'rekey: a verified GitHub secret scanning delivery failed (GitHub API or PutEvents): the backstop will retry it; check the webhook logs',
    metric: new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: GITHUB_METRICS.deliveriesFailed,
      dimensionsMap: { service: GITHUB_WEBHOOK_SERVICE },
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (alarmTopic) alarm.addAlarmAction(new cwActions.SnsAction(alarmTopic));
  return alarm;
}
