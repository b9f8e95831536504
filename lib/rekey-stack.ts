import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { EnrollmentProfileConfig, KeyConfig, RekeyConfig } from './config';
import { KeyProvider } from './key-provider';
import { KeySchedule } from './key-schedule';
import { Rekey, type RekeyKeyProps } from './rekey';

export { agentPolicyOutputName } from '../contract';

export interface RekeyStackProps extends StackProps {
  /** The validated configuration (lib/config.ts). */
  readonly config: RekeyConfig;
}

/**
 * rekey in one account and region, from the config file: a thin adapter from the validated config to one `Rekey`
 * construct. The construct's id is `Default`, which CDK leaves out of logical ids, so every resource keeps the
 * logical id it has at the top of the stack (`InventoryTable…`, `NotificationsFleetTopic…`, `OperatorPolicy…`).
 */
export class RekeyStack extends Stack {
  readonly rekey: Rekey;

  constructor(scope: Construct, id: string, props: RekeyStackProps) {
    super(scope, id, props);
    const { config } = props;
    const secretNamed = (secretId: string, name: string) =>
      secretsmanager.Secret.fromSecretNameV2(this, secretId, name);
    const github = config.github;
    this.rekey = new Rekey(this, 'Default', {
      secretPrefix: config.secretPrefix,
      keys: config.keys.map(
        (key, i): RekeyKeyProps => ({
          name: key.name,
          description: key.description,
          provider: providerOf(key, () => secretNamed(`Key${i}Admin`, adminSecretNameOf(key))),
          schedule: KeySchedule.fromExpression(key.schedule),
          fleets: key.fleets,
        }),
      ),
      enrollment: config.enrollment
        ? {
            prefix: config.enrollment.prefix,
            profiles: config.enrollment.profiles.map((profile, i) => ({
              name: profile.name,
              schedule: KeySchedule.fromExpression(profile.schedule),
              provider: providerOf(profile, () =>
                secretNamed(`EnrollmentProfile${i}Admin`, adminSecretNameOf(profile)),
              ),
            })),
          }
        : undefined,
      fleets: config.fleets,
      verification: {
        scheduledWait: Duration.seconds(config.verification.scheduledWaitSeconds),
        emergencyWait: Duration.seconds(config.verification.emergencyWaitSeconds),
        maxRounds: config.verification.maxRounds,
        deleteGrace: Duration.seconds(config.verification.deleteGraceSeconds),
      },
      opsEmail: config.opsEmail,
      github: github
        ? {
            webhookSecret: secretNamed('GitHubWebhookSecret', github.webhookSecretName),
            tokenSecret: secretNamed('GitHubTokenSecret', github.tokenSecretName),
            apiBaseUrl: github.apiBaseUrl,
            backstop: github.backstop
              ? {
                  orgs: github.backstop.orgs,
                  repos: github.backstop.repos,
                  period: github.backstop.periodMinutes ? Duration.minutes(github.backstop.periodMinutes) : undefined,
                }
              : undefined,
          }
        : undefined,
      scannerPrincipals: config.intake.scannerPrincipals.map((arn, i) =>
        iam.Role.fromRoleArn(this, `ScannerPrincipal${i}`, arn, { mutable: false }),
      ),
      forwardingAccounts: config.intake.forwardingAccounts,
      securityHubProductArns: config.intake.securityHubProductArns,
      intakeConcurrency: config.intake.concurrency,
      intakeWorkerConcurrency: config.intake.workerConcurrency,
      maxConcurrentRotations: config.maxConcurrentRotations,
    });
  }

  get inventory() {
    return this.rekey.inventory;
  }
  get notifications() {
    return this.rekey.notifications;
  }
  get rotation() {
    return this.rekey.rotation;
  }
  get revocation() {
    return this.rekey.revocation;
  }
  get intake() {
    return this.rekey.intake;
  }
  get keys() {
    return this.rekey.keys;
  }
  get monitoring() {
    return this.rekey.monitoring;
  }
  get operatorPolicy() {
    return this.rekey.operatorPolicy;
  }
}

const adminSecretNameOf = (key: KeyConfig | EnrollmentProfileConfig): string =>
  'adminSecretName' in key ? key.adminSecretName : '';

/** The typed provider for a key or enrollment profile of the config; `admin` imports its admin credential by name. */
function providerOf(key: KeyConfig | EnrollmentProfileConfig, admin: () => secretsmanager.ISecret): KeyProvider {
  switch (key.provider) {
    case 'generated':
      return KeyProvider.generated(key.options);
    case 'aws-iam':
      return KeyProvider.awsIam(key.options);
    case 'openai':
      return KeyProvider.openai({ ...key.options, adminSecret: admin() });
    case 'anthropic':
      return KeyProvider.anthropic({ ...key.options, adminSecret: admin() });
    case 'http':
      return KeyProvider.http({ ...key.options, adminSecret: admin() });
    default: {
      const unknown: never = key;
      throw new Error(`unknown provider ${JSON.stringify(unknown)}`);
    }
  }
}
