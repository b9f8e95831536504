import { ConfigurationError } from './errors';

/** Reads a required environment variable set by the CDK construct; a missing one is a deployment error. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

/** Environment variable names shared by the constructs (lib/) and the handlers. */
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
} as const;
