import { randomUUID } from 'node:crypto';
import type { DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import type { RotationMode } from '../../../lambdas/common/inventory';
import { describeSecret, versionWithStage } from '../../../lambdas/common/secrets';
import { RotationInProgressError, rotateSecretStarter } from '../../../lambdas/intake/rotation-starter';
import type { OperatorContext } from './context';
import { OperatorError } from './errors';
import { type FollowResult, followRotation } from './follow';
import { type ManagedSecret, resolveKey } from './keys';
import type { OutputWriter } from './output';

/** Providers whose keys are made by hand (`rekey put`); lambdas/providers' `mintsKeys: false`. */
export const MANUAL_PROVIDERS: ReadonlySet<string> = new Set(['anthropic']);

export interface RotateOptions {
  readonly key: string;
  /** Emergency: the old key is revoked after the short wait, not the scheduled one. */
  readonly emergency?: boolean;
  /** Why, for the inventory's audit trail and the revocation's input. */
  readonly reason?: string;
  /** Follow the rotation to its end. @default true */
  readonly wait?: boolean;
  /** Also wait out a scheduled rotation's revocation (about an hour by default). @default false */
  readonly waitRevocation?: boolean;
  /** How long to wait for the rotation itself. @default 600 */
  readonly timeoutSeconds?: number;
  /** @default crypto.randomUUID */
  readonly newToken?: () => string;
}

export interface StartedRotation {
  readonly secret: ManagedSecret;
  /** The version the rotation makes. */
  readonly token: string;
  /** The version AWSCURRENT held when it started. */
  readonly oldVersionId?: string;
  readonly mode: RotationMode;
  /** True where a rotation was already in flight and this one joined it (raising its mode if needed). */
  readonly joined: boolean;
  readonly provider?: string;
}

export interface RotateResult extends StartedRotation {
  readonly follow?: FollowResult;
}

/**
 * Starts a rotation the way exposure intake does (lambdas/intake): the inventory gets a `requested` item with the
 * mode and reason for a token made here, then RotateSecret with that token as ClientRequestToken (the intake's
 * `rotateSecretStarter`), so finishSecret revokes the old key in that mode. If a rotation is already in flight it is
 * joined instead, its mode raised to this one's.
 */
export async function startRotation(
  ctx: OperatorContext,
  secret: ManagedSecret & { described?: DescribeSecretCommandOutput },
  options: { mode: RotationMode; reason: string; newToken?: () => string },
): Promise<StartedRotation> {
  const described = secret.described ?? (await describeSecret(ctx.clients.sm, secret.secretName));
  if (!described.RotationEnabled) {
    throw new OperatorError(
      `rotation is not enabled for ${secret.key}`,
      'rekey turns rotation on when it deploys the key; redeploy the stack (`npm run deploy -- -c config=<file>`).',
    );
  }
  const stages = described.VersionIdsToStages ?? {};
  const oldVersionId = versionWithStage(stages, 'AWSCURRENT');
  const provider = oldVersionId
    ? (await ctx.inventory.getVersion(secret.secretName, oldVersionId))?.provider
    : undefined;
  const base = { secret, oldVersionId, provider, mode: options.mode };

  const starter = rotateSecretStarter(ctx.clients.sm);
  const join = async (pending: string): Promise<StartedRotation> => {
    const mode = await ctx.inventory.raiseMode(secret.secretName, pending, options.mode, options.reason);
    return { ...base, token: pending, mode, joined: true };
  };
  const pending = versionWithStage(stages, 'AWSPENDING');
  if (pending && pending !== oldVersionId) {
    const joined = await join(pending);
    // A rotation that stopped (a failed step) is reattempted by RotateSecret; a running one answers "in progress".
    try {
      await starter.start({ secretName: secret.secretName, token: pending });
    } catch (err) {
      if (!(err instanceof RotationInProgressError)) throw err;
    }
    return joined;
  }

  const token = (options.newToken ?? randomUUID)();
  await ctx.inventory.transition(secret.secretName, token, 'requested', options.reason, {
    mode: options.mode,
    reason: options.reason,
  });
  try {
    await starter.start({ secretName: secret.secretName, token });
  } catch (err) {
    if (!(err instanceof RotationInProgressError)) throw err;
    const now = versionWithStage(
      (await describeSecret(ctx.clients.sm, secret.secretName)).VersionIdsToStages,
      'AWSPENDING',
    );
    if (!now) throw err;
    return join(now);
  }
  return { ...base, token, joined: false };
}

/** `rekey rotate <key> [--emergency] [--reason TEXT] [--no-wait]`. */
export async function rotateCommand(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: RotateOptions,
): Promise<RotateResult> {
  const startedAt = Date.now();
  const secret = await resolveKey(ctx, options.key);
  const mode: RotationMode = options.emergency ? 'emergency' : 'scheduled';
  const reason = (options.reason ?? `operator: rekey rotate${options.emergency ? ' --emergency' : ''}`).slice(0, 300);
  const started = await startRotation(ctx, secret, { mode, reason, newToken: options.newToken });
  writer.out(
    started.joined
      ? `Joined the rotation of ${secret.key} already in flight to version ${started.token} (${started.mode}).`
      : `Rotating ${secret.key} (${started.mode}) to version ${started.token}.`,
  );
  writer.out(`  ✓ ${'rotation requested'.padEnd(44)} ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
  const manual = started.provider !== undefined && MANUAL_PROVIDERS.has(started.provider);
  if (options.wait === false) {
    if (manual) writer.out(`  … ${started.provider} keys are made by hand: supply it with \`rekey put ${secret.key}\``);
    writer.out(`Started. Follow it with: rekey status ${secret.key}`);
    return started;
  }
  const follow = await followRotation(ctx, writer, {
    key: secret.key,
    secretName: secret.secretName,
    token: started.token,
    oldVersionId: started.oldVersionId,
    mode: started.mode,
    startedAt,
    waitRevocation: options.waitRevocation ? 'always' : 'auto',
    rotationTimeoutMs: (options.timeoutSeconds ?? 600) * 1000,
    manualProvider: manual,
  });
  writer.out(
    follow.outcome === 'revoked'
      ? `Done in ${((Date.now() - startedAt) / 1000).toFixed(1)}s: ${secret.key} is on version ${started.token}; the old key is revoked.`
      : `Rotated in ${((Date.now() - startedAt) / 1000).toFixed(1)}s: ${secret.key} is on version ${started.token}; the old key is revoked once the fleet has moved.`,
  );
  return { ...started, follow };
}
