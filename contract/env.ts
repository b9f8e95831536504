/** Environment variable names the constructs set and the handlers read. */
export const ENV = {
  inventoryTable: 'REKEY_INVENTORY_TABLE',
  fleetTopicArn: 'REKEY_FLEET_TOPIC_ARN',
  opsTopicArn: 'REKEY_OPS_TOPIC_ARN',
  revocationStateMachineArn: 'REKEY_REVOCATION_STATE_MACHINE_ARN',
  secretPrefix: 'REKEY_SECRET_PREFIX',
  eventBusName: 'REKEY_EVENT_BUS_NAME',
  githubWebhookSecretArn: 'REKEY_GITHUB_WEBHOOK_SECRET_ARN',
  githubTokenSecretArn: 'REKEY_GITHUB_TOKEN_SECRET_ARN',
  githubApiBaseUrl: 'REKEY_GITHUB_API_BASE_URL',
  intakeDeadLetterQueueUrl: 'REKEY_INTAKE_DLQ_URL',
  /** The intake's work queue: one message per finding of a mass exposure (lambdas/intake/fan-out.ts). */
  intakeWorkQueueUrl: 'REKEY_INTAKE_WORK_QUEUE_URL',
  /** The intake's event queue: the finding rules' target, one message per EventBridge event (lambdas/intake/fan-out.ts). */
  intakeEventQueueUrl: 'REKEY_INTAKE_EVENT_QUEUE_URL',
  /** Comma-separated Security Hub product ARNs the intake takes findings from. */
  securityHubProductArns: 'REKEY_SECURITY_HUB_PRODUCT_ARNS',
  /** What the GitHub backstop scans (JSON: orgs and repos). */
  githubBackstopScope: 'REKEY_GITHUB_BACKSTOP_SCOPE',
  /** Where enrolled keys live (`<secretPrefix>enrolled/` by default): `<enrolledPrefix><fleet>/<key>`. */
  enrolledPrefix: 'REKEY_ENROLLED_PREFIX',
  /** The enrollment profiles (JSON: name → provider, options, admin secret id, schedule; contract/enrollment.ts). */
  enrollProfiles: 'REKEY_ENROLL_PROFILES',
  /** The fleets an enrolled key may belong to (comma-separated). */
  enrollFleets: 'REKEY_ENROLL_FLEETS',
  /** The rotation function's ARN, which the enroll function names in RotateSecret. */
  rotationFunctionArn: 'REKEY_ROTATION_FUNCTION_ARN',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** What a handler assumes, and a construct sets when its prop is left out, for the optional variables. */
export const ENV_DEFAULTS = {
  /** The account's default event bus. */
  eventBusName: 'default',
  /** GitHub's public REST API (GitHub Enterprise Server's is `https://HOST/api/v3`). */
  githubApiBaseUrl: 'https://api.github.com',
} as const satisfies Partial<Record<keyof typeof ENV, string>>;
