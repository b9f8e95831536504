import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeInventoryIndexes } from './nag-suppressions';

export interface KeyInventoryProps {
  /** What happens to the table when the stack is deleted: the audit trail outlives the stack by default. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The key inventory: one item per key version (pk `SECRET#<name>`, sk `VERSION#<id>`) with the key's
 * fingerprint, redacted hint, provider id, status history and fleet acknowledgements, plus the indexes a
 * finding needs to find a key by fingerprint, key id or hint. Also holds de-duplication records (`expiresAt` TTL).
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
   * What rekey's functions do with the inventory, and nothing more: read, write, update and delete single items
   * (versions, exposures, idempotency records) and query the table and its indexes. No scans, batches, streams or
   * table descriptions (grantReadWriteData would give all of those, and the least-privilege check finds them unused).
   * The indexes are named `<table ARN>/index/*`; cdk-nag's finding on that is acknowledged on the grantee's role.
   */
  grantItems(grantee: iam.IGrantable): iam.Grant {
    const table = this.table.tableArn;
    const items = iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
      resourceArns: [table],
    });
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
}
