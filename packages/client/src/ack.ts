import { hostname } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** An agent's statement that it now uses a version. Ids only. */
export interface VersionAck {
  /** The secret's `Name` as GetSecretValue returned it. */
  readonly secretName: string;
  readonly versionId: string;
  readonly agentId: string;
  /** ISO-8601. */
  readonly at: string;
}

/**
 * Records an ack somewhere the revocation workflow reads it. RotatingSecret calls it once per version it switches
 * to (the first one included), logs a rejection, and never lets it reach the agent.
 */
export type Acknowledge = (ack: VersionAck) => Promise<void>;

/** `<hostname>:<pid>`: unique per process on a host, stable for the process's life. */
export function defaultAgentId(): string {
  return `${hostname()}:${process.pid}`;
}

export interface DynamoDbAcknowledgerProps {
  readonly client: DynamoDBClient;
  /** The rekey key inventory table. */
  readonly tableName: string;
}

/**
 * Acks into rekey's inventory table: adds the agent id to the version item's `ackAgents` string set and stamps
 * `lastAckAt`. The item must already exist (rekey writes it when the version becomes current), so an ack for an
 * unknown version fails with ConditionalCheckFailedException instead of creating a stray item.
 *
 * IAM: `dynamodb:UpdateItem` on the table.
 */
export function dynamoDbAcknowledger({ client, tableName }: DynamoDbAcknowledgerProps): Acknowledge {
  return async (ack) => {
    const { UpdateItemCommand } = await loadUpdateItemCommand();
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: `SECRET#${ack.secretName}` }, sk: { S: `VERSION#${ack.versionId}` } },
        UpdateExpression: 'ADD ackAgents :agentSet SET lastAckAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':agentSet': { SS: [ack.agentId] }, ':now': { S: ack.at } },
      }),
    );
  };
}

type UpdateItem = Pick<typeof import('@aws-sdk/client-dynamodb'), 'UpdateItemCommand'>;
let updateItem: Promise<UpdateItem> | undefined;

/**
 * Loaded on the first ack: `@aws-sdk/client-dynamodb` is an optional peer dependency, present wherever a
 * `DynamoDBClient` was made to pass in, and never loaded by an agent that does not acknowledge (RotatingSecret imports
 * this module for `defaultAgentId`).
 */
function loadUpdateItemCommand(): Promise<UpdateItem> {
  updateItem ??= import('@aws-sdk/client-dynamodb');
  return updateItem;
}
