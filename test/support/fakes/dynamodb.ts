import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { applyUpdate, ExpressionError, evaluateCondition, type Item } from './expressions';

/**
 * An in-memory DynamoDB table behind the document client's interface (`send(GetCommand | UpdateCommand |
 * QueryCommand | PutCommand | DeleteCommand)`), with the inventory's key schema (pk/sk) and its global secondary
 * indexes (sparse, hash key only). Inputs are the document client's native JS values, as the commands carry them.
 *
 * The one fake DynamoDB every test folder shares: it interprets the expressions the real code writes
 * (expressions.ts), so a test over it runs the real rules (Inventory's conditions above all), and
 * test/property/fake-aws.differential.test.ts holds it against moto.
 */

export interface TableSchema {
  readonly hashKey: string;
  readonly rangeKey: string;
  /** Index name → its hash key attribute. */
  readonly indexes: Readonly<Record<string, string>>;
}

export const INVENTORY_SCHEMA: TableSchema = {
  hashKey: 'pk',
  rangeKey: 'sk',
  indexes: { byFingerprint: 'fingerprint', byKeyId: 'keyId', byHint: 'keyHint' },
};

type Command = { constructor: { name: string }; input: Record<string, unknown> };

export class FakeDynamoDb {
  readonly items = new Map<string, Item>();
  /** Every command name received, in order. */
  readonly calls: string[] = [];

  constructor(
    readonly tableName: string,
    private readonly schema: TableSchema = INVENTORY_SCHEMA,
  ) {}

  private keyOf(key: Record<string, unknown>): string {
    const hash = key[this.schema.hashKey];
    const range = key[this.schema.rangeKey];
    if (typeof hash !== 'string' || typeof range !== 'string' || hash === '' || range === '') {
      throw new ExpressionError('The provided key element does not match the schema');
    }
    return `${hash}\u0000${range}`;
  }

  private table(input: Record<string, unknown>): void {
    if (input.TableName !== this.tableName) {
      const e = new Error('Requested resource not found');
      e.name = 'ResourceNotFoundException';
      throw e;
    }
  }

  private checkIndexKeys(item: Item): void {
    for (const attr of Object.values(this.schema.indexes)) {
      const v = item[attr];
      if (v !== undefined && (typeof v !== 'string' || v === '')) {
        throw new ExpressionError(
          `One or more parameter values are not valid: index key ${attr} is empty or not a string`,
        );
      }
    }
  }

  /** A test's arrangement: writes an item as an unconditional PutItem would, at once. */
  putItem(item: Item): void {
    const copy = structuredClone(item);
    const k = this.keyOf(copy);
    this.checkIndexKeys(copy);
    this.items.set(k, copy);
  }

  /** What a consistent GetItem would answer, at once (a copy). */
  getItem(key: Item): Item | undefined {
    const item = this.items.get(this.keyOf(key));
    return item ? structuredClone(item) : undefined;
  }

  async send(command: Command): Promise<Record<string, unknown>> {
    const name = command.constructor.name;
    this.calls.push(name);
    const input = command.input;
    this.table(input);
    const ctx = {
      names: (input.ExpressionAttributeNames ?? {}) as Record<string, string>,
      values: (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>,
    };
    switch (name) {
      case 'GetCommand': {
        const item = this.getItem(input.Key as Item);
        return item ? { Item: item } : {};
      }
      case 'PutCommand': {
        const item = structuredClone(input.Item as Item);
        const k = this.keyOf(item);
        this.condition(input, this.items.get(k), ctx);
        this.checkIndexKeys(item);
        this.items.set(k, item);
        return {};
      }
      case 'DeleteCommand': {
        const k = this.keyOf(input.Key as Item);
        this.condition(input, this.items.get(k), ctx);
        this.items.delete(k);
        return {};
      }
      case 'UpdateCommand': {
        const key = input.Key as Item;
        const k = this.keyOf(key);
        const old = this.items.get(k);
        this.condition(input, old, ctx);
        const next = applyUpdate(String(input.UpdateExpression), old ?? { ...key }, ctx);
        if (
          next[this.schema.hashKey] !== key[this.schema.hashKey] ||
          next[this.schema.rangeKey] !== key[this.schema.rangeKey]
        ) {
          throw new ExpressionError('Cannot update attribute pk or sk. This attribute is part of the key');
        }
        this.checkIndexKeys(next);
        this.items.set(k, next);
        return input.ReturnValues === 'ALL_NEW' ? { Attributes: structuredClone(next) } : {};
      }
      case 'QueryCommand':
        return this.query(input, ctx);
      default:
        throw new Error(`FakeDynamoDb does not implement ${name}`);
    }
  }

  private condition(
    input: Record<string, unknown>,
    old: Item | undefined,
    ctx: { names: Record<string, string>; values: Record<string, unknown> },
  ) {
    if (typeof input.ConditionExpression !== 'string') return;
    if (!evaluateCondition(input.ConditionExpression, old ?? {}, ctx)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
  }

  private query(
    input: Record<string, unknown>,
    ctx: { names: Record<string, string>; values: Record<string, unknown> },
  ) {
    const index = input.IndexName as string | undefined;
    if (index !== undefined) {
      const attr = this.schema.indexes[index];
      if (!attr) throw new ExpressionError(`The table does not have the specified index: ${index}`);
      if (input.ConsistentRead)
        throw new ExpressionError('Consistent reads are not supported on global secondary indexes');
    }
    if (Object.values(ctx.values).some((v) => v === '')) {
      throw new ExpressionError(
        'One or more parameter values are not valid. A value specified for a secondary index key is an empty string',
      );
    }
    const hashAttr = index ? (this.schema.indexes[index] as string) : this.schema.hashKey;
    const matches = [...this.items.values()]
      .filter((item) => item[hashAttr] !== undefined)
      .filter((item) => evaluateCondition(String(input.KeyConditionExpression), item, ctx))
      .sort((a, b) => String(a[this.schema.rangeKey]).localeCompare(String(b[this.schema.rangeKey])));
    const start = input.ExclusiveStartKey as Item | undefined;
    const from = start ? matches.findIndex((i) => this.keyOf(i) === this.keyOf(start)) + 1 : 0;
    const page = matches.slice(from, from + 100);
    const last = page.at(-1);
    return {
      Items: page.map((i) => structuredClone(i)),
      Count: page.length,
      ...(from + 100 < matches.length && last
        ? {
            LastEvaluatedKey: {
              [this.schema.hashKey]: last[this.schema.hashKey],
              [this.schema.rangeKey]: last[this.schema.rangeKey],
            },
          }
        : {}),
    };
  }
}
