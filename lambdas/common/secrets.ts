import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { MalformedSecretError, UnknownSecretError } from './errors';
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

/**
 * Reads a provider's admin credential: a plain string, or JSON with an `apiKey` (or `token`) field. The raw
 * SecretString is held by the redactor before it is parsed, so nothing logged afterwards (a parse failure included)
 * can carry it; a malformed JSON value fails with a MalformedSecretError that names the secret, the length and the
 * position only. V8's SyntaxError quotes the text around the fault, so it is never kept as the cause.
 */
export async function readAdminCredential(sm: SecretsManagerClient, secretId: string): Promise<string> {
  const out = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
  const raw = out.SecretString ?? '';
  holdSecretValue(raw);
  if (!raw.trim().startsWith('{')) return raw;
  const json = parseAdminJson(raw, secretId);
  const value = String(json.apiKey ?? json.token ?? '');
  holdSecretValue(value);
  return value;
}

function parseAdminJson(raw: string, secretId: string): Record<string, unknown> {
  let parsed: unknown;
  let failure: string | undefined;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    failure = syntaxErrorPosition(err);
  }
  if (failure !== undefined) {
    throw new MalformedSecretError(
      `admin credential ${secretId} is not valid JSON (${raw.length} characters, ${failure}); its value is not shown`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MalformedSecretError(`admin credential ${secretId} is JSON but not an object`);
  }
  return parsed as Record<string, unknown>;
}

/** Where a JSON.parse SyntaxError says it failed ("at position N"), and nothing else of its message. */
function syntaxErrorPosition(err: unknown): string {
  const m = err instanceof Error ? /\bposition (\d+)/.exec(err.message) : null;
  if (m?.[1] !== undefined) return `error at position ${m[1]}`;
  return err instanceof Error && /end of (?:JSON )?input/i.test(err.message) ? 'ends early' : 'error position unknown';
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

/**
 * A managed secret as an operator's command names it (name or ARN): refused outside the prefix, with its stages and
 * its AWSCURRENT value. What `rekey put` and `rekey put --spare` both start from.
 */
export async function readManagedCurrent(sm: SecretsManagerClient, secretId: string, secretPrefix?: string) {
  const described = await describeSecret(sm, secretId);
  const secretName = described.Name ?? secretId;
  if (secretPrefix && !secretName.startsWith(secretPrefix)) {
    throw new UnknownSecretError(`secret ${secretName} is not managed by rekey (prefix ${secretPrefix})`);
  }
  const stages = described.VersionIdsToStages ?? {};
  const currentVersionId = versionWithStage(stages, 'AWSCURRENT');
  const current = await readVersion(sm, secretName, { stage: 'AWSCURRENT', versionId: currentVersionId });
  return { described, secretName, stages, currentVersionId, current };
}
