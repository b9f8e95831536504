import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  DEFAULT_SCHEDULE,
  FLEET_NAME,
  FLEET_TAG,
  fleetTagKey,
  parseSchedule as parseScheduleExpression,
} from '../contract';
import type { KeyProvider, KeyProviderBinding } from './key-provider';
import { acknowledgeInvoke } from './nag-suppressions';
import type { OperatorKey } from './operator-policy';

export interface ManagedKeyProps {
  /** Full secret name (prefix included). */
  readonly secretName: string;
  /**
   * Where the keys come from (`KeyProvider.generated()`, `KeyProvider.awsIam({ userName })`,
   * `KeyProvider.openai({ projectId, adminSecret })`, …). The rotation function is granted what the provider needs.
   */
  readonly provider: KeyProvider;
  /**
   * The rotation function Secrets Manager calls. The key grants it this secret (through the rotation schedule) and
   * the provider's admin credential or IAM user.
   */
  readonly rotationFunction: lambda.IFunction;
  /** `rate(N hours)`, `rate(N days)` or `cron(...)`. @default "rate(30 days)" */
  readonly schedule?: string;
  /** Shown in the console and by `rekey status`. @default "rekey managed <provider> key" */
  readonly description?: string;
  /**
   * The fleets told when this key changes: the secret is tagged `rekey:fleet:<fleet>` = `true` for each
   * (contract/fleets.ts), and every notification about it carries them as its `fleets` attribute.
   * @default [] (no fleet is told; rotations are still recorded)
   */
  readonly fleets?: readonly string[];
}

/**
 * One managed key: a Secrets Manager secret whose SecretString is rekey's JSON shape, rotated by the rotation
 * function on its schedule. The deployed value is a placeholder that the first rotation, run at deploy time,
 * replaces with a real key.
 */
export class ManagedKey extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly rotationSchedule: secretsmanager.RotationSchedule;
  /** The secret's name as given (prefix included); `secret.secretName` is a token parsed from its ARN. */
  readonly secretName: string;
  readonly provider: KeyProvider;
  /** The function Secrets Manager rotates this key with. */
  readonly rotationFunction: lambda.IFunction;
  /** The fleets the secret is tagged for, sorted. */
  readonly fleets: readonly string[];
  private readonly binding: KeyProviderBinding;

  constructor(scope: Construct, id: string, props: ManagedKeyProps) {
    super(scope, id);
    this.secretName = props.secretName;
    this.provider = props.provider;
    this.rotationFunction = props.rotationFunction;
    this.fleets = validateFleets(props.fleets ?? []);
    this.binding = props.provider.bind(this);
    const admin = this.binding.adminSecret;
    const template = {
      provider: props.provider.name,
      keyId: '',
      createdAt: '1970-01-01T00:00:00.000Z',
      options: props.provider.options,
      // The functions read the admin credential by this id: a full ARN where the secret has one, else its name.
      ...(admin ? { adminSecretId: admin.secretFullArn ?? admin.secretName } : {}),
    };
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: props.secretName,
      description: props.description ?? `rekey managed ${props.provider.name} key`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify(template),
        generateStringKey: 'apiKey',
        excludePunctuation: true,
        passwordLength: 40,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Notifications are addressed by these tags, not by the secret's name (lambdas/common/notify.ts).
    for (const fleet of this.fleets) Tags.of(this.secret).add(fleetTagKey(fleet), FLEET_TAG.value);
    const schedule = parseSchedule(props.schedule ?? DEFAULT_SCHEDULE);
    this.rotationSchedule = this.secret.addRotationSchedule('Rotation', {
      rotationLambda: props.rotationFunction,
      automaticallyAfter: schedule.every,
      rotateImmediatelyOnUpdate: true,
    });
    if (schedule.cron) {
      const cfn = this.rotationSchedule.node.defaultChild as secretsmanager.CfnRotationSchedule;
      cfn.addPropertyOverride('RotationRules.ScheduleExpression', schedule.cron);
    }
    // The schedule granted the rotation function this secret; minting and revoking keys takes the provider's rights.
    this.binding.grantKeyMinting(props.rotationFunction);
  }

  /**
   * What the revocation workflow's function does with this key: read its versions, move stages (retire a generated
   * token's version) and, at the provider, verify and revoke the old key.
   */
  grantRevocation(grantee: iam.IGrantable): iam.Grant {
    return this.grantStageMoves(grantee).combine(this.binding.grantKeyRevocation(grantee));
  }

  /**
   * What the exposure intake does with this key: read its versions, move stages (abandon an exposed pending version),
   * RotateSecret with RotateImmediately (which needs lambda:InvokeFunction on the rotation function too) and, at the
   * provider, revoke the key of an exposed pending version.
   */
  grantEmergencyRotation(grantee: iam.IGrantable): iam.Grant {
    const grant = this.grantStageMoves(grantee)
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['secretsmanager:RotateSecret'],
          resourceArns: [this.secret.secretArn],
        }),
      )
      .combine(this.binding.grantExposedKeyRevocation(grantee));
    const invoke = this.rotationFunction.grantInvoke(grantee);
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) acknowledgeInvoke(principal, this.rotationFunction);
    return grant.combine(invoke);
  }

  /**
   * Read the secret's versions and move its staging labels (UpdateSecretVersionStage). The secret is made here, so its
   * ARN already ends in the random suffix: granted on it as it is.
   */
  grantStageMoves(grantee: iam.IGrantable): iam.Grant {
    return this.secret.grantRead(grantee).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['secretsmanager:UpdateSecretVersionStage'],
        resourceArns: [this.secret.secretArn],
      }),
    );
  }

  /** The key as the operator policy (lib/operator-policy.ts) acts on it: its secret, admin credential or IAM user. */
  get operatorKey(): OperatorKey {
    return {
      secret: this.secret,
      secretName: this.secretName,
      adminSecret: this.binding.adminSecret,
      iamUser: this.binding.iamUser,
    };
  }
}

/** Checks the fleet names (contract/fleets.ts FLEET_NAME) and answers them sorted, each once. */
function validateFleets(fleets: readonly string[]): string[] {
  fleets.forEach((fleet, i) => {
    if (!FLEET_NAME.test(fleet)) {
      throw new Error(`fleets[${i}] must be 1 to 64 letters, digits, _ and -, got "${fleet}"`);
    }
  });
  return [...new Set(fleets)].sort();
}

/**
 * Turns a schedule expression into what RotationSchedule takes, by the grammar the config validates with
 * (contract/schedule.ts); throws ScheduleError naming the limit and the bad value.
 */
export function parseSchedule(expression: string): { every?: Duration; cron?: string } {
  const schedule = parseScheduleExpression(expression);
  if (schedule.kind === 'cron') return { cron: schedule.expression };
  return { every: schedule.unit === 'hours' ? Duration.hours(schedule.value) : Duration.days(schedule.value) };
}
