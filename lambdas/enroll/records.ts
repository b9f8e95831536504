import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ENROLLMENT, type EnrollmentStatus } from '../../contract';
import { secretPk } from '../common/inventory';

/** A key's enrollment item in the inventory (pk `SECRET#<name>`, sk `ENROLLMENT`): ids and names, never a key. */
export interface EnrollmentItem {
  readonly pk: string;
  readonly sk: string;
  readonly secretName: string;
  readonly fleet: string;
  readonly profile: string;
  readonly provider: string;
  readonly schedule: string;
  readonly status: EnrollmentStatus;
  /** CreateSecret's ClientRequestToken: a resumed enrollment makes the same first version, never a second. */
  readonly requestToken: string;
  readonly secretArn?: string;
  readonly requestedAt: string;
  readonly enrolledAt?: string;
  readonly unenrolledAt?: string;
  readonly orphanedAt?: string;
  /** Why reconcile marked it orphaned (`deleted`, `untagged`, `rotation-disabled`). */
  readonly reason?: string;
  readonly history: readonly { readonly status: EnrollmentStatus; readonly at: string; readonly note?: string }[];
}

/** The enrollment items of the inventory (lambdas/enroll's only writes to it, beside the shared rate's). */
export class EnrollmentRecords {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private key(secretName: string) {
    return { pk: secretPk(secretName), sk: ENROLLMENT.sortKey };
  }

  async get(secretName: string): Promise<EnrollmentItem | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(secretName), ConsistentRead: true }),
    );
    return out.Item as EnrollmentItem | undefined;
  }

  /** Writes a new item in `enrolling`; false when one already exists (another enroll got there first). */
  async create(item: Omit<EnrollmentItem, 'pk' | 'sk' | 'status' | 'history'>): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(item.secretName),
            ...item,
            status: 'enrolling',
            history: [{ status: 'enrolling', at: item.requestedAt }],
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  /**
   * Moves the item from one of `from` to `to` with the given attributes; false when it was not in `from` (a
   * concurrent call moved it first).
   */
  async move(
    secretName: string,
    from: readonly EnrollmentStatus[],
    to: EnrollmentStatus,
    at: string,
    set: Readonly<Record<string, string>> = {},
    note?: string,
  ): Promise<boolean> {
    const names = Object.keys(set);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(secretName),
          UpdateExpression: [
            '#status = :to',
            'history = list_append(history, :change)',
            ...names.map((_, i) => `#a${i} = :a${i}`),
          ]
            .join(', ')
            .replace(/^/, 'SET '),
          ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((n, i) => [`#a${i}`, n])) },
          ExpressionAttributeValues: {
            ':to': to,
            ':change': [{ status: to, at, ...(note ? { note } : {}) }],
            ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
            ...Object.fromEntries(names.map((n, i) => [`:a${i}`, set[n]])),
          },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  /**
   * Every enrollment item, a page at a time. A Scan filtered on the sort key: reconcile runs hourly and reads the
   * table once (at 10,000 keys and their versions, a few thousand read units an hour; docs/benchmarks.md).
   */
  async *list(): AsyncGenerator<EnrollmentItem> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :sk',
          ExpressionAttributeValues: { ':sk': ENROLLMENT.sortKey },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) yield item as EnrollmentItem;
      start = out.LastEvaluatedKey;
    } while (start);
  }
}
