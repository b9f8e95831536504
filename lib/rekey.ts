import { CfnOutput, type Duration, Lazy, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  agentPolicyOutputName,
  DEFAULT_SCHEDULE,
  defaultEnrolledPrefix,
  ENV,
  keyReportAliasOutputName,
  STACK_OUTPUTS,
} from '../contract';
import { ExposureIntake, type GitHubWebhookSettings } from './exposure-intake';
import { FleetNotifications } from './fleet-notifications';
import { type EnrollmentProfile, KeyEnrollment } from './key-enrollment';
import { KeyInventory } from './key-inventory';
import type { KeyProvider } from './key-provider';
import { KeyReport } from './key-report';
import { KeySchedule } from './key-schedule';
import { ManagedKey } from './managed-key';
import { RekeyMonitoring } from './monitoring';
import { OperatorPolicy } from './operator-policy';
import { RevocationWorkflow, type VerificationSettings } from './revocation-workflow';
import { RotationFunction } from './rotation-function';

/** One key rekey manages: a secret `${secretPrefix}${name}` rotated on its schedule at its provider. */
export interface RekeyKeyProps {
  /** The key's name (1 to 200 letters, digits and `/_+=.@-`); its secret is `${secretPrefix}${name}`. */
  readonly name: string;
  /** Where its keys come from, e.g. `KeyProvider.generated()` or `KeyProvider.awsIam({ userName: 'ci-bot' })`. */
  readonly provider: KeyProvider;
  /**
   * When Secrets Manager rotates it: a `Duration` (a whole number of hours, 4 hours to 1000 days) or
   * `KeySchedule.cron(...)`. @default Duration.days(30)
   */
  readonly schedule?: Duration | KeySchedule;
  /**
   * Fleets (by name, from `fleets`) told when this key changes (its secret is tagged `rekey:fleet:<fleet>` for each),
   * whose agents may read it and report it dead. @default []
   */
  readonly fleets?: readonly string[];
  /** Shown in the console and by `rekey status`. @default "rekey managed <provider> key" */
  readonly description?: string;
}

/** A fleet of agents: its notification queue, HTTPS endpoints and the managed policy its agents run under. */
export interface RekeyFleetProps {
  /** The fleet's name (1 to 64 letters, digits, `_` and `-`). */
  readonly name: string;
  /** Create an SQS queue for the fleet, subscribed to its keys' notifications. @default true */
  readonly queue?: boolean;
  /** HTTPS endpoints subscribed for this fleet. @default [] */
  readonly httpsEndpoints?: readonly string[];
}

/** Keys enrolled at run time (`rekey enroll`), not declared: the stack keeps one size however many there are. */
export interface RekeyEnrollmentProps {
  /** The provider profiles keys are enrolled with; at least one. */
  readonly profiles: readonly EnrollmentProfile[];
  /** Where enrolled keys live, under `secretPrefix`, ending in `/`. @default "${secretPrefix}enrolled/" */
  readonly prefix?: string;
  /** How often enrolled keys are reconciled with Secrets Manager. @default Duration.hours(1) */
  readonly reconcilePeriod?: Duration;
}

export interface RekeyProps {
  /** The keys declared as stack resources; at least one unless `enrollment` is given. */
  readonly keys: readonly RekeyKeyProps[];
  /** Keys enrolled at run time. @default - none: only `keys` */
  readonly enrollment?: RekeyEnrollmentProps;
  /** The fleets told of their keys' rotations. @default [] */
  readonly fleets?: readonly RekeyFleetProps[];
  /** Prefix of every managed secret's name, ending in `/`; the operator's IAM is scoped to it. @default "rekey/" */
  readonly secretPrefix?: string;
  /** The revocation workflow's waits, rounds and grace. @default - the defaults of VerificationSettings */
  readonly verification?: VerificationSettings;
  /** Email address subscribed to the ops topic. @default - no subscription */
  readonly opsEmail?: string;
  /** GitHub secret scanning as a finding source (a webhook receiver behind a function URL). @default - none */
  readonly github?: GitHubWebhookSettings;
  /**
   * The bus `rekey.scanner` and `rekey.github` findings go to; one given here is the caller's to guard.
   * @default - rekey's own bus, admitting only the webhook's role, `scannerPrincipals` and `forwardingAccounts`
   */
  readonly eventBus?: events.IEventBus;
  /**
   * Roles that may put `rekey.scanner` findings on rekey's bus: CI and scanner jobs, and the on-call role that runs
   * `rekey report-leak`. @default [] (only the GitHub webhook)
   */
  readonly scannerPrincipals?: readonly iam.IRole[];
  /** Accounts (an organisation's security account) that forward findings to rekey's bus. @default [] */
  readonly forwardingAccounts?: readonly string[];
  /** Security Hub products whose findings are taken. @default - AWS's own (Security Hub, GuardDuty, IAM Access Analyzer) */
  readonly securityHubProductArns?: readonly string[];
  /**
   * Concurrent rotations at most (1 to 100): the rotation function's reserved concurrency. Writes per second are
   * kept by the shared rate limit whatever this is; this bounds how many rotations are in flight, and so how fast a
   * mass exposure is contained (RotationFunctionProps.maxConcurrentRotations). @default 30
   */
  readonly maxConcurrentRotations?: number;
  /** The intake's reserved concurrency (1 to 100; ExposureIntakeProps.concurrency). @default 20 */
  readonly intakeConcurrency?: number;
  /** Intake workers on a mass exposure's work queue at most (ExposureIntakeProps.workerConcurrency). @default - intakeConcurrency minus 5, at least 2 */
  readonly intakeWorkerConcurrency?: number;
  /**
   * Declare the stack outputs the operator CLI finds the deployment by (`InventoryTableName`, `FleetTopicArn`,
   * `OpsTopicArn`, `RevocationStateMachineArn`, `SecretPrefix`, `OperatorPolicyArn`, `FindingBusName`,
   * `FindingBusArn`, `KeyReportFunctionName`, and per fleet `AgentPolicyArn<Fleet>` and `KeyReportAliasArn<Fleet>`),
   * under exactly those logical ids. Turn off for a second Rekey in the same stack. @default true
   */
  readonly stackOutputs?: boolean;
}

const KEY_NAME = /^[A-Za-z0-9/_+=.@-]{1,200}$/;
const FLEET_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SECRET_PREFIX = /^[A-Za-z0-9/_+=.@-]+\/$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The Rekey in each stack that declares the stack outputs (their logical ids are fixed, so one per stack). */
const outputsDeclaredBy = new WeakMap<Stack, Rekey>();

/**
 * rekey in an existing stack: the managed keys with their rotation, the inventory, fleet notifications with each
 * fleet's agent policy, exposure intake, the revocation workflow, monitoring and the operator policy, wired to one
 * another (environment and grants) from typed props. `new Rekey(this, 'Rekey', { keys, fleets })` is all a stack
 * needs; the parts are exposed for what it adds.
 */
export class Rekey extends Construct {
  readonly inventory: KeyInventory;
  readonly rotation: RotationFunction;
  /** Each managed key, by its `name`. */
  readonly keys: Readonly<Record<string, ManagedKey>>;
  readonly notifications: FleetNotifications;
  readonly revocation: RevocationWorkflow;
  readonly intake: ExposureIntake;
  /** The function agents report a dead current key to (lib/key-report.ts). */
  readonly keyReport: KeyReport;
  readonly monitoring: RekeyMonitoring;
  readonly operatorPolicy: OperatorPolicy;
  readonly secretPrefix: string;
  /** Keys enrolled at run time, where `enrollment` was given. */
  readonly enrollment?: KeyEnrollment;

  constructor(scope: Construct, id: string, props: RekeyProps) {
    super(scope, id);
    const secretPrefix = props.secretPrefix ?? 'rekey/';
    const schedules = validate(props, secretPrefix);
    this.secretPrefix = secretPrefix;
    const secretName = (name: string) => `${secretPrefix}${name}`;

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
      [ENV.secretPrefix]: secretPrefix,
    };
    const workflowEnv = {
      ...baseEnv,
      [ENV.revocationStateMachineArn]: later(
        'the revocation state machine',
        () => revocation?.stateMachine.stateMachineArn,
      ),
    };
    this.rotation = new RotationFunction(this, 'Rotation', {
      environment: workflowEnv,
      maxConcurrentRotations: props.maxConcurrentRotations,
      secretPrefix,
    });
    const rotationFn = this.rotation.handler.function;

    const keys: Record<string, ManagedKey> = {};
    const enrolled = props.keys.map((key, i) => {
      const managed = new ManagedKey(this, `Key${i}`, {
        secretName: secretName(key.name),
        provider: key.provider,
        rotationFunction: rotationFn,
        schedule: schedules[i],
        description: key.description,
        fleets: key.fleets,
      });
      keys[key.name] = managed;
      return { key, managed };
    });
    this.keys = keys;
    const managedKeys = enrolled.map(({ managed }) => managed);

    notifications = new FleetNotifications(this, 'Notifications', {
      opsEmail: props.opsEmail,
      inventoryTable: this.inventory.table,
      fleets: (props.fleets ?? []).map((fleet) => ({
        name: fleet.name,
        queue: fleet.queue,
        httpsEndpoints: fleet.httpsEndpoints,
        enrolled: props.enrollment !== undefined,
        secrets: enrolled
          .filter(({ key }) => (key.fleets ?? []).includes(fleet.name))
          .map(({ managed }) => ({ secret: managed.secret, secretName: managed.secretName })),
      })),
    });
    this.notifications = notifications;

    // Before KeyReport: it lets every fleet's agent policy report dead keys, including fleets with enrolled keys only.
    const enrollment = props.enrollment
      ? new KeyEnrollment(this, 'Enrollment', {
          environment: baseEnv,
          secretPrefix,
          enrolledPrefix: props.enrollment.prefix ?? defaultEnrolledPrefix(secretPrefix),
          profiles: props.enrollment.profiles,
          fleets: (props.fleets ?? []).map((fleet) => fleet.name),
          rotationFunction: rotationFn,
          inventory: this.inventory,
          notifications,
          reconcilePeriod: props.enrollment.reconcilePeriod,
        })
      : undefined;
    this.enrollment = enrollment;

    revocation = new RevocationWorkflow(this, 'Revocation', {
      environment: baseEnv,
      fleetTopic: notifications.fleetTopic,
      opsTopic: notifications.opsTopic,
      verification: props.verification,
    });
    this.revocation = revocation;
    // The intake DLQ's alarm action lives in RekeyMonitoring (below), so no alarmTopic here.
    this.intake = new ExposureIntake(this, 'Intake', {
      environment: workflowEnv,
      inventoryTable: this.inventory.table,
      github: props.github,
      eventBus: props.eventBus,
      scannerPrincipals: props.scannerPrincipals,
      forwardingAccounts: props.forwardingAccounts,
      securityHubProductArns: props.securityHubProductArns,
      concurrency: props.intakeConcurrency,
      workerConcurrency: props.intakeWorkerConcurrency,
    });

    const revocationFn = revocation.handler.function;
    const intakeFn = this.intake.handler.function;
    for (const key of managedKeys) {
      key.grantRevocation(revocationFn);
      key.grantEmergencyRotation(intakeFn);
    }
    enrollment?.grantRevocation(revocationFn);
    enrollment?.grantEmergencyRotation(intakeFn);
    this.inventory.grantItems(rotationFn, KeyInventory.USES.rotation);
    this.inventory.grantItems(intakeFn, KeyInventory.USES.intake);
    this.inventory.grantItems(revocationFn, KeyInventory.USES.revocation);
    // The revocation workflow publishes through the state machine's own SNS tasks; its function publishes nothing.
    notifications.grantAlertOperators(rotationFn);
    notifications.grantAlertOperators(intakeFn);
    notifications.grantNotifyFleets(rotationFn);
    revocation.grantStartRevocation(rotationFn);
    revocation.grantStartRevocation(intakeFn);

    // Agents report a current key the provider refuses; confirmed, it rotates in emergency mode (lib/key-report.ts).
    this.keyReport = new KeyReport(this, 'KeyReport', {
      environment: workflowEnv,
      keys: managedKeys,
      inventory: this.inventory,
      notifications,
    });
    enrollment?.grantKeyCheck(this.keyReport.function);

    this.monitoring = new RekeyMonitoring(this, 'Monitoring', {
      opsTopic: notifications.opsTopic,
      opsTopicKey: notifications.encryptionKey,
      rotationFunction: rotationFn,
      intakeFunction: intakeFn,
      intakeLogGroup: this.intake.handler.logGroup,
      revocationStateMachine: revocation.stateMachine,
      deadLetterQueues: [this.intake.deadLetterQueue, ...notifications.deadLetterQueues],
    });

    // The operator CLI's permissions, exactly (docs/RUNBOOK.md): attach to the on-call role.
    this.operatorPolicy = new OperatorPolicy(this, 'OperatorPolicy', {
      keys: managedKeys.map((key) => key.operatorKey),
      secretPrefix,
      inventoryTable: this.inventory.table,
      rotationFunction: rotationFn,
      revocationStateMachine: revocation.stateMachine,
      fleetTopic: notifications.fleetTopic,
      opsTopic: notifications.opsTopic,
      findingBus: this.intake.findingBus,
      enrollment: enrollment
        ? { enrolledPrefix: enrollment.enrolledPrefix, enrollFunction: enrollment.function }
        : undefined,
    });

    if (props.stackOutputs ?? true) this.declareOutputs();
  }

  /** The managed policy `fleet`'s agents run under: attach it to their role. */
  agentPolicy(fleet: string): iam.IManagedPolicy {
    return this.notifications.agentPolicy(fleet);
  }

  /** Grants `grantee` what `fleet`'s agents do (read its keys, receive its notifications, acknowledge). */
  grantAgent(fleet: string, grantee: iam.IGrantable): iam.Grant {
    return this.notifications.grantAgent(fleet, grantee);
  }

  /**
   * What the operator CLI reads to find this deployment's resources (`rekey status --stack <name>`), and the
   * policies to attach to the operator's and each fleet's agents' roles, each under its own name as logical id.
   */
  private declareOutputs(): void {
    const stack = Stack.of(this);
    const declared = outputsDeclaredBy.get(stack);
    if (declared) {
      throw new Error(
        `stackOutputs must be false for all but one Rekey in a stack, got a second in ${stack.node.path} (${declared.node.path} declares them)`,
      );
    }
    outputsDeclaredBy.set(stack, this);
    const outputs: Record<string, string> = {
      [STACK_OUTPUTS.inventoryTableName]: this.inventory.table.tableName,
      [STACK_OUTPUTS.fleetTopicArn]: this.notifications.fleetTopic.topicArn,
      [STACK_OUTPUTS.opsTopicArn]: this.notifications.opsTopic.topicArn,
      [STACK_OUTPUTS.revocationStateMachineArn]: this.revocation.stateMachine.stateMachineArn,
      [STACK_OUTPUTS.secretPrefix]: this.secretPrefix,
      [STACK_OUTPUTS.operatorPolicyArn]: this.operatorPolicy.managedPolicy.managedPolicyArn,
      [STACK_OUTPUTS.findingBusName]: this.intake.findingBus.eventBusName,
      [STACK_OUTPUTS.findingBusArn]: this.intake.findingBus.eventBusArn,
      [STACK_OUTPUTS.keyReportFunctionName]: this.keyReport.function.functionName,
      ...(this.enrollment ? { [STACK_OUTPUTS.enrollFunctionName]: this.enrollment.function.functionName } : {}),
    };
    const outputFleets = new Map<string, string>();
    for (const [fleet, policy] of Object.entries(this.notifications.agentPolicies)) {
      const name = agentPolicyOutputName(fleet);
      const clash = outputFleets.get(name);
      if (clash !== undefined) throw new Error(`fleets "${clash}" and "${fleet}" would share the output ${name}`);
      outputFleets.set(name, fleet);
      outputs[name] = policy.managedPolicyArn;
      const alias = this.keyReport.fleetAliases[fleet];
      if (alias) outputs[keyReportAliasOutputName(fleet)] = alias.functionArn;
    }
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value }).overrideLogicalId(name);
  }
}

/** Checks the props, naming the prop, the limit and the value; returns each key's schedule expression. */
function validate(props: RekeyProps, secretPrefix: string): string[] {
  if (!SECRET_PREFIX.test(secretPrefix)) {
    throw new Error(`secretPrefix must be letters, digits and /_+=.@- ending in "/", got "${secretPrefix}"`);
  }
  if (props.keys.length === 0 && !props.enrollment) {
    throw new Error('keys must name at least one key, got none (or give enrollment)');
  }
  if (props.opsEmail !== undefined && !EMAIL.test(props.opsEmail)) {
    throw new Error(`opsEmail must be an email address, got "${props.opsEmail}"`);
  }
  const fleets = (props.fleets ?? []).map((fleet, i) => {
    if (!FLEET_NAME.test(fleet.name)) {
      throw new Error(`fleets[${i}].name must be 1 to 64 letters, digits, _ and -, got "${fleet.name}"`);
    }
    return fleet.name;
  });
  fleets.forEach((name, i) => {
    if (fleets.indexOf(name) !== i) throw new Error(`fleets[${i}].name must be unique, got "${name}" twice`);
  });
  const names = new Set<string>();
  return props.keys.map((key, i) => {
    if (!KEY_NAME.test(key.name)) {
      throw new Error(`keys[${i}].name must be 1 to 200 letters, digits and /_+=.@-, got "${key.name}"`);
    }
    if (names.has(key.name)) throw new Error(`keys[${i}].name must be unique, got "${key.name}" twice`);
    names.add(key.name);
    (key.fleets ?? []).forEach((fleet, j) => {
      if (!fleets.includes(fleet)) {
        throw new Error(
          `keys[${i}].fleets[${j}] must name one of fleets (${fleets.join(', ') || 'none'}), got "${fleet}"`,
        );
      }
    });
    const schedule = key.schedule ?? KeySchedule.fromExpression(DEFAULT_SCHEDULE);
    const keySchedule = schedule instanceof KeySchedule ? schedule : KeySchedule.every(schedule);
    return keySchedule.toExpression(`keys[${i}].schedule`);
  });
}
