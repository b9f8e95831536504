import { randomBytes } from 'node:crypto';

/**
 * The http provider contract of local/emulator/fake-providers/http.ts (create by idempotency key, test with the key as
 * bearer, revoke by id), served by an in-memory `fetch` instead of a loopback server: the real HttpProvider runs
 * unchanged on top of it, a thousand times faster than over a socket. Faults answer 429 or 503 before the call
 * takes effect, or 503 after it did (the answer lost, the effect not).
 */

export interface MemoryKey {
  readonly id: string;
  readonly value: string;
  readonly name: string;
  readonly idempotencyKey: string | undefined;
  revoked: boolean;
  /** Set when the key was minted through the API (not made by hand as the first key). */
  readonly minted: boolean;
}

export type HttpFault = { status: 429 | 503; afterEffect?: boolean };

export class MemoryHttpProvider {
  readonly keys = new Map<string, MemoryKey>();
  readonly adminKey = `inadm_${text(40)}`;
  readonly baseUrl = 'http://provider.invalid';
  /** Faults for the next admin (POST/DELETE) calls, taken in order. */
  readonly faults: HttpFault[] = [];
  calls = 0;

  private byValue(value: string): MemoryKey | undefined {
    for (const k of this.keys.values()) if (k.value === value) return k;
    return undefined;
  }

  isLive(apiKey: string): boolean {
    const k = this.byValue(apiKey);
    return k !== undefined && !k.revoked;
  }

  /** A key made outside the API (the first one, before rekey manages it). */
  addKey(name: string): { apiKey: string; keyId: string } {
    const key: MemoryKey = {
      id: `ik_${text(16)}`,
      value: `inh_${text(40)}`,
      name,
      idempotencyKey: undefined,
      revoked: false,
      minted: false,
    };
    this.keys.set(key.id, key);
    return { apiKey: key.value, keyId: key.id };
  }

  readonly fetch: typeof fetch = async (input, init) => {
    this.calls++;
    const url = new URL(String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (method === 'GET' && url.pathname === '/whoami') {
      const key = bearer ? this.byValue(bearer) : undefined;
      if (!key || key.revoked) return json(401, { error: 'unauthorized', message: 'key not accepted' });
      return json(200, { id: key.id, name: key.name });
    }
    if (bearer !== this.adminKey) return json(401, { error: 'unauthorized', message: 'admin credential refused' });
    const fault = this.faults.shift();
    if (fault && !fault.afterEffect)
      return json(fault.status, { error: fault.status === 429 ? 'rate_limited' : 'unavailable' });
    const answer = this.route(method, url.pathname, init?.body);
    if (fault) return json(fault.status, { error: 'unavailable' });
    return answer;
  };

  private route(method: string, path: string, rawBody: unknown): Response {
    if (method === 'POST' && path === '/keys') {
      const body = JSON.parse(String(rawBody ?? '{}')) as { idempotencyKey?: string; name?: string };
      if (!body.idempotencyKey) return json(400, { error: 'bad_request', message: 'idempotencyKey is required' });
      let key = [...this.keys.values()].find((k) => k.idempotencyKey === body.idempotencyKey);
      const existed = key !== undefined;
      if (!key) {
        key = {
          id: `ik_${text(16)}`,
          value: `inh_${text(40)}`,
          name: body.name ?? 'rekey',
          idempotencyKey: body.idempotencyKey,
          revoked: false,
          minted: true,
        };
        this.keys.set(key.id, key);
      }
      return json(existed ? 200 : 201, { id: key.id, key: key.value });
    }
    const m = /^\/keys\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && m?.[1]) {
      const key = this.keys.get(decodeURIComponent(m[1]));
      if (!key || key.revoked) return json(404, { error: 'not_found', message: 'no such key' });
      key.revoked = true;
      return new Response(null, { status: 204 });
    }
    return json(404, { error: 'not_found', message: 'no such route' });
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function text(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}
