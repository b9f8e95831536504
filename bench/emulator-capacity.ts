// How many calls a second this machine's local stack serves, for a given mix of operations: the emulator's own
// floor for a phase, beside the quotas'. A phase that needs C calls cannot end sooner than C over that rate, however
// rekey schedules them, so a figure set by the emulator reads as the ratio to this floor being near 1 while the
// ratio to the quota floor is not.
//
// The probe sends the phase's reads and inventory calls (the operations it can replay without changing what rekey
// holds, and without drawing on a rate-limited quota) in their measured proportions, signed as the rotation
// function's role, through the enforcing endpoint, from 16, 32 and 64 callers at once in turn (the best rate is
// the capacity: enough callers to keep the endpoint busy, not so many that they queue on its sockets). The calls
// it cannot replay (Secrets Manager writes, RotateSecret, StartExecution, SNS and SQS) are counted at the probe's
// rate; that share is printed.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalEnvironment } from '../local/emulator/environment';

/** Operation (as the endpoint counts it) → one call of it, on the i-th secret or scratch item. */
type Replay = (i: number) => Promise<unknown>;

export interface CapacityProbe {
  /** Calls per second the endpoint served, all replayable operations together, in the phase's proportions. */
  readonly callsPerSecond: number;
  /** The share of the phase's calls whose operations were replayed. */
  readonly replayedShare: number;
  /** The best of the measurements (one per number of callers): its calls, seconds and callers. */
  readonly calls: number;
  readonly seconds: number;
  readonly concurrency: number;
}

const SCRATCH_PK = 'BENCH#capacity';

/**
 * Replays `mix` (operation → calls in the phase) for `seconds` from each number of callers in `concurrency` in turn,
 * and answers the best rate. Run it with the stack idle; it writes only scratch items of its own in the inventory
 * table (pk `BENCH#capacity`) and reads the given secrets.
 */
export async function probeCapacity(
  env: LocalEnvironment,
  mix: ReadonlyMap<string, number>,
  secretNames: readonly string[],
  options: { seconds?: number; concurrency?: readonly number[] } = {},
): Promise<CapacityProbe> {
  const seconds = options.seconds ?? 8;
  const concurrency = options.concurrency ?? [16, 32, 64];
  const { deployment } = env;
  const rotationId = deployment.functions.rotation;
  if (!rotationId) throw new Error('the deployment has no rotation function');
  const config = {
    endpoint: env.endpoint,
    region: deployment.region,
    credentials: deployment.iam.roleOfFunction(rotationId).credentials,
    maxAttempts: 1,
  };
  const sm = new SecretsManagerClient(config);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(config));
  const TableName = deployment.tableName;
  const secret = (i: number) => secretNames[i % secretNames.length] ?? '';
  const scratch = (i: number) => ({ pk: SCRATCH_PK, sk: `item-${i % 64}` });
  const replays: Record<string, Replay> = {
    'secretsmanager.DescribeSecret': (i) => sm.send(new DescribeSecretCommand({ SecretId: secret(i) })),
    'secretsmanager.GetSecretValue': (i) =>
      sm.send(new GetSecretValueCommand({ SecretId: secret(i), VersionStage: 'AWSCURRENT' })),
    'DynamoDB_20120810.GetItem': (i) => doc.send(new GetCommand({ TableName, Key: scratch(i), ConsistentRead: true })),
    'DynamoDB_20120810.PutItem': (i) =>
      doc.send(new PutCommand({ TableName, Item: { ...scratch(i), at: new Date().toISOString() } })),
    'DynamoDB_20120810.UpdateItem': (i) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: scratch(i),
          UpdateExpression: 'ADD hits :one SET #at = :at',
          ConditionExpression: 'attribute_not_exists(gone)',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':one': 1, ':at': new Date().toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    'DynamoDB_20120810.Query': () =>
      doc.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': SCRATCH_PK },
          Limit: 5,
        }),
      ),
  };

  // A schedule of operations in the phase's proportions (each share of 1,000 slots, rounded), cycled through.
  const replayable = [...mix].filter(([op, n]) => n > 0 && replays[op]);
  const total = [...mix.values()].reduce((a, b) => a + b, 0);
  const replayedCalls = replayable.reduce((a, [, n]) => a + n, 0);
  if (replayedCalls === 0) throw new Error('the phase made no call the probe can replay');
  const schedule: string[] = [];
  for (const [op, n] of replayable) {
    for (let k = 0; k < Math.round((1000 * n) / replayedCalls); k++) schedule.push(op);
  }
  for (let i = schedule.length - 1; i > 0; i--) {
    // A fixed interleaving (not one operation in a run), the same in every probe.
    const j = (i * 7919) % (i + 1);
    [schedule[i], schedule[j]] = [schedule[j] as string, schedule[i] as string];
  }

  // Warm the scratch items and the clients, then measure at each number of callers; the best is the capacity.
  await Promise.all(Array.from({ length: 64 }, (_, i) => replays['DynamoDB_20120810.PutItem']?.(i)));
  let next = 0;
  const measure = async (callers: number) => {
    let calls = 0;
    let failed = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (performance.now() < until) {
          const i = next++;
          const op = schedule[i % schedule.length] as string;
          try {
            await replays[op]?.(i);
            calls++;
          } catch {
            failed++;
          }
        }
      }),
    );
    if (failed > 0) throw new Error(`the capacity probe's calls failed ${failed} times (of ${calls + failed})`);
    const elapsed = (performance.now() - started) / 1000;
    return { callsPerSecond: calls / elapsed, calls, seconds: elapsed, concurrency: callers };
  };
  let best: Awaited<ReturnType<typeof measure>> | undefined;
  try {
    for (const callers of concurrency) {
      const run = await measure(callers);
      if (!best || run.callsPerSecond > best.callsPerSecond) best = run;
    }
  } finally {
    sm.destroy();
    doc.destroy();
  }
  if (!best) throw new Error('the capacity probe ran no measurement');
  return { ...best, replayedShare: total > 0 ? replayedCalls / total : 0 };
}
