import { Aws, CfnOutput, Duration, Names, Stack, Token } from 'aws-cdk-lib';
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
import { ENV } from '../contract/env';
import { awsSecurityHubProductArn, SECURITY_HUB_EVENT } from '../contract/events';
import { INTAKE_TIMEOUT_SECONDS } from '../contract/intake';
import { GitHubBackstop, type GitHubBackstopSettings, webhookFailureAlarm } from './github-backstop';
import { acknowledgeDeadLetterQueue } from './nag-suppressions';
import { RekeyFunction } from './rekey-function';
import { grantReadValue } from './secret-grants';

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
  /**
   * ASFF findings that name an IAM access key, still active and not yet resolved or suppressed. The rule adds
   * `ProductArn`: only the configured products' findings (`securityHubProductArns`).
   */
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

/**
 * The Security Hub products whose findings rekey takes by default: AWS's own (Security Hub's controls, GuardDuty, IAM
 * Access Analyzer) in the stack's partition and region, `arn:<partition>:securityhub:<region>::product/aws/<name>`.
 */
export function defaultSecurityHubProductArns(scope: Construct): string[] {
  const { partition, region } = Stack.of(scope);
  return SECURITY_HUB_EVENT.defaultAwsProducts.map((name) => awsSecurityHubProductArn(partition, region, name));
}

/** The Security Hub rule's pattern: the ASFF findings rekey takes, from the given products only. */
export function securityHubPattern(productArns: readonly string[]): events.EventPattern {
  const { findings } = FINDING_PATTERNS.securityHub.detail;
  return { ...FINDING_PATTERNS.securityHub, detail: { findings: { ...findings, ProductArn: [...productArns] } } };
}

const ACCOUNT_ID = /^\d{12}$/;

function intakeConcurrency(concurrency = 20): number {
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
    throw new Error(`concurrency must be an integer from 1 to 100, got ${concurrency}`);
  }
  return concurrency;
}
const PRODUCT_ARN = /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:(\d{12})?:product\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** The GitHub secret scanning source: a webhook receiver behind a Lambda function URL. */
export interface GitHubWebhookSettings {
  /** The webhook's shared secret, as configured in GitHub (a plain string, or JSON with `secret`). */
  readonly webhookSecret: secretsmanager.ISecret;
  /** A token that may read secret scanning alerts (`secret_scanning_alerts: read`; a plain string, or JSON with `token`). */
  readonly tokenSecret: secretsmanager.ISecret;
  /** The REST API, e.g. `https://HOST/api/v3` for GitHub Enterprise Server. @default "https://api.github.com" */
  readonly apiBaseUrl?: string;
  /**
   * The webhook's reserved concurrency: an unauthenticated flood of the public URL is throttled (429) at this many
   * concurrent invocations and cannot take the account's concurrency from the intake. @default 10
   */
  readonly webhookConcurrency?: number;
  /**
   * A scheduled backstop that lists open secret scanning alerts with the same token and puts on the bus any the
   * webhook did not record (a lost delivery). @default - no backstop: a delivery lost after a 502 only alarms
   */
  readonly backstop?: GitHubBackstopSettings;
}

export interface ExposureIntakeProps {
  /** Environment the intake function needs (inventory table, topics, state machine, secret prefix). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Bus the custom (`rekey.scanner`) and GitHub findings travel on. A bus given here is the caller's to guard: rekey
   * adds no resource policy to it.
   * @default - a bus of the intake's own (`findingBus`), whose policy admits only the webhook's role (`rekey.github`),
   * `scannerPrincipals` (`rekey.scanner`) and `forwardingAccounts`
   */
  readonly eventBus?: events.IEventBus;
  /**
   * IAM roles that may put `rekey.scanner` findings on rekey's bus: CI and scanner jobs, and the on-call role that
   * runs `rekey report-leak` under the operator policy. Every other principal of the account is refused by the bus
   * policy's explicit Deny, whatever its own policies grant. Ignored with `eventBus`.
   * @default [] (only the GitHub webhook, when configured, may put findings)
   */
  readonly scannerPrincipals?: readonly iam.IRole[];
  /**
   * Accounts (12 digits) that forward findings to this account's bus through an EventBridge rule with a cross-account
   * bus target: an organisation's security account, where an organisation-wide GitHub webhook and central scanners
   * run. They may put `rekey.github` and `rekey.scanner` findings. Ignored with `eventBus`.
   * docs/examples/hub-and-spoke/README.md shows the setup. @default [] (no account but this one)
   */
  readonly forwardingAccounts?: readonly string[];
  /**
   * The Security Hub products (`ProductArn`) whose findings are taken; any other product's finding is not routed,
   * and the intake refuses one that reaches it anyway.
   * @default - AWS's own: Security Hub, GuardDuty and IAM Access Analyzer in the stack's partition and region (`defaultSecurityHubProductArns`)
   */
  readonly securityHubProductArns?: readonly string[];
  /** AWS finding sources to listen to (always on the default bus). @default ['aws-health', 'security-hub', 'guardduty'] */
  readonly awsSources?: readonly AwsFindingSource[];
  /** GitHub secret scanning. @default - no GitHub source */
  readonly github?: GitHubWebhookSettings;
  /**
   * The intake's reserved concurrency (1 to 100): capacity no other function in the account can take during an
   * incident, and a ceiling on how many findings it handles at once (a flood beyond it waits in Lambda's
   * asynchronous queue and EventBridge's retries, it is not dropped). @default 20
   */
  readonly concurrency?: number;
  /**
   * Workers consuming the intake's work queue at most (the event source mapping's MaximumConcurrency, 2 to
   * `concurrency`): a mass exposure's findings are handled this many at a time, leaving the rest of the reserved
   * concurrency (at least 2) to the event queue, where new events arrive. @default - `concurrency` minus 5, at least 2
   */
  readonly workerConcurrency?: number;
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
  /** One message per finding of an event that names many keys; the intake consumes it (lambdas/intake/fan-out.ts). */
  readonly workQueue: sqs.Queue;
  /**
   * What every finding rule targets: one message per EventBridge event, consumed by the intake at a bounded
   * concurrency, so a burst of events waits here instead of in Lambda's throttled asynchronous queue.
   */
  readonly eventQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly rules: readonly events.Rule[];
  /** The bus `rekey.scanner` and `rekey.github` findings go to: `eventBus`, or the intake's own. */
  readonly findingBus: events.IEventBus;
  /** The Security Hub products whose findings the intake takes. */
  readonly securityHubProductArns: readonly string[];
  /** The GitHub webhook receiver, when `github` is set. */
  readonly webhook?: RekeyFunction;
  /** The URL to configure as the GitHub webhook's payload URL, when `github` is set. */
  readonly webhookUrl?: lambda.FunctionUrl;
  /** The alarm on verified GitHub deliveries the webhook failed (502), when `github` is set. */
  readonly webhookFailureAlarm?: cloudwatch.Alarm;
  /** The backstop that finds alerts the webhook missed, when `github.backstop` is set. */
  readonly githubBackstop?: GitHubBackstop;

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
    for (const account of props.forwardingAccounts ?? []) {
      if (!Token.isUnresolved(account) && !ACCOUNT_ID.test(account)) {
        throw new Error(`forwardingAccounts must be 12-digit account ids, got "${account}"`);
      }
    }
    if (props.securityHubProductArns?.length === 0) {
      throw new Error(
        'securityHubProductArns must list at least one product ARN, got none (leave it out for the default)',
      );
    }
    for (const arn of props.securityHubProductArns ?? []) {
      if (!Token.isUnresolved(arn) && !PRODUCT_ARN.test(arn)) {
        throw new Error(
          `securityHubProductArns must be Security Hub product ARNs (arn:aws:securityhub:REGION::product/aws/guardduty), got "${arn}"`,
        );
      }
    }
    this.securityHubProductArns = props.securityHubProductArns ?? defaultSecurityHubProductArns(this);
    const ownBus = props.eventBus
      ? undefined
      : new events.EventBus(this, 'FindingBus', {
          // Named here, so its policy can name its ARN (the bus's own Arn attribute would be a cycle).
          eventBusName: `${Names.uniqueId(this).slice(-200)}Findings`,
          description: 'rekey: exposure findings (rekey.scanner, rekey.github) from named principals only',
        });
    this.findingBus = props.eventBus ?? (ownBus as events.EventBus);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(this.deadLetterQueue);
    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'intake',
      description: 'rekey exposure intake: match a scanner finding to a managed key and rotate it now',
      environment: {
        ...props.environment,
        [ENV.intakeDeadLetterQueueUrl]: this.deadLetterQueue.queueUrl,
        [ENV.securityHubProductArns]: this.securityHubProductArns.join(','),
      },
      timeout: Duration.seconds(INTAKE_TIMEOUT_SECONDS),
      reservedConcurrentExecutions: intakeConcurrency(props.concurrency),
      // A finding the handler still fails on after Lambda's two async retries is kept here, not dropped.
      deadLetterQueue: this.deadLetterQueue,
    });
    // Events that do not validate go to the dead-letter queue at once, from the function itself.
    // SendMessage only: grantSendMessages would add GetQueueAttributes and GetQueueUrl, which the intake never calls.
    iam.Grant.addToPrincipal({
      grantee: this.handler.function,
      actions: ['sqs:SendMessage'],
      resourceArns: [this.deadLetterQueue.queueArn],
    });

    // A mass exposure's findings, one message each, consumed by the intake itself in bounded parallel.
    const concurrency = intakeConcurrency(props.concurrency);
    const workers = props.workerConcurrency ?? Math.max(2, concurrency - 5);
    if (!Number.isInteger(workers) || workers < 2 || workers > concurrency) {
      throw new Error(`workerConcurrency must be an integer from 2 to concurrency (${concurrency}), got ${workers}`);
    }
    const intakeQueue = (queueId: string) =>
      new sqs.Queue(this, queueId, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // Lambda requires at least the function's timeout; AWS recommends six times it.
        visibilityTimeout: Duration.seconds(6 * INTAKE_TIMEOUT_SECONDS),
        retentionPeriod: Duration.days(4),
        // A message that fails five deliveries is kept with the events the intake could not take.
        deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
      });
    this.workQueue = intakeQueue('WorkQueue');
    this.eventQueue = intakeQueue('EventQueue');
    this.handler.function.addEnvironment(ENV.intakeWorkQueueUrl, this.workQueue.queueUrl);
    this.handler.function.addEnvironment(ENV.intakeEventQueueUrl, this.eventQueue.queueUrl);
    // SendMessageBatch is authorised as sqs:SendMessage; grantSendMessages would add two actions never called.
    iam.Grant.addToPrincipal({
      grantee: this.handler.function,
      actions: ['sqs:SendMessage'],
      resourceArns: [this.workQueue.queueArn],
    });
    // What Lambda's pollers call with the execution role (ReceiveMessage, DeleteMessage, GetQueueAttributes: AWS's
    // AWSLambdaSQSQueueExecutionRole), and ChangeMessageVisibility, with which a worker makes the messages it hands
    // back for lack of time visible again at once. SqsEventSource would add GetQueueUrl, which nothing calls.
    iam.Grant.addToPrincipal({
      grantee: this.handler.function,
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
      resourceArns: [this.workQueue.queueArn, this.eventQueue.queueArn],
    });
    new lambda.EventSourceMapping(this, 'WorkQueueMapping', {
      target: this.handler.function,
      eventSourceArn: this.workQueue.queueArn,
      batchSize: 10,
      maxConcurrency: workers,
      reportBatchItemFailures: true,
    });
    // The rest of the reserved concurrency takes new events, whatever backlog the work queue holds.
    new lambda.EventSourceMapping(this, 'EventQueueMapping', {
      target: this.handler.function,
      eventSourceArn: this.eventQueue.queueArn,
      batchSize: 10,
      maxConcurrency: Math.max(2, concurrency - workers),
      reportBatchItemFailures: true,
    });
    // Only the intake writes findings to its work queue, and only the stack's finding rules write events to its
    // event queue: an identity policy with sqs:SendMessage on * (an administrator's, a broad CI role's) would
    // otherwise put a forged finding past the finding bus's policy.
    denySendExcept(this.workQueue, [this.handler.function.role as iam.IRole], false);
    denySendExcept(this.eventQueue, [], true);

    // EventBridge's SQS target adds the queue policy that lets each rule (aws:SourceArn) send, and no other.
    const target = new targets.SqsQueue(this.eventQueue, {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 4,
      maxEventAge: Duration.hours(2),
    });
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
        this.findingBus,
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
          'rekey: Security Hub finding on an IAM access key, from a configured product',
          securityHubPattern(this.securityHubProductArns),
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
        rule('GitHubFindingRule', 'rekey: GitHub secret scanning alert', FINDING_PATTERNS.github, this.findingBus),
      );
      const bus = this.findingBus;
      const webhookConcurrency = props.github.webhookConcurrency ?? 10;
      if (!Number.isInteger(webhookConcurrency) || webhookConcurrency < 1 || webhookConcurrency > 100) {
        throw new Error(`github.webhookConcurrency must be an integer from 1 to 100, got ${webhookConcurrency}`);
      }
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
        // The URL is public: a flood is throttled here (429) instead of taking the account's concurrency.
        reservedConcurrentExecutions: webhookConcurrency,
      });
      const fn = this.webhook.function;
      grantReadValue(props.github.webhookSecret, fn);
      grantReadValue(props.github.tokenSecret, fn);
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
      // A 502 is an answer, not a Lambda error: the webhook counts each verified delivery it failed.
      this.webhookFailureAlarm = webhookFailureAlarm(this, 'GitHubWebhookFailureAlarm', props.alarmTopic);
      if (props.github.backstop) {
        this.githubBackstop = new GitHubBackstop(this, 'GitHubBackstop', {
          ...props.github.backstop,
          tokenSecret: props.github.tokenSecret,
          inventoryTable: props.inventoryTable,
          eventBus: bus,
          apiBaseUrl,
          alarmTopic: props.alarmTopic,
        });
      }
    }
    this.rules = rules;
    if (ownBus) {
      (ownBus.node.defaultChild as events.CfnEventBus).policy = findingBusPolicy({
        busArn: Stack.of(this).formatArn({
          service: 'events',
          resource: 'event-bus',
          resourceName: `${Names.uniqueId(this).slice(-200)}Findings`,
        }),
        githubRoles: [this.webhook?.function.role, this.githubBackstop?.handler.function.role].filter(
          (r): r is iam.IRole => r !== undefined,
        ),
        scannerRoles: props.scannerPrincipals ?? [],
        forwardingAccounts: props.forwardingAccounts ?? [],
      });
    }

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
          // This account's alarms, for this account's topics only (the alarm's ARN would make a cycle: key, topic, alarm).
          conditions: {
            StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
            StringLike: {
              'kms:EncryptionContext:aws:sns:topicArn': `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:*`,
            },
          },
        }),
      );
    }
  }
}

/**
 * Denies SendMessage on the queue to every principal but the named roles and, with `services`, AWS services (whose
 * own Allow, an EventBridge rule's `aws:SourceArn`, is the queue policy's other statement). In the account an
 * identity policy alone would allow SendMessage, so this Deny is the gate. It names only sqs:SendMessage: the
 * deployer still manages the queue, and Lambda's pollers still receive.
 */
function denySendExcept(queue: sqs.Queue, writers: readonly iam.IRole[], services: boolean): void {
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: services ? 'OnlyFindingRulesSend' : 'OnlyTheIntakeSends',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: services
        ? // Every principal of an account (aws:PrincipalIsAWSService false); a service is admitted by an Allow only.
          { Bool: { 'aws:PrincipalIsAWSService': 'false' } }
        : // Everyone but the writers: a service has no aws:PrincipalArn, so it is refused too.
          { ArnNotEquals: { 'aws:PrincipalArn': writers.map((r) => r.roleArn) } },
    }),
  );
}

interface FindingBusPolicyProps {
  readonly busArn: string;
  /** The roles that put `rekey.github` findings: the webhook's, and the backstop's when there is one. */
  readonly githubRoles?: readonly iam.IRole[];
  readonly scannerRoles: readonly iam.IRole[];
  readonly forwardingAccounts: readonly string[];
}

/** Multivalued keys (one value per entry): every entry of the PutEvents call must be one of these. */
const onlyFindings = (sources: readonly string[]) => ({
  'ForAllValues:StringEquals': { 'events:source': [...sources], 'events:detail-type': [SCANNER_EVENT.detailType] },
});

/**
 * The finding bus's resource policy, one document (so its Deny is never deployed apart from its Allows).
 *
 * Within the account, an identity policy alone allows PutEvents (a role with `events:PutEvents` on `*` could put a
 * forged `rekey.github` finding), so the Allows here are not the gate: the explicit Denies are. `OnlyNamedPrincipals`
 * refuses PutEvents to every principal but the named roles and the forwarding accounts; `GitHubFindingsFromWebhook`
 * refuses a `rekey.github` entry from anyone but the webhook's and the backstop's roles (and the forwarding accounts); and
 * `ScannerFindingsOnly` keeps the scanner roles to `rekey.scanner`. The Allows admit the named roles even where
 * their own policies say nothing of this bus (a CI role), and are the only way in for another account.
 *
 * Nothing here can lock the account out: the Denies name only `events:PutEvents`, so the deployer still manages
 * the bus and its policy (CloudFormation, `events:PutPermission`), and an administrator who must put a finding by
 * hand does it as a named role, or adds one to `scannerPrincipals`.
 */
export function findingBusPolicy(props: FindingBusPolicyProps): iam.PolicyDocument {
  const webhookArns = (props.githubRoles ?? []).map((r) => r.roleArn);
  const scannerArns = props.scannerRoles.map((r) => r.roleArn);
  const accounts = [...props.forwardingAccounts];
  const notForwarded = accounts.length > 0 ? { StringNotEquals: { 'aws:PrincipalAccount': accounts } } : {};
  const statements: iam.PolicyStatement[] = [];
  if (webhookArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'GitHubWebhookPutsGitHubFindings',
        principals: webhookArns.map((arn) => new iam.ArnPrincipal(arn)),
        actions: ['events:PutEvents'],
        resources: [props.busArn],
        conditions: onlyFindings([GITHUB_EVENT.source]),
      }),
    );
  }
  if (scannerArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ScannersPutScannerFindings',
        principals: scannerArns.map((arn) => new iam.ArnPrincipal(arn)),
        actions: ['events:PutEvents'],
        resources: [props.busArn],
        conditions: onlyFindings([SCANNER_EVENT.source]),
      }),
    );
  }
  if (accounts.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'SecurityAccountsForwardFindings',
        principals: accounts.map((account) => new iam.AccountPrincipal(account)),
        actions: ['events:PutEvents'],
        resources: [props.busArn],
        conditions: onlyFindings([GITHUB_EVENT.source, SCANNER_EVENT.source]),
      }),
    );
  }
  const named = [...webhookArns, ...scannerArns];
  statements.push(
    new iam.PolicyStatement({
      sid: 'OnlyNamedPrincipals',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [props.busArn],
      conditions: {
        ...(named.length > 0 ? { ArnNotEquals: { 'aws:PrincipalArn': named } } : {}),
        ...notForwarded,
      },
    }),
    new iam.PolicyStatement({
      sid: 'GitHubFindingsFromWebhook',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [props.busArn],
      conditions: {
        'ForAnyValue:StringEquals': { 'events:source': [GITHUB_EVENT.source] },
        ...(webhookArns.length > 0 ? { ArnNotEquals: { 'aws:PrincipalArn': webhookArns } } : {}),
        ...notForwarded,
      },
    }),
  );
  if (scannerArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ScannerRolesPutScannerFindingsOnly',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [props.busArn],
        conditions: {
          'ForAnyValue:StringNotEquals': { 'events:source': [SCANNER_EVENT.source] },
          ArnEquals: { 'aws:PrincipalArn': scannerArns },
        },
      }),
    );
  }
  return new iam.PolicyDocument({ statements });
}
