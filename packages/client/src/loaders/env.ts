import { SecretReadError } from '../errors';
import { fingerprint } from '../fingerprint';
import type { SecretSnapshot } from '../secret-value';
import { extractField } from '../secret-value';
import type { SecretLoader } from './types';

/**
 * Reads a secret from an environment variable, for local development. With `removeFromEnv`, the variable is
 * deleted from `process.env` once read, so child processes and diagnostic reports do not carry it; later loads
 * return the value read first.
 */
export function envLoader(name: string, field: string, removeFromEnv: boolean): SecretLoader {
  let loaded: SecretSnapshot | undefined;
  return {
    description: `environment variable ${name}`,
    async load() {
      const raw = process.env[name];
      if (raw === undefined || raw.length === 0) {
        if (loaded !== undefined) return loaded;
        throw new SecretReadError(`environment variable ${name} is not set`);
      }
      loaded = {
        ...extractField(raw, field, `environment variable ${name}`),
        versionId: `env:${fingerprint(raw.trim()).slice(0, 16)}`,
        origin: 'env',
      };
      if (removeFromEnv) delete process.env[name];
      return loaded;
    },
  };
}
