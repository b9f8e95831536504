import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeInventoryIndexes } from './nag-suppressions';

/** The inventory calls a grantee makes: item actions on the table, and whether it queries the indexes. */
export interface InventoryUse {
  readonly items: readonly ('GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query')[];
  readonly indexes: boolean;
}

export interface KeyInventoryProps {
  /** What happens to the table when the stack is deleted: the audit trail outlives the stack by default. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The key inventory: one item per key version (pk `SECRET#<name>`, sk `VERSION#<id>`) with the key's
 * fingerprint, redacted hint, provider id, status history and fleet acknowledgements, plus the indexes a
 * finding needs to find a key by fingerprint, key id or hint. Also holds de-duplication records and the agents'
 * liveness records (pk `LIVE#<name>`, sk `AGENT#<agentId>`, contract/liveness.ts), both expired by the `expiresAt` TTL.
 */
export class KeyInventory extends Construct {
  static readonly INDEXES = { byFingerprint: 'fingerprint', byKeyId: 'keyId', byHint: 'keyHint' } as const;
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: KeyInventoryProps = {}) {
    super(scope, id);
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: (props.removalPolicy ?? RemovalPolicy.RETAIN) === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      timeToLiveAttribute: 'expiresAt',
      globalSecondaryIndexes: Object.entries(KeyInventory.INDEXES).map(([indexName, attribute]) => ({
        indexName,
        partitionKey: { name: attribute, type: dynamodb.AttributeType.STRING },
      })),
    });
  }

  /**
   * What each of rekey's functions does with the inventory, and nothing more (KeyInventory.USES): single items
   * (versions, exposures, idempotency records) and queries of the table or its indexes. No scans, batches, streams
   * or table descriptions (grantReadWriteData would give all of those, and the least-privilege check finds them
   * unused). The indexes are named `<table ARN>/index/*`; cdk-nag's finding on that is acknowledged on the grantee's
   * role.
   */
  grantItems(grantee: iam.IGrantable, use: InventoryUse = KeyInventory.USES.all): iam.Grant {
    const table = this.table.tableArn;
    const items = iam.Grant.addToPrincipal({
      grantee,
      actions: use.items.map((a) => `dynamodb:${a}`),
      resourceArns: [table],
    });
    if (!use.indexes) return items;
    const indexes = iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [`${table}/index/*`],
    });
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal))
      acknowledgeInventoryIndexes(principal, this.table.node.defaultChild as Construct);
    return items.combine(indexes);
  }

  /**
   * What each function calls (lambdas/common/inventory.ts and Powertools' idempotency store): the rotation function
   * records versions and lists a secret's versions; the intake matches findings through the indexes and keeps its
   * idempotency records (put, update, delete on failure); the revocation function reads acknowledgements, queries a
   * secret's liveness records (`LIVE#<name>`, consistently) and moves a version's status.
   */
  static readonly USES = {
    rotation: { items: ['GetItem', 'PutItem', 'UpdateItem', 'Query'], indexes: false },
    intake: { items: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], indexes: true },
    revocation: { items: ['GetItem', 'UpdateItem', 'Query'], indexes: false },
    all: { items: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'], indexes: true },
  } as const satisfies Record<string, InventoryUse>;
}
