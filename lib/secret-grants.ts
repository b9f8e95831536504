import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/**
 * `arn:<partition>:secretsmanager:<region>:<account>:secret:<pattern>` in the scope's stack: the secrets a name
 * pattern covers. A trailing `*` also covers the `-XXXXXX` suffix of their ARNs.
 */
export function secretNamePatternArn(scope: Construct, pattern: string): string {
  return Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: pattern,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * The ARN a policy names a secret by: a secret made in the stack has its full ARN (random suffix included) and is
 * granted on exactly that; one known only by name has a partial ARN, which needs the `-??????` suffix pattern.
 */
export function secretArnForPolicies(secret: secretsmanager.ISecret): string {
  return secret.secretFullArn ?? `${secret.secretArn}-??????`;
}

/**
 * GetSecretValue on a secret, and kms:Decrypt through Secrets Manager on its key: what reading the value takes
 * (`grantRead` would add DescribeSecret, which rekey's functions never call on a secret they only read).
 */
export function grantReadValue(secret: secretsmanager.ISecret, grantee: iam.IGrantable): iam.Grant {
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue'],
    resourceArns: [secretArnForPolicies(secret)],
  });
  const key = secret.encryptionKey;
  if (!key) return grant;
  const viaSecretsManager = new kms.ViaServicePrincipal(
    `secretsmanager.${Stack.of(secret).region}.amazonaws.com`,
    grantee.grantPrincipal,
  );
  return grant.combine(key.grantDecrypt(viaSecretsManager));
}
