import type { RotationMode } from '../../../lambdas/common/inventory';
import { revocationExecutionName } from '../../../lambdas/common/revocation';
import { describeSecret, versionWithStage } from '../../../lambdas/common/secrets';
import { TESTED_AT } from '../../../lambdas/rotation/rotate';
import type { OperatorContext } from './context';
import { RevocationFailedError, RotationFailedError, RotationTimeoutError } from './errors';
import { formatTime, type OutputWriter, progress, relative } from './output';
import { executionArnFor } from './revocation';
import { deadlines, describeExecution } from './revocations';

export interface FollowOptions {
  readonly key: string;
  readonly secretName: string;
  /** The version the rotation makes (its ClientRequestToken). */
  readonly token: string;
  /** The version that was AWSCURRENT when the rotation started. */
  readonly oldVersionId?: string;
  /** The mode asked for; the inventory's (possibly raised) mode wins once the rotation finishes. */
  readonly mode: RotationMode;
  /** When the command started (ms since the epoch), for the elapsed times. */
  readonly startedAt: number;
  /** Wait for the revocation to end: `auto` waits for emergency and abuse, not for a scheduled one's long wait. */
  readonly waitRevocation?: 'auto' | 'always' | 'never';
  /** @default 600 s */
  readonly rotationTimeoutMs?: number;
  /** The provider makes keys only by hand (Anthropic): say how to supply the key while waiting. */
  readonly manualProvider?: boolean;
}

export type FollowOutcome =
  /** The new key is current, the fleet told, and the old key revoked. */
  | 'revoked'
  /** The new key is current and the fleet told; the revocation runs on its own schedule. */
  | 'revocation-running';

export interface FollowResult {
  readonly outcome: FollowOutcome;
  readonly oldVersionId?: string;
  readonly executionName?: string;
  readonly mode: RotationMode;
}

/**
 * Follows a rotation to its end and prints each step as it is reached: new key created (AWSPENDING), tested,
 * AWSCURRENT, fleet notified (the inventory says current, which finishSecret writes after publishing `rotated`),
 * then the revocation workflow of the old version (DescribeExecution of the execution finishSecret starts, named by
 * `revocationExecutionName`). Throws RotationFailedError, RotationTimeoutError or RevocationFailedError.
 */
export async function followRotation(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: FollowOptions,
): Promise<FollowResult> {
  const seen = new Set<string>();
  const print = progress(writer, options.startedAt);
  const step = (id: string, text: string) => {
    seen.add(id);
    print(id, text);
  };
  const timeoutMs = options.rotationTimeoutMs ?? 600_000;
  const deadline = Date.now() + timeoutMs;
  let sawPending = false;
  let manualNoticeShown = false;
  let oldVersionId = options.oldVersionId;
  let mode = options.mode;

  for (;;) {
    const described = await describeSecret(ctx.clients.sm, options.secretName);
    const stages = described.VersionIdsToStages ?? {};
    const labels = stages[options.token] ?? [];
    const item = (await ctx.inventory.getVersion(options.secretName, options.token)) as
      | (Record<string, unknown> & { status?: string; mode?: RotationMode })
      | undefined;
    const isCurrent = labels.includes('AWSCURRENT');
    if (labels.includes('AWSPENDING') || isCurrent || item?.status === 'pending' || item?.status === 'current') {
      sawPending = true;
      step('created', `new key created (version ${options.token.slice(0, 8)})`);
    }
    if (item?.[TESTED_AT] || isCurrent) step('tested', 'new key tested at the provider');
    if (isCurrent) {
      if (!seen.has('current')) oldVersionId = versionWithStage(stages, 'AWSPREVIOUS') ?? oldVersionId;
      step('current', `new key is AWSCURRENT${oldVersionId ? ` (was ${oldVersionId.slice(0, 8)})` : ''}`);
    }
    if (item?.status === 'current') {
      mode = item.mode ?? mode;
      step('notified', 'fleet notified (rotated)');
      break;
    }
    if (item?.status === 'abandoned') {
      throw new RotationFailedError(
        `the new key for ${options.key} (version ${options.token}) failed its test and was revoked; the old key is still AWSCURRENT`,
      );
    }
    if (sawPending && !isCurrent && labels.length === 0) {
      throw new RotationFailedError(
        `version ${options.token} of ${options.key} lost AWSPENDING without becoming current (another rotation took over, or its test failed)`,
      );
    }
    if (options.manualProvider && !sawPending && !manualNoticeShown) {
      manualNoticeShown = true;
      writer.out(
        `  … waiting for the new key: create it in the provider's console, then run \`rekey put ${options.key}\` (it reads the key from stdin)`,
      );
    }
    if (Date.now() > deadline) {
      throw new RotationTimeoutError(options.secretName, options.token, Math.round(timeoutMs / 1000));
    }
    await ctx.sleep(ctx.pollMs);
  }

  if (!oldVersionId) return { outcome: 'revocation-running', mode };
  return followRevocation(ctx, writer, {
    key: options.key,
    secretName: options.secretName,
    oldVersionId,
    mode,
    wait: options.waitRevocation ?? 'auto',
    step,
  });
}

/** Follows the revocation of `oldVersionId` in `mode` (started by finishSecret, or by `rekey revoke`). */
export async function followRevocation(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: {
    readonly key: string;
    readonly secretName: string;
    readonly oldVersionId: string;
    readonly mode: RotationMode;
    readonly wait: 'auto' | 'always' | 'never';
    readonly step: (id: string, text: string) => void;
    /** How long an execution may take to appear. @default 60 s */
    readonly appearTimeoutMs?: number;
    /** The execution to follow. @default - the first attempt's name for the version and mode */
    readonly executionName?: string;
  },
): Promise<FollowResult> {
  const executionName =
    options.executionName ??
    revocationExecutionName({ secretName: options.secretName, oldVersionId: options.oldVersionId, mode: options.mode });
  const executionArn = executionArnFor(ctx.outputs.RevocationStateMachineArn, executionName);
  const waits = await ctx.waits();
  const wait = options.wait === 'always' || (options.wait === 'auto' && options.mode !== 'scheduled');
  const old = options.oldVersionId.slice(0, 8);
  const appearBy = Date.now() + (options.appearTimeoutMs ?? 60_000);
  let giveUpAt: number | undefined;
  for (;;) {
    const execution = await describeExecution(ctx, executionArn);
    if (!execution) {
      if (Date.now() > appearBy) {
        throw new RevocationFailedError(
          `no ${options.mode} revocation of ${options.key} version ${options.oldVersionId} has started (${executionName})`,
          `Start it with \`rekey revoke ${options.key} --version ${options.oldVersionId}\`; see \`rekey runbook revocation-failed\`.`,
        );
      }
    } else if (execution.status === 'RUNNING') {
      const started = execution.startDate ?? ctx.now();
      const { verifyAt, lastRoundAt } = deadlines(started, options.mode, waits);
      const now = ctx.now();
      if (!giveUpAt) {
        giveUpAt = lastRoundAt.getTime() + 15 * 60_000 + (Date.now() - now.getTime());
        options.step(
          'revocation',
          `revocation of ${old} running (${options.mode}; verifies ${formatTime(verifyAt, now)}, ${relative(verifyAt, now)})`,
        );
      }
      if (!wait) {
        writer.out(
          `  … the old key stays valid until the fleet has moved; it is revoked after ${formatTime(verifyAt, now)} ` +
            `(watch: rekey status ${options.key})`,
        );
        return { outcome: 'revocation-running', oldVersionId: options.oldVersionId, executionName, mode: options.mode };
      }
      if (Date.now() > giveUpAt) {
        throw new RevocationFailedError(
          `the revocation of ${options.key} version ${options.oldVersionId} is still running past its last round (${executionName})`,
          `Watch it with \`rekey status ${options.key}\`; to revoke now, \`rekey revoke ${options.key} --version ${options.oldVersionId} --now\`.`,
        );
      }
    } else if (execution.status === 'SUCCEEDED') {
      const item = await ctx.inventory.getVersion(options.secretName, options.oldVersionId);
      options.step('revoked', `old key ${old} revoked${item?.status ? ` (${item.status})` : ''}`);
      return { outcome: 'revoked', oldVersionId: options.oldVersionId, executionName, mode: options.mode };
    } else if (execution.status === 'ABORTED') {
      throw new RevocationFailedError(
        `the revocation of ${options.key} version ${options.oldVersionId} was cancelled (${executionName}); the old key may still work`,
      );
    } else {
      throw new RevocationFailedError(
        `the revocation of ${options.key} version ${options.oldVersionId} ended ${execution.status}` +
          `${execution.error ? `: ${execution.error}` : ''}${execution.cause ? ` (${execution.cause.slice(0, 300)})` : ''}`,
      );
    }
    await ctx.sleep(ctx.pollMs);
  }
}
