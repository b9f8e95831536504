import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { sparePoolSecretName } from '../../contract/providers';
import { holdSecretValue } from '../common/logger';
import type { AnthropicKeyStatus } from './anthropic';
import { ProviderError } from './errors';
import type { KeyProvider, ProviderContext } from './types';

/**
 * The spare pool of a managed Anthropic key: keys an operator made in the Console and handed over with
 * `rekey put <key> --spare`, kept `inactive` at the provider (useless if stolen) until an emergency rotation
 * activates one. It is key material, so it lives in its own Secrets Manager secret, `rekey-spares/<managed secret
 * name>` (contract/providers.ts says why that name), which only the rotation function and the operator may read
 * or write.
 *
 * The value is JSON: `spares` (waiting, in the order they were added), `taken` (each spare an emergency took, against
 * its rotation token, so a retried createSecret finds the spare it took and never consumes a second one; the key
 * itself is kept there only until it is stored as AWSPENDING) and `bad` (spares that failed their test: ids, never
 * keys).
 */

export interface Spare {
  readonly keyId: string;
  readonly apiKey: string;
  readonly addedAt: string;
}

export interface TakenSpare {
  readonly keyId: string;
  /** The rotation token (the new version's id) that took it. */
  readonly token: string;
  readonly takenAt: string;
  /** The key, until it is stored under `token` as AWSPENDING. */
  readonly apiKey?: string;
  readonly storedAt?: string;
  /** Set when a given-up rotation's spare went back to the pool. */
  readonly returnedAt?: string;
}

export interface BadSpare {
  readonly keyId: string;
  readonly at: string;
  /** Why it was set aside (the provider's answer, scrubbed of keys). */
  readonly reason: string;
}

export interface SparePoolValue {
  readonly spares: readonly Spare[];
  readonly taken: readonly TakenSpare[];
  readonly bad: readonly BadSpare[];
}

/** What the spare pool needs of a provider (the anthropic provider): find, activate and deactivate a spare. */
export interface SpareKeyProvider extends KeyProvider {
  identifySpare(ctx: ProviderContext, apiKey: string): Promise<{ keyId: string; status: AnthropicKeyStatus }>;
  activateKey(ctx: ProviderContext, keyId: string): Promise<void>;
  deactivateKey(ctx: ProviderContext, keyId: string): Promise<void>;
  spareFloor(ctx: ProviderContext): number;
}

/** True for a provider whose keys can come from a spare pool. */
export function usesSpares(provider: KeyProvider): provider is SpareKeyProvider {
  const p = provider as Partial<SpareKeyProvider>;
  return (
    typeof p.identifySpare === 'function' &&
    typeof p.activateKey === 'function' &&
    typeof p.deactivateKey === 'function' &&
    typeof p.spareFloor === 'function'
  );
}

/** Entries of `taken` and `bad` kept (the newest); older ones are history the inventory and ops alerts also hold. */
const HISTORY = 100;

export const EMPTY_POOL: SparePoolValue = { spares: [], taken: [], bad: [] };

/** The pool of the managed key `managedSecretName` (its AWSCURRENT value); an empty pool if it was never written. */
export async function readSparePool(sm: SecretsManagerClient, managedSecretName: string): Promise<SparePoolValue> {
  const poolId = sparePoolSecretName(managedSecretName);
  let text: string | undefined;
  try {
    text = (await sm.send(new GetSecretValueCommand({ SecretId: poolId, VersionStage: 'AWSCURRENT' }))).SecretString;
  } catch (err) {
    if (err instanceof ResourceNotFoundException || (err as Error).name === 'ResourceNotFoundException') {
      throw new ProviderError('anthropic', `${managedSecretName} has no spare pool secret (${poolId})`, { cause: err });
    }
    throw err;
  }
  return parseSparePool(text, poolId);
}

/** Parses a pool value; a value that is not a JSON object (a placeholder) is an empty pool. */
export function parseSparePool(text: string | undefined, poolId: string): SparePoolValue {
  let raw: unknown;
  try {
    raw = JSON.parse(text ?? '{}');
  } catch {
    return EMPTY_POOL;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return EMPTY_POOL;
  const obj = raw as Record<string, unknown>;
  const list = (name: string): Record<string, unknown>[] => {
    const value = obj[name];
    if (value === undefined) return [];
    if (
      !Array.isArray(value) ||
      value.some((v) => typeof v !== 'object' || v === null || typeof v.keyId !== 'string')
    ) {
      throw new ProviderError('anthropic', `spare pool ${poolId} has a malformed "${name}" list`);
    }
    return value as Record<string, unknown>[];
  };
  const spares = list('spares').map((s) => {
    if (typeof s.apiKey !== 'string') throw new ProviderError('anthropic', `spare ${s.keyId} of ${poolId} has no key`);
    holdSecretValue(s.apiKey);
    return { keyId: s.keyId as string, apiKey: s.apiKey, addedAt: String(s.addedAt ?? '') };
  });
  const taken = list('taken').map((t) => {
    if (typeof t.apiKey === 'string') holdSecretValue(t.apiKey);
    return t as unknown as TakenSpare;
  });
  return { spares, taken, bad: list('bad') as unknown as BadSpare[] };
}

/** Writes the pool as its new AWSCURRENT version. */
export async function writeSparePool(
  sm: SecretsManagerClient,
  managedSecretName: string,
  pool: SparePoolValue,
): Promise<void> {
  const value: SparePoolValue = {
    spares: pool.spares,
    taken: pool.taken.slice(-HISTORY),
    bad: pool.bad.slice(-HISTORY),
  };
  await sm.send(
    new PutSecretValueCommand({
      SecretId: sparePoolSecretName(managedSecretName),
      SecretString: JSON.stringify(value),
    }),
  );
}

/** Every key id the pool has ever seen (waiting, taken or set aside): a spare handed over twice is refused. */
export function knownSpareIds(pool: SparePoolValue): Set<string> {
  return new Set([...pool.spares, ...pool.taken, ...pool.bad].map((s) => s.keyId));
}
