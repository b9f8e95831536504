import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Inventory, type KeyVersionItem, secretPk, versionSk } from '../../../lambdas/common/inventory';
import { FakeDynamoDb } from './dynamodb';
import type { Item } from './expressions';

export const INVENTORY_TABLE = 'inventory';

/**
 * The real Inventory (lambdas/common/inventory.ts) over the shared fake DynamoDB: every rule a test meets is the
 * real one, written once, in the inventory's own expressions (a transition happens once, never out of `revoked` or
 * `abandoned`, and out of `deactivated` only to `revoked`). All it adds is synchronous access to the table, for a
 * test to arrange and to look.
 */
export class InMemoryInventory extends Inventory {
  constructor(
    clock?: () => Date,
    readonly table: FakeDynamoDb = new FakeDynamoDb(INVENTORY_TABLE),
  ) {
    super(table as unknown as DynamoDBDocumentClient, table.tableName, clock);
  }

  /** The version's item as the table holds it now (a copy). */
  item(secretName: string, versionId: string): KeyVersionItem | undefined {
    return this.table.getItem({ pk: secretPk(secretName), sk: versionSk(versionId) }) as KeyVersionItem | undefined;
  }

  statusOf(secretName: string, versionId: string): KeyVersionItem['status'] | undefined {
    return this.item(secretName, versionId)?.status;
  }

  /**
   * Arranges a version as earlier writes would have left it: `attrs` over what the table holds for it (with the
   * keys, names and an empty history a first write gives). The table refuses what DynamoDB would (an empty string
   * as an index key), so a seed cannot hold what the inventory never could.
   */
  seed(secretName: string, versionId: string, attrs: Readonly<Record<string, unknown>>): void {
    const key = { pk: secretPk(secretName), sk: versionSk(versionId) };
    const had: Item = this.table.getItem(key) ?? { ...key, secretName, versionId, history: [] };
    this.table.putItem({ ...had, ...attrs, ...key, secretName, versionId });
  }
}
