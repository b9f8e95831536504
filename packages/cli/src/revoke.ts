import { ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import type { RotationMode } from '../../../lambdas/common/inventory';
import { revocationExecutionName, startRevocation } from '../../../lambdas/common/revocation';
import { versionWithStage } from '../../../lambdas/common/secrets';
import type { OperatorContext } from './context';
import { OperatorError, UsageError } from './errors';
import { type FollowResult, followRevocation } from './follow';
import { resolveKey } from './keys';
import { type OutputWriter, progress, shortId } from './output';
import { cancelRevocation, forceRevocation, listRevocations, retryRevocation } from './revocation';
import { listRunningRevocations } from './revocations';

export interface RevokeOptions {
  readonly key: string;
  /** The old version to revoke (full id, or a unique prefix of at least 8 characters). */
  readonly version: string;
  /** Revoke at once (abuse mode: no wait, no fleet check; the new key is still verified first). */
  readonly now?: boolean;
  readonly reason?: string;
  /** Follow the workflow to its end. @default true */
  readonly wait?: boolean;
}

/**
 * `rekey revoke <key> --version V [--now]`. With --now: forces the revocation (packages/cli/src/revocation.ts
 * forceRevocation, abuse mode). Without: follows a running revocation of V, retries a failed one, or starts one in
 * emergency mode (the short wait, then the fleet check). Refuses the AWSCURRENT version.
 */
export async function revokeCommand(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: RevokeOptions,
): Promise<FollowResult | undefined> {
  const startedAt = Date.now();
  const secret = await resolveKey(ctx, options.key);
  const stages = secret.described.VersionIdsToStages ?? {};
  const currentId = versionWithStage(stages, 'AWSCURRENT');
  const oldVersionId = await findVersion(ctx, secret.secretName, secret.key, options.version);
  if (!currentId) throw new OperatorError(`${secret.key} has no AWSCURRENT version`, 'Check `rekey status`.');
  if (oldVersionId === currentId) {
    throw new UsageError(
      `version ${oldVersionId} is ${secret.key}'s AWSCURRENT key; revoking it would break every agent`,
      `Rotate first: \`rekey rotate ${secret.key} --emergency\` (it revokes the old key once the new one is current).`,
    );
  }
  const reason = options.reason ?? 'operator: rekey revoke';
  const sm = ctx.outputs.RevocationStateMachineArn;
  const step = progress(writer, startedAt);
  let executionName: string;
  let mode: RotationMode;
  if (options.now) {
    const out = await forceRevocation(ctx.clients.sfn, sm, {
      secretName: secret.secretName,
      oldVersionId,
      newVersionId: currentId,
      reason,
    });
    executionName = out.executionName;
    mode = 'abuse';
    writer.out(
      out.started
        ? `Revoking ${secret.key} version ${oldVersionId} now (abuse mode: no wait, no fleet check).`
        : `A forced revocation of ${secret.key} version ${oldVersionId} is already ${out.status.toLowerCase()}.`,
    );
  } else {
    const previous = await listRevocations(ctx.clients.sfn, sm, {
      version: { secretName: secret.secretName, oldVersionId },
    });
    const latest = previous[0];
    if (latest?.status === 'RUNNING' || latest?.status === 'SUCCEEDED') {
      executionName = latest.name;
      mode = latest.mode;
      writer.out(
        `The ${latest.mode} revocation of ${secret.key} version ${oldVersionId} is ${latest.status.toLowerCase()}.`,
      );
    } else if (latest) {
      const out = await retryRevocation(ctx.clients.sfn, sm, { executionArn: latest.executionArn });
      executionName = out.executionName;
      mode = latest.mode;
      writer.out(
        `Retrying the ${latest.mode} revocation of ${secret.key} version ${oldVersionId} (it ended ${latest.status}).`,
      );
    } else {
      mode = 'emergency';
      await startRevocation(ctx.clients.sfn, sm, {
        secretName: secret.secretName,
        oldVersionId,
        newVersionId: currentId,
        mode,
        reason,
      });
      executionName = revocationExecutionName({ secretName: secret.secretName, oldVersionId, mode });
      writer.out(
        `Revoking ${secret.key} version ${oldVersionId} (emergency: after the short wait, once the fleet has moved; --now skips both).`,
      );
    }
  }
  step('started', `revocation workflow ${executionName}`);
  if (options.wait === false) return undefined;
  const result = await followRevocation(ctx, writer, {
    key: secret.key,
    secretName: secret.secretName,
    oldVersionId,
    mode,
    wait: 'always',
    step,
    executionName,
  });
  writer.out(`Done: ${secret.key} version ${oldVersionId} is revoked.`);
  return result;
}

/** Resolves a version id or a unique prefix of one (8+ characters) among the secret's and the inventory's versions. */
async function findVersion(ctx: OperatorContext, secretName: string, key: string, version: string): Promise<string> {
  const listed = await ctx.clients.sm.send(
    new ListSecretVersionIdsCommand({ SecretId: secretName, IncludeDeprecated: true, MaxResults: 100 }),
  );
  const ids = new Set((listed.Versions ?? []).map((v) => v.VersionId).filter((v): v is string => !!v));
  for (const item of await ctx.inventory.listVersions(secretName)) ids.add(item.versionId);
  if (ids.has(version)) return version;
  const matches = version.length >= 8 ? [...ids].filter((id) => id.startsWith(version)) : [];
  if (matches.length === 1 && matches[0]) return matches[0];
  throw new UsageError(
    matches.length > 1 ? `version ${version} is ambiguous for ${key}` : `${key} has no version ${version}`,
    `Its versions: ${[...ids].map((id) => shortId(id)).join(', ') || 'none'}. See \`rekey status ${key}\`.`,
  );
}

export interface CancelOptions {
  readonly key: string;
  /** Only this old version's revocations. @default - every running revocation of the key */
  readonly version?: string;
  readonly reason?: string;
}

/** `rekey cancel <key> [--version V]`: stops the key's running revocations; the old key stays as it is. */
export async function cancelCommand(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: CancelOptions,
): Promise<string[]> {
  const secret = await resolveKey(ctx, options.key);
  const running = (await listRunningRevocations(ctx)).filter((r) => r.secretName === secret.secretName);
  const versions = new Set(
    running
      .map((r) => r.oldVersionId)
      .filter(
        (v) =>
          !options.version || v === options.version || (options.version.length >= 8 && v.startsWith(options.version)),
      ),
  );
  if (versions.size === 0) {
    writer.out(
      `No running revocation of ${secret.key}${options.version ? ` version ${options.version}` : ''} to cancel.`,
    );
    return [];
  }
  const stopped: string[] = [];
  for (const oldVersionId of versions) {
    stopped.push(
      ...(await cancelRevocation(ctx.clients.sfn, ctx.outputs.RevocationStateMachineArn, {
        secretName: secret.secretName,
        oldVersionId,
        reason: options.reason ?? 'operator: rekey cancel',
      })),
    );
  }
  for (const arn of stopped) writer.out(`Cancelled ${arn.split(':').pop()}`);
  writer.out(
    `Cancelled ${stopped.length} revocation${stopped.length === 1 ? '' : 's'} of ${secret.key}; ` +
      `${versions.size === 1 ? 'the old key' : 'the old keys'} (${[...versions].map(shortId).join(', ')}) ` +
      `${versions.size === 1 ? 'stays' : 'stay'} valid. Revoke later with \`rekey revoke ${secret.key} --version <id>\`.`,
  );
  return stopped;
}
