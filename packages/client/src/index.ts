/**
 * rekey's agent-side client (`@rekey/client`): keys that change under running agents with zero failed requests.
 * Imports nothing outside `packages/client/src/`. This module is the package's public API and nothing else: helpers
 * other modules share (and tests reach) stay in their own files. `@aws-sdk/client-sqs` and
 * `@aws-sdk/client-dynamodb` are optional peers, loaded only when `sqsSource` or `dynamoDbAcknowledger` first runs.
 */
export {
  type Acknowledge,
  type DynamoDbAcknowledgerProps,
  defaultAgentId,
  dynamoDbAcknowledger,
  type VersionAck,
} from './ack';
export { platformAgentId } from './agent-id';
export { type Clock, type Random, systemClock, type TimerHandle } from './clock';
export { type CrashRedactionOptions, formatCrash, installCrashRedaction } from './crash';
export {
  DEFAULT_DEAD_KEY_REPORT_INTERVAL_MS,
  type DeadKeyReport,
  type DeadKeyReporter,
  type LambdaDeadKeyReporterProps,
  lambdaDeadKeyReporter,
} from './dead-key-report';
export {
  ClientConfigError,
  DeadKeyReportError,
  InvalidClientError,
  type KeyFinding,
  KeyMaterialInOutputError,
  NotificationFormatError,
  RekeyClientError,
  SecretClosedError,
  SecretFormatError,
  SecretReadError,
  SnsMessageOutsideWindowError,
  SnsVerificationError,
  TokenEndpointError,
} from './errors';
export { fingerprint, keyHint } from './fingerprint';
export { parseFleetMessage } from './fleet-message';
export { holdSecret, isHeldSecret } from './held-secrets';
export { isInvalidKeyError } from './invalid-key';
export { type DynamoDbLivenessProps, dynamoDbLiveness, type Liveness, type LivenessRecord } from './liveness';
export { type ClientLogger, silentLogger, stderrLogger } from './logger';
export { type LineDestination, redactingDestination, redactingPinoOptions } from './logging';
export {
  FLEET_EVENTS,
  type FleetEvent,
  type FleetNotification,
  FleetNotificationSchema,
  NOTIFICATION_ATTRIBUTES,
} from './notification';
export { type GuardOptions, type GuardResult, guardOutput } from './output-guard';
export { type KeyKind, REDACTED } from './patterns';
export { type RedactOptions, redact } from './redact';
export {
  type RefreshFailedEvent,
  type RefreshResult,
  type RefreshTrigger,
  type RotatedEvent,
  RotatingSecret,
  type RotatingSecretEvents,
  type RotatingSecretOptions,
} from './rotating-secret';
export { scrubError } from './scrub';
export { type ClientSecretSource, ShortLivedToken, type ShortLivedTokenOptions } from './short-lived-token';
export {
  DEFAULT_SIDECAR_POLL_MS,
  DEFAULT_SIDECAR_PORT,
  isLoopbackAddress,
  resolveSsrfToken,
  type Sidecar,
  SidecarConfigError,
  SidecarFileError,
  type SidecarOptions,
  SidecarTokenError,
  SSRF_ENV_VARIABLES,
  SSRF_HEADERS,
  startSidecar,
  type TokenSourceOptions,
  writeFileAtomic,
} from './sidecar';
export { type FileWatchSourceProps, fileWatchSource } from './sources/file';
export {
  DEFAULT_SNS_TIMESTAMP_TOLERANCE_MS,
  type SnsHttpRejections,
  type SnsHttpSource,
  type SnsHttpSourceProps,
  snsHttpSource,
} from './sources/sns-http';
export {
  type CertificateFetcher,
  cachingCertificateFetcher,
  type SnsHttpMessage,
  verifySnsMessage,
} from './sources/sns-signature';
export { type SqsSourceProps, sqsSource } from './sources/sqs';
export type { ChangeSource, SecretSink } from './sources/types';
