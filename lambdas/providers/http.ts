import { PROVIDER_OPTION_DEFAULTS, PROVIDERS } from '../../contract';
import { holdSecretValue } from '../common/logger';
import { KeyRejectedError, ProviderError } from './errors';
import { callProvider, type HttpDeps, type HttpResponse, joinUrl } from './http-call';
import { stringOption } from './options';
import type { KeyProvider, KeyRef, MintedKey, ProviderContext } from './types';

const DEFAULTS = PROVIDER_OPTION_DEFAULTS.http;

/**
 * A generic provider for in-house key services. The contract (docs/providers.md):
 * - `POST {baseUrl}{createPath}` with `{ "idempotencyKey": <token>, "name": "rekey-<secret>" }` and the admin
 *   credential as bearer answers `{ "id", "key" }`, the same key for the same idempotencyKey;
 * - `GET {baseUrl}{testPath}` with the key as bearer answers 200 for a live key, 401 for a dead one;
 * - `DELETE {baseUrl}{revokePath}` (`{keyId}` replaced) with the admin credential answers 204, or 404 if gone.
 * Replay safety comes from the idempotency key: a retried createSecret gets the key it minted before.
 */
export class HttpProvider implements KeyProvider {
  readonly name = PROVIDERS.http;
  readonly mintsKeys = true;
  readonly twoPhaseRevoke = false;

  constructor(private readonly http: HttpDeps) {}

  async createKey(ctx: ProviderContext): Promise<MintedKey> {
    const res = await this.call(ctx, {
      op: 'create key',
      method: 'POST',
      path: stringOption(this.name, ctx, 'createPath', DEFAULTS.createPath),
      bearer: await ctx.adminCredential(),
      auth: 'admin',
      body: { idempotencyKey: ctx.token, name: `rekey-${ctx.secretName}` },
    });
    const body = res.body as { id?: unknown; key?: unknown } | undefined;
    if (typeof body?.id !== 'string' || typeof body.key !== 'string' || !body.id || !body.key) {
      throw new ProviderError(this.name, `create key answered HTTP ${res.status} without { id, key }`);
    }
    holdSecretValue(body.key);
    return { apiKey: body.key, keyId: body.id };
  }

  /**
   * The contract answers the same key for the same idempotencyKey, so asking again under the given-up token learns
   * the key it minted (or mints it now, if the first request never landed) and revokes it: either way no key made
   * under that token stays live.
   */
  async discardUnstored(ctx: ProviderContext): Promise<void> {
    const { keyId } = await this.createKey(ctx);
    await this.revokeKey(ctx, { keyId, versionId: ctx.token });
  }

  async testKey(ctx: ProviderContext, key: KeyRef & { apiKey: string }): Promise<void> {
    const res = await this.probe(ctx, key.apiKey);
    if (res.status === 401 || res.status === 403) {
      throw new KeyRejectedError(this.name, `key ${key.keyId} was refused (HTTP ${res.status})`, {
        status: res.status,
      });
    }
  }

  async revokeKey(ctx: ProviderContext, key: KeyRef): Promise<void> {
    if (ctx.currentKeyId && key.keyId === ctx.currentKeyId) {
      throw new ProviderError(this.name, `refusing to revoke key ${key.keyId}: it is AWSCURRENT`);
    }
    const path = stringOption(this.name, ctx, 'revokePath', DEFAULTS.revokePath).replaceAll(
      '{keyId}',
      encodeURIComponent(key.keyId),
    );
    await this.call(ctx, {
      op: `revoke key ${key.keyId}`,
      method: 'DELETE',
      path,
      bearer: await ctx.adminCredential(),
      auth: 'admin',
      pass: [404],
    });
  }

  /** The contract has no admin read, so this needs the key: revoked means the test endpoint answers 401. */
  async isRevoked(ctx: ProviderContext, key: KeyRef): Promise<boolean> {
    if (!key.apiKey) throw new ProviderError(this.name, `cannot tell whether key ${key.keyId} is revoked without it`);
    return (await this.probe(ctx, key.apiKey)).status === 401;
  }

  private probe(ctx: ProviderContext, apiKey: string): Promise<HttpResponse> {
    return this.call(ctx, {
      op: 'test key',
      method: 'GET',
      path: stringOption(this.name, ctx, 'testPath', DEFAULTS.testPath),
      bearer: apiKey,
      auth: 'key',
      pass: [401, 403],
    });
  }

  private call(
    ctx: ProviderContext,
    req: {
      op: string;
      method: 'GET' | 'POST' | 'DELETE';
      path: string;
      bearer: string;
      auth: 'admin' | 'key';
      body?: unknown;
      pass?: number[];
    },
  ): Promise<HttpResponse> {
    return callProvider(this.name, this.http, {
      op: req.op,
      method: req.method,
      url: joinUrl(stringOption(this.name, ctx, 'baseUrl'), req.path),
      headers: { authorization: `Bearer ${req.bearer}` },
      body: req.body,
      auth: req.auth,
      pass: req.pass,
    });
  }
}
