import type { GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';

/**
 * GetSecretValue's output as the AWS agent serialises it (aws_secretsmanager_caching/src/output.rs,
 * `GetSecretValueOutputDef`): fields in the order ARN, Name, VersionId, SecretString, SecretBinary, VersionStages,
 * CreatedDate; ARN, Name, VersionId and CreatedDate are `null` when absent, the other three are left out; SecretBinary
 * is base64; CreatedDate is epoch seconds with fraction, as a string (`"1569534789.046"`).
 */
export function agentSecretJson(out: GetSecretValueCommandOutput): string {
  const body: Record<string, unknown> = {
    ARN: out.ARN ?? null,
    Name: out.Name ?? null,
    VersionId: out.VersionId ?? null,
  };
  if (out.SecretString !== undefined) body.SecretString = out.SecretString;
  if (out.SecretBinary !== undefined) body.SecretBinary = Buffer.from(out.SecretBinary).toString('base64');
  if (out.VersionStages !== undefined) body.VersionStages = out.VersionStages;
  body.CreatedDate = out.CreatedDate === undefined ? null : String(out.CreatedDate.getTime() / 1000);
  return JSON.stringify(body);
}
