import { PROVIDER_OPTION_DEFAULTS, PROVIDERS } from '../../contract';
import { holdSecretValue, logger } from '../common/logger';
import { KeyRejectedError, ProviderError } from './errors';
import { callProvider, errorCode, type HttpDeps, type HttpResponse, joinUrl } from './http-call';
import { stringOption, tokenName } from './options';
import type { KeyProvider, KeyRef, MintedKey, ProviderContext } from './types';

/**
 * OpenAI project keys through the Admin API: every rotation makes a new project service account named
 * `rekey-<token>`, whose creation returns its key (`api_key.value`, shown once) and key id (`api_key.id`).
 *
 * Replay safety: a retried createSecret looks the account up by name. The engine only calls createKey when no
 * value is stored under the token, so an account found by name holds a key nobody can read again: it is deleted
 * and a new one made. Revocation deletes the service account (its keys die with it), or the key itself where it
 * is not owned by a rekey service account (e.g. the first key, made by hand).
 */
export class OpenAiProvider implements KeyProvider {
  readonly name = PROVIDERS.openai;
  readonly mintsKeys = true;
  readonly twoPhaseRevoke = false;

  constructor(private readonly http: HttpDeps) {}

  async createKey(ctx: ProviderContext): Promise<MintedKey> {
    const name = tokenName(ctx.token);
    const admin = await ctx.adminCredential();
    for (const stale of await this.findServiceAccounts(ctx, admin, name)) {
      logger.warn('deleting a service account minted by an earlier attempt whose key was never stored', {
        secretName: ctx.secretName,
        serviceAccountId: stale.id,
      });
      await this.deleteServiceAccount(ctx, admin, stale.id);
    }
    let res: HttpResponse;
    try {
      res = await this.admin(ctx, admin, {
        op: `create service account ${name}`,
        method: 'POST',
        path: '/service_accounts',
        body: { name },
        retryAmbiguous: false,
      });
    } catch (err) {
      // The account may exist although the answer was lost: remove it now rather than leave it to a replay.
      await this.cleanUpAfterFailedCreate(ctx, admin, name);
      throw err;
    }
    const body = res.body as { id?: unknown; api_key?: { id?: unknown; value?: unknown } | null } | undefined;
    const value = body?.api_key?.value;
    const keyId = body?.api_key?.id;
    if (typeof value !== 'string' || typeof keyId !== 'string' || !value) {
      if (typeof body?.id === 'string') await this.deleteServiceAccount(ctx, admin, body.id);
      throw new ProviderError(this.name, `create service account ${name} answered without an api_key`);
    }
    holdSecretValue(value);
    return { apiKey: value, keyId };
  }

  /** Deletes the service accounts named after the given-up token (their keys die with them). */
  async discardUnstored(ctx: ProviderContext): Promise<void> {
    const admin = await ctx.adminCredential();
    for (const stale of await this.findServiceAccounts(ctx, admin, tokenName(ctx.token))) {
      await this.deleteServiceAccount(ctx, admin, stale.id);
    }
  }

  async testKey(ctx: ProviderContext, key: KeyRef & { apiKey: string }): Promise<void> {
    const res = await this.models(ctx, key.apiKey);
    if (res.status === 401 || res.status === 403) {
      throw new KeyRejectedError(
        this.name,
        `key ${key.keyId} was refused by GET /v1/models (HTTP ${res.status}, ${errorCode(res.body) ?? 'no code'})`,
        { status: res.status },
      );
    }
  }

  async revokeKey(ctx: ProviderContext, key: KeyRef): Promise<void> {
    if (ctx.currentKeyId && key.keyId === ctx.currentKeyId) {
      throw new ProviderError(this.name, `refusing to revoke key ${key.keyId}: it is AWSCURRENT`);
    }
    const admin = await ctx.adminCredential();
    const found = await this.getApiKey(ctx, admin, key.keyId);
    if (!found) return; // already gone
    const owner = found.owner?.service_account;
    if (found.owner?.type === 'service_account' && owner?.id && owner.name?.startsWith('rekey-')) {
      await this.deleteServiceAccount(ctx, admin, owner.id);
    } else {
      await this.admin(ctx, admin, {
        op: `delete api key ${key.keyId}`,
        method: 'DELETE',
        path: `/api_keys/${encodeURIComponent(key.keyId)}`,
        pass: [404],
      });
    }
  }

  async isRevoked(ctx: ProviderContext, key: KeyRef): Promise<boolean> {
    const admin = await ctx.adminCredential();
    if (!(await this.getApiKey(ctx, admin, key.keyId))) return true;
    if (key.apiKey) {
      const res = await this.models(ctx, key.apiKey);
      return res.status === 401 && errorCode(res.body) === 'invalid_api_key';
    }
    return false;
  }

  async lastUsed(ctx: ProviderContext, key: KeyRef): Promise<Date | undefined> {
    const admin = await ctx.adminCredential();
    const found = await this.getApiKey(ctx, admin, key.keyId);
    return typeof found?.last_used_at === 'number' ? new Date(found.last_used_at * 1000) : undefined;
  }

  private models(ctx: ProviderContext, apiKey: string): Promise<HttpResponse> {
    return callProvider(this.name, this.http, {
      op: 'GET /v1/models',
      method: 'GET',
      url: joinUrl(this.baseUrl(ctx), '/v1/models'),
      headers: { authorization: `Bearer ${apiKey}` },
      auth: 'key',
      pass: [401, 403],
    });
  }

  private async getApiKey(ctx: ProviderContext, admin: string, keyId: string): Promise<OpenAiApiKey | undefined> {
    const res = await this.admin(ctx, admin, {
      op: `get api key ${keyId}`,
      method: 'GET',
      path: `/api_keys/${encodeURIComponent(keyId)}`,
      pass: [404],
    });
    return res.status === 404 ? undefined : (res.body as OpenAiApiKey);
  }

  private async findServiceAccounts(
    ctx: ProviderContext,
    admin: string,
    name: string,
  ): Promise<Array<{ id: string; name: string }>> {
    const found: Array<{ id: string; name: string }> = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const query = `?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const res = await this.admin(ctx, admin, {
        op: 'list service accounts',
        method: 'GET',
        path: `/service_accounts${query}`,
      });
      const body = res.body as { data?: Array<{ id: string; name: string }>; has_more?: boolean; last_id?: string };
      const data = body?.data ?? [];
      found.push(...data.filter((sa) => sa.name === name));
      after = body?.last_id ?? data.at(-1)?.id;
      if (!body?.has_more || !after) break;
    }
    return found;
  }

  private async deleteServiceAccount(ctx: ProviderContext, admin: string, id: string): Promise<void> {
    await this.admin(ctx, admin, {
      op: `delete service account ${id}`,
      method: 'DELETE',
      path: `/service_accounts/${encodeURIComponent(id)}`,
      pass: [404],
    });
  }

  private async cleanUpAfterFailedCreate(ctx: ProviderContext, admin: string, name: string): Promise<void> {
    try {
      for (const sa of await this.findServiceAccounts(ctx, admin, name)) {
        await this.deleteServiceAccount(ctx, admin, sa.id);
      }
    } catch (err) {
      // The next replay looks the account up by name again and deletes it then.
      logger.warn('could not clean up after a failed create; the replay will', {
        secretName: ctx.secretName,
        error: (err as Error).message,
      });
    }
  }

  private admin(
    ctx: ProviderContext,
    admin: string,
    req: {
      op: string;
      method: 'GET' | 'POST' | 'DELETE';
      path: string;
      body?: unknown;
      pass?: number[];
      retryAmbiguous?: boolean;
    },
  ): Promise<HttpResponse> {
    const projectId = encodeURIComponent(stringOption(this.name, ctx, 'projectId'));
    return callProvider(this.name, this.http, {
      op: req.op,
      method: req.method,
      url: joinUrl(this.baseUrl(ctx), `/v1/organization/projects/${projectId}${req.path}`),
      headers: { authorization: `Bearer ${admin}` },
      body: req.body,
      auth: 'admin',
      pass: req.pass,
      retryAmbiguous: req.retryAmbiguous,
    });
  }

  private baseUrl(ctx: ProviderContext): string {
    return stringOption(this.name, ctx, 'baseUrl', PROVIDER_OPTION_DEFAULTS.openai.baseUrl);
  }
}

interface OpenAiApiKey {
  readonly id: string;
  readonly last_used_at?: number | null;
  readonly owner?: { type?: string; service_account?: { id?: string; name?: string } };
}
