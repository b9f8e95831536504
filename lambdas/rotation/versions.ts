import { fingerprint, keyHint } from '../../client/fingerprint';
import type { KeyVersionFacts } from '../common/inventory';
import type { SecretValue } from '../common/secret-value';

export { readVersionById } from '../common/secrets';

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
