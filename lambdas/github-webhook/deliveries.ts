import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ReplayedDeliveryError } from './errors';

/** How long a delivery id is remembered: longer than GitHub keeps deliveries for redelivery. */
export const DELIVERY_TTL_SECONDS = 30 * 24 * 3600;

export const deliveryPk = (deliveryId: string): string => `DELIVERY#${deliveryId}`;

/**
 * Delivery ids seen, in the inventory table (pk `DELIVERY#<X-GitHub-Delivery>`, sk `DELIVERY`, TTL `expiresAt`).
 * `claim` is a conditional put: the second delivery of an id, concurrent or later, is a ReplayedDeliveryError.
 * A delivery that fails for a reason GitHub can retry is `release`d, so its redelivery is taken.
 */
export class DeliveryLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(deliveryId: string, githubEvent: string): Promise<void> {
    const now = this.now();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: deliveryPk(deliveryId),
            sk: 'DELIVERY',
            githubEvent,
            deliveryStatus: 'processing',
            receivedAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + DELIVERY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') {
        throw new ReplayedDeliveryError(deliveryId);
      }
      throw err;
    }
  }

  async complete(deliveryId: string, outcome: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: deliveryPk(deliveryId), sk: 'DELIVERY' },
        UpdateExpression: 'SET deliveryStatus = :done, outcome = :outcome',
        ExpressionAttributeValues: { ':done': 'done', ':outcome': outcome.slice(0, 300) },
      }),
    );
  }

  async release(deliveryId: string): Promise<void> {
    await this.doc
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: deliveryPk(deliveryId), sk: 'DELIVERY' },
          ConditionExpression: 'deliveryStatus = :processing',
          ExpressionAttributeValues: { ':processing': 'processing' },
        }),
      )
      .catch((err: Error) => {
        if (err.name !== 'ConditionalCheckFailedException') throw err;
      });
  }
}
