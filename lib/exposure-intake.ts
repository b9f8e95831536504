import { CfnOutput, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeDeadLetterQueue } from './nag-suppressions';
import { RekeyFunction } from './rekey-function';

/** The custom finding event any scanner or CI job can put on the bus. Documented in docs/scanner-events.md. */
export const SCANNER_EVENT = { source: 'rekey.scanner', detailType: 'Secret Exposed' } as const;

/** The finding event the GitHub webhook receiver puts on the bus. */
export const GITHUB_EVENT = { source: 'rekey.github', detailType: 'Secret Exposed' } as const;

/**
 * The event pattern of each finding source, as tight as the documented events allow. AWS Health, Security Hub and
 * GuardDuty deliver to the account's default bus only, so their rules always live there.
 */
export const FINDING_PATTERNS = {
  scanner: { source: [SCANNER_EVENT.source], detailType: [SCANNER_EVENT.detailType] },
  github: { source: [GITHUB_EVENT.source], detailType: [GITHUB_EVENT.detailType] },
  /** An IAM access key seen in a public place; `affectedEntities[].entityValue` is its id. */
  awsHealth: {
    source: ['aws.health'],
    detailType: ['AWS Health Event', 'AWS Health Abuse Event'],
    detail: { eventTypeCode: ['AWS_RISK_CREDENTIALS_EXPOSED'] },
  },
  /** ASFF findings that name an IAM access key, still active and not yet resolved or suppressed. */
  securityHub: {
    source: ['aws.securityhub'],
    detailType: ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        Resources: { Type: ['AwsIamAccessKey'] },
        RecordState: ['ACTIVE'],
        Workflow: { Status: ['NEW', 'NOTIFIED'] },
      },
    },
  },
  /** Findings on a long-term access key (`AKIA…`; rekey cannot rotate temporary `ASIA…` credentials). */
  guardDuty: {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Finding'],
    detail: { resource: { resourceType: ['AccessKey'], accessKeyDetails: { accessKeyId: [{ prefix: 'AKIA' }] } } },
  },
} satisfies Record<string, events.EventPattern>;

export type AwsFindingSource = 'aws-health' | 'security-hub' | 'guardduty';

/** The GitHub secret scanning source: a webhook receiver behind a Lambda function URL. */
export interface GitHubWebhookSettings {
  /** The webhook's shared secret, as configured in GitHub (a plain string, or JSON with `secret`). */
  readonly webhookSecret: secretsmanager.ISecret;
  /** A token that may read secret scanning alerts (`secret_scanning_alerts: read`; a plain string, or JSON with `token`). */
  readonly tokenSecret: secretsmanager.ISecret;
  /** The REST API, e.g. `https://HOST/api/v3` for GitHub Enterprise Server. @default "https://api.github.com" */
  readonly apiBaseUrl?: string;
}

export interface ExposureIntakeProps {
  /** Environment the intake function needs (inventory table, topics, state machine, secret prefix). */
  readonly environment: Readonly<Record<string, string>>;
  /** Bus the custom (`rekey.scanner`) and GitHub findings travel on. @default - the account's default event bus */
  readonly eventBus?: events.IEventBus;
  /** AWS finding sources to listen to (always on the default bus). @default ['aws-health', 'security-hub', 'guardduty'] */
  readonly awsSources?: readonly AwsFindingSource[];
  /** GitHub secret scanning. @default - no GitHub source */
  readonly github?: GitHubWebhookSettings;
  /** The inventory table, where the webhook remembers delivery ids (`DELIVERY#…` items only). Required with `github`. @default - none */
  readonly inventoryTable?: dynamodb.ITable;
  /** Topic the dead-letter alarm notifies. @default - the alarm has no action */
  readonly alarmTopic?: sns.ITopic;
  /** The customer-managed key that encrypts `alarmTopic`; CloudWatch is allowed to use it. @default - none */
  readonly alarmTopicKey?: kms.IKey;
}

/**
 * Turns secret-scanner findings into emergency rotations: one EventBridge rule per finding source, the intake
 * function they target (which validates the finding, matches it to a managed key and rotates or revokes it), the
 * optional GitHub webhook receiver, and a dead-letter queue, with an alarm on its depth, for events the intake
 * cannot take.
 */
export class ExposureIntake extends Construct {
  readonly handler: RekeyFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly rules: readonly events.Rule[];
  /** The GitHub webhook receiver, when `github` is set. */
  readonly webhook?: RekeyFunction;
  /** The URL to configure as the GitHub webhook's payload URL, when `github` is set. */
  readonly webhookUrl?: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: ExposureIntakeProps) {
    super(scope, id);
    const awsSources = props.awsSources ?? ['aws-health', 'security-hub', 'guardduty'];
    if (props.github && !props.inventoryTable) {
      throw new Error('github requires inventoryTable (the webhook remembers delivery ids there), got none');
    }
    const apiBaseUrl = props.github?.apiBaseUrl ?? 'https://api.github.com';
    if (props.github && !/^https:\/\/[^\s/]+/.test(apiBaseUrl)) {
      throw new Error(`github.apiBaseUrl must be an https:// URL, got ${apiBaseUrl}`);
    }

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(this.deadLetterQueue);
    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'intake',
      description: 'rekey exposure intake: match a scanner finding to a managed key and rotate it now',
      environment: { ...props.environment, REKEY_INTAKE_DLQ_URL: this.deadLetterQueue.queueUrl },
      timeout: Duration.seconds(30),
      // A finding the handler still fails on after Lambda's two async retries is kept here, not dropped.
      deadLetterQueue: this.deadLetterQueue,
    });
    // Events that do not validate go to the dead-letter queue at once, from the function itself.
    this.deadLetterQueue.grantSendMessages(this.handler.function);

    const target = new targets.LambdaFunction(this.handler.function, {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 4,
      maxEventAge: Duration.hours(2),
    });
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    const rule = (
      ruleId: string,
      description: string,
      eventPattern: events.EventPattern,
      eventBus?: events.IEventBus,
    ) => new events.Rule(this, ruleId, { description, eventBus, eventPattern, targets: [target] });

    const rules: events.Rule[] = [
      rule(
        'ScannerFindingRule',
        'rekey: a scanner reports an exposed key (custom event)',
        FINDING_PATTERNS.scanner,
        props.eventBus,
      ),
    ];
    if (awsSources.includes('aws-health')) {
      rules.push(
        rule('HealthFindingRule', 'rekey: AWS Health AWS_RISK_CREDENTIALS_EXPOSED', FINDING_PATTERNS.awsHealth),
      );
    }
    if (awsSources.includes('security-hub')) {
      rules.push(
        rule(
          'SecurityHubFindingRule',
          'rekey: Security Hub finding on an IAM access key',
          FINDING_PATTERNS.securityHub,
        ),
      );
    }
    if (awsSources.includes('guardduty')) {
      rules.push(
        rule('GuardDutyFindingRule', 'rekey: GuardDuty finding on an IAM access key', FINDING_PATTERNS.guardDuty),
      );
    }

    if (props.github && props.inventoryTable) {
      rules.push(
        rule('GitHubFindingRule', 'rekey: GitHub secret scanning alert', FINDING_PATTERNS.github, props.eventBus),
      );
      const bus = props.eventBus ?? defaultBus;
      const secretRef = (s: secretsmanager.ISecret) => s.secretFullArn ?? s.secretName;
      this.webhook = new RekeyFunction(this, 'GitHubWebhook', {
        handlerDir: 'github-webhook',
        description: 'rekey GitHub secret scanning webhook: verify, fetch the alert, put its fingerprint on the bus',
        environment: {
          REKEY_INVENTORY_TABLE: props.inventoryTable.tableName,
          REKEY_EVENT_BUS_NAME: bus.eventBusName,
          REKEY_GITHUB_WEBHOOK_SECRET_ARN: secretRef(props.github.webhookSecret),
          REKEY_GITHUB_TOKEN_SECRET_ARN: secretRef(props.github.tokenSecret),
          REKEY_GITHUB_API_BASE_URL: apiBaseUrl,
        },
        // GitHub waits 10 s for an answer.
        timeout: Duration.seconds(10),
      });
      const fn = this.webhook.function;
      props.github.webhookSecret.grantRead(fn);
      props.github.tokenSecret.grantRead(fn);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['events:PutEvents'],
          resources: [bus.eventBusArn],
          // events:source is multivalued (one value per entry): every entry must be the GitHub finding.
          conditions: { 'ForAllValues:StringEquals': { 'events:source': [GITHUB_EVENT.source] } },
        }),
      );
      // Delivery ids only: the receiver cannot read or change key versions.
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          resources: [props.inventoryTable.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DELIVERY#*'] } },
        }),
      );
      // Auth NONE: GitHub cannot sign AWS requests; each delivery carries an HMAC the function verifies.
      this.webhookUrl = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
      new CfnOutput(this, 'GitHubWebhookUrl', {
        description: 'Payload URL for the GitHub secret_scanning_alert webhook (content type application/json)',
        value: this.webhookUrl.url,
      });
    }
    this.rules = rules;

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription:
        'rekey: findings the intake could not take are waiting on its dead-letter queue (malformed events or failed rotations)',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) {
      this.deadLetterAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
      props.alarmTopicKey?.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        }),
      );
    }
  }
}
