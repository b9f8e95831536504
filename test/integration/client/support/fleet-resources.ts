import { CreateTableCommand, type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import { publishFleetEvent } from '../../../../lambdas/common/notify';
import type { FleetNotification } from '../../../../packages/client/src/notification';

/** rekey's secret body. */
export function secretBody(apiKey: string): string {
  return JSON.stringify({
    apiKey,
    keyId: `key_${apiKey.slice(-6)}`,
    provider: 'http',
    createdAt: '2026-11-25T10:00:00Z',
  });
}

export async function createSecret(sm: SecretsManagerClient, name: string, apiKey: string): Promise<string> {
  const out = await sm.send(new CreateSecretCommand({ Name: name, SecretString: secretBody(apiKey) }));
  return out.VersionId ?? '';
}

/** Puts a new AWSCURRENT version, as rekey's finishSecret leaves it. */
export async function putCurrent(sm: SecretsManagerClient, name: string, apiKey: string): Promise<string> {
  const out = await sm.send(
    new PutSecretValueCommand({ SecretId: name, SecretString: secretBody(apiKey), VersionStages: ['AWSCURRENT'] }),
  );
  return out.VersionId ?? '';
}

/** Publishes a fleet notification through rekey's own publisher (lambdas/common/notify.ts), addressed to `fleets`. */
export async function publish(
  sns: SNSClient,
  topicArn: string,
  n: FleetNotification,
  fleets: readonly string[],
): Promise<void> {
  await publishFleetEvent(sns, topicArn, n, fleets);
}

export async function createInventory(ddb: DynamoDBClient, tableName: string): Promise<void> {
  await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}

/** The inventory item rekey writes when a version becomes current (what acks attach to). */
export async function recordVersion(ddb: DynamoDBClient, tableName: string, secretName: string, versionId: string) {
  await ddb.send(
    new PutItemCommand({
      TableName: tableName,
      Item: { pk: { S: `SECRET#${secretName}` }, sk: { S: `VERSION#${versionId}` }, versionId: { S: versionId } },
    }),
  );
}

export async function ackedAgents(ddb: DynamoDBClient, tableName: string, secretName: string, versionId: string) {
  const out = await ddb.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: { S: `SECRET#${secretName}` }, sk: { S: `VERSION#${versionId}` } },
      ConsistentRead: true,
    }),
  );
  return out.Item?.ackAgents?.SS ?? [];
}
