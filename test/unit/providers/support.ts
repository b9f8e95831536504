import type { HttpDeps } from '../../../lambdas/providers/http-call';
import type { ProviderContext } from '../../../lambdas/providers/types';

/** HTTP deps for provider tests: real fetch, recorded sleeps that do not wait, fixed jitter, a short timeout. */
export function testHttpDeps(overrides: Partial<HttpDeps['policy']> = {}): HttpDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    policy: { attempts: 3, timeoutMs: 500, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000, ...overrides },
    sleeps,
  };
}

export function providerCtx(
  options: Record<string, unknown>,
  admin: string,
  overrides: Partial<ProviderContext> = {},
): ProviderContext {
  return {
    secretName: 'rekey/agents/test',
    token: 'a1b2c3d4-0000-4000-8000-000000000001',
    options,
    adminCredential: async () => admin,
    ...overrides,
  };
}
