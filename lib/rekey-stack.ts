import { CfnOutput, Duration, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
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
import { type OperatorKey, OperatorPolicy } from './operator-policy';
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
  readonly operatorPolicy: OperatorPolicy;

  constructor(scope: Construct, id: string, props: RekeyStackProps) {
    super(scope, id, props);
    const { config } = props;
    const secretName = (name: string) => `${config.secretPrefix}${name}`;

    this.inventory = new KeyInventory(this, 'Inventory');
    // Order: the managed keys need the rotation function, and Notifications needs the keys' secrets (each fleet's
    // agent policy grants on them), so the rotation function comes first. Its environment names the topics and the
    // state machine made below; those values resolve at synthesis.
    let notifications: FleetNotifications | undefined;
    let revocation: RevocationWorkflow | undefined;
    const later = (what: string, produce: () => string | undefined) =>
      Lazy.string({
        produce: () => {
          const value = produce();
          if (value === undefined) throw new Error(`${what} was never created`);
          return value;
        },
      });
    const baseEnv = {
      [ENV.inventoryTable]: this.inventory.table.tableName,
      [ENV.fleetTopicArn]: later('the fleet topic', () => notifications?.fleetTopic.topicArn),
      [ENV.opsTopicArn]: later('the ops topic', () => notifications?.opsTopic.topicArn),
      [ENV.secretPrefix]: config.secretPrefix,
    };
    const workflowEnv = {
      ...baseEnv,
      [ENV.revocationStateMachineArn]: later(
        'the revocation state machine',
        () => revocation?.stateMachine.stateMachineArn,
      ),
    };
    this.rotation = new RotationFunction(this, 'Rotation', { environment: workflowEnv });
    const rotationFn = this.rotation.handler.function;

    const keys: Record<string, ManagedKey> = {};
    const enrolled = config.keys.map((key, i) => {
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
      return { key, i, managed };
    });
    this.keys = keys;

    notifications = new FleetNotifications(this, 'Notifications', {
      opsEmail: config.opsEmail,
      inventoryTable: this.inventory.table,
      fleets: config.fleets.map((fleet) => ({
        name: fleet.name,
        queue: fleet.queue,
        httpsEndpoints: fleet.httpsEndpoints,
        secrets: enrolled
          .filter(({ key }) => key.fleets.includes(fleet.name))
          .map(({ key, managed }) => ({ secret: managed.secret, secretName: secretName(key.name) })),
      })),
    });
    this.notifications = notifications;
    const { fleetTopic, opsTopic } = this.notifications;

    revocation = new RevocationWorkflow(this, 'Revocation', {
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
    this.revocation = revocation;
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

    const revocationFn = this.revocation.handler.function;
    const intakeFn = this.intake.handler.function;

    const operatorKeys: OperatorKey[] = [];
    for (const { key, i, managed } of enrolled) {
      const secret = managed.secret;
      let adminSecret: secretsmanager.ISecret | undefined;
      // Revocation reads versions and retires generated tokens; intake starts rotations and abandons pending ones.
      secret.grantRead(revocationFn);
      secret.grantRead(intakeFn);
      // The secret is made in this stack, so its ARN already ends in the random suffix: grant on it as it is.
      for (const fn of [revocationFn, intakeFn]) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['secretsmanager:UpdateSecretVersionStage'],
            resources: [secret.secretArn],
          }),
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
        adminSecret = admin;
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
      operatorKeys.push({
        secret,
        secretName: secretName(key.name),
        adminSecret,
        iamUser:
          key.provider === 'aws-iam' ? iam.User.fromUserName(this, `Key${i}User`, key.options.userName) : undefined,
      });
    }

    for (const fn of [rotationFn, revocationFn, intakeFn]) {
      this.inventory.grantItems(fn);
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

    // The operator CLI's permissions, exactly (docs/RUNBOOK.md): attach to the on-call role.
    this.operatorPolicy = new OperatorPolicy(this, 'OperatorPolicy', {
      keys: operatorKeys,
      secretPrefix: config.secretPrefix,
      inventoryTable: this.inventory.table,
      rotationFunction: rotationFn,
      revocationStateMachine: this.revocation.stateMachine,
      fleetTopic,
      opsTopic,
    });

    // What the operator CLI reads to find this deployment's resources (`rekey status --stack <name>`), and the
    // policies to attach to the operator's and each fleet's agents' roles.
    const outputs: Record<string, string> = {
      InventoryTableName: this.inventory.table.tableName,
      FleetTopicArn: fleetTopic.topicArn,
      OpsTopicArn: opsTopic.topicArn,
      RevocationStateMachineArn: this.revocation.stateMachine.stateMachineArn,
      SecretPrefix: config.secretPrefix,
      OperatorPolicyArn: this.operatorPolicy.managedPolicy.managedPolicyArn,
    };
    const outputFleets = new Map<string, string>();
    for (const [fleet, policy] of Object.entries(this.notifications.agentPolicies)) {
      const name = agentPolicyOutputName(fleet);
      const clash = outputFleets.get(name);
      if (clash !== undefined) throw new Error(`fleets "${clash}" and "${fleet}" would share the output ${name}`);
      outputFleets.set(name, fleet);
      outputs[name] = policy.managedPolicyArn;
    }
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}

/** The stack output holding a fleet's agent policy ARN: `AgentPolicyArn` and the fleet's letters and digits, capitalized. */
export function agentPolicyOutputName(fleet: string): string {
  const id = fleet.replace(/[^A-Za-z0-9]/g, '');
  return `AgentPolicyArn${id.charAt(0).toUpperCase()}${id.slice(1)}`;
}
