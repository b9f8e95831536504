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
  anthropic: { baseUrl: 'https://api.anthropic.com' },
  http: {
    /** Path that mints a key (POST). */
    createPath: '/keys',
    /** Path that tests a key (GET with the key as bearer). */
    testPath: '/whoami',
    /** Path that revokes a key (DELETE; `{keyId}` is replaced). */
    revokePath: '/keys/{keyId}',
  },
} as const;
