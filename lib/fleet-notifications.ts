import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FleetSubscription {
  /** Fleet name; names its queue. */
  readonly name: string;
  /** Secret names whose events this fleet receives (the subscription's filter policy). */
  readonly secretNames: readonly string[];
  /** Create an SQS queue for the fleet. @default true */
  readonly queue?: boolean;
  /** HTTPS endpoints subscribed for this fleet. @default [] */
  readonly httpsEndpoints?: readonly string[];
}

export interface FleetNotificationsProps {
  readonly fleets: readonly FleetSubscription[];
  /** Key that encrypts the topics. @default - a new customer-managed key with rotation */
  readonly encryptionKey?: kms.IKey;
  /** Email subscribed to the ops topic. @default - none */
  readonly opsEmail?: string;
  /** How long a fleet's queue keeps an unread notification. @default Duration.days(4) */
  readonly retention?: Duration;
}

/**
 * The fleet topic (rotated / revoked notifications with `secretName`, `event` and `version` attributes; ids
 * only), one SQS queue per fleet subscribed with a filter policy on its secrets, HTTPS endpoints, and the ops
 * topic operators watch. Both topics are encrypted and refuse plain-HTTP publishers.
 */
export class FleetNotifications extends Construct {
  readonly fleetTopic: sns.Topic;
  readonly opsTopic: sns.Topic;
  readonly encryptionKey: kms.IKey;
  readonly queues: Readonly<Record<string, sqs.Queue>>;
  readonly deadLetterQueues: readonly sqs.Queue[];

  constructor(scope: Construct, id: string, props: FleetNotificationsProps) {
    super(scope, id);
    const names = new Set<string>();
    for (const fleet of props.fleets) {
      if (names.has(fleet.name)) throw new Error(`fleets must have unique names, got "${fleet.name}" twice`);
      names.add(fleet.name);
    }
    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: 'rekey notification topics',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.fleetTopic = new sns.Topic(this, 'FleetTopic', {
      displayName: 'rekey fleet notifications',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    this.opsTopic = new sns.Topic(this, 'OpsTopic', {
      displayName: 'rekey operator alerts',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    if (props.opsEmail) this.opsTopic.addSubscription(new subs.EmailSubscription(props.opsEmail));

    const queues: Record<string, sqs.Queue> = {};
    const dlqs: sqs.Queue[] = [];
    for (const fleet of props.fleets) {
      if (fleet.secretNames.length === 0) continue;
      const filterPolicy = { secretName: sns.SubscriptionFilter.stringFilter({ allowlist: [...fleet.secretNames] }) };
      if (fleet.queue ?? true) {
        const dlq = new sqs.Queue(this, `${fleet.name}DeadLetters`, {
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        });
        const queue = new sqs.Queue(this, `${fleet.name}Queue`, {
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          retentionPeriod: props.retention ?? Duration.days(4),
          deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
        });
        this.fleetTopic.addSubscription(new subs.SqsSubscription(queue, { rawMessageDelivery: true, filterPolicy }));
        queues[fleet.name] = queue;
        dlqs.push(dlq);
      }
      for (const url of fleet.httpsEndpoints ?? []) {
        this.fleetTopic.addSubscription(
          new subs.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS, filterPolicy }),
        );
      }
    }
    this.queues = queues;
    this.deadLetterQueues = dlqs;
  }
}
