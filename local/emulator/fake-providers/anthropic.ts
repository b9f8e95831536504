import { anthropicRateLimited } from './rate-limit';
import {
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
  type FakeServerState,
  faultState,
  randomText,
  startFakeServer,
} from './server';

/**
 * A fake of Anthropic's Admin API for API keys (list, get, update status) and of `GET /v1/models`, in the
 * documented shapes. Keys cannot be created by API, as in the real one: `state.createKeyInConsole()` plays the
 * operator making one in the Console.
 */

export type FakeAnthropicStatus = 'active' | 'inactive' | 'archived' | 'expired';

export interface FakeAnthropicKey {
  readonly id: string;
  readonly value: string;
  name: string;
  status: FakeAnthropicStatus;
  readonly workspaceId: string | null;
  readonly createdAt: string;
}

export interface FakeAnthropicState extends FakeServerState {
  readonly adminKey: string;
  readonly keys: Map<string, FakeAnthropicKey>;
  /** Every key value the fake ever issued, live or not (tests look for them in logs). */
  readonly issued: ReadonlySet<string>;
  /** True while the key exists and is active. */
  isLive(apiKey: string): boolean;
  /** What an operator does in the Console: makes an active key. */
  createKeyInConsole(options?: { name?: string; workspaceId?: string }): { apiKey: string; keyId: string };
  liveKeys(): string[];
}

export interface StartFakeAnthropicOptions {
  /** Requests admitted per sliding second, over which the fake answers 429 as the provider does. @default - no limit */
  readonly ratePerSecond?: number;
  readonly adminKey?: string;
  /** Workspace of keys made without one. @default null (the default workspace) */
  readonly defaultWorkspaceId?: string | null;
}

export function anthropicError(status: number, message?: string): unknown {
  const type =
    status === 400
      ? 'invalid_request_error'
      : status === 401
        ? 'authentication_error'
        : status === 403
          ? 'permission_error'
          : status === 404
            ? 'not_found_error'
            : status === 429
              ? 'rate_limit_error'
              : status === 529
                ? 'overloaded_error'
                : 'api_error';
  return { type: 'error', error: { type, message: message ?? `HTTP ${status}` } };
}

/** The hint the Admin API shows for a key: its first 16 characters, `...`, its last 4. */
export function partialKeyHint(value: string): string {
  return `${value.slice(0, 16)}...${value.slice(-4)}`;
}

export async function startFakeAnthropic(
  options: StartFakeAnthropicOptions = {},
): Promise<FakeServer<FakeAnthropicState>> {
  const keys = new Map<string, FakeAnthropicKey>();
  const adminKey = options.adminKey ?? `sk-ant-admin01-${randomText(86)}AA`;
  const find = (value: string) => [...keys.values()].find((k) => k.value === value);
  const issued = new Set<string>();
  const base = faultState(options.ratePerSecond);
  const state: FakeAnthropicState & typeof base = Object.assign(base, {
    adminKey,
    keys,
    issued,
    isLive: (apiKey: string) => find(apiKey)?.status === 'active',
    createKeyInConsole(opts: { name?: string; workspaceId?: string } = {}) {
      const key: FakeAnthropicKey = {
        id: `apikey_${randomText(24)}`,
        value: `sk-ant-api03-${randomText(93)}AA`,
        name: opts.name ?? 'made in the Console',
        status: 'active',
        workspaceId: opts.workspaceId ?? options.defaultWorkspaceId ?? null,
        createdAt: new Date().toISOString(),
      };
      keys.set(key.id, key);
      issued.add(key.value);
      return { apiKey: key.value, keyId: key.id };
    },
    liveKeys: () => [...keys.values()].filter((k) => k.status === 'active').map((k) => k.value),
  });

  const keyObject = (k: FakeAnthropicKey) => ({
    type: 'api_key',
    id: k.id,
    created_at: k.createdAt,
    created_by: { id: 'user_01Operator', type: 'user' },
    name: k.name,
    partial_key_hint: partialKeyHint(k.value),
    status: k.status,
    workspace_id: k.workspaceId,
  });

  const route = (req: FakeRequest): FakeResponse => {
    const apiKey = req.headers['x-api-key'];
    if (typeof req.headers['anthropic-version'] !== 'string') {
      return { status: 400, body: anthropicError(400, 'anthropic-version: header is required') };
    }
    if (req.method === 'GET' && req.path === '/v1/models') {
      if (typeof apiKey !== 'string' || !state.isLive(apiKey)) {
        return { status: 401, body: anthropicError(401, 'invalid x-api-key') };
      }
      return {
        status: 200,
        body: {
          data: [
            {
              type: 'model',
              id: 'claude-sonnet-4-5',
              display_name: 'Claude Sonnet 4.5',
              created_at: '2025-09-29T00:00:00Z',
            },
          ],
          has_more: false,
          first_id: 'claude-sonnet-4-5',
          last_id: 'claude-sonnet-4-5',
        },
      };
    }
    const m = /^\/v1\/organizations\/api_keys(?:\/([^/]+))?$/.exec(req.path);
    if (!m) return { status: 404, body: anthropicError(404, 'Not found') };
    if (apiKey !== adminKey) return { status: 401, body: anthropicError(401, 'invalid x-api-key') };
    const id = m[1];
    if (!id && req.method === 'GET') {
      const status = req.query.get('status');
      const workspaceId = req.query.get('workspace_id');
      const all = [...keys.values()]
        .filter((k) => !status || k.status === status)
        .filter((k) => !workspaceId || k.workspaceId === workspaceId)
        .map(keyObject);
      const limit = Math.min(1000, Math.max(1, Number(req.query.get('limit') ?? 20)));
      const afterId = req.query.get('after_id');
      const start = afterId ? all.findIndex((k) => k.id === afterId) + 1 : 0;
      const data = all.slice(start, start + limit);
      return {
        status: 200,
        body: {
          data,
          has_more: start + limit < all.length,
          first_id: data[0]?.id ?? null,
          last_id: data.at(-1)?.id ?? null,
        },
      };
    }
    const key = id ? keys.get(id) : undefined;
    if (!key) return { status: 404, body: anthropicError(404, 'API key not found') };
    if (req.method === 'GET') return { status: 200, body: keyObject(key) };
    if (req.method === 'POST') {
      const body = (req.body ?? {}) as { status?: unknown; name?: unknown };
      if (body.status !== undefined) {
        if (body.status !== 'active' && body.status !== 'inactive' && body.status !== 'archived') {
          return { status: 400, body: anthropicError(400, 'status: invalid value') };
        }
        if (key.status === 'archived' && body.status !== 'archived') {
          return { status: 400, body: anthropicError(400, 'an archived API key cannot be changed') };
        }
        key.status = body.status;
      }
      if (typeof body.name === 'string') key.name = body.name;
      return { status: 200, body: keyObject(key) };
    }
    return { status: 404, body: anthropicError(404, 'Not found') };
  };
  return startFakeServer(state, route, (status) => anthropicError(status), anthropicRateLimited);
}
