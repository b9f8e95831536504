import type { KeyVersionItem } from '../common/inventory';
import { logger } from '../common/logger';
import { publishOpsAlert } from '../common/notify';
import type { SecretValue } from '../common/secret-value';
import { describeSecret, type VersionStages, versionWithStage } from '../common/secrets';
import { ProviderError } from '../providers/errors';
import type { KeyProvider } from '../providers/types';
import type { RotationDeps } from './rotate';
import { finishFollowUps, providerContext } from './steps';
import { DISCARDED_AT, MINT_STARTED_AT, readVersionById, TESTED_AT } from './versions';

/**
 * Secrets Manager retries a failed rotation step a few times, then gives the rotation up; nothing calls the rotation
 * function for that token again. What the given-up rotation left undone is finished here, by the next rotation's
 * createSecret, before it mints anything. Only one rotation of a secret runs at a time, so every other token is
 * finished or given up by then.
 *
 * - AWSCURRENT moved but what follows finishSecret never completed (the AWSCURRENT version is not `current` in the
 *   inventory): it runs now, so the old version's revocation starts, AWSPENDING comes off, the fleets hear
 *   `rotated`, and the inventory says which version is current and which previous.
 * - A token that started minting (MINT_STARTED_AT) but never stored a key: the provider discards whatever it minted
 *   under that token, and the version is recorded `abandoned`.
 *
 * Each part is idempotent; a crash in the middle leaves the same signs for the next attempt. A provider that refuses
 * a discard for good does not fail this rotation: the ops topic hears of it. Returns the stages afterwards.
 */
export async function reconcileGivenUp(
  ctx: { readonly secretName: string; readonly secretArn: string | undefined; readonly token: string },
  stages: VersionStages,
  current: { readonly versionId: string; readonly value: SecretValue },
  previousKeyId: string | undefined,
  provider: KeyProvider,
  deps: RotationDeps,
): Promise<VersionStages> {
  const versions = await deps.inventory.listVersions(ctx.secretName);
  let after = stages;
  const currentItem = versions.find((v) => v.versionId === current.versionId) as
    | (KeyVersionItem & Record<string, unknown>)
    | undefined;
  if (currentItem?.[TESTED_AT] && currentItem.status !== 'current') {
    logger.warn('finishing a rotation Secrets Manager gave up on after AWSCURRENT moved', {
      secretName: ctx.secretName,
      versionId: current.versionId,
      status: currentItem.status,
    });
    const previousId = versionWithStage(stages, 'AWSPREVIOUS');
    await finishFollowUps(ctx.secretName, current.versionId, ctx.secretArn, deps, previousId);
    after = (await describeSecret(deps.sm, ctx.secretName)).VersionIdsToStages ?? {};
  }

  for (const item of versions as Array<KeyVersionItem & Record<string, unknown>>) {
    if (item.versionId === ctx.token || !item[MINT_STARTED_AT] || item[DISCARDED_AT]) continue;
    if (item.status !== 'requested' && item.status !== 'abandoned') continue;
    if ((after[item.versionId] ?? []).length > 0) continue;
    // A stored key lost its label some other way; the steps that saw it go abandon it themselves.
    if (await readVersionById(deps.sm, ctx.secretName, item.versionId)) continue;
    logger.warn('discarding a key a given-up rotation minted but never stored', {
      secretName: ctx.secretName,
      versionId: item.versionId,
    });
    try {
      // Abandoned first, so nothing asks for a rotation under this token again while its key is discarded.
      await deps.inventory.transition(
        ctx.secretName,
        item.versionId,
        'abandoned',
        'rotation given up before its key was stored',
      );
      if (provider.discardUnstored) {
        await provider.discardUnstored(
          providerContext(ctx.secretName, item.versionId, current.value, deps, {
            currentKeyId: current.value.keyId,
            previousKeyId,
          }),
        );
      }
      await deps.inventory.annotate(ctx.secretName, item.versionId, {
        [DISCARDED_AT]: (deps.now?.() ?? new Date()).toISOString(),
      });
    } catch (err) {
      // A provider that may answer later fails the step (Secrets Manager retries it); one that refused for good
      // must not block the rotation under way (an emergency one above all): operators hear of the key instead, and
      // every later createSecret tries again.
      if (!(err instanceof ProviderError) || err.retryable) throw err;
      logger.error('could not discard the key a given-up rotation minted', {
        secretName: ctx.secretName,
        versionId: item.versionId,
        error: err,
      });
      await publishOpsAlert(deps.sns, deps.opsTopicArn, {
        kind: 'rotation-failed',
        summary: `${provider.name} refused to discard the key a given-up rotation of ${ctx.secretName} minted under ${item.versionId}; revoke it at the provider`,
        secretName: ctx.secretName,
        details: { versionId: item.versionId, error: err.message },
      });
    }
  }
  return after;
}
