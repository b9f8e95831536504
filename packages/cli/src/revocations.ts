import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionDoesNotExist,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import type { RotationMode } from '../../../lambdas/common/inventory';
import { RevocationInputSchema } from '../../../lambdas/common/revocation';
import { mapBounded } from './bounded';
import type { OperatorContext, RevocationWaits } from './context';

/** A revocation workflow execution that is still running, read back from Step Functions. */
export interface RunningRevocation {
  readonly executionName: string;
  readonly executionArn: string;
  readonly secretName: string;
  readonly oldVersionId: string;
  readonly newVersionId: string;
  readonly mode: RotationMode;
  readonly startedAt: string;
  /** When the workflow first verifies (start + the mode's wait); it revokes then if the fleet has moved. */
  readonly verifyAt: string;
  /** The latest it revokes an exposed key (emergency/abuse: every round waited), or gives up (scheduled). */
  readonly lastRoundAt: string;
}

export function deadlines(
  startedAt: Date,
  mode: RotationMode,
  waits: RevocationWaits,
): { verifyAt: Date; lastRoundAt: Date } {
  const wait = waits.seconds[mode];
  // Abuse verifies at once, then waits the emergency period between rounds.
  const between = mode === 'abuse' ? waits.seconds.emergency : wait;
  return {
    verifyAt: new Date(startedAt.getTime() + wait * 1000),
    lastRoundAt: new Date(startedAt.getTime() + (wait + between * (waits.maxRounds - 1)) * 1000),
  };
}

/**
 * DescribeExecution calls in flight at most. Its quota is a bucket of 300 refilled at 15 a second (us-east-1), so a
 * mass exposure's thousand running revocations outrun it whatever this is: the client's adaptive retry
 * (context.ts) then paces the rest to what Step Functions admits.
 */
const DESCRIBES_IN_FLIGHT = 10;

/** Every RUNNING execution of the revocation state machine, with its input (ids only) and deadlines. */
export async function listRunningRevocations(ctx: OperatorContext): Promise<RunningRevocation[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const out = await ctx.clients.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: ctx.outputs.RevocationStateMachineArn,
        statusFilter: 'RUNNING',
        maxResults: 100,
        nextToken,
      }),
    );
    arns.push(...(out.executions ?? []).map((e) => e.executionArn).filter((a): a is string => !!a));
    nextToken = out.nextToken;
  } while (nextToken);
  const waits = arns.length > 0 ? await ctx.waits() : undefined;
  const described = await mapBounded(arns, DESCRIBES_IN_FLIGHT, (arn) => describeExecution(ctx, arn));
  const running: RunningRevocation[] = [];
  for (const d of described) {
    if (d?.status !== 'RUNNING' || !waits) continue;
    const input = RevocationInputSchema.safeParse(safeJson(d.input));
    if (!input.success) continue;
    const startedAt = d.startDate ?? ctx.now();
    const { verifyAt, lastRoundAt } = deadlines(startedAt, input.data.mode, waits);
    running.push({
      executionName: d.name ?? '',
      executionArn: d.executionArn ?? '',
      secretName: input.data.secretName,
      oldVersionId: input.data.oldVersionId,
      newVersionId: input.data.newVersionId,
      mode: input.data.mode,
      startedAt: startedAt.toISOString(),
      verifyAt: verifyAt.toISOString(),
      lastRoundAt: lastRoundAt.toISOString(),
    });
  }
  return running.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** DescribeExecution, or undefined where the execution does not exist (yet). */
export async function describeExecution(
  ctx: OperatorContext,
  executionArn: string,
): Promise<DescribeExecutionCommandOutput | undefined> {
  try {
    return await ctx.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (err) {
    if (err instanceof ExecutionDoesNotExist || (err as Error).name === 'ExecutionDoesNotExist') return undefined;
    throw err;
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return null;
  }
}
