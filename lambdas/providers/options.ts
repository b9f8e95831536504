import { ProviderError } from './errors';
import type { ProviderContext } from './types';

/** Reads a string option from the secret's `options`; a missing required one is a configuration error. */
export function stringOption(provider: string, ctx: ProviderContext, name: string, fallback?: string): string {
  const value = ctx.options[name];
  if (typeof value === 'string' && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new ProviderError(provider, `secret ${ctx.secretName} has no options.${name}`);
}

export function optionalStringOption(ctx: ProviderContext, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The name rekey gives a provider-side object minted for a rotation token, so a retry finds it again. */
export function tokenName(token: string): string {
  return `rekey-${token}`;
}
