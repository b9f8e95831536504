import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RekeyError } from '../common/errors';
import type { Inventory, KeyVersionItem } from '../common/inventory';
import type { RevocationInput } from '../common/revocation';
import type { ProviderName, SecretValue } from '../common/secret-value';
import {
  describeSecret,
  readAdminCredential,
  readVersionById,
  readVersionIfPresent,
  versionWithStage,
} from '../common/secrets';
import type { KeyProvider, KeyRef, ProviderContext } from '../providers/types';
import { UnsafeRevocationError } from './errors';

/** What the revocation tasks need; every AWS client and the clock come in from the handler. */
export interface RevocationDeps {
  readonly sm: SecretsManagerClient;
  readonly inventory: Inventory;
  readonly providerFor: (name: ProviderName) => KeyProvider;
  /** Where the tasks put their EMF metrics (the handler flushes them). @default - no metrics */
  readonly metrics?: Pick<Metrics, 'addMetric' | 'addMetadata'>;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export const nowOf = (deps: Pick<RevocationDeps, 'now'>): Date => deps.now?.() ?? new Date();

/** The provider context for work on one version of the secret. */
export function providerContext(
  input: RevocationInput,
  token: string,
  value: Pick<SecretValue, 'options' | 'adminSecretId'> | undefined,
  deps: Pick<RevocationDeps, 'sm'>,
  currentKeyId?: string,
): ProviderContext {
  return {
    secretName: input.secretName,
    token,
    options: value?.options ?? {},
    adminCredential: async () => {
      if (!value?.adminSecretId) throw new RekeyError(`secret ${input.secretName} names no adminSecretId`);
      return readAdminCredential(deps.sm, value.adminSecretId);
    },
    ...(currentKeyId ? { currentKeyId } : {}),
  };
}

/** The old key as the revoke, confirm and delete steps see it. */
export interface OldKey {
  readonly provider: KeyProvider;
  readonly ctx: ProviderContext;
  readonly ref: KeyRef;
  readonly item: KeyVersionItem | undefined;
  /**
   * True for the deployment's placeholder value (no provider key id): the provider never issued it, so there is
   * nothing to revoke at the provider; the version is still recorded as revoked.
   */
  readonly placeholder: boolean;
}

/**
 * Loads the old key and refuses, with UnsafeRevocationError, anything that would revoke the working key: the old
 * version holding AWSCURRENT, or the old version holding the same provider key (or the same key) as AWSCURRENT.
 */
export async function loadOldKey(input: RevocationInput, deps: RevocationDeps): Promise<OldKey> {
  const described = await describeSecret(deps.sm, input.secretName);
  const stages = described.VersionIdsToStages ?? {};
  if (stages[input.oldVersionId]?.includes('AWSCURRENT')) {
    throw new UnsafeRevocationError(
      `version ${input.oldVersionId} of ${input.secretName} is AWSCURRENT; not revoking it`,
    );
  }
  const currentVersionId = versionWithStage(stages, 'AWSCURRENT');
  const [current, old, item] = await Promise.all([
    currentVersionId
      ? readVersionIfPresent(deps.sm, input.secretName, { stage: 'AWSCURRENT', versionId: currentVersionId })
      : Promise.resolve(undefined),
    readVersionById(deps.sm, input.secretName, input.oldVersionId),
    deps.inventory.getVersion(input.secretName, input.oldVersionId),
  ]);
  const providerName = old?.provider ?? item?.provider ?? current?.provider;
  if (!providerName) {
    throw new RekeyError(`no provider is known for version ${input.oldVersionId} of ${input.secretName}`);
  }
  // Generated tokens are identified by the version that holds them.
  const keyId = old?.keyId || item?.keyId || (providerName === 'generated' ? input.oldVersionId : '');
  if (current && ((keyId && current.keyId === keyId) || (old && current.apiKey === old.apiKey))) {
    throw new UnsafeRevocationError(
      `version ${input.oldVersionId} of ${input.secretName} holds the same key as AWSCURRENT; not revoking it`,
    );
  }
  return {
    provider: deps.providerFor(providerName),
    ctx: providerContext(input, input.oldVersionId, old ?? current, deps, current?.keyId || undefined),
    ref: { keyId, versionId: input.oldVersionId, ...(old ? { apiKey: old.apiKey } : {}) },
    item,
    placeholder: keyId === '',
  };
}
