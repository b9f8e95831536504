import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ProviderName } from '../common/secret-value';
import { ProviderError } from './errors';
import { GeneratedProvider } from './generated';
import type { KeyProvider } from './types';

/** What providers may need to do their work; each takes only what it uses. */
export interface ProviderDeps {
  readonly secretsManager: SecretsManagerClient;
}

/** Returns the provider for a name, built once per dependency set. */
export function providerRegistry(deps: ProviderDeps): (name: ProviderName) => KeyProvider {
  const cache = new Map<ProviderName, KeyProvider>();
  return (name) => {
    let provider = cache.get(name);
    if (!provider) {
      provider = build(name, deps);
      cache.set(name, provider);
    }
    return provider;
  };
}

function build(name: ProviderName, deps: ProviderDeps): KeyProvider {
  switch (name) {
    case 'generated':
      return new GeneratedProvider(deps.secretsManager);
    default:
      throw new ProviderError(name, 'provider is not available in this build');
  }
}
