import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ACK_ATTRIBUTES, LIVENESS, livenessPartitionKey } from '../contract';
import { acknowledgeEncryptedTopicPublish } from './nag-suppressions';
import { secretArnForPolicies } from './secret-grants';

/** The inventory's partition key value for a secret's version items (`SECRET#<name>`, lambdas/common/inventory.ts). */
export const inventoryPartitionKey = (secretName: string): string => `SECRET#${secretName}`;

/**
 * Every attribute an agent's acknowledgement names (packages/client/src/ack.ts `dynamoDbAcknowledger`): the version
 * item's key (`pk`, `sk`) and the attributes it sets (`ADD ackAgents, livenessAgents … SET lastAckAt …`). The agent
 * policy's `dynamodb:Attributes` condition on `SECRET#` items allows exactly these (contract/liveness.ts).
 */
export { ACK_ATTRIBUTES };

/**
 * Every attribute an agent's liveness record names (packages/client/src/liveness.ts `dynamoDbLiveness`): `pk`, `sk`,
 * `agentId`, `versionId`, `renewedAt`, `expiresAt`. The agent policy allows exactly these, on `LIVE#` items only.
 */
export const LIVENESS_ATTRIBUTES = LIVENESS.attributes;

/** A secret a fleet's agents read. */
export interface FleetSecret {
  /** The secret. One made in the stack is granted on its full ARN; one known by name on `<partial ARN>-??????`. */
  readonly secret: secretsmanager.ISecret;
  /**
   * Its name, as notifications (the `secretName` attribute) and the inventory (`SECRET#<name>`) carry it. Given
   * apart from `secret` because `secret.secretName` of a secret made in the stack is a token parsed from its ARN.
   */
  readonly secretName: string;
}

export interface FleetSubscription {
  /** Fleet name; names its queue and its agent policy. */
  readonly name: string;
  /**
   * Secrets this fleet's agents may read. Which notifications the fleet receives is not decided here: the
   * subscription filters on the fleet's name, and a secret's notifications carry the fleets it is tagged for
   * (`ManagedKey`'s `fleets`, contract/fleets.ts).
   */
  readonly secrets: readonly FleetSecret[];
  /** Create an SQS queue for the fleet. @default true */
  readonly queue?: boolean;
  /** HTTPS endpoints subscribed for this fleet. @default [] */
  readonly httpsEndpoints?: readonly string[];
  /**
   * Keys of this fleet may be enrolled at run time (lib/key-enrollment.ts): the fleet gets its queue, subscription
   * and agent policy even with no declared secret, and the enrollment adds the statements on its enrolled keys.
   * @default false
   */
  readonly enrolled?: boolean;
}

export interface FleetNotificationsProps {
  readonly fleets: readonly FleetSubscription[];
  /** Key that encrypts the topics. @default - a new customer-managed key with rotation */
  readonly encryptionKey?: kms.IKey;
  /** Email subscribed to the ops topic. @default - none */
  readonly opsEmail?: string;
  /** How long a fleet's queue keeps an unread notification. @default Duration.days(4) */
  readonly retention?: Duration;
  /**
   * The key inventory, where agents acknowledge the versions they switch to and keep their liveness records.
   * @default - agent policies allow no acknowledgement and no liveness record
   */
  readonly inventoryTable?: dynamodb.ITable;
}

/**
 * The fleet topic (rotated / revoked notifications with `secretName`, `event`, `version` and `fleets` attributes;
 * ids only), one SQS queue per fleet subscribed with a filter policy on its fleet's name (`{ fleets: [<fleet>] }`), HTTPS endpoints, the ops topic
 * operators watch, and per fleet the managed policy its agents run under. Both topics are encrypted and refuse
 * plain-HTTP publishers.
 */
export class FleetNotifications extends Construct {
  readonly fleetTopic: sns.Topic;
  readonly opsTopic: sns.Topic;
  readonly encryptionKey: kms.IKey;
  readonly queues: Readonly<Record<string, sqs.Queue>>;
  readonly deadLetterQueues: readonly sqs.Queue[];
  /** Each fleet's agent policy, by fleet name (fleets with at least one secret). */
  readonly agentPolicies: Readonly<Record<string, iam.ManagedPolicy>>;
  private readonly agentStatements = new Map<string, readonly iam.PolicyStatement[]>();

  constructor(scope: Construct, id: string, props: FleetNotificationsProps) {
    super(scope, id);
    const names = new Set<string>();
    const idNames = new Map<string, string>();
    for (const fleet of props.fleets) {
      if (names.has(fleet.name)) throw new Error(`fleets must have unique names, got "${fleet.name}" twice`);
      names.add(fleet.name);
      // Logical ids keep only letters and digits: "a-b" and "ab" would name the same queue and agent policy.
      const idName = fleet.name.replace(/[^A-Za-z0-9]/g, '');
      const clash = idNames.get(idName);
      if (clash !== undefined) {
        throw new Error(
          `fleets must have names that differ in their letters and digits (logical ids drop the rest), got "${clash}" and "${fleet.name}"`,
        );
      }
      idNames.set(idName, fleet.name);
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
    const policies: Record<string, iam.ManagedPolicy> = {};
    for (const fleet of props.fleets) {
      if (fleet.secrets.length === 0 && !fleet.enrolled) continue;
      // Addressed by fleet: notifications carry the fleets their secret is tagged for (`fleets`, a String.Array; SNS
      // matches when any element matches), so this filter names one fleet and does not grow with its keys.
      // The attribute's name is the client's NOTIFICATION_ATTRIBUTES.fleets (tied by test/unit/contract).
      const filterPolicy = { fleets: sns.SubscriptionFilter.stringFilter({ allowlist: [fleet.name] }) };
      let queue: sqs.Queue | undefined;
      if (fleet.queue ?? true) {
        const dlq = new sqs.Queue(this, `${fleet.name}DeadLetters`, {
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        });
        queue = new sqs.Queue(this, `${fleet.name}Queue`, {
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
      const statements = this.agentStatementsFor(fleet, queue, props.inventoryTable);
      this.agentStatements.set(fleet.name, statements);
      policies[fleet.name] = new iam.ManagedPolicy(this, `${fleet.name}AgentPolicy`, {
        description: `rekey: what the ${fleet.name} fleet's agents do (read its keys, receive its notifications, acknowledge)`,
        statements: [...statements],
      });
    }
    this.queues = queues;
    this.deadLetterQueues = dlqs;
    this.agentPolicies = policies;
  }

  /**
   * Publish `rotated` and `revoked` notifications to the fleet topic (the rotation and revocation functions), and
   * make and read data keys with the topics' KMS key through SNS (CDK's grantPublish).
   */
  grantNotifyFleets(grantee: iam.IGrantable): iam.Grant {
    return this.grantPublish(this.fleetTopic, grantee);
  }

  /** Publish alerts to the ops topic operators watch (every rekey function), and use the topics' KMS key through SNS. */
  grantAlertOperators(grantee: iam.IGrantable): iam.Grant {
    return this.grantPublish(this.opsTopic, grantee);
  }

  private grantPublish(topic: sns.ITopic, grantee: iam.IGrantable): iam.Grant {
    const grant = topic.grantPublish(grantee);
    const principal = grantee.grantPrincipal;
    // grantPublish on an encrypted topic adds kms:GenerateDataKey* on its one key, which cdk-nag reports.
    if (topic.masterKey && Construct.isConstruct(principal)) acknowledgeEncryptedTopicPublish(principal);
    return grant;
  }

  /**
   * Lets each fleet's agents report a key the provider refuses right after a refresh: `lambda:InvokeFunction` on
   * that fleet's own alias of the report function (lib/key-report.ts), by its qualified ARN, and nothing else of
   * Lambda: neither the unqualified function nor another fleet's alias.
   */
  allowDeadKeyReports(aliases: Readonly<Record<string, lambda.IFunction>>): void {
    for (const [fleet, policy] of Object.entries(this.agentPolicies)) {
      const alias = aliases[fleet];
      if (!alias) continue;
      const statement = new iam.PolicyStatement({
        sid: 'ReportDeadKeys',
        actions: ['lambda:InvokeFunction'],
        resources: [alias.functionArn],
      });
      policy.addStatements(statement);
      this.agentStatements.set(fleet, [...(this.agentStatements.get(fleet) ?? []), statement]);
    }
  }

  /**
   * Adds statements to `fleet`'s agent policy, making the policy for a fleet that has none yet (a fleet whose keys
   * are all enrolled at run time, lib/key-enrollment.ts). Call before anything reads `agentPolicies` to grant every
   * fleet (KeyReport's allowDeadKeyReports, the stack outputs).
   */
  addAgentStatements(fleet: string, statements: readonly iam.PolicyStatement[]): iam.IManagedPolicy {
    const policies = this.agentPolicies as Record<string, iam.ManagedPolicy>;
    policies[fleet] ??= new iam.ManagedPolicy(this, `${fleet}AgentPolicy`, {
      description: `rekey: what the ${fleet} fleet's agents do (read its keys, receive its notifications, acknowledge)`,
    });
    policies[fleet].addStatements(...statements);
    this.agentStatements.set(fleet, [...(this.agentStatements.get(fleet) ?? []), ...statements]);
    return policies[fleet];
  }

  /**
   * The managed policy `fleet`'s agents run under: attach it to their role (`role.addManagedPolicy(...)`, or
   * `aws iam attach-role-policy` with the stack's `AgentPolicyArn<Fleet>` output).
   */
  agentPolicy(fleet: string): iam.IManagedPolicy {
    const policy = this.agentPolicies[fleet];
    if (!policy) throw new Error(this.unknownFleet(fleet));
    return policy;
  }

  /**
   * Grants `grantee` what `fleet`'s agents do: the agent policy's statements, added to the grantee's own policy
   * (attach `agentPolicy(fleet)` instead to share the one managed policy).
   */
  grantAgent(fleet: string, grantee: iam.IGrantable): iam.Grant {
    const statements = this.agentStatements.get(fleet);
    if (!statements) throw new Error(this.unknownFleet(fleet));
    return statements
      .map((s) =>
        iam.Grant.addToPrincipal({
          grantee,
          actions: s.actions,
          resourceArns: s.resources,
          conditions: s.conditions as Record<string, Record<string, unknown>>,
        }),
      )
      .reduce((all, grant) => all.combine(grant));
  }

  /**
   * What the client library (packages/client/src/) calls for one fleet, on that fleet's resources only: GetSecretValue on its
   * secrets (never DescribeSecret: the client does not call it), ReceiveMessage and DeleteMessage on its queue,
   * the acknowledgement's UpdateItem limited to its secrets' version items and the attributes an ack writes, the
   * liveness record's UpdateItem limited to its secrets' `LIVE#` items and the attributes a liveness record has (two
   * statements, so neither kind of write can carry the other's attributes: an agent never sets `expiresAt`, the TTL,
   * on a version item, nor acks on a liveness record), and kms:Decrypt, through Secrets Manager, on any customer
   * managed key that encrypts one of its secrets.
   */
  private agentStatementsFor(
    fleet: FleetSubscription,
    queue: sqs.IQueue | undefined,
    inventoryTable: dynamodb.ITable | undefined,
  ): iam.PolicyStatement[] {
    const declared = fleet.secrets.length > 0;
    const statements: iam.PolicyStatement[] = [];
    // A fleet whose keys are all enrolled has no declared secret to name: its key statements are the enrollment's.
    if (declared) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'ReadFleetKeys',
          actions: ['secretsmanager:GetSecretValue'],
          resources: fleet.secrets.map((s) => secretArnForPolicies(s.secret)),
        }),
      );
    }
    if (queue) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'ReceiveFleetNotifications',
          actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
          resources: [queue.queueArn],
        }),
      );
    }
    if (inventoryTable && declared) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'AcknowledgeFleetVersions',
          actions: ['dynamodb:UpdateItem'],
          resources: [inventoryTable.tableArn],
          conditions: {
            'ForAllValues:StringEquals': {
              'dynamodb:LeadingKeys': fleet.secrets.map((s) => inventoryPartitionKey(s.secretName)),
              'dynamodb:Attributes': [...ACK_ATTRIBUTES],
            },
            // ForAllValues holds for a request that carries no partition key value at all: require one.
            Null: { 'dynamodb:LeadingKeys': 'false' },
            // An ack reads nothing back: no ReturnValues that would show the item's other attributes.
            StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
          },
        }),
        new iam.PolicyStatement({
          sid: 'AnnounceFleetLiveness',
          actions: ['dynamodb:UpdateItem'],
          resources: [inventoryTable.tableArn],
          conditions: {
            'ForAllValues:StringEquals': {
              'dynamodb:LeadingKeys': fleet.secrets.map((s) => livenessPartitionKey(s.secretName)),
              'dynamodb:Attributes': [...LIVENESS.attributes],
            },
            Null: { 'dynamodb:LeadingKeys': 'false' },
            StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
          },
        }),
      );
    }
    const keys = [
      ...new Map(
        fleet.secrets
          .flatMap((s) => (s.secret.encryptionKey ? [s.secret.encryptionKey] : []))
          .map((k) => [k.keyArn, k]),
      ).values(),
    ];
    if (keys.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'DecryptFleetKeys',
          actions: ['kms:Decrypt'],
          resources: keys.map((k) => k.keyArn),
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    return statements;
  }

  private unknownFleet(fleet: string): string {
    const known = Object.keys(this.agentPolicies);
    return `fleet "${fleet}" has no agent policy (fleets with secrets: ${known.length > 0 ? known.join(', ') : 'none'})`;
  }
}
