import type { ProviderName } from '../common/secret-value';

/** What a provider knows about the key it works on. */
export interface ProviderContext {
  /** The managed secret's name. */
  readonly secretName: string;
  /** The ClientRequestToken of the version being made: providers name keys after it so a retry finds the key again. */
  readonly token: string;
  /** Non-secret provider settings from the secret's `options`. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Reads the provider's admin credential (only the functions that need it can). */
  readonly adminCredential: () => Promise<string>;
  /**
   * The provider key id the secret's AWSCURRENT version holds, where the caller knows it. A provider never
   * revokes or deletes this key, and never counts it as a stray.
   */
  readonly currentKeyId?: string;
  /** The key id AWSPREVIOUS holds (awaiting its revocation workflow): never counted as a stray either. */
  readonly previousKeyId?: string;
}

export interface MintedKey {
  readonly apiKey: string;
  readonly keyId: string;
}

export interface KeyRef {
  readonly keyId: string;
  /** Present where the provider needs the key itself (testing, generated tokens). */
  readonly apiKey?: string;
  /** The secret version that holds the key. */
  readonly versionId?: string;
}

/**
 * One way of making and killing keys. Every method is safe to call again with the same arguments:
 * `createKey` with the same token returns the key it minted before, `revokeKey` on a revoked key succeeds.
 */
export interface KeyProvider {
  readonly name: ProviderName;
  /** False where keys cannot be made by API and an operator supplies them (`rekey put`). */
  readonly mintsKeys: boolean;
  /** True where revocation has two phases: `revokeKey` deactivates, `deleteKey` removes after a grace period. */
  readonly twoPhaseRevoke: boolean;
  createKey(ctx: ProviderContext): Promise<MintedKey>;
  /** Resolves if the provider accepts the key; throws KeyRejectedError if it does not. */
  testKey(ctx: ProviderContext, key: Required<Pick<KeyRef, 'apiKey' | 'keyId'>> & KeyRef): Promise<void>;
  /** Makes the key unusable at the provider (first phase where there are two). */
  revokeKey(ctx: ProviderContext, key: KeyRef): Promise<void>;
  /** Second phase: deletes or archives a deactivated key. */
  deleteKey?(ctx: ProviderContext, key: KeyRef): Promise<void>;
  /** True once the provider rejects the key. */
  isRevoked(ctx: ProviderContext, key: KeyRef): Promise<boolean>;
  /** When the provider last saw the key used, where it reports that. */
  lastUsed?(ctx: ProviderContext, key: KeyRef): Promise<Date | undefined>;
  /**
   * Called once the minted key is stored as AWSPENDING under `ctx.token` (and again on every replay): the
   * provider drops whatever it kept to find an unstored key again (e.g. the aws-iam pending tag).
   */
  keyStored?(ctx: ProviderContext, key: KeyRef): Promise<void>;
  /**
   * Destroys whatever `createKey` minted under `ctx.token` whose key was never stored: Secrets Manager gave that
   * rotation up, so no replay of it will find the key again. Safe to call when nothing was minted, and again.
   * Absent where nothing minted can outlive its rotation (generated tokens live in the secret; manual keys are
   * made by an operator).
   */
  discardUnstored?(ctx: ProviderContext): Promise<void>;
  /** Finds the provider's id for a key an operator supplied (`rekey put`), where keys cannot be minted by API. */
  identifyKey?(ctx: ProviderContext, apiKey: string): Promise<string>;
}
