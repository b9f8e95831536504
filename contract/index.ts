/**
 * Names the infrastructure (lib/, the construct library) and the runtime (lambdas/, the CLI) must agree on, in one
 * dependency-free module both import. A string copied across that line is a silent break waiting for a rewording;
 * test/unit/contract ties each name to its two ends.
 */
export {
  defaultEnrolledPrefix,
  ENROLL_ACTIONS,
  ENROLLMENT,
  ENROLLMENT_STATUSES,
  type EnrollAction,
  type EnrollmentProfileEnv,
  type EnrollmentStatus,
  enrolledSecretName,
} from './enrollment';
export { ENV, ENV_DEFAULTS, type EnvName } from './env';
export {
  AWS_HEALTH_EVENT,
  FINDING_DETAIL_TYPE,
  FINDING_EVENTS,
  GITHUB_EVENT,
  GUARDDUTY_EVENT,
  SCANNER_EVENT,
  SECURITY_HUB_EVENT,
} from './events';
export { FLEET_NAME, FLEET_TAG, fleetsFromTags, fleetTagKey } from './fleets';
export {
  GITHUB_BACKSTOP_SCOPE_ENV,
  GITHUB_BACKSTOP_SERVICE,
  GITHUB_METRICS,
  GITHUB_RECORDS,
  GITHUB_WEBHOOK_SERVICE,
} from './github';
export { INTAKE_TIMEOUT_SECONDS } from './intake';
export { fleetOfInvokedArn, KEY_REPORT, keyReportAlias } from './key-report';
export { ACK_ATTRIBUTES, LIVENESS, livenessPartitionKey, livenessSortKey } from './liveness';
export { UNMATCHED_FINDING_MESSAGE } from './log-messages';
export { METRICS_NAMESPACE, REVOCATION_METRICS, REVOCATION_SERVICE } from './metrics';
export {
  AGENT_POLICY_OUTPUT_PREFIX,
  agentPolicyOutputName,
  DEFAULT_STACK_NAME,
  KEY_REPORT_ALIAS_OUTPUT_PREFIX,
  keyReportAliasOutputName,
  OUTPUT_NAMES,
  type OutputName,
  STACK_OUTPUTS,
} from './outputs';
export {
  PROVIDER_NAMES,
  PROVIDER_OPTION_DEFAULTS,
  PROVIDERS,
  type ProviderName,
  SPARE_POOL_PREFIX,
  sparePoolSecretName,
} from './providers';
export {
  checkSchedule,
  DEFAULT_SCHEDULE,
  parseSchedule,
  SCHEDULE_LIMITS,
  type Schedule,
  ScheduleError,
} from './schedule';
export { VERIFICATION_DEFAULTS } from './verification';
