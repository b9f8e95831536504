import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { holdSecretValue } from '../common/logger';

/**
 * A secret read from Secrets Manager once per `ttlMs` and cached for the container's later invocations; every read
 * (cached or not) registers the value with the logger's redactor for the invocation. The value is a plain string,
 * or JSON with one of `fields`.
 */
export function cachedSecret(
  sm: SecretsManagerClient,
  secretId: string,
  fields: readonly string[],
  options: { ttlMs?: number; now?: () => number } = {},
): () => Promise<string> {
  const ttl = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let cached: { value: string; at: number } | undefined;
  return async () => {
    if (!cached || now() - cached.at > ttl) {
      const out = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
      cached = { value: secretField(out.SecretString ?? '', fields), at: now() };
    }
    holdSecretValue(cached.value);
    return cached.value;
  };
}

function secretField(raw: string, fields: readonly string[]): string {
  if (!raw.trim().startsWith('{')) return raw.trim();
  try {
    const json = JSON.parse(raw) as Record<string, unknown>;
    for (const field of fields) if (typeof json[field] === 'string') return json[field] as string;
  } catch {
    // not JSON after all: the raw string is the secret
  }
  return raw.trim();
}
