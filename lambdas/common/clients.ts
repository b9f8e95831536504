import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS clients, made once per container. Endpoints come from the SDK's own configuration (`AWS_ENDPOINT_URL`),
 * which is how the local rehearsal points the same handlers at the emulator.
 */
let cached:
  | { sm: SecretsManagerClient; sns: SNSClient; sfn: SFNClient; ddb: DynamoDBClient; doc: DynamoDBDocumentClient }
  | undefined;

export function awsClients() {
  if (!cached) {
    const ddb = new DynamoDBClient({});
    cached = {
      sm: new SecretsManagerClient({}),
      sns: new SNSClient({}),
      sfn: new SFNClient({}),
      ddb,
      doc: DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } }),
    };
  }
  return cached;
}

/** Drops the cached clients (tests and the local rehearsal change endpoints between runs). */
export function resetAwsClients(): void {
  cached = undefined;
}
