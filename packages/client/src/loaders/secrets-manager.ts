import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SecretFormatError, SecretReadError } from '../errors';
import { extractField } from '../secret-value';
import type { SecretLoader } from './types';

export interface SecretsManagerLoaderProps {
  readonly client: SecretsManagerClient;
  /** Name or ARN of the secret. */
  readonly secretId: string;
  readonly field: string;
}

/**
 * Reads the AWSCURRENT version with GetSecretValue. The stage is always named (never left to the default): some
 * emulators, moto among them, can answer a stage-less call with a version that is no longer current.
 */
export function secretsManagerLoader({ client, secretId, field }: SecretsManagerLoaderProps): SecretLoader {
  return {
    description: `secret ${secretId}`,
    async load() {
      let out: GetSecretValueCommandOutput;
      try {
        out = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
      } catch (err) {
        throw new SecretReadError(`GetSecretValue failed for secret ${secretId}`, { cause: err });
      }
      const raw = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined);
      if (raw === undefined || out.VersionId === undefined) {
        throw new SecretFormatError(`secret ${secretId} answered without a value or a VersionId`);
      }
      const where = `secret ${out.Name ?? secretId} version ${out.VersionId}`;
      return {
        ...extractField(raw, field, where),
        versionId: out.VersionId,
        secretName: out.Name ?? secretId,
        origin: 'secretsmanager',
      };
    },
  };
}
