import { readFile } from 'node:fs/promises';
import { SecretReadError } from '../errors';
import { fingerprint } from '../fingerprint';
import { extractField } from '../secret-value';
import type { SecretLoader } from './types';

/**
 * Reads a secret from a file, such as a Kubernetes-mounted secret (`/var/run/secrets/…/apiKey`) or a JSON file
 * written by an external-secrets operator. The version id is derived from the content (`file:` + the first 16 hex
 * digits of its SHA-256), so the same content is the same version.
 */
export function fileLoader(path: string, field: string): SecretLoader {
  return {
    description: `file ${path}`,
    async load() {
      let raw: string;
      try {
        raw = await readFile(path, 'utf8');
      } catch (err) {
        throw new SecretReadError(`could not read secret file ${path}`, { cause: err });
      }
      return {
        ...extractField(raw, field, `secret file ${path}`),
        versionId: `file:${fingerprint(raw.trim()).slice(0, 16)}`,
        origin: 'file',
      };
    },
  };
}
