import { fingerprint, keyHint } from '../../packages/client/src/fingerprint';
import type { KeyVersionFacts } from '../common/inventory';
import type { SecretValue } from '../common/secret-value';

export { readVersionById } from '../common/secrets';

/** Inventory attribute testSecret sets on a version that passed; finishSecret moves AWSCURRENT only to such a one. */
export const TESTED_AT = 'testedAt';

/**
 * Inventory attribute createSecret sets on its token before it asks the provider for a key: if Secrets Manager gives
 * the rotation up before the key is stored, the next rotation finds the token by it and discards that key.
 */
export const MINT_STARTED_AT = 'mintStartedAt';

/** Inventory attribute set once the provider discarded what a given-up token minted. */
export const DISCARDED_AT = 'discardedAt';

/** The inventory facts of a key version: fingerprint and hint of the key, never the key. */
export function factsOf(
  secretName: string,
  secretArn: string | undefined,
  versionId: string,
  value: SecretValue,
): KeyVersionFacts {
  return {
    secretName,
    ...(secretArn ? { secretArn } : {}),
    versionId,
    keyId: value.keyId,
    provider: value.provider,
    fingerprint: fingerprint(value.apiKey),
    keyHint: keyHint(value.apiKey),
    createdAt: value.createdAt,
  };
}
