import { httpRateLimited } from './rate-limit';
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
 * A fake in-house key service speaking rekey's http provider contract (docs/providers.md): create by
 * idempotency key, test with the key as bearer, revoke by id.
 */

export interface FakeHttpKey {
  readonly id: string;
  readonly value: string;
  readonly name: string;
  readonly idempotencyKey: string | undefined;
  revoked: boolean;
}

export interface FakeHttpState extends FakeServerState {
  readonly adminKey: string;
  readonly keys: Map<string, FakeHttpKey>;
  /** Every key value the fake ever issued, live or not (tests look for them in logs). */
  readonly issued: ReadonlySet<string>;
  isLive(apiKey: string): boolean;
  /** Makes a key outside the API (the first one, before rekey manages it). */
  addKey(name?: string): { apiKey: string; keyId: string };
  liveKeys(): string[];
}

export interface StartFakeHttpOptions {
  /** Requests admitted per sliding second, over which the fake answers 429 as the provider does. @default - no limit */
  readonly ratePerSecond?: number;
  readonly adminKey?: string;
  /** @default "/keys" */
  readonly createPath?: string;
  /** @default "/whoami" */
  readonly testPath?: string;
  /** `{keyId}` marks the id. @default "/keys/{keyId}" */
  readonly revokePath?: string;
}

export function httpError(status: number, message?: string): unknown {
  const error =
    status === 401
      ? 'unauthorized'
      : status === 404
        ? 'not_found'
        : status === 429
          ? 'rate_limited'
          : status >= 500
            ? 'unavailable'
            : 'bad_request';
  return { error, message: message ?? `HTTP ${status}` };
}

export async function startFakeHttpProvider(options: StartFakeHttpOptions = {}): Promise<FakeServer<FakeHttpState>> {
  const keys = new Map<string, FakeHttpKey>();
  const adminKey = options.adminKey ?? `inadm_${randomText(40)}`;
  const createPath = options.createPath ?? '/keys';
  const testPath = options.testPath ?? '/whoami';
  const [revokeHead = '', revokeTail = ''] = (options.revokePath ?? '/keys/{keyId}').split('{keyId}');
  const find = (value: string) => [...keys.values()].find((k) => k.value === value);
  const mint = (name: string, idempotencyKey?: string): FakeHttpKey => {
    const key = { id: `ik_${randomText(16)}`, value: `inh_${randomText(40)}`, name, idempotencyKey, revoked: false };
    keys.set(key.id, key);
    issued.add(key.value);
    return key;
  };
  const issued = new Set<string>();
  const base = faultState(options.ratePerSecond);
  const state: FakeHttpState & typeof base = Object.assign(base, {
    adminKey,
    keys,
    issued,
    isLive: (apiKey: string) => {
      const key = find(apiKey);
      return key !== undefined && !key.revoked;
    },
    addKey(name = 'made by hand') {
      const key = mint(name);
      return { apiKey: key.value, keyId: key.id };
    },
    liveKeys: () => [...keys.values()].filter((k) => !k.revoked).map((k) => k.value),
  });

  const route = (req: FakeRequest): FakeResponse => {
    if (req.method === 'GET' && req.path === testPath) {
      const key = find(bearer(req.headers) ?? '');
      if (!key || key.revoked) return { status: 401, body: httpError(401, 'key not accepted') };
      return { status: 200, body: { id: key.id, name: key.name } };
    }
    if (bearer(req.headers) !== adminKey) return { status: 401, body: httpError(401, 'admin credential refused') };
    if (req.method === 'POST' && req.path === createPath) {
      const body = (req.body ?? {}) as { idempotencyKey?: unknown; name?: unknown };
      if (typeof body.idempotencyKey !== 'string' || !body.idempotencyKey) {
        return { status: 400, body: httpError(400, 'idempotencyKey is required') };
      }
      const existing = [...keys.values()].find((k) => k.idempotencyKey === body.idempotencyKey);
      const key = existing ?? mint(typeof body.name === 'string' ? body.name : 'rekey', body.idempotencyKey);
      return { status: existing ? 200 : 201, body: { id: key.id, key: key.value } };
    }
    if (
      req.method === 'DELETE' &&
      req.path.startsWith(revokeHead) &&
      req.path.endsWith(revokeTail) &&
      req.path.length > revokeHead.length + revokeTail.length
    ) {
      const id = decodeURIComponent(req.path.slice(revokeHead.length, req.path.length - revokeTail.length));
      const key = keys.get(id);
      if (!key || key.revoked) return { status: 404, body: httpError(404, 'no such key') };
      key.revoked = true;
      return { status: 204 };
    }
    return { status: 404, body: httpError(404, 'no such route') };
  };
  return startFakeServer(state, route, (status) => httpError(status), httpRateLimited);
}
