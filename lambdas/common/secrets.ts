import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { holdSecretValue } from './logger';
import { parseSecretValue, type SecretValue } from './secret-value';

/** Small helpers over Secrets Manager that every function shares. */

export type VersionStages = Readonly<Record<string, readonly string[]>>;

export async function describeSecret(sm: SecretsManagerClient, secretId: string): Promise<DescribeSecretCommandOutput> {
  return sm.send(new DescribeSecretCommand({ SecretId: secretId }));
}

/** The version id that holds `stage`, if any. */
export function versionWithStage(stages: VersionStages | undefined, stage: string): string | undefined {
  return Object.entries(stages ?? {}).find(([, labels]) => labels.includes(stage))?.[0];
}

/**
 * Reads and parses one version of a managed secret. Always names the stage (moto may answer with a stale
 * version otherwise). The key read is held by the logger's redactor for the rest of the invocation.
 */
export async function readVersion(
  sm: SecretsManagerClient,
  secretId: string,
  ref: { stage: string; versionId?: string },
): Promise<SecretValue> {
  const out = await sm.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionStage: ref.stage, VersionId: ref.versionId }),
  );
  const value = parseSecretValue(out.SecretString, `secret ${secretId} version ${out.VersionId ?? ref.stage}`);
  holdSecretValue(value.apiKey);
  return value;
}

/** Like readVersion, but answers undefined when the version has no value yet. */
export async function readVersionIfPresent(
  sm: SecretsManagerClient,
  secretId: string,
  ref: { stage: string; versionId?: string },
): Promise<SecretValue | undefined> {
  try {
    return await readVersion(sm, secretId, ref);
  } catch (err) {
    if (err instanceof ResourceNotFoundException || (err as Error).name === 'ResourceNotFoundException')
      return undefined;
    throw err;
  }
}

/** Reads a provider's admin credential: a plain string, or JSON with an `apiKey` (or `token`) field. */
export async function readAdminCredential(sm: SecretsManagerClient, secretId: string): Promise<string> {
  const out = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
  const raw = out.SecretString ?? '';
  let value = raw;
  if (raw.trim().startsWith('{')) {
    const json = JSON.parse(raw) as Record<string, unknown>;
    value = String(json.apiKey ?? json.token ?? '');
  }
  holdSecretValue(value);
  return value;
}

/**
 * Reads a version by id alone, whatever its labels (a version that lost every label still holds its value until
 * Secrets Manager drops it), or answers undefined if it does not exist or has no value. The key read is held by
 * the logger's redactor for the rest of the invocation.
 */
export async function readVersionById(
  sm: SecretsManagerClient,
  secretId: string,
  versionId: string,
): Promise<SecretValue | undefined> {
  let out: { SecretString?: string };
  try {
    out = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId }));
  } catch (err) {
    if (err instanceof ResourceNotFoundException || (err as Error).name === 'ResourceNotFoundException')
      return undefined;
    throw err;
  }
  if (out.SecretString === undefined) return undefined;
  const value = parseSecretValue(out.SecretString, `secret ${secretId} version ${versionId}`);
  holdSecretValue(value.apiKey);
  return value;
}
