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

let generation = 0;

/** Drops the cached clients and everything built with them (the local rehearsal changes endpoints between runs). */
export function resetAwsClients(): void {
  cached = undefined;
  generation += 1;
}

/**
 * Builds something once per container from the clients and the environment (a handler's dependencies), and again
 * after `resetAwsClients`, so an in-process deployment that changed never sees the previous one's resources.
 */
export function perContainer<T>(build: () => T): () => T {
  let built: { generation: number; value: T } | undefined;
  return () => {
    if (built?.generation !== generation) built = { generation, value: build() };
    return built.value;
  };
}
