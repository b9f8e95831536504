import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LIVENESS_RECORD } from './liveness';

export { defaultAgentId } from './agent-id';
// The `@rekey/client/ack` entry point carries liveness too: both write to the inventory, with the same optional peer.
export { type DynamoDbLivenessProps, dynamoDbLiveness, type Liveness, type LivenessRecord } from './liveness';

/** An agent's statement that it now uses a version. Ids only. */
export interface VersionAck {
  /** The secret's `Name` as GetSecretValue returned it. */
  readonly secretName: string;
  readonly versionId: string;
  readonly agentId: string;
  /** ISO-8601. */
  readonly at: string;
  /**
   * True when this agent also keeps a liveness record (RotatingSecret sets it when given `liveness`). The fleet check
   * then judges the agent by that record: once it expires, the agent's acks no longer hold a revocation back. An ack
   * without it is judged by acks alone, as before liveness existed.
   * @default false
   */
  readonly liveness?: boolean;
}

/**
 * Records an ack somewhere the revocation workflow reads it. RotatingSecret calls it once per version it switches
 * to (the first one included), logs a rejection, and never lets it reach the agent.
 */
export type Acknowledge = (ack: VersionAck) => Promise<void>;

export interface DynamoDbAcknowledgerProps {
  readonly client: DynamoDBClient;
  /** The rekey key inventory table. */
  readonly tableName: string;
}

/**
 * Acks into rekey's inventory table: adds the agent id to the version item's `ackAgents` string set and stamps
 * `lastAckAt`, and, for an agent that keeps a liveness record (`ack.liveness`), to its `livenessAgents` set too. The
 * item must already exist (rekey writes it when the version becomes current), so an ack for an unknown version fails
 * with ConditionalCheckFailedException instead of creating a stray item.
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
        UpdateExpression: ack.liveness
          ? `ADD ackAgents :agentSet, ${LIVENESS_RECORD.ackMarkerAttribute} :agentSet SET lastAckAt = :now`
          : 'ADD ackAgents :agentSet SET lastAckAt = :now',
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
