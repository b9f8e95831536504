import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ProviderName } from './config';

export interface ManagedKeyProps {
  /** Full secret name (prefix included). */
  readonly secretName: string;
  readonly provider: ProviderName;
  /** Non-secret provider settings, carried in every version of the secret. @default {} */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Name of the secret holding the provider's admin credential. @default - none (generated and aws-iam need none) */
  readonly adminSecretName?: string;
  /** The rotation function Secrets Manager calls. */
  readonly rotationFunction: lambda.IFunction;
  /** `rate(N hours)`, `rate(N days)` or `cron(...)`. @default "rate(30 days)" */
  readonly schedule?: string;
  readonly description?: string;
}

/**
 * One managed key: a Secrets Manager secret whose SecretString is rekey's JSON shape, rotated by the rotation
 * function on its schedule. The deployed value is a placeholder that the first rotation, run at deploy time,
 * replaces with a real key.
 */
export class ManagedKey extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly rotationSchedule: secretsmanager.RotationSchedule;

  constructor(scope: Construct, id: string, props: ManagedKeyProps) {
    super(scope, id);
    const template = {
      provider: props.provider,
      keyId: '',
      createdAt: '1970-01-01T00:00:00.000Z',
      options: props.options ?? {},
      ...(props.adminSecretName ? { adminSecretId: props.adminSecretName } : {}),
    };
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: props.secretName,
      description: props.description ?? `rekey managed ${props.provider} key`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify(template),
        generateStringKey: 'apiKey',
        excludePunctuation: true,
        passwordLength: 40,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const schedule = parseSchedule(props.schedule ?? 'rate(30 days)');
    this.rotationSchedule = this.secret.addRotationSchedule('Rotation', {
      rotationLambda: props.rotationFunction,
      automaticallyAfter: schedule.every,
      rotateImmediatelyOnUpdate: true,
    });
    if (schedule.cron) {
      const cfn = this.rotationSchedule.node.defaultChild as secretsmanager.CfnRotationSchedule;
      cfn.addPropertyOverride('RotationRules.ScheduleExpression', schedule.cron);
    }
  }
}

/** Turns a schedule expression into what RotationSchedule takes; throws naming the bad value. */
export function parseSchedule(expression: string): { every?: Duration; cron?: string } {
  const rate = /^rate\((\d+) (hours?|days?)\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    if (rate[2]?.startsWith('hour')) {
      if (n < 4) throw new Error(`schedule must rotate at most every 4 hours, got ${expression}`);
      return { every: Duration.hours(n) };
    }
    if (n < 1 || n > 1000) throw new Error(`schedule must be between 1 and 1000 days, got ${expression}`);
    return { every: Duration.days(n) };
  }
  if (/^cron\([^()]+\)$/.test(expression)) return { cron: expression };
  throw new Error(`schedule must be rate(N hours|days) or cron(...), got ${expression}`);
}
