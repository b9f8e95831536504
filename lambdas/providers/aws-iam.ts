import {
  type AccessKeyMetadata,
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  type Tag,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { PROVIDERS } from '../../contract';
import { holdSecretValue, logger } from '../common/logger';
import {
  KeyRejectedError,
  ProviderError,
  ProviderLimitError,
  ProviderNotFoundError,
  ProviderThrottledError,
  ProviderUnauthorizedError,
  ProviderUnavailableError,
} from './errors';
import { stringOption } from './options';
import type { KeyProvider, KeyRef, MintedKey, ProviderContext } from './types';

export interface AwsIamDeps {
  readonly iam: IAMClient;
  /** An STS client that signs with the given credentials (the new key under test). */
  readonly stsFor: (credentials: { accessKeyId: string; secretAccessKey: string }) => STSClient;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
  /**
   * How long testKey keeps trying a new key that STS does not accept yet (IAM keys take seconds to propagate).
   * @default 30000
   */
  readonly propagationTimeoutMs?: number;
  /** First delay between those tries; doubles up to 4 s. @default 500 */
  readonly propagationBaseDelayMs?: number;
}

/** IAM allows two access keys per user. */
export const KEYS_PER_USER = 2;
export const PENDING_TAG_PREFIX = 'rekey-pending-';
const MINTING = 'minting:';
/** Clock skew allowed between this function and IAM when judging which keys a crashed attempt made. */
const SKEW_MS = 60_000;

/** The user tag that tracks the key a rotation token mints until the key is stored. */
export function pendingTagKey(token: string): string {
  return `${PENDING_TAG_PREFIX}${token.replace(/[^\w.:/=+@-]/g, '')}`.slice(0, 128);
}

const AUTH_REFUSED = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'AccessDenied',
  'AccessDeniedException',
  'ExpiredToken',
]);

/**
 * IAM user access keys. The secret's `apiKey` is the secret access key, `keyId` the access key id; the agent
 * reads both.
 *
 * IAM cannot name a key and returns the secret access key only once, so the provider keeps a user tag
 * `rekey-pending-<token>` while a token mints: `minting:<epoch s>` before CreateAccessKey, the new access key id
 * after, removed (`keyStored`) once the engine stored the key. A replayed createKey (the engine calls it only
 * when nothing is stored under the token) finds that tag and deletes the key an earlier attempt made but never
 * stored before it mints again. The two-keys limit is respected: the provider never deletes the current or
 * previous key to make room; it refuses with ProviderLimitError naming the keys in the way.
 */
export class AwsIamProvider implements KeyProvider {
  readonly name = PROVIDERS.awsIam;
  readonly mintsKeys = true;
  readonly twoPhaseRevoke = true;

  constructor(private readonly deps: AwsIamDeps) {}

  async createKey(ctx: ProviderContext): Promise<MintedKey> {
    const userName = this.userName(ctx);
    const tagKey = pendingTagKey(ctx.token);
    const protectedIds = new Set([ctx.currentKeyId, ctx.previousKeyId].filter((id): id is string => !!id));
    const tags = await this.tags(userName);
    let keys = await this.keys(userName);

    // 1. Keys an earlier attempt with this token made but never stored: delete them before minting again.
    const otherPending = new Set(
      tags.filter((t) => t.Key !== tagKey && t.Key?.startsWith(PENDING_TAG_PREFIX)).map((t) => t.Value ?? ''),
    );
    if (await this.deleteUnstored(ctx, userName, tags, keys)) keys = await this.keys(userName);

    // 2. Tags of earlier tokens whose key is stored (now current or previous) or gone: drop them.
    for (const tag of tags) {
      if (!tag.Key?.startsWith(PENDING_TAG_PREFIX) || tag.Key === tagKey) continue;
      const value = tag.Value ?? '';
      if (protectedIds.has(value) || (!value.startsWith(MINTING) && !keys.some((k) => k.AccessKeyId === value))) {
        await this.untag(userName, tag.Key);
      }
    }

    // 3. The two-keys limit: never make room by deleting a key; say what is in the way.
    if (keys.length >= KEYS_PER_USER) {
      const described = keys.map((k) => {
        const id = k.AccessKeyId ?? '?';
        if (id === ctx.currentKeyId) return `${id} (AWSCURRENT)`;
        if (id === ctx.previousKeyId) return `${id} (AWSPREVIOUS, awaiting revocation)`;
        if (otherPending.has(id)) return `${id} (minted by another rotation in flight)`;
        return `${id} (${k.Status ?? 'unknown status'}, not a version of ${ctx.secretName})`;
      });
      throw new ProviderLimitError(
        this.name,
        `user ${userName} already has ${keys.length} access keys: ${described.join(', ')}; ` +
          'rekey never deletes a key to make room: revoke the previous key or delete the stray one first',
      );
    }

    // 4. Mint, with the tag saying so first, so a crash between the two leaves a trace.
    await this.tag(userName, tagKey, `${MINTING}${Math.floor(this.deps.now() / 1000)}`);
    const before = new Set(keys.map((k) => k.AccessKeyId));
    let created: { AccessKeyId?: string; SecretAccessKey?: string } | undefined;
    try {
      created = (await this.deps.iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
    } catch (err) {
      await this.deleteNewKeys(userName, before, undefined);
      throw mapIamError(this.name, `CreateAccessKey for user ${userName}`, err);
    }
    const accessKeyId = created?.AccessKeyId;
    const secret = created?.SecretAccessKey;
    if (!accessKeyId || !secret) throw new ProviderError(this.name, 'CreateAccessKey returned no key');
    holdSecretValue(secret);
    // An SDK retry after a lost answer may have made a second key nobody can read: remove it.
    await this.deleteNewKeys(userName, before, accessKeyId);
    await this.tag(userName, tagKey, accessKeyId);
    return { apiKey: secret, keyId: accessKeyId };
  }

  /** The given-up token's pending tag names the key it minted (or when it began minting): that key goes, then the tag. */
  async discardUnstored(ctx: ProviderContext): Promise<void> {
    const userName = this.userName(ctx);
    const tags = await this.tags(userName);
    if (!tags.some((t) => t.Key === pendingTagKey(ctx.token))) return;
    await this.deleteUnstored(ctx, userName, tags, await this.keys(userName));
    await this.untag(userName, pendingTagKey(ctx.token));
  }

  /**
   * Deletes the keys the token's pending tag says it minted and never stored: the one the tag names, or (if the
   * tag still says `minting:<time>`) those created since then, never the current or previous key nor one another
   * token's tag names. Answers whether it deleted any.
   */
  private async deleteUnstored(
    ctx: ProviderContext,
    userName: string,
    tags: readonly Tag[],
    keys: readonly AccessKeyMetadata[],
  ): Promise<boolean> {
    const tagKey = pendingTagKey(ctx.token);
    const own = tags.find((t) => t.Key === tagKey)?.Value;
    if (own === undefined) return false;
    const protectedIds = new Set([ctx.currentKeyId, ctx.previousKeyId].filter((id): id is string => !!id));
    const otherPending = new Set(
      tags.filter((t) => t.Key !== tagKey && t.Key?.startsWith(PENDING_TAG_PREFIX)).map((t) => t.Value ?? ''),
    );
    const orphans = keys.filter((k) => {
      if (!k.AccessKeyId || protectedIds.has(k.AccessKeyId) || otherPending.has(k.AccessKeyId)) return false;
      if (own.startsWith(MINTING)) {
        const since = Number(own.slice(MINTING.length)) * 1000 - SKEW_MS;
        return (k.CreateDate?.getTime() ?? 0) >= since;
      }
      return k.AccessKeyId === own;
    });
    for (const orphan of orphans) {
      logger.warn('deleting an access key an earlier attempt minted but never stored', {
        secretName: ctx.secretName,
        userName,
        accessKeyId: orphan.AccessKeyId,
      });
      await this.deleteAccessKey(userName, orphan.AccessKeyId as string);
    }
    return orphans.length > 0;
  }

  async keyStored(ctx: ProviderContext): Promise<void> {
    await this.untag(this.userName(ctx), pendingTagKey(ctx.token));
  }

  async testKey(ctx: ProviderContext, key: KeyRef & { apiKey: string }): Promise<void> {
    const userName = this.userName(ctx);
    const status = (await this.keys(userName)).find((k) => k.AccessKeyId === key.keyId)?.Status;
    if (status === undefined) throw new KeyRejectedError(this.name, `access key ${key.keyId} does not exist`);
    if (status !== 'Active') throw new KeyRejectedError(this.name, `access key ${key.keyId} is ${status}`);

    const deadline = this.deps.now() + (this.deps.propagationTimeoutMs ?? 30_000);
    const sts = this.deps.stsFor({ accessKeyId: key.keyId, secretAccessKey: key.apiKey });
    for (let attempt = 1; ; attempt++) {
      try {
        const who = await sts.send(new GetCallerIdentityCommand({}));
        const arn = who.Arn ?? '';
        if (!arn.includes(':user/') || !arn.endsWith(`/${userName}`)) {
          throw new KeyRejectedError(this.name, `access key ${key.keyId} signs as ${arn}, not as user ${userName}`);
        }
        return;
      } catch (err) {
        if (err instanceof KeyRejectedError) throw err;
        const name = (err as Error).name;
        if (!AUTH_REFUSED.has(name)) throw mapIamError(this.name, `GetCallerIdentity with ${key.keyId}`, err);
        const step = Math.min(4000, (this.deps.propagationBaseDelayMs ?? 500) * 2 ** (attempt - 1));
        const delay = Math.round(step / 2 + this.deps.random() * (step / 2));
        if (this.deps.now() + delay > deadline) {
          throw new KeyRejectedError(
            this.name,
            `STS refused access key ${key.keyId} (${name}) for ${this.deps.propagationTimeoutMs ?? 30_000} ms`,
            { cause: err },
          );
        }
        await this.deps.sleep(delay);
      }
    }
  }

  /** First phase: the key is made Inactive (reversible). */
  async revokeKey(ctx: ProviderContext, key: KeyRef): Promise<void> {
    this.refuseCurrent(ctx, key, 'deactivate');
    try {
      await this.deps.iam.send(
        new UpdateAccessKeyCommand({ UserName: this.userName(ctx), AccessKeyId: key.keyId, Status: 'Inactive' }),
      );
    } catch (err) {
      const mapped = mapIamError(this.name, `UpdateAccessKey ${key.keyId} Inactive`, err);
      if (!(mapped instanceof ProviderNotFoundError)) throw mapped;
    }
  }

  /** Second phase: the key is deleted (final), and any pending tag naming it dropped. */
  async deleteKey(ctx: ProviderContext, key: KeyRef): Promise<void> {
    this.refuseCurrent(ctx, key, 'delete');
    const userName = this.userName(ctx);
    await this.deleteAccessKey(userName, key.keyId);
    for (const tag of await this.tags(userName)) {
      if (tag.Key?.startsWith(PENDING_TAG_PREFIX) && tag.Value === key.keyId) await this.untag(userName, tag.Key);
    }
  }

  async isRevoked(ctx: ProviderContext, key: KeyRef): Promise<boolean> {
    const found = (await this.keys(this.userName(ctx))).find((k) => k.AccessKeyId === key.keyId);
    return found?.Status !== 'Active';
  }

  async lastUsed(_ctx: ProviderContext, key: KeyRef): Promise<Date | undefined> {
    try {
      const out = await this.deps.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.keyId }));
      return out.AccessKeyLastUsed?.LastUsedDate ?? undefined;
    } catch (err) {
      const mapped = mapIamError(this.name, `GetAccessKeyLastUsed ${key.keyId}`, err);
      if (mapped instanceof ProviderNotFoundError) return undefined;
      throw mapped;
    }
  }

  private refuseCurrent(ctx: ProviderContext, key: KeyRef, what: string): void {
    if (ctx.currentKeyId && key.keyId === ctx.currentKeyId) {
      throw new ProviderError(this.name, `refusing to ${what} access key ${key.keyId}: it is AWSCURRENT`);
    }
  }

  private userName(ctx: ProviderContext): string {
    return stringOption(this.name, ctx, 'userName');
  }

  private async deleteNewKeys(userName: string, before: Set<string | undefined>, keep: string | undefined) {
    let now: AccessKeyMetadata[];
    try {
      now = await this.keys(userName);
    } catch (err) {
      logger.warn('could not list keys after CreateAccessKey; a replay cleans up by the pending tag', {
        userName,
        error: (err as Error).message,
      });
      return;
    }
    for (const k of now) {
      if (k.AccessKeyId && !before.has(k.AccessKeyId) && k.AccessKeyId !== keep) {
        logger.warn('deleting an access key whose secret was never returned', {
          userName,
          accessKeyId: k.AccessKeyId,
        });
        await this.deleteAccessKey(userName, k.AccessKeyId);
      }
    }
  }

  private async deleteAccessKey(userName: string, accessKeyId: string): Promise<void> {
    try {
      await this.deps.iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
    } catch (err) {
      const mapped = mapIamError(this.name, `DeleteAccessKey ${accessKeyId}`, err);
      if (!(mapped instanceof ProviderNotFoundError)) throw mapped;
    }
  }

  private async keys(userName: string): Promise<AccessKeyMetadata[]> {
    const keys: AccessKeyMetadata[] = [];
    let marker: string | undefined;
    try {
      do {
        const out = await this.deps.iam.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker }));
        keys.push(...(out.AccessKeyMetadata ?? []));
        marker = out.IsTruncated ? out.Marker : undefined;
      } while (marker);
    } catch (err) {
      throw mapIamError(this.name, `ListAccessKeys for user ${userName}`, err);
    }
    return keys;
  }

  private async tags(userName: string): Promise<Tag[]> {
    const tags: Tag[] = [];
    let marker: string | undefined;
    try {
      do {
        const out = await this.deps.iam.send(new ListUserTagsCommand({ UserName: userName, Marker: marker }));
        tags.push(...(out.Tags ?? []));
        marker = out.IsTruncated ? out.Marker : undefined;
      } while (marker);
    } catch (err) {
      throw mapIamError(this.name, `ListUserTags for user ${userName}`, err);
    }
    return tags;
  }

  private async tag(userName: string, key: string, value: string): Promise<void> {
    try {
      await this.deps.iam.send(new TagUserCommand({ UserName: userName, Tags: [{ Key: key, Value: value }] }));
    } catch (err) {
      throw mapIamError(this.name, `TagUser ${userName}`, err);
    }
  }

  private async untag(userName: string, key: string): Promise<void> {
    try {
      await this.deps.iam.send(new UntagUserCommand({ UserName: userName, TagKeys: [key] }));
    } catch (err) {
      const mapped = mapIamError(this.name, `UntagUser ${userName}`, err);
      if (!(mapped instanceof ProviderNotFoundError)) throw mapped;
    }
  }
}

/** Maps an AWS SDK error from IAM or STS to rekey's provider errors; the message names the call, not the key. */
export function mapIamError(provider: string, op: string, err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const name = (err as Error)?.name ?? 'Error';
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const what = `${op} failed (${name})`;
  const options = { cause: err, status };
  if (name === 'NoSuchEntity' || name === 'NoSuchEntityException')
    return new ProviderNotFoundError(provider, what, options);
  if (name === 'LimitExceeded' || name === 'LimitExceededException')
    return new ProviderLimitError(provider, what, options);
  if (name === 'Throttling' || name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return new ProviderThrottledError(provider, what, undefined, options);
  }
  if (AUTH_REFUSED.has(name)) return new ProviderUnauthorizedError(provider, what, options);
  if (name === 'ServiceFailure' || name === 'ServiceFailureException' || (status ?? 0) >= 500) {
    return new ProviderUnavailableError(provider, what, options);
  }
  if (name === 'TimeoutError' || name === 'AbortError' || /ECONN|ETIMEDOUT|socket/i.test(String(err))) {
    return new ProviderUnavailableError(provider, what, options);
  }
  return new ProviderError(provider, what, options);
}
