/**
 * @rekey/cdk: rekey's constructs for a CDK app of your own. `Rekey` drops the whole system into a stack; the parts
 * are usable on their own, each wiring its own environment and grants.
 */
export {
  type AwsFindingSource,
  ExposureIntake,
  type ExposureIntakeProps,
  FINDING_PATTERNS,
  type GitHubWebhookSettings,
} from './exposure-intake';
export {
  FleetNotifications,
  type FleetNotificationsProps,
  type FleetSecret,
  type FleetSubscription,
} from './fleet-notifications';
export { type EnrollmentProfile, KeyEnrollment, type KeyEnrollmentProps } from './key-enrollment';
export { KeyInventory, type KeyInventoryProps } from './key-inventory';
export {
  type AdminCredentialOptions,
  type AnthropicProviderOptions,
  type AwsIamProviderOptions,
  type GeneratedProviderOptions,
  type HttpProviderOptions,
  KeyProvider,
  type KeyProviderBinding,
  type OpenAiProviderOptions,
  type ProviderName,
} from './key-provider';
export { KeySchedule } from './key-schedule';
export {
  type KeyFormat,
  KeyLogProtection,
  type KeyLogProtectionPolicyProps,
  type KeyLogProtectionProps,
  MANAGED_KEY_FORMATS,
} from './log-data-protection';
export { ManagedKey, type ManagedKeyProps } from './managed-key';
export { RekeyMonitoring, type RekeyMonitoringProps } from './monitoring';
export { type OperatorKey, OperatorPolicy, type OperatorPolicyProps } from './operator-policy';
export {
  Rekey,
  type RekeyEnrollmentProps,
  type RekeyFleetProps,
  type RekeyKeyProps,
  type RekeyProps,
} from './rekey';
export type { RekeyFunction, RekeyFunctionProps } from './rekey-function';
export {
  REVOCATION_STATES,
  RevocationWorkflow,
  type RevocationWorkflowProps,
  type VerificationSettings,
} from './revocation-workflow';
export { RotationFunction, type RotationFunctionProps } from './rotation-function';
