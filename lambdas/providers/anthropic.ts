import { PROVIDER_OPTION_DEFAULTS, PROVIDERS } from '../../contract';
import { KeyRejectedError, ManualKeyRequiredError, ProviderError } from './errors';
import { callProvider, errorCode, type HttpDeps, type HttpResponse, joinUrl } from './http-call';
import { optionalStringOption, stringOption } from './options';
import type { KeyProvider, KeyRef, MintedKey, ProviderContext } from './types';

export const ANTHROPIC_VERSION = '2023-06-01';

export type AnthropicKeyStatus = 'active' | 'inactive' | 'archived' | 'expired';

interface AnthropicApiKey {
  readonly id: string;
  readonly status?: AnthropicKeyStatus;
  readonly partial_key_hint?: string | null;
  readonly workspace_id?: string | null;
}

/**
 * Anthropic API keys through the Admin API. The Admin API lists, reads and updates keys but cannot create them,
 * so this provider does not mint: the rotation engine asks an operator (`rotation-due`), who makes the key in
 * the Console and hands it over with `rekey put`; `identifyKey` then finds its id by its `partial_key_hint`.
 * Revocation has two phases: `inactive` (revokeKey, reversible in the Console), then `archived` after the grace
 * (deleteKey, final).
 */
export class AnthropicProvider implements KeyProvider {
  readonly name = PROVIDERS.anthropic;
  readonly mintsKeys = false;
  readonly twoPhaseRevoke = true;

  constructor(private readonly http: HttpDeps) {}

  async createKey(ctx: ProviderContext): Promise<MintedKey> {
    throw new ManualKeyRequiredError(
      this.name,
      `the Admin API cannot create keys; supply the next key for ${ctx.secretName} with rekey put`,
    );
  }

  async testKey(ctx: ProviderContext, key: KeyRef & { apiKey: string }): Promise<void> {
    const res = await this.models(ctx, key.apiKey);
    if (res.status === 401 || res.status === 403) {
      throw new KeyRejectedError(
        this.name,
        `key ${key.keyId} was refused by GET /v1/models (HTTP ${res.status}, ${errorCode(res.body) ?? 'no type'})`,
        { status: res.status },
      );
    }
  }

  async revokeKey(ctx: ProviderContext, key: KeyRef): Promise<void> {
    await this.setStatus(ctx, key, 'inactive');
  }

  async deleteKey(ctx: ProviderContext, key: KeyRef): Promise<void> {
    await this.setStatus(ctx, key, 'archived');
  }

  async isRevoked(ctx: ProviderContext, key: KeyRef): Promise<boolean> {
    const found = await this.getKey(ctx, await ctx.adminCredential(), key.keyId);
    return found?.status !== 'active';
  }

  /** Finds the id of an active key by the hint the Admin API shows (`sk-ant-api03-R2D...igAA`). */
  async identifyKey(ctx: ProviderContext, apiKey: string): Promise<string> {
    const admin = await ctx.adminCredential();
    const workspaceId = optionalStringOption(ctx, 'workspaceId');
    const matches: string[] = [];
    let afterId: string | undefined;
    for (let page = 0; page < 100; page++) {
      const query = new URLSearchParams({ limit: '1000', status: 'active' });
      if (workspaceId) query.set('workspace_id', workspaceId);
      if (afterId) query.set('after_id', afterId);
      const res = await this.admin(ctx, admin, {
        op: 'list api keys',
        method: 'GET',
        path: `/v1/organizations/api_keys?${query}`,
      });
      const body = res.body as { data?: AnthropicApiKey[]; has_more?: boolean; last_id?: string | null };
      for (const item of body?.data ?? []) {
        if (item.status && item.status !== 'active') continue;
        if (workspaceId && item.workspace_id && item.workspace_id !== workspaceId) continue;
        if (item.partial_key_hint && hintMatches(item.partial_key_hint, apiKey)) matches.push(item.id);
      }
      afterId = body?.last_id ?? undefined;
      if (!body?.has_more || !afterId) break;
    }
    if (matches.length === 1 && matches[0]) return matches[0];
    throw new ProviderError(
      this.name,
      matches.length === 0
        ? `no active key of the organisation${workspaceId ? ` in workspace ${workspaceId}` : ''} matches the supplied key`
        : `${matches.length} active keys (${matches.join(', ')}) match the supplied key's hint; archive the stale one first`,
    );
  }

  private async setStatus(ctx: ProviderContext, key: KeyRef, status: 'inactive' | 'archived'): Promise<void> {
    if (ctx.currentKeyId && key.keyId === ctx.currentKeyId) {
      throw new ProviderError(this.name, `refusing to make key ${key.keyId} ${status}: it is AWSCURRENT`);
    }
    const admin = await ctx.adminCredential();
    const found = await this.getKey(ctx, admin, key.keyId);
    if (!found || found.status === 'archived' || found.status === status) return;
    await this.admin(ctx, admin, {
      op: `set api key ${key.keyId} ${status}`,
      method: 'POST',
      path: `/v1/organizations/api_keys/${encodeURIComponent(key.keyId)}`,
      body: { status },
      pass: [404],
    });
  }

  private async getKey(ctx: ProviderContext, admin: string, keyId: string): Promise<AnthropicApiKey | undefined> {
    const res = await this.admin(ctx, admin, {
      op: `get api key ${keyId}`,
      method: 'GET',
      path: `/v1/organizations/api_keys/${encodeURIComponent(keyId)}`,
      pass: [404],
    });
    return res.status === 404 ? undefined : (res.body as AnthropicApiKey);
  }

  private models(ctx: ProviderContext, apiKey: string): Promise<HttpResponse> {
    return callProvider(this.name, this.http, {
      op: 'GET /v1/models',
      method: 'GET',
      url: joinUrl(this.baseUrl(ctx), '/v1/models'),
      headers: { 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION },
      auth: 'key',
      pass: [401, 403],
    });
  }

  private admin(
    ctx: ProviderContext,
    admin: string,
    req: { op: string; method: 'GET' | 'POST'; path: string; body?: unknown; pass?: number[] },
  ): Promise<HttpResponse> {
    return callProvider(this.name, this.http, {
      ...req,
      url: joinUrl(this.baseUrl(ctx), req.path),
      headers: { 'x-api-key': admin, 'anthropic-version': ANTHROPIC_VERSION },
      auth: 'admin',
    });
  }

  private baseUrl(ctx: ProviderContext): string {
    return stringOption(this.name, ctx, 'baseUrl', PROVIDER_OPTION_DEFAULTS.anthropic.baseUrl);
  }
}

/**
 * True when a partial hint (`sk-ant-api03-R2D...igAA`: the key's start, an ellipsis, its end) fits the key.
 * Both parts must be present and long enough to tell keys apart.
 */
export function hintMatches(hint: string, apiKey: string): boolean {
  const parts = hint.split(/\.\.\.|…/);
  if (parts.length !== 2) return false;
  const [head = '', tail = ''] = parts;
  if (head.length < 8 || tail.length < 2) return false;
  return apiKey.length > head.length + tail.length && apiKey.startsWith(head) && apiKey.endsWith(tail);
}
