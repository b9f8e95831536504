import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SCANNER_EVENT } from './exposure-intake';
import { inventoryPartitionKey } from './fleet-notifications';
import { KeyInventory } from './key-inventory';
import { sparePoolOf } from './key-provider';
import { acknowledgeEnrolledKeys, acknowledgeInvoke, acknowledgeOperatorPolicy } from './nag-suppressions';
import { secretArnForPolicies, secretNamePatternArn } from './secret-grants';

/** A managed key as the operator CLI acts on it. */
export interface OperatorKey {
  /** The managed key's secret. */
  readonly secret: secretsmanager.ISecret;
  /** Its name, as the inventory's keys (`SECRET#<name>`) carry it (`secret.secretName` may be a token). */
  readonly secretName: string;
  /**
   * The provider's admin credential, which `rekey put` and `rekey scan --rotate` read to test or revoke a key.
   * @default - none (generated and aws-iam keys have none)
   */
  readonly adminSecret?: secretsmanager.ISecret;
  /**
   * The IAM user whose access keys an aws-iam key is: `rekey scan --rotate` deactivates and deletes the key of an
   * exposed pending version. @default - none (not an aws-iam key)
   */
  readonly iamUser?: iam.IUser;
  /**
   * The key's spare pool, which `rekey put --spare` reads and appends to.
   * @default - the pool its provider made (anthropic keys), else none
   */
  readonly sparePool?: secretsmanager.ISecret;
}

export interface OperatorPolicyProps {
  /** The managed keys. */
  readonly keys: readonly OperatorKey[];
  /** The key inventory (lib/key-inventory.ts), with its indexes. */
  readonly inventoryTable: dynamodb.ITable;
  /** The rotation function: RotateSecret needs the caller to be allowed to invoke it. */
  readonly rotationFunction: lambda.IFunction;
  /** The revocation workflow's state machine. */
  readonly revocationStateMachine: sfn.IStateMachine;
  /** The fleet topic (`rekey put` finishes a rotation, which tells the fleet). */
  readonly fleetTopic: sns.ITopic;
  /** The ops topic (`rekey put` and `scan --rotate` report what they did). */
  readonly opsTopic: sns.ITopic;
  /**
   * The managed secrets' name prefix: DescribeSecret (metadata, never a value) is allowed on any name under it, so a
   * mistyped key name is answered "no managed key named …" with the known keys, not AccessDenied.
   * @default - DescribeSecret on the managed keys only
   */
  readonly secretPrefix?: string;
  /**
   * The bus `rekey report-leak` puts scanner findings on (the one exposure intake's scanner rule listens to:
   * `ExposureIntake.findingBus`). Its policy must also admit the operator's role (`scannerPrincipals`).
   * @default - the account's default event bus
   */
  readonly findingBus?: events.IEventBus;
  /**
   * Keys enrolled at run time (lib/key-enrollment.ts): `rekey enroll`/`unenroll` invoke its function, and the
   * commands that act on a key act on enrolled ones by the prefix. @default - no enrolled keys
   */
  readonly enrollment?: { readonly enrolledPrefix: string; readonly enrollFunction: lambda.IFunction };
}

/** What the operator CLI does on a key's secret (status, rotate, put, revoke, scan --rotate). */
const KEY_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:ListSecretVersionIds',
  'secretsmanager:PutSecretValue',
  'secretsmanager:RotateSecret',
  'secretsmanager:UpdateSecretVersionStage',
];

/**
 * The managed policy the operator CLI runs under (`bin/rekey.ts`, packages/cli/src/): exactly the calls its
 * commands make, on this deployment's resources. `status`: DescribeStacks (outputs), ListSecrets, DescribeSecret,
 * the inventory, the revocation executions. `rotate`: RotateSecret (and so lambda:InvokeFunction on the rotation
 * function) after an inventory write. `revoke`/`cancel`: ListSecretVersionIds, Start/Stop/Describe executions.
 * `put` and `scan --rotate` run rotation and intake steps here: GetSecretValue, PutSecretValue,
 * UpdateSecretVersionStage, the provider's admin secret or IAM user, and publishing to the fleet and ops topics.
 * `report-leak`: PutEvents of the scanner event only.
 */
export class OperatorPolicy extends Construct {
  readonly managedPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: OperatorPolicyProps) {
    super(scope, id);
    if (props.keys.length === 0 && !props.enrollment) {
      throw new Error('keys must name at least one managed key, got none (or give enrollment)');
    }
    const stack = Stack.of(this);
    const executions = executionsArn(stack, props.revocationStateMachine);
    const lookUp = props.secretPrefix === undefined ? undefined : secretNamePatternArn(this, `${props.secretPrefix}*`);
    const statements: iam.PolicyStatement[] = [
      new iam.PolicyStatement({
        sid: 'FindTheStack',
        actions: ['cloudformation:DescribeStacks'],
        resources: [stack.stackId],
      }),
      // ListSecrets has no resource-level permissions: AWS only grants it on "*".
      new iam.PolicyStatement({ sid: 'ListKeys', actions: ['secretsmanager:ListSecrets'], resources: ['*'] }),
      ...(props.keys.length > 0
        ? [
            new iam.PolicyStatement({
              sid: 'ManagedKeys',
              actions: [...(lookUp ? [] : ['secretsmanager:DescribeSecret']), ...KEY_ACTIONS],
              resources: props.keys.map((k) => secretArnForPolicies(k.secret)),
            }),
          ]
        : []),
      ...(lookUp
        ? [
            new iam.PolicyStatement({
              sid: 'LookUpKeys',
              actions: ['secretsmanager:DescribeSecret'],
              resources: [lookUp],
            }),
          ]
        : []),
      // RotateSecret also needs lambda:InvokeFunction on the secret's rotation function (the unqualified ARN).
      new iam.PolicyStatement({
        sid: 'RotateSecretInvokes',
        actions: ['lambda:InvokeFunction'],
        resources: [props.rotationFunction.functionArn],
      }),
      ...(props.keys.length > 0
        ? [
            new iam.PolicyStatement({
              sid: 'Inventory',
              actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
              resources: [props.inventoryTable.tableArn],
              conditions: {
                'ForAllValues:StringEquals': {
                  'dynamodb:LeadingKeys': props.keys.map((k) => inventoryPartitionKey(k.secretName)),
                },
              },
            }),
          ]
        : []),
      new iam.PolicyStatement({
        sid: 'InventoryIndexes',
        actions: ['dynamodb:Query'],
        resources: Object.keys(KeyInventory.INDEXES).map((index) => `${props.inventoryTable.tableArn}/index/${index}`),
      }),
      new iam.PolicyStatement({
        sid: 'Revocations',
        actions: ['states:DescribeStateMachine', 'states:ListExecutions', 'states:StartExecution'],
        resources: [props.revocationStateMachine.stateMachineArn],
      }),
      new iam.PolicyStatement({
        sid: 'RevocationExecutions',
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [executions],
      }),
      new iam.PolicyStatement({
        sid: 'Notify',
        actions: ['sns:Publish'],
        resources: [props.fleetTopic.topicArn, props.opsTopic.topicArn],
      }),
      new iam.PolicyStatement({
        sid: 'ReportLeak',
        actions: ['events:PutEvents'],
        resources: [(props.findingBus ?? events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')).eventBusArn],
        // Multivalued keys (one value per entry): every entry must be the scanner event. PutEvents requires both.
        conditions: {
          'ForAllValues:StringEquals': {
            'events:source': [SCANNER_EVENT.source],
            'events:detail-type': [SCANNER_EVENT.detailType],
          },
        },
      }),
    ];

    const enrolled = props.enrollment;
    const enrolledKeys = enrolled ? secretNamePatternArn(this, `${enrolled.enrolledPrefix}*`) : undefined;
    if (enrolled && enrolledKeys) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'EnrollKeys',
          actions: ['lambda:InvokeFunction'],
          resources: [enrolled.enrollFunction.functionArn],
        }),
        // Enrolled keys are not stack resources: the key commands act on them by the enrolled prefix (never `*`).
        new iam.PolicyStatement({
          sid: 'EnrolledKeys',
          actions: [...(lookUp ? [] : ['secretsmanager:DescribeSecret']), ...KEY_ACTIONS],
          resources: [enrolledKeys],
        }),
        new iam.PolicyStatement({
          sid: 'EnrolledInventory',
          actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
          resources: [props.inventoryTable.tableArn],
          conditions: {
            'ForAllValues:StringLike': {
              'dynamodb:LeadingKeys': [inventoryPartitionKey(`${enrolled.enrolledPrefix}*`)],
            },
          },
        }),
      );
    }

    const topicKeys = uniqueKeys([props.fleetTopic.masterKey, props.opsTopic.masterKey]);
    if (topicKeys.length > 0) {
      // Publishing to an encrypted topic: SNS makes and reads the data key with the caller's permissions.
      statements.push(
        new iam.PolicyStatement({
          sid: 'NotifyEncrypted',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: topicKeys.map((k) => k.keyArn),
          conditions: { StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` } },
        }),
      );
    }
    const admins = props.keys.flatMap((k) => (k.adminSecret ? [secretArnForPolicies(k.adminSecret)] : []));
    if (admins.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'ProviderAdminCredentials',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [...new Set(admins)],
        }),
      );
    }
    // `rekey put --spare`: the pool is key material outside the managed prefix, granted on each pool's own ARN.
    const pools = props.keys.flatMap((k) => {
      const pool = k.sparePool ?? sparePoolOf(k.secret);
      return pool ? [secretArnForPolicies(pool)] : [];
    });
    if (pools.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'StockSparePools',
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
          resources: [...new Set(pools)],
        }),
      );
    }
    const users = props.keys.flatMap((k) => (k.iamUser ? [k.iamUser.userArn] : []));
    if (users.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'AbandonExposedAccessKeys',
          actions: ['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:ListUserTags', 'iam:UntagUser'],
          resources: [...new Set(users)],
        }),
      );
    }

    this.managedPolicy = new iam.ManagedPolicy(this, 'Resource', {
      description:
        'rekey: what the operator CLI does during an incident (status, rotate, put, revoke, cancel, scan, report-leak)',
      statements,
    });
    acknowledgeOperatorPolicy(this.managedPolicy, executions, lookUp);
    if (enrolled && enrolledKeys) {
      acknowledgeEnrolledKeys(this.managedPolicy, [enrolledKeys]);
      acknowledgeInvoke(this.managedPolicy, enrolled.enrollFunction);
    }
  }
}

/**
 * The ARN of every execution of a state machine. The name comes from the state machine's `Name` attribute where it
 * is made in the stack (one attribute, not a split of its ARN), else from its ARN.
 */
function executionsArn(stack: Stack, stateMachine: sfn.IStateMachine): string {
  const cfn = stateMachine.node.defaultChild;
  const name =
    cfn instanceof sfn.CfnStateMachine
      ? cfn.attrName
      : stack.splitArn(stateMachine.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName;
  return stack.formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${name}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

function uniqueKeys(keys: readonly (kms.IKey | undefined)[]): kms.IKey[] {
  return [...new Map(keys.flatMap((k) => (k ? [[k.keyArn, k] as const] : []))).values()];
}
