import {
  type DescribeSecretCommandOutput,
  ListSecretsCommand,
  ResourceNotFoundException,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import { describeSecret } from '../../../lambdas/common/secrets';
import type { OperatorContext } from './context';
import { UnknownKeyError } from './errors';

/** A managed key as the operator names it: the key name from the config, and its secret. */
export interface ManagedSecret {
  /** The key's name (`agents/support/internal-api`): the secret name without the prefix. */
  readonly key: string;
  readonly secretName: string;
  readonly arn?: string;
}

/** The key name an operator types for a secret name. */
export function keyNameOf(ctx: Pick<OperatorContext, 'secretPrefix'>, secretName: string): string {
  return secretName.startsWith(ctx.secretPrefix) ? secretName.slice(ctx.secretPrefix.length) : secretName;
}

/** Every secret under the deployment's prefix (ListSecrets, all pages), sorted by name. */
export async function listManagedSecrets(ctx: OperatorContext): Promise<SecretListEntry[]> {
  const entries: SecretListEntry[] = [];
  let nextToken: string | undefined;
  do {
    const out = await ctx.clients.sm.send(
      new ListSecretsCommand({
        Filters: [{ Key: 'name', Values: [ctx.secretPrefix] }],
        MaxResults: 100,
        NextToken: nextToken,
      }),
    );
    entries.push(...(out.SecretList ?? []).filter((s) => s.Name?.startsWith(ctx.secretPrefix)));
    nextToken = out.NextToken;
  } while (nextToken);
  return entries.sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
}

/**
 * Finds the managed secret an operator means: a key name (`agents/support/internal-api`), the full secret name
 * (`rekey/agents/support/internal-api`) or its ARN. Anything else is UnknownKeyError, which lists the known keys.
 */
export async function resolveKey(
  ctx: OperatorContext,
  key: string,
): Promise<ManagedSecret & { described: DescribeSecretCommandOutput }> {
  const candidates = key.startsWith('arn:') || key.startsWith(ctx.secretPrefix) ? [key] : [`${ctx.secretPrefix}${key}`];
  for (const id of candidates) {
    try {
      const described = await describeSecret(ctx.clients.sm, id);
      const secretName = described.Name ?? id;
      if (!secretName.startsWith(ctx.secretPrefix)) break;
      return { key: keyNameOf(ctx, secretName), secretName, arn: described.ARN, described };
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException || (err as Error).name === 'ResourceNotFoundException')) throw err;
    }
  }
  const known = (await listManagedSecrets(ctx)).map((s) => keyNameOf(ctx, s.Name ?? ''));
  throw new UnknownKeyError(key, known);
}
