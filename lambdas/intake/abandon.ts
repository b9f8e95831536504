import { type SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { fingerprint, keyHint } from '../../client/fingerprint';
import type { Inventory, KeyVersionItem, RotationMode } from '../common/inventory';
import { logger } from '../common/logger';
import type { SecretValue } from '../common/secret-value';
import {
  readAdminCredential,
  readVersionById,
  readVersionIfPresent,
  type VersionStages,
  versionWithStage,
} from '../common/secrets';
import type { KeyProvider, ProviderContext } from '../providers/types';

export interface AbandonDeps {
  readonly sm: SecretsManagerClient;
  readonly inventory: Inventory;
  readonly providerFor: (name: SecretValue['provider']) => KeyProvider;
}

/**
 * Abandons a rotation whose pending key was reported exposed, in the order that is safe to replay: take the
 * AWSPENDING label off first (so the in-flight rotation can never make the exposed key current, and its next step
 * revokes the key itself), then revoke the key at the provider, then record the version `abandoned`. Returns the
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
    const currentId = versionWithStage(stages, 'AWSCURRENT');
    const previousId = versionWithStage(stages, 'AWSPREVIOUS');
    const current = currentId
      ? await readVersionIfPresent(deps.sm, secretName, { stage: 'AWSCURRENT', versionId: currentId })
      : undefined;
    const previous = previousId
      ? await readVersionIfPresent(deps.sm, secretName, { stage: 'AWSPREVIOUS', versionId: previousId }).catch(
          () => undefined,
        )
      : undefined;
    // A pending version that holds the same provider key as a live one (a replayed createSecret) keeps it alive.
    if (value.keyId !== current?.keyId && value.keyId !== previous?.keyId) {
      const provider = deps.providerFor(value.provider);
      const ctx: ProviderContext = {
        secretName,
        token: pendingVersionId,
        options: value.options,
        adminCredential: async () => {
          if (!value.adminSecretId) throw new Error(`secret ${secretName} names no adminSecretId`);
          return readAdminCredential(deps.sm, value.adminSecretId);
        },
        ...(current?.keyId ? { currentKeyId: current.keyId } : {}),
        ...(previous?.keyId ? { previousKeyId: previous.keyId } : {}),
      };
      const ref = { keyId: value.keyId, apiKey: value.apiKey, versionId: pendingVersionId };
      await provider.revokeKey(ctx, ref);
      if (provider.deleteKey) await provider.deleteKey(ctx, ref);
    }
    await deps.inventory.recordVersion(
      {
        secretName,
        ...(secretArn ? { secretArn } : {}),
        versionId: pendingVersionId,
        keyId: value.keyId,
        provider: value.provider,
        fingerprint: fingerprint(value.apiKey),
        keyHint: keyHint(value.apiKey),
        createdAt: value.createdAt,
      },
      'abandoned',
      reason,
    );
  } else {
    await deps.inventory.transition(secretName, pendingVersionId, 'abandoned', reason);
  }
  logger.warn('abandoned a rotation whose pending key was exposed', { secretName, versionId: pendingVersionId });
  return item?.mode ?? 'scheduled';
}
