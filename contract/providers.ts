/** The providers rekey can rotate keys with: the config's `provider`, the secret value's `provider`, the registry's names. */
export const PROVIDERS = {
  generated: 'generated',
  awsIam: 'aws-iam',
  openai: 'openai',
  anthropic: 'anthropic',
  http: 'http',
} as const;

export const PROVIDER_NAMES = [
  PROVIDERS.generated,
  PROVIDERS.awsIam,
  PROVIDERS.openai,
  PROVIDERS.anthropic,
  PROVIDERS.http,
] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/**
 * The defaults of each provider's options: the config fills them in at synthesis (lib/config.ts), and the provider
 * falls back to the same where a secret's `options` lack one (lambdas/providers).
 */
export const PROVIDER_OPTION_DEFAULTS = {
  generated: {
    /** Length of the random part of the token. */
    length: 40,
    /** Prefix of every token, so scanners and the redactor can recognise one. */
    prefix: 'rk_',
  },
  openai: { baseUrl: 'https://api.openai.com' },
  anthropic: {
    baseUrl: 'https://api.anthropic.com',
    /** The spare pool holds fewer than this many spares: the ops topic warns (after a spare is taken, and after `put --spare`). */
    spareFloor: 2,
  },
  http: {
    /** Path that mints a key (POST). */
    createPath: '/keys',
    /** Path that tests a key (GET with the key as bearer). */
    testPath: '/whoami',
    /** Path that revokes a key (DELETE; `{keyId}` is replaced). */
    revokePath: '/keys/{keyId}',
  },
} as const;

/**
 * Where a managed Anthropic key's pool of spare keys lives: its own secret, `rekey-spares/<managed secret name>`.
 * The name sits outside every managed-secret prefix (a prefix ends in `/`, and one that `rekey-spares/` starts with
 * is refused), so the grants on `<secretPrefix>*` (the operator's DescribeSecret), the rotation engine's prefix check,
 * the intake's matching (the inventory, which never holds a spare) and `rekey status` never treat it as a managed
 * key, and no fleet's agent policy names it.
 */
export const SPARE_POOL_PREFIX = 'rekey-spares/';

/** The name of the secret holding the spare pool of the managed key whose secret is `managedSecretName`. */
export function sparePoolSecretName(managedSecretName: string): string {
  return `${SPARE_POOL_PREFIX}${managedSecretName}`;
}
