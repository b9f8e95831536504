import { type SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import type { Inventory, KeyVersionItem, RotationMode } from '../common/inventory';
import { logger } from '../common/logger';
import type { SecretValue } from '../common/secret-value';
import { readVersionById, type VersionStages } from '../common/secrets';
import type { KeyProvider } from '../providers/types';
import { abandonVersion } from '../rotation/steps';

export interface AbandonDeps {
  readonly sm: SecretsManagerClient;
  readonly inventory: Inventory;
  readonly providerFor: (name: SecretValue['provider']) => KeyProvider;
}

/**
 * Abandons a rotation whose pending key was reported exposed, in the order that is safe to replay: take the
 * AWSPENDING label off first (so the in-flight rotation can never make the exposed key current, and its next step
 * revokes the key itself), then let the rotation engine's `abandonVersion` revoke the key and record `abandoned`. Returns the
 * abandoned rotation's mode, so the fresh rotation keeps its urgency.
 */
export async function abandonPending(
  secretName: string,
  secretArn: string | undefined,
  pendingVersionId: string,
  stages: VersionStages,
  item: KeyVersionItem | undefined,
  deps: AbandonDeps,
  reason: string,
): Promise<RotationMode> {
  const value = await readVersionById(deps.sm, secretName, pendingVersionId);
  if ((stages[pendingVersionId] ?? []).includes('AWSPENDING')) {
    await deps.sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretName,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: pendingVersionId,
      }),
    );
  }
  if (value) {
    // Without its label the version can never become current: the rotation engine's abandon does the rest
    // (discard the key unless AWSCURRENT or AWSPREVIOUS holds the same one, record `abandoned`).
    const withoutPending = {
      ...stages,
      [pendingVersionId]: (stages[pendingVersionId] ?? []).filter((stage) => stage !== 'AWSPENDING'),
    };
    await abandonVersion(secretName, secretArn, pendingVersionId, value, withoutPending, deps, reason);
  } else {
    await deps.inventory.transition(secretName, pendingVersionId, 'abandoned', reason);
  }
  logger.warn('abandoned a rotation whose pending key was exposed', { secretName, versionId: pendingVersionId });
  return item?.mode ?? 'scheduled';
}
