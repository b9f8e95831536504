import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { RATE_LIMIT_ITEM, type RateBucketId } from '../../contract/rate-limits';
import { resetAwsClients } from '../../lambdas/common/clients';
import type { LocalEnvironment } from './environment';

/**
 * Tells rekey its share of shared buckets as an operator does (docs/RUNBOOK.md): `ratePerSecond` on each bucket's
 * item in the inventory table, or, with `undefined`, the share taken off so the contract's default applies again.
 * Each container reads the item at most once a minute; the in-process containers are then recycled
 * (`resetAwsClients`), so every function reads the share at once, as containers started a minute later would.
 */
export async function setRateShare(
  env: Pick<LocalEnvironment, 'deployment' | 'adminClientConfig'>,
  buckets: readonly RateBucketId[],
  ratePerSecond: number | undefined,
): Promise<void> {
  const ddb = new DynamoDBClient(env.adminClientConfig);
  try {
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
  } finally {
    ddb.destroy();
  }
  resetAwsClients();
}
