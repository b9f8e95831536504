import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { ProviderName } from '../../../lambdas/common/secret-value';
import { type KeyProvider, type ProviderDeps, providerRegistry } from '../../../lambdas/providers';
import { clientOptions, type OperatorContext } from './context';

/**
 * The key providers, for the commands that run rotation or intake steps here (`put`, `scan --rotate`): every AWS
 * client they make (IAM and STS for aws-iam keys) goes where the context's clients go, so `--local` never reaches
 * for a real account and `--profile` is honoured.
 */
export function operatorProviders(
  ctx: Pick<OperatorContext, 'clients' | 'clientConfig'>,
  extra: Omit<ProviderDeps, 'secretsManager'> = {},
): (name: ProviderName) => KeyProvider {
  const options = clientOptions(ctx.clientConfig);
  return providerRegistry({
    iam: new IAMClient(options),
    stsFor: (credentials) => new STSClient({ ...options, credentials }),
    ...extra,
    secretsManager: ctx.clients.sm,
  });
}
