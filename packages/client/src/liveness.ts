import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * The names of rekey's liveness records, as contract/liveness.ts names them (the client imports nothing outside
 * packages/client/src, so it keeps this copy; test/unit/contract/liveness.test.ts ties the two).
 */
export const LIVENESS_RECORD = {
  partitionKeyPrefix: 'LIVE#',
  sortKeyPrefix: 'AGENT#',
  attributes: ['pk', 'sk', 'agentId', 'versionId', 'renewedAt', 'expiresAt'],
  ackMarkerAttribute: 'livenessAgents',
} as const;

/** An agent's statement that it is alive and holds a version, until `expiresAt`. Ids and times only. */
export interface LivenessRecord {
  /** The secret's `Name` as GetSecretValue returned it. */
  readonly secretName: string;
  readonly agentId: string;
  /** The version the agent holds now. */
  readonly versionId: string;
  /** ISO-8601. */
  readonly renewedAt: string;
  /** Epoch seconds; the agent counts as gone from then on. A closing agent writes its own time here. */
  readonly expiresAt: number;
}

/**
 * Writes (or renews, or expires) an agent's liveness record somewhere the revocation workflow reads it. RotatingSecret
 * calls it when it opens, whenever it switches version, every `livenessTtlMs / 3` (jittered), and with `expiresAt` set
 * to now when it closes; it logs a rejection and never lets it reach the agent.
 */
export type Liveness = (record: LivenessRecord) => Promise<void>;

export interface DynamoDbLivenessProps {
  readonly client: DynamoDBClient;
  /** The rekey key inventory table (the same one `dynamoDbAcknowledger` writes to). */
  readonly tableName: string;
}

/**
 * Liveness records in rekey's inventory table: one item per (secret, agent), pk `LIVE#<secretName>`, sk
 * `AGENT#<agentId>`, with `agentId`, `versionId`, `renewedAt` and `expiresAt` (the table's TTL attribute, so DynamoDB
 * deletes records of agents long gone). An UpdateItem that sets exactly those attributes and reads nothing back.
 *
 * IAM: `dynamodb:UpdateItem` on the table, which the fleet's agent policy allows on its own secrets' `LIVE#` items
 * and for these attributes only.
 */
export function dynamoDbLiveness({ client, tableName }: DynamoDbLivenessProps): Liveness {
  return async (record) => {
    const { UpdateItemCommand } = await loadUpdateItemCommand();
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: {
          pk: { S: `${LIVENESS_RECORD.partitionKeyPrefix}${record.secretName}` },
          sk: { S: `${LIVENESS_RECORD.sortKeyPrefix}${record.agentId}` },
        },
        UpdateExpression: 'SET agentId = :agent, versionId = :version, renewedAt = :now, expiresAt = :expires',
        ExpressionAttributeValues: {
          ':agent': { S: record.agentId },
          ':version': { S: record.versionId },
          ':now': { S: record.renewedAt },
          ':expires': { N: String(record.expiresAt) },
        },
      }),
    );
  };
}

type UpdateItem = Pick<typeof import('@aws-sdk/client-dynamodb'), 'UpdateItemCommand'>;
let updateItem: Promise<UpdateItem> | undefined;

/** Loaded on the first write: `@aws-sdk/client-dynamodb` is an optional peer dependency (see ack.ts). */
function loadUpdateItemCommand(): Promise<UpdateItem> {
  updateItem ??= import('@aws-sdk/client-dynamodb');
  return updateItem;
}
