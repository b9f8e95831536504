import { IAMClient } from '@aws-sdk/client-iam';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { awsClients } from '../common/clients';
import { clientConfig, currentContainer } from '../common/container';
import type { SharedRateLimiter } from '../common/rate-limit';
import type { ProviderName } from '../common/secret-value';
import { AnthropicProvider } from './anthropic';
import { AwsIamProvider } from './aws-iam';
import { ProviderError } from './errors';
import { GeneratedProvider } from './generated';
import { HttpProvider } from './http';
import { DEFAULT_HTTP_POLICY, type HttpDeps, type HttpPolicy, realSleep } from './http-call';
import { OpenAiProvider } from './openai';
import { iamRateLimit, providerSlot } from './rate-limit';
import type { KeyProvider } from './types';

/** What providers may need to do their work; each takes only what it uses. Everything but Secrets Manager has a default. */
export interface ProviderDeps {
  readonly secretsManager: SecretsManagerClient;
  /** @default - a client from the SDK's own configuration */
  readonly iam?: IAMClient;
  /** An STS client signing with the given credentials. @default - a client from the SDK's configuration with them */
  readonly stsFor?: (credentials: { accessKeyId: string; secretAccessKey: string }) => STSClient;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Retry budget and timeouts of HTTP providers. @default DEFAULT_HTTP_POLICY (3 attempts, 5 s timeout) */
  readonly httpPolicy?: Partial<HttpPolicy>;
  /** How long aws-iam waits for a new key to propagate before it rejects it. @default 30000 */
  readonly iamPropagationTimeoutMs?: number;
  /**
   * The shared rate scheduler every provider call takes a slot of (`provider:<name>`), resolved at the first call.
   * @default - the container's (lambdas/common/clients.ts): present where the function has an inventory table
   */
  readonly rateLimiter?: () => SharedRateLimiter | undefined;
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

function httpDeps(name: ProviderName, deps: ProviderDeps): HttpDeps {
  return {
    fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    policy: { ...DEFAULT_HTTP_POLICY, ...deps.httpPolicy },
    slot: providerSlot(name, limiterOf(deps)),
  };
}

/**
 * The scheduler of the provider rates: the one given, else the function's (its container's clients, where it has an
 * inventory table). Code that is no function (the operator's CLI) takes no slots.
 */
function limiterOf(deps: ProviderDeps): () => SharedRateLimiter | undefined {
  return (
    deps.rateLimiter ??
    (() => (currentContainer() || process.env.AWS_LAMBDA_FUNCTION_NAME ? awsClients().rateLimiter() : undefined))
  );
}

/** Middleware stacks already pacing: keyed by the stack, so a client reached through a wrapper is wired once too. */
const rateLimited = new WeakSet<object>();

/** An IAM client whose every call takes a slot of `provider:aws-iam` (wired once per client). */
function iamClient(deps: ProviderDeps): IAMClient {
  const iam = deps.iam ?? new IAMClient(clientConfig());
  const stack = iam.middlewareStack;
  if (!rateLimited.has(stack)) {
    stack.use(iamRateLimit(providerSlot('aws-iam', limiterOf(deps))));
    rateLimited.add(stack);
  }
  return iam;
}

function build(name: ProviderName, deps: ProviderDeps): KeyProvider {
  switch (name) {
    case 'generated':
      return new GeneratedProvider(deps.secretsManager);
    case 'aws-iam':
      return new AwsIamProvider({
        iam: iamClient(deps),
        stsFor: deps.stsFor ?? ((credentials) => new STSClient({ credentials })),
        sleep: deps.sleep ?? realSleep,
        random: deps.random ?? Math.random,
        now: deps.now ?? Date.now,
        propagationTimeoutMs: deps.iamPropagationTimeoutMs,
      });
    case 'openai':
      return new OpenAiProvider(httpDeps(name, deps));
    case 'anthropic':
      return new AnthropicProvider(httpDeps(name, deps));
    case 'http':
      return new HttpProvider(httpDeps(name, deps));
    default:
      throw new ProviderError(name, 'provider is not available in this build');
  }
}

export type { KeyProvider, KeyRef, MintedKey, ProviderContext } from './types';
