import { AwsApiError, type LocalOperation } from '../gateway';
import type { Template } from '../synth';
import { answeredRotationRules, declaredRotationRulesByName, type RotationRules } from './rotation-rules';

/**
 * Secrets Manager as AWS answers it, for clients rekey did not write (boto3, the AWS CLI, the Secrets Manager
 * Agent): gateway operations (local/emulator/gateway.ts `operations`) that correct what moto 5.2.1 gets wrong and pass
 * everything else through unchanged.
 *
 * - GetSecretValue with neither VersionId nor VersionStage: AWS answers AWSCURRENT. moto answers its "default
 *   version", which UpdateSecretVersionStage never moves, so after a rotation it keeps handing out the first
 *   (unlabelled) version. Here such a call is asked of moto with `VersionStage: 'AWSCURRENT'`.
 * - BatchGetSecretValue: AWS returns each secret's AWSCURRENT; moto returns the same default version. Each value is
 *   re-read at AWSCURRENT.
 * - DescribeSecret and ListSecrets (only with `template`): moto keeps only AutomaticallyAfterDays and drops a
 *   ScheduleExpression and Duration; the rules the stack declares are answered instead, as AWS would.
 */
export interface SecretsManagerFidelityOptions {
  /** The synthesized stack: its rotation schedules are answered by DescribeSecret and ListSecrets. */
  readonly template?: Template;
  /** The access key moto sees (it picks the account). @default 'local' (the local account's administrator) */
  readonly accessKeyId?: string;
}

export function secretsManagerFidelity(
  motoEndpoint: string,
  region: string,
  options: SecretsManagerFidelityOptions = {},
): Record<string, LocalOperation> {
  const call = motoCaller(motoEndpoint, region, options.accessKeyId ?? 'local');
  const getSecretValue: LocalOperation = (body) =>
    call(
      'GetSecretValue',
      body.VersionId === undefined && body.VersionStage === undefined ? { ...body, VersionStage: 'AWSCURRENT' } : body,
    );
  const operations: Record<string, LocalOperation> = {
    'secretsmanager.GetSecretValue': getSecretValue,
    'secretsmanager.BatchGetSecretValue': async (body) => {
      const out = await call('BatchGetSecretValue', body);
      const values = Array.isArray(out.SecretValues) ? (out.SecretValues as Record<string, unknown>[]) : [];
      const current = await Promise.all(
        values.map((v) =>
          call('GetSecretValue', { SecretId: v.ARN ?? v.Name, VersionStage: 'AWSCURRENT' }).catch(() => v),
        ),
      );
      return { ...out, SecretValues: current };
    },
  };
  if (options.template) {
    const declared = declaredRotationRulesByName(options.template);
    const overlay = (secret: Record<string, unknown>): Record<string, unknown> => {
      const rules: RotationRules | undefined = declared[String(secret.Name ?? '')];
      if (!rules || !secret.RotationEnabled) return secret;
      return { ...secret, RotationRules: answeredRotationRules(rules) };
    };
    operations['secretsmanager.DescribeSecret'] = async (body) => overlay(await call('DescribeSecret', body));
    operations['secretsmanager.ListSecrets'] = async (body) => {
      const out = await call('ListSecrets', body);
      const list = Array.isArray(out.SecretList) ? (out.SecretList as Record<string, unknown>[]) : [];
      return { ...out, SecretList: list.map(overlay) };
    };
  }
  return operations;
}

/**
 * Calls a Secrets Manager operation of moto in its own JSON protocol and returns its answer as moto sent it;
 * an error answer is thrown as an AwsApiError with moto's `__type`, message and HTTP status. moto reads the region
 * from the credential scope of the Authorization header (it checks no signature).
 */
function motoCaller(
  endpoint: string,
  region: string,
  accessKeyId: string,
): (operation: string, body: Record<string, unknown>) => Promise<Record<string, unknown>> {
  return async (operation, body) => {
    const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const res = await fetch(`${endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `secretsmanager.${operation}`,
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${date}/${region}/secretsmanager/aws4_request, SignedHeaders=content-type;host;x-amz-target, Signature=${'0'.repeat(64)}`,
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      if (res.ok) throw new AwsApiError('InternalFailure', `the emulator answered ${operation} with no JSON`, 500);
    }
    if (!res.ok) {
      const type = String(parsed.__type ?? res.headers.get('x-amzn-errortype') ?? 'InternalFailure').split(':')[0];
      const message = String(parsed.message ?? parsed.Message ?? text.slice(0, 200));
      throw new AwsApiError(type ?? 'InternalFailure', message, res.status);
    }
    return parsed;
  };
}
