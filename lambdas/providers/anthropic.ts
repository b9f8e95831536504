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
 * so this provider does not mint. An emergency rotation takes a spare from the key's pool (an operator's
 * `rekey put --spare`, kept `inactive`; lambdas/providers/anthropic-spares.ts), which `activateKey` makes usable;
 * otherwise the rotation engine asks an operator (`rotation-due`), who makes the key in the Console and hands it
 * over with `rekey put`; `identifyKey` and `identifySpare` find a key's id by its `partial_key_hint`.
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
    const [match] = await this.identify(ctx, apiKey, ['active']);
    return match.id;
  }

  /**
   * Finds a spare an operator hands over (`rekey put --spare`) by its hint among the active and the inactive keys
   * (an inactive one is a spare deactivated by an earlier run that died before it was pooled).
   */
  async identifySpare(ctx: ProviderContext, apiKey: string): Promise<{ keyId: string; status: AnthropicKeyStatus }> {
    const [match] = await this.identify(ctx, apiKey, ['active', 'inactive']);
    return { keyId: match.id, status: match.status ?? 'active' };
  }

  /** Makes a spare usable (`active`): an emergency rotation takes it from the pool. */
  async activateKey(ctx: ProviderContext, keyId: string): Promise<void> {
    await this.setStatus(ctx, { keyId }, 'active');
  }

  /** Makes a spare useless if stolen (`inactive`) while it waits in the pool. */
  async deactivateKey(ctx: ProviderContext, keyId: string): Promise<void> {
    await this.setStatus(ctx, { keyId }, 'inactive');
  }

  /** The pool size below which the ops topic warns (options.spareFloor). */
  spareFloor(ctx: ProviderContext): number {
    const value = ctx.options.spareFloor;
    return typeof value === 'number' && Number.isInteger(value) && value >= 0
      ? value
      : PROVIDER_OPTION_DEFAULTS.anthropic.spareFloor;
  }

  private async identify(
    ctx: ProviderContext,
    apiKey: string,
    statuses: readonly AnthropicKeyStatus[],
  ): Promise<[AnthropicApiKey, ...AnthropicApiKey[]]> {
    const admin = await ctx.adminCredential();
    const workspaceId = optionalStringOption(ctx, 'workspaceId');
    const matches: AnthropicApiKey[] = [];
    for (const status of statuses) {
      matches.push(...(await this.matching(ctx, admin, apiKey, status, workspaceId)));
    }
    const [first, ...rest] = matches;
    if (first && rest.length === 0) return [first];
    const which = statuses.join(' or ');
    throw new ProviderError(
      this.name,
      matches.length === 0
        ? `no ${which} key of the organisation${workspaceId ? ` in workspace ${workspaceId}` : ''} matches the supplied key`
        : `${matches.length} ${which} keys (${matches.map((m) => m.id).join(', ')}) match the supplied key's hint; archive the stale one first`,
    );
  }

  private async matching(
    ctx: ProviderContext,
    admin: string,
    apiKey: string,
    status: AnthropicKeyStatus,
    workspaceId: string | undefined,
  ): Promise<AnthropicApiKey[]> {
    const matches: AnthropicApiKey[] = [];
    let afterId: string | undefined;
    for (let page = 0; page < 100; page++) {
      const query = new URLSearchParams({ limit: '1000', status });
      if (workspaceId) query.set('workspace_id', workspaceId);
      if (afterId) query.set('after_id', afterId);
      const res = await this.admin(ctx, admin, {
        op: 'list api keys',
        method: 'GET',
        path: `/v1/organizations/api_keys?${query}`,
      });
      const body = res.body as { data?: AnthropicApiKey[]; has_more?: boolean; last_id?: string | null };
      for (const item of body?.data ?? []) {
        if (item.status && item.status !== status) continue;
        if (workspaceId && item.workspace_id && item.workspace_id !== workspaceId) continue;
        if (item.partial_key_hint && hintMatches(item.partial_key_hint, apiKey)) matches.push({ ...item, status });
      }
      afterId = body?.last_id ?? undefined;
      if (!body?.has_more || !afterId) break;
    }
    return matches;
  }

  private async setStatus(
    ctx: ProviderContext,
    key: KeyRef,
    status: 'active' | 'inactive' | 'archived',
  ): Promise<void> {
    if (ctx.currentKeyId && key.keyId === ctx.currentKeyId) {
      throw new ProviderError(this.name, `refusing to make key ${key.keyId} ${status}: it is AWSCURRENT`);
    }
    const admin = await ctx.adminCredential();
    const found = await this.getKey(ctx, admin, key.keyId);
    if (status === 'active' && (!found || found.status === 'archived' || found.status === 'expired')) {
      throw new KeyRejectedError(this.name, `key ${key.keyId} cannot be activated: it is ${found?.status ?? 'gone'}`);
    }
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
