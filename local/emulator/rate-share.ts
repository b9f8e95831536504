import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { RATE_LIMIT_ITEM, type RateBucketId } from '../../contract/rate-limits';
import type { LocalEnvironment } from './environment';

/**
 * Tells rekey its share of shared buckets as an operator does (docs/RUNBOOK.md): `ratePerSecond` on each bucket's
 * item in the inventory table, or, with `undefined`, the share taken off so the contract's default applies again.
 * Each container reads the item at most once a minute; a harness that needs the share at once recycles its
 * containers after this (`resetAwsClients`).
 */
export async function setRateShare(
  env: Pick<LocalEnvironment, 'deployment' | 'adminClientConfig'>,
  buckets: readonly RateBucketId[],
  ratePerSecond: number | undefined,
): Promise<void> {
  const ddb = new DynamoDBClient(env.adminClientConfig);
  for (const bucket of buckets) {
    await ddb.send(
      new UpdateItemCommand({
        TableName: env.deployment.tableName,
        Key: { pk: { S: `${RATE_LIMIT_ITEM.pkPrefix}${bucket}` }, sk: { S: RATE_LIMIT_ITEM.sk } },
        ...(ratePerSecond === undefined
          ? { UpdateExpression: 'REMOVE ratePerSecond' }
          : {
              UpdateExpression: 'SET ratePerSecond = :rate',
              ExpressionAttributeValues: { ':rate': { N: String(ratePerSecond) } },
            }),
      }),
    );
  }
}
