import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { GITHUB_RECORDS } from '../../contract/github';
import { DuplicateBodyError, ReplayedDeliveryError } from './errors';

/** How long a delivery id is remembered: longer than GitHub keeps deliveries for redelivery. */
export const DELIVERY_TTL_SECONDS = 30 * 24 * 3600;

export const deliveryPk = (deliveryId: string): string => `${GITHUB_RECORDS.delivery}${deliveryId}`;

/** A verified body, by its SHA-256: the same signed bytes under a fresh X-GitHub-Delivery are the same delivery. */
export const bodyPk = (raw: string): string =>
  `${GITHUB_RECORDS.body}${createHash('sha256').update(raw, 'utf8').digest('hex')}`;

/** An alert put on the bus as a finding (repository names are case-insensitive on GitHub). */
export const alertPk = (repositoryFullName: string, alertNumber: number): string =>
  `${GITHUB_RECORDS.alert}${repositoryFullName.toLowerCase()}#${alertNumber}`;

const isConditionFailure = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException';

/**
 * Delivery ids seen, in the inventory table (pk `DELIVERY#<X-GitHub-Delivery>`, sk `DELIVERY`, TTL `expiresAt`).
 * `claim` is a conditional put: the second delivery of an id, concurrent or later, is a ReplayedDeliveryError.
 * A delivery that fails for a reason GitHub can retry is `release`d, so its redelivery is taken. The same claim is
 * made on the verified body's hash (`claimBody`), so a captured body replayed under a new delivery id is refused,
 * and each alert published is recorded (`recordAlert`) for the backstop, which puts on the bus any open alert that
 * has no record.
 */
export class DeliveryLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(deliveryId: string, githubEvent: string): Promise<void> {
    await this.putIfAbsent(deliveryPk(deliveryId), { githubEvent }, () => new ReplayedDeliveryError(deliveryId));
  }

  /** Claims a verified body (by hash) for `deliveryId`; a body seen before is a DuplicateBodyError. */
  async claimBody(raw: string, deliveryId: string): Promise<void> {
    await this.putIfAbsent(bodyPk(raw), { deliveryId }, () => new DuplicateBodyError(deliveryId));
  }

  /** A `processing` claim on `pk`, made only if there is none: a taken one throws what `taken` makes. */
  private async putIfAbsent(pk: string, attributes: Record<string, string>, taken: () => Error): Promise<void> {
    const now = this.now();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk,
            sk: 'DELIVERY',
            ...attributes,
            deliveryStatus: 'processing',
            receivedAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + DELIVERY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw taken();
      throw err;
    }
  }

  /** Lets a body GitHub may redeliver (the claim is still `processing`) be taken again. */
  async releaseBody(raw: string): Promise<void> {
    await this.releaseKey(bodyPk(raw));
  }

  /** Marks a claimed body done. */
  async completeBody(raw: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: bodyPk(raw), sk: 'DELIVERY' },
        UpdateExpression: 'SET deliveryStatus = :done',
        ExpressionAttributeValues: { ':done': 'done' },
      }),
    );
  }

  /** Records that an alert went on the bus as a finding (by the webhook or the backstop). */
  async recordAlert(
    alert: { repositoryFullName: string; number: number; createdAt?: string },
    via: 'webhook' | 'backstop',
  ): Promise<void> {
    const now = this.now();
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: alertPk(alert.repositoryFullName, alert.number),
          sk: 'DELIVERY',
          repository: alert.repositoryFullName,
          alertNumber: alert.number,
          ...(alert.createdAt ? { alertCreatedAt: alert.createdAt } : {}),
          publishedBy: via,
          publishedAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + DELIVERY_TTL_SECONDS,
        },
      }),
    );
  }

  /** Whether an alert was put on the bus (and its record has not expired). */
  async hasAlert(repositoryFullName: string, alertNumber: number): Promise<boolean> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: alertPk(repositoryFullName, alertNumber), sk: 'DELIVERY' },
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    return out.Item !== undefined;
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
    await this.releaseKey(deliveryPk(deliveryId));
  }

  private async releaseKey(pk: string): Promise<void> {
    await this.doc
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk, sk: 'DELIVERY' },
          ConditionExpression: 'deliveryStatus = :processing',
          ExpressionAttributeValues: { ':processing': 'processing' },
        }),
      )
      .catch((err: Error) => {
        if (err.name !== 'ConditionalCheckFailedException') throw err;
      });
  }
}
