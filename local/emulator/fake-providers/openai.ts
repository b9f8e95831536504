import { openAiRateLimited } from './rate-limit';
import {
  bearer,
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
  type FakeServerState,
  faultState,
  randomText,
  startFakeServer,
} from './server';

/**
 * A fake of OpenAI's Admin API for project service accounts and API keys, and of `GET /v1/models`, in the
 * documented shapes. It holds real state: which keys exist and which are live.
 */

export interface FakeOpenAiKey {
  readonly id: string;
  readonly value: string;
  readonly projectId: string;
  readonly name: string;
  readonly createdAt: number;
  lastUsedAt: number | null;
  readonly owner: { type: 'service_account' | 'user'; id: string; name: string };
}

export interface FakeOpenAiServiceAccount {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly createdAt: number;
  readonly keyIds: string[];
}

export interface FakeOpenAiState extends FakeServerState {
  /** The admin key the fake accepts on admin endpoints. */
  readonly adminKey: string;
  readonly keys: Map<string, FakeOpenAiKey>;
  /** Every key value the fake ever issued, live or not (tests look for them in logs). */
  readonly issued: ReadonlySet<string>;
  readonly serviceAccounts: Map<string, FakeOpenAiServiceAccount>;
  /** True while the key exists (the provider accepts it). */
  isLive(apiKey: string): boolean;
  /** Makes a key the way a person would in the dashboard (a user-owned project key). */
  addUserKey(projectId: string, name?: string): { apiKey: string; keyId: string };
  /** Every live key value. */
  liveKeys(): string[];
}

export interface StartFakeOpenAiOptions {
  /** Requests admitted per sliding second, over which the fake answers 429 as the provider does. @default - no limit */
  readonly ratePerSecond?: number;
  /** @default - a random admin key */
  readonly adminKey?: string;
}

const now = () => Math.floor(Date.now() / 1000);

export function openAiError(status: number, message?: string, code: string | null = null): unknown {
  const type =
    status === 429
      ? 'rate_limit_exceeded'
      : status >= 500
        ? 'server_error'
        : status === 401
          ? 'invalid_request_error'
          : 'invalid_request_error';
  return {
    error: {
      message:
        message ??
        (status === 429
          ? 'Rate limit reached for requests'
          : status >= 500
            ? 'The server had an error while processing your request.'
            : `HTTP ${status}`),
      type,
      param: null,
      code: status === 401 ? (code ?? 'invalid_api_key') : code,
    },
  };
}

export async function startFakeOpenAi(options: StartFakeOpenAiOptions = {}): Promise<FakeServer<FakeOpenAiState>> {
  const keys = new Map<string, FakeOpenAiKey>();
  const serviceAccounts = new Map<string, FakeOpenAiServiceAccount>();
  const adminKey = options.adminKey ?? `sk-admin-${randomText(48)}`;
  const live = (apiKey: string) => [...keys.values()].find((k) => k.value === apiKey);
  const mint = (projectId: string, owner: FakeOpenAiKey['owner'], name: string): FakeOpenAiKey => {
    const key: FakeOpenAiKey = {
      id: `key_${randomText(16)}`,
      value: `sk-${owner.type === 'service_account' ? 'svcacct' : 'proj'}-${randomText(48)}`,
      projectId,
      name,
      createdAt: now(),
      lastUsedAt: null,
      owner,
    };
    keys.set(key.id, key);
    issued.add(key.value);
    return key;
  };
  const issued = new Set<string>();
  const base = faultState(options.ratePerSecond);
  const state: FakeOpenAiState & typeof base = Object.assign(base, {
    adminKey,
    keys,
    issued,
    serviceAccounts,
    isLive: (apiKey: string) => live(apiKey) !== undefined,
    addUserKey(projectId: string, name = 'made by hand') {
      const key = mint(projectId, { type: 'user', id: `user_${randomText(12)}`, name: 'Operator' }, name);
      return { apiKey: key.value, keyId: key.id };
    },
    liveKeys: () => [...keys.values()].map((k) => k.value),
  });

  const keyObject = (k: FakeOpenAiKey) => ({
    object: 'organization.project.api_key',
    redacted_value: `${k.value.slice(0, 8)}***${k.value.slice(-4)}`,
    name: k.name,
    created_at: k.createdAt,
    last_used_at: k.lastUsedAt,
    id: k.id,
    owner:
      k.owner.type === 'service_account'
        ? {
            type: 'service_account',
            service_account: { object: 'organization.project.service_account', id: k.owner.id, name: k.owner.name },
          }
        : { type: 'user', user: { object: 'organization.project.user', id: k.owner.id, name: k.owner.name } },
  });
  const saObject = (sa: FakeOpenAiServiceAccount) => ({
    object: 'organization.project.service_account',
    id: sa.id,
    name: sa.name,
    role: 'member',
    created_at: sa.createdAt,
  });
  const notFound = (what: string): FakeResponse => ({ status: 404, body: openAiError(404, `No such ${what}`) });

  const route = (req: FakeRequest): FakeResponse => {
    if (req.method === 'GET' && req.path === '/v1/models') {
      // Through `state.isLive`, which a test may point at another judge of liveness (as the Anthropic fake allows).
      const token = bearer(req.headers) ?? '';
      if (!state.isLive(token))
        return { status: 401, body: openAiError(401, 'Incorrect API key provided: sk-***. ', 'invalid_api_key') };
      const key = live(token);
      if (key) key.lastUsedAt = now();
      return {
        status: 200,
        body: { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'system' }] },
      };
    }
    const m = /^\/v1\/organization\/projects\/([^/]+)\/(service_accounts|api_keys)(?:\/([^/]+))?$/.exec(req.path);
    if (!m) return notFound('route');
    if (bearer(req.headers) !== adminKey) {
      return { status: 401, body: openAiError(401, 'Incorrect API key provided: sk-adm***.', 'invalid_api_key') };
    }
    const [, projectId = '', collection, id] = m;
    if (collection === 'service_accounts') {
      if (!id && req.method === 'GET') {
        const all = [...serviceAccounts.values()].filter((sa) => sa.projectId === projectId);
        return { status: 200, body: page(all.map(saObject), req.query) };
      }
      if (!id && req.method === 'POST') {
        const name = (req.body as { name?: unknown } | undefined)?.name;
        if (typeof name !== 'string' || !name) {
          return { status: 400, body: openAiError(400, 'name is required', 'invalid_value') };
        }
        const sa: FakeOpenAiServiceAccount = {
          id: `svc_acct_${randomText(16)}`,
          projectId,
          name,
          createdAt: now(),
          keyIds: [],
        };
        serviceAccounts.set(sa.id, sa);
        const key = mint(projectId, { type: 'service_account', id: sa.id, name }, 'Secret Key');
        sa.keyIds.push(key.id);
        return {
          status: 200,
          body: {
            ...saObject(sa),
            api_key: {
              object: 'organization.project.service_account.api_key',
              value: key.value,
              name: key.name,
              created_at: key.createdAt,
              id: key.id,
            },
          },
        };
      }
      const sa = id ? serviceAccounts.get(id) : undefined;
      if (!sa || sa.projectId !== projectId) return notFound('service account');
      if (req.method === 'GET') return { status: 200, body: saObject(sa) };
      if (req.method === 'DELETE') {
        serviceAccounts.delete(sa.id);
        for (const keyId of sa.keyIds) keys.delete(keyId);
        return {
          status: 200,
          body: { object: 'organization.project.service_account.deleted', id: sa.id, deleted: true },
        };
      }
      return notFound('route');
    }
    if (!id && req.method === 'GET') {
      const all = [...keys.values()].filter((k) => k.projectId === projectId);
      return { status: 200, body: page(all.map(keyObject), req.query) };
    }
    const key = id ? keys.get(id) : undefined;
    if (!key || key.projectId !== projectId) return notFound('api key');
    if (req.method === 'GET') return { status: 200, body: keyObject(key) };
    if (req.method === 'DELETE') {
      keys.delete(key.id);
      return { status: 200, body: { object: 'organization.project.api_key.deleted', id: key.id, deleted: true } };
    }
    return notFound('route');
  };
  return startFakeServer(state, route, (status) => openAiError(status), openAiRateLimited);
}

function page<T extends { id: string }>(items: T[], query: URLSearchParams) {
  const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 20)));
  const after = query.get('after');
  const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
  const data = items.slice(start, start + limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < items.length,
  };
}
