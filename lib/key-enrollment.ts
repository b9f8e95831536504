import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  ACK_ATTRIBUTES,
  DEFAULT_SCHEDULE,
  ENROLLMENT,
  ENV,
  type EnrollmentProfileEnv,
  enrolledSecretName,
  FLEET_NAME,
  FLEET_TAG,
  LIVENESS,
  livenessPartitionKey,
} from '../contract';
import type { FleetNotifications } from './fleet-notifications';
import { inventoryPartitionKey } from './fleet-notifications';
import type { KeyInventory } from './key-inventory';
import type { KeyProvider, KeyProviderBinding } from './key-provider';
import { KeySchedule } from './key-schedule';
import { acknowledgeEnrolledKeys, acknowledgeInvoke } from './nag-suppressions';
import { RekeyFunction } from './rekey-function';
import { secretNamePatternArn } from './secret-grants';

/** A provider profile keys are enrolled with (`rekey enroll <key> --profile <name>`). */
export interface EnrollmentProfile {
  /** The profile's name (1 to 64 letters, digits, `_` and `-`). */
  readonly name: string;
  /**
   * Where the keys come from: `KeyProvider.generated()`, `.openai()` or `.http()`. aws-iam keys (one IAM user each)
   * and anthropic keys (a spare pool each, made with the key) need per-key resources and are declared in the config.
   */
  readonly provider: KeyProvider;
  /** The rotation schedule of keys enrolled with it, unless `rekey enroll --schedule` says otherwise. @default Duration.days(30) */
  readonly schedule?: Duration | KeySchedule;
}

export interface KeyEnrollmentProps {
  /** The function's environment: inventory table, ops topic, secret prefix (contract/env.ts). */
  readonly environment: Readonly<Record<string, string>>;
  /** Every managed secret's prefix (the enrolled prefix must lie under it, so the functions' own check admits it). */
  readonly secretPrefix: string;
  /** Where enrolled keys live, ending in `/`: the key `<key>` of fleet `<fleet>` is `<enrolledPrefix><fleet>/<key>`. */
  readonly enrolledPrefix: string;
  /** The profiles keys may be enrolled with; at least one. */
  readonly profiles: readonly EnrollmentProfile[];
  /** The fleets an enrolled key may belong to; each gets read, ack and liveness grants on its own keys. */
  readonly fleets: readonly string[];
  /** The rotation function: granted the enrolled prefix and each profile's provider rights, and named in RotateSecret. */
  readonly rotationFunction: lambda.IFunction;
  readonly inventory: KeyInventory;
  /** Its ops topic hears of orphaned enrollments; its fleets' agent policies get their enrolled keys. */
  readonly notifications: FleetNotifications;
  /** How often reconcile runs. @default Duration.hours(1) */
  readonly reconcilePeriod?: Duration;
}

const PROFILE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Lambda's limit on all of a function's environment variables together is 4 KB; profiles must leave room. */
const MAX_PROFILES_ENV = 3000;
/** What a rotation schedule grants its rotation function on the secret (aws-secretsmanager's RotationSchedule). */
const ROTATION_ACTIONS = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
];

/**
 * Keys enrolled at run time rather than declared as stack resources, so the stack keeps one size however many keys
 * an account holds. The enroll function (lambdas/enroll) makes each key's secret under the enrolled prefix, tags it
 * with its fleet and profile, turns on rotation with the rotation function, and records it in the inventory; an
 * hourly reconcile notices enrolled keys deleted, untagged or taken off rotation outside rekey. Every grant is on the
 * enrolled prefix, never `*`; each fleet's agents on `<prefix><fleet>/*` only. Wires itself: its function, its
 * schedule, the rotation function's grants and the fleets' agent statements. The intake, revocation and key-report
 * functions take theirs with the grant methods.
 */
export class KeyEnrollment extends Construct {
  readonly handler: RekeyFunction;
  readonly schedule: events.Rule;
  readonly enrolledPrefix: string;
  /** `arn:…:secret:<enrolledPrefix>*`: every enrolled key, with the `-XXXXXX` suffix Secrets Manager adds. */
  readonly enrolledKeysArn: string;
  private readonly bindings: readonly KeyProviderBinding[];
  private readonly rotationFunction: lambda.IFunction;

  constructor(scope: Construct, id: string, props: KeyEnrollmentProps) {
    super(scope, id);
    const prefix = props.enrolledPrefix;
    if (!/^[A-Za-z0-9/_+=.@-]+\/$/.test(prefix) || !prefix.startsWith(props.secretPrefix)) {
      throw new Error(
        `enrolledPrefix must end in "/" and start with secretPrefix "${props.secretPrefix}", got "${prefix}"`,
      );
    }
    if (props.profiles.length === 0) throw new Error('profiles must name at least one profile, got none');
    const profiles: Record<string, EnrollmentProfileEnv> = {};
    props.profiles.forEach((profile, i) => {
      if (!PROFILE_NAME.test(profile.name)) {
        throw new Error(`profiles[${i}].name must be 1 to 64 letters, digits, _ and -, got "${profile.name}"`);
      }
      if (profiles[profile.name]) throw new Error(`profiles[${i}].name must be unique, got "${profile.name}" twice`);
      if (profile.provider.name === 'aws-iam' || profile.provider.name === 'anthropic') {
        throw new Error(
          `profiles[${i}].provider must be generated, openai or http (${profile.provider.name} keys need per-key resources: declare them in keys), got ${profile.provider.name}`,
        );
      }
      const schedule = profile.schedule ?? KeySchedule.fromExpression(DEFAULT_SCHEDULE);
      const admin = profile.provider.adminSecret;
      profiles[profile.name] = {
        provider: profile.provider.name,
        options: profile.provider.options,
        ...(admin ? { adminSecretId: admin.secretFullArn ?? admin.secretName } : {}),
        schedule: (schedule instanceof KeySchedule ? schedule : KeySchedule.every(schedule)).toExpression(
          `profiles[${i}].schedule`,
        ),
      };
    });
    props.fleets.forEach((fleet, i) => {
      if (!FLEET_NAME.test(fleet)) throw new Error(`fleets[${i}] must be a fleet name, got "${fleet}"`);
    });
    const profilesEnv = JSON.stringify(profiles);
    if (profilesEnv.length > MAX_PROFILES_ENV) {
      throw new Error(
        `profiles must fit in ${MAX_PROFILES_ENV} characters of the function's environment (Lambda allows 4 KB in all), got ${profilesEnv.length}`,
      );
    }
    this.enrolledPrefix = prefix;
    this.enrolledKeysArn = secretNamePatternArn(this, `${prefix}*`);
    this.rotationFunction = props.rotationFunction;

    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'enroll',
      description: 'rekey: enrolls keys at run time (secret, tags, rotation, inventory) and reconciles them hourly',
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions: ENROLLMENT.concurrency,
      environment: {
        ...props.environment,
        [ENV.enrolledPrefix]: prefix,
        [ENV.enrollProfiles]: profilesEnv,
        [ENV.enrollFleets]: props.fleets.join(','),
        [ENV.rotationFunctionArn]: props.rotationFunction.functionArn,
      },
    });
    const fn = this.handler.function;
    const role = this.handler.role;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EnrolledKeys',
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:RotateSecret',
          'secretsmanager:CancelRotateSecret',
          'secretsmanager:DeleteSecret',
        ],
        resources: [this.enrolledKeysArn],
      }),
    );
    // It makes and tags secrets with rekey's own tags only (fleet, profile, enrolled): a tag of any other key, which
    // another team's policies might trust (`aws:ResourceTag`), is refused.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EnrolledKeysRekeyTags',
        actions: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
        resources: [this.enrolledKeysArn],
        conditions: {
          'ForAllValues:StringLike': {
            'aws:TagKeys': [`${FLEET_TAG.keyPrefix}*`, ENROLLMENT.profileTag, ENROLLMENT.enrolledTag],
          },
        },
      }),
    );
    // RotateSecret also needs lambda:InvokeFunction on the rotation function it names. No iam:PassRole: none is passed.
    props.rotationFunction.grantInvoke(fn);
    acknowledgeInvoke(role, props.rotationFunction);
    const table = props.inventory.table.tableArn;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EnrollmentItems',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table],
        // Its enrollment items, and the shared Secrets Manager rate's items (lambdas/common/rate-limit.ts).
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [inventoryPartitionKey(`${prefix}*`), 'RATE#*'] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'ListEnrollments', actions: ['dynamodb:Scan'], resources: [table] }),
    );
    props.notifications.grantAlertOperators(fn);
    acknowledgeEnrolledKeys(role, [this.enrolledKeysArn]);

    const period = props.reconcilePeriod ?? Duration.hours(1);
    this.schedule = new events.Rule(this, 'Reconcile', {
      description: 'rekey: reconcile enrolled keys with Secrets Manager (deleted, untagged or unrotated ones)',
      schedule: events.Schedule.rate(period),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 2, maxEventAge: period })],
    });

    // The rotation function: what a rotation schedule grants on each secret, here on the prefix; and each profile's
    // provider rights (its admin credential), constant in the number of keys.
    this.bindings = props.profiles.map((profile) => profile.provider.bind(this));
    this.grantPrefix(props.rotationFunction, ROTATION_ACTIONS);
    // As a rotation schedule grants it: generated tokens come from GetRandomPassword, which has no resource type.
    props.rotationFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] }),
    );
    for (const binding of this.bindings) binding.grantKeyMinting(props.rotationFunction);

    for (const fleet of props.fleets) {
      const statements = agentStatements(this, fleet, table);
      const policy = props.notifications.addAgentStatements(fleet, statements);
      acknowledgeEnrolledKeys(policy, statements[0]?.resources ?? []);
    }
  }

  /** The function the operator CLI invokes (`rekey enroll`, `rekey unenroll`). */
  get function(): lambda.IFunction {
    return this.handler.function;
  }

  /**
   * What the revocation workflow's function does with enrolled keys (as ManagedKey.grantRevocation): read their
   * versions, move stages, and each profile's provider rights to verify and revoke.
   */
  grantRevocation(grantee: iam.IGrantable): iam.Grant {
    return this.bindings.reduce(
      (grant, binding) => grant.combine(binding.grantKeyRevocation(grantee)),
      this.grantPrefix(grantee, [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ]),
    );
  }

  /**
   * What the exposure intake does with enrolled keys (as ManagedKey.grantEmergencyRotation): read versions, move
   * stages, RotateSecret (and so invoke the rotation function), and revoke an exposed pending key.
   */
  grantEmergencyRotation(grantee: iam.IGrantable): iam.Grant {
    const grant = this.bindings.reduce(
      (all, binding) => all.combine(binding.grantExposedKeyRevocation(grantee)),
      this.grantPrefix(grantee, [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
        'secretsmanager:RotateSecret',
      ]),
    );
    return grant.combine(this.grantInvokeRotation(grantee));
  }

  /** What the dead-key report function does (as KeyReport's grantKeyCheck): read, test, RotateSecret. */
  grantKeyCheck(grantee: iam.IGrantable): iam.Grant {
    return this.grantPrefix(grantee, [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:RotateSecret',
    ]).combine(this.grantInvokeRotation(grantee));
  }

  private grantInvokeRotation(grantee: iam.IGrantable): iam.Grant {
    const invoke = this.rotationFunction.grantInvoke(grantee);
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) acknowledgeInvoke(principal, this.rotationFunction);
    return invoke;
  }

  private grantPrefix(grantee: iam.IGrantable, actions: readonly string[]): iam.Grant {
    const grant = iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [this.enrolledKeysArn] });
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) acknowledgeEnrolledKeys(principal, [this.enrolledKeysArn]);
    return grant;
  }
}

/**
 * A fleet's agents on its enrolled keys, by name (`<prefix><fleet>/*`): GetSecretValue, and the acknowledgement and
 * liveness writes on those keys' `SECRET#`/`LIVE#` items with the attributes each may carry, as for declared keys.
 */
function agentStatements(scope: KeyEnrollment, fleet: string, table: string): iam.PolicyStatement[] {
  const names = enrolledSecretName(scope.enrolledPrefix, fleet, '*');
  const keysArn = secretNamePatternArn(scope, names);
  const write = (sid: string, leadingKey: string, attributes: readonly string[]) =>
    new iam.PolicyStatement({
      sid,
      actions: ['dynamodb:UpdateItem'],
      resources: [table],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [leadingKey] },
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...attributes] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
      },
    });
  return [
    new iam.PolicyStatement({
      sid: 'ReadEnrolledKeys',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [keysArn],
    }),
    write('AcknowledgeEnrolledVersions', inventoryPartitionKey(names), ACK_ATTRIBUTES),
    write('AnnounceEnrolledLiveness', livenessPartitionKey(names), LIVENESS.attributes),
  ];
}
