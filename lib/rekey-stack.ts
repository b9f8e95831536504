import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { RekeyConfig } from './config';
import { ExposureIntake } from './exposure-intake';
import { FleetNotifications } from './fleet-notifications';
import { KeyInventory } from './key-inventory';
import { ManagedKey } from './managed-key';
import { RekeyMonitoring } from './monitoring';
import { acknowledgeInventoryAndTopics, acknowledgeInvoke } from './nag-suppressions';
import { RevocationWorkflow } from './revocation-workflow';
import { RotationFunction } from './rotation-function';

export interface RekeyStackProps extends StackProps {
  /** The validated configuration (lib/config.ts). */
  readonly config: RekeyConfig;
}

/** Environment variable names the handlers read (kept in step with lambdas/common/env.ts). */
const ENV = {
  inventoryTable: 'REKEY_INVENTORY_TABLE',
  fleetTopicArn: 'REKEY_FLEET_TOPIC_ARN',
  opsTopicArn: 'REKEY_OPS_TOPIC_ARN',
  revocationStateMachineArn: 'REKEY_REVOCATION_STATE_MACHINE_ARN',
  secretPrefix: 'REKEY_SECRET_PREFIX',
} as const;

/**
 * rekey in one account and region: the managed keys with their rotation, the inventory, fleet notifications,
 * exposure intake and the revocation workflow. A thin composition of the constructs, each usable on its own.
 */
export class RekeyStack extends Stack {
  readonly inventory: KeyInventory;
  readonly notifications: FleetNotifications;
  readonly rotation: RotationFunction;
  readonly revocation: RevocationWorkflow;
  readonly intake: ExposureIntake;
  readonly keys: Readonly<Record<string, ManagedKey>>;
  readonly monitoring: RekeyMonitoring;

  constructor(scope: Construct, id: string, props: RekeyStackProps) {
    super(scope, id, props);
    const { config } = props;
    const secretName = (name: string) => `${config.secretPrefix}${name}`;

    this.inventory = new KeyInventory(this, 'Inventory');
    this.notifications = new FleetNotifications(this, 'Notifications', {
      opsEmail: config.opsEmail,
      fleets: config.fleets.map((fleet) => ({
        name: fleet.name,
        queue: fleet.queue,
        httpsEndpoints: fleet.httpsEndpoints,
        secretNames: config.keys.filter((k) => k.fleets.includes(fleet.name)).map((k) => secretName(k.name)),
      })),
    });
    const { fleetTopic, opsTopic } = this.notifications;
    const baseEnv = {
      [ENV.inventoryTable]: this.inventory.table.tableName,
      [ENV.fleetTopicArn]: fleetTopic.topicArn,
      [ENV.opsTopicArn]: opsTopic.topicArn,
      [ENV.secretPrefix]: config.secretPrefix,
    };

    this.revocation = new RevocationWorkflow(this, 'Revocation', {
      environment: baseEnv,
      fleetTopic,
      opsTopic,
      verification: {
        scheduledWait: Duration.seconds(config.verification.scheduledWaitSeconds),
        emergencyWait: Duration.seconds(config.verification.emergencyWaitSeconds),
        maxRounds: config.verification.maxRounds,
        deleteGrace: Duration.seconds(config.verification.deleteGraceSeconds),
      },
    });
    const workflowEnv = { ...baseEnv, [ENV.revocationStateMachineArn]: this.revocation.stateMachine.stateMachineArn };
    this.rotation = new RotationFunction(this, 'Rotation', { environment: workflowEnv });
    const github = config.github;
    const secretNamed = (id: string, name: string) => secretsmanager.Secret.fromSecretNameV2(this, id, name);
    // The intake DLQ's alarm action lives in RekeyMonitoring (below), so no alarmTopic here.
    this.intake = new ExposureIntake(this, 'Intake', {
      environment: workflowEnv,
      inventoryTable: this.inventory.table,
      github: github
        ? {
            webhookSecret: secretNamed('GitHubWebhookSecret', github.webhookSecretName),
            tokenSecret: secretNamed('GitHubTokenSecret', github.tokenSecretName),
            apiBaseUrl: github.apiBaseUrl,
          }
        : undefined,
    });

    const rotationFn = this.rotation.handler.function;
    const revocationFn = this.revocation.handler.function;
    const intakeFn = this.intake.handler.function;

    const keys: Record<string, ManagedKey> = {};
    config.keys.forEach((key, i) => {
      const managed = new ManagedKey(this, `Key${i}`, {
        secretName: secretName(key.name),
        provider: key.provider,
        options: key.options,
        adminSecretName: 'adminSecretName' in key ? key.adminSecretName : undefined,
        rotationFunction: rotationFn,
        schedule: key.schedule,
        description: key.description,
      });
      keys[key.name] = managed;
      const secret = managed.secret;
      // Revocation reads versions and retires generated tokens; intake starts rotations and abandons pending ones.
      secret.grantRead(revocationFn);
      secret.grantRead(intakeFn);
      // The secret is made in this stack, so its ARN already ends in the random suffix: grant on it as it is.
      for (const fn of [revocationFn, intakeFn]) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['secretsmanager:UpdateSecretVersionStage'], resources: [secret.secretArn] }),
        );
      }
      intakeFn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['secretsmanager:RotateSecret'], resources: [secret.secretArn] }),
      );
      if ('adminSecretName' in key) {
        const admin = secretsmanager.Secret.fromSecretNameV2(this, `Key${i}Admin`, key.adminSecretName);
        admin.grantRead(rotationFn);
        admin.grantRead(revocationFn);
        // The intake revokes the key of a pending version reported exposed.
        admin.grantRead(intakeFn);
      }
      if (key.provider === 'aws-iam') {
        const userArn = this.formatArn({
          service: 'iam',
          region: '',
          resource: 'user',
          resourceName: key.options.userName,
        });
        const iamActions = [
          'iam:CreateAccessKey',
          'iam:ListAccessKeys',
          'iam:UpdateAccessKey',
          'iam:DeleteAccessKey',
          'iam:GetAccessKeyLastUsed',
          'iam:TagUser',
          'iam:UntagUser',
          'iam:ListUserTags',
        ];
        for (const fn of [rotationFn, revocationFn]) {
          fn.addToRolePolicy(new iam.PolicyStatement({ actions: iamActions, resources: [userArn] }));
        }
        // The intake deactivates and deletes the key of a pending version reported exposed.
        intakeFn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:ListUserTags', 'iam:UntagUser'],
            resources: [userArn],
          }),
        );
      }
    });
    this.keys = keys;

    for (const fn of [rotationFn, revocationFn, intakeFn]) {
      this.inventory.table.grantReadWriteData(fn);
      opsTopic.grantPublish(fn);
    }
    fleetTopic.grantPublish(rotationFn);
    fleetTopic.grantPublish(revocationFn);
    this.revocation.stateMachine.grantStartExecution(rotationFn);
    this.revocation.stateMachine.grantStartExecution(intakeFn);
    // RotateSecret requires the caller to be allowed to invoke the rotation function too.
    rotationFn.grantInvoke(intakeFn);
    for (const fn of [this.rotation.handler, this.revocation.handler, this.intake.handler]) {
      acknowledgeInventoryAndTopics(fn.role, this.inventory.table.node.defaultChild as Construct);
    }
    acknowledgeInvoke(this.intake.handler.role, rotationFn);

    this.monitoring = new RekeyMonitoring(this, 'Monitoring', {
      opsTopic,
      opsTopicKey: this.notifications.encryptionKey,
      rotationFunction: rotationFn,
      intakeFunction: intakeFn,
      intakeLogGroup: this.intake.handler.logGroup,
      revocationStateMachine: this.revocation.stateMachine,
      deadLetterQueues: [this.intake.deadLetterQueue, ...this.notifications.deadLetterQueues],
    });

    // What the operator CLI reads to find this deployment's resources (`rekey status --stack <name>`).
    const outputs: Record<string, string> = {
      InventoryTableName: this.inventory.table.tableName,
      FleetTopicArn: fleetTopic.topicArn,
      OpsTopicArn: opsTopic.topicArn,
      RevocationStateMachineArn: this.revocation.stateMachine.stateMachineArn,
      SecretPrefix: config.secretPrefix,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
