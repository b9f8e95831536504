import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { FakeRateLimit, type RateLimitAnswer } from './rate-limit';

/**
 * The base every fake provider shares: a `node:http` server on 127.0.0.1 (port 0), a call log, and fault
 * injection (429 with Retry-After, 5xx, delays past a client's timeout, dropped connections, the Nth call).
 */

export interface Fault {
  /** Only calls with this method. @default - any */
  readonly method?: string;
  /** Only calls whose path (without query) equals this string or matches this pattern. @default - any */
  readonly path?: string | RegExp;
  /** Answer with this status instead of serving the call (the provider's documented error body). */
  readonly status?: number;
  /** `retry-after` header, in seconds (with status 429). */
  readonly retryAfter?: number;
  /** `retry-after-ms` header (with status 429). */
  readonly retryAfterMs?: number;
  /** Wait this long before answering (or before failing, with `status` or `drop`). */
  readonly delayMs?: number;
  /** Close the connection without an answer. */
  readonly drop?: boolean;
  /** Serve the call, then answer with `status` anyway (the answer is lost, the effect is not). */
  readonly afterEffect?: boolean;
  /** Apply only to the Nth matching call (1-based), counted from when the fault was added. */
  readonly nth?: number;
  /** How many matching calls it applies to (ignored with `nth`). @default Infinity */
  readonly times?: number;
}

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly at: number;
}

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FakeServerState {
  /** Every call served or failed, in order. */
  readonly calls: Call[];
  /** The provider's request rate (`rateLimit.ratePerSecond`, unlimited by default) and every arrival's time. */
  readonly rateLimit: FakeRateLimit;
  /** Calls matching a method and path (string or pattern). */
  callCount(match?: { method?: string; path?: string | RegExp }): number;
  /** Adds a fault; returns a function that removes it. */
  inject(fault: Fault): () => void;
  clearFaults(): void;
  /** Forgets the call log. */
  clearCalls(): void;
}

export interface FakeServer<S> {
  readonly url: string;
  readonly state: S;
  close(): Promise<void>;
}

interface ActiveFault {
  readonly fault: Fault;
  seen: number;
  applied: number;
}

export function faultState(
  ratePerSecond?: number,
): FakeServerState & { match(req: { method: string; path: string }): Fault | undefined } {
  const faults: ActiveFault[] = [];
  const calls: Call[] = [];
  const rateLimit = new FakeRateLimit(ratePerSecond);
  const matches = (m: { method?: string; path?: string | RegExp }, req: { method: string; path: string }) =>
    (!m.method || m.method.toUpperCase() === req.method) &&
    (!m.path || (typeof m.path === 'string' ? m.path === req.path : m.path.test(req.path)));
  return {
    calls,
    rateLimit,
    callCount: (match = {}) => calls.filter((c) => matches(match, c)).length,
    inject(fault) {
      const active: ActiveFault = { fault, seen: 0, applied: 0 };
      faults.push(active);
      return () => {
        const i = faults.indexOf(active);
        if (i >= 0) faults.splice(i, 1);
      };
    },
    clearFaults() {
      faults.length = 0;
    },
    clearCalls() {
      calls.length = 0;
    },
    match(req) {
      for (const active of faults) {
        if (!matches(active.fault, req)) continue;
        active.seen++;
        const applies =
          active.fault.nth !== undefined
            ? active.seen === active.fault.nth
            : active.applied < (active.fault.times ?? Number.POSITIVE_INFINITY);
        if (applies) {
          active.applied++;
          return active.fault;
        }
      }
      return undefined;
    },
  };
}

/**
 * Starts a fake: `route` serves a parsed request; `errorBody` shapes an injected failure the way the real
 * provider does.
 */
export async function startFakeServer<S extends FakeServerState>(
  state: S & { match(req: { method: string; path: string }): Fault | undefined },
  route: (req: FakeRequest) => FakeResponse,
  errorBody: (status: number) => unknown,
  rateLimited?: RateLimitAnswer,
): Promise<FakeServer<S>> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: errorBody(500) });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const fake: FakeRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body };
    // The provider's rate comes first: a request over it is answered 429 and neither served nor faulted.
    const retryAfterMs = state.rateLimit.admit();
    if (retryAfterMs !== undefined) {
      const answer = (rateLimited ?? defaultRateLimited(errorBody))(retryAfterMs, state.rateLimit.ratePerSecond);
      state.calls.push({ method, path: url.pathname, status: answer.status, at: Date.now() });
      send(res, answer);
      return;
    }
    const fault = state.match({ method, path: url.pathname });
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (res.destroyed) return;
    if (fault?.drop) {
      state.calls.push({ method, path: url.pathname, status: 0, at: Date.now() });
      if (fault.afterEffect) route(fake);
      req.socket.destroy();
      return;
    }
    if (fault?.status && !fault.afterEffect) {
      state.calls.push({ method, path: url.pathname, status: fault.status, at: Date.now() });
      send(res, { status: fault.status, body: errorBody(fault.status), headers: retryHeaders(fault) });
      return;
    }
    const answer = route(fake);
    if (fault?.status) {
      state.calls.push({ method, path: url.pathname, status: fault.status, at: Date.now() });
      send(res, { status: fault.status, body: errorBody(fault.status), headers: retryHeaders(fault) });
      return;
    }
    state.calls.push({ method, path: url.pathname, status: answer.status, at: Date.now() });
    send(res, answer);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function defaultRateLimited(errorBody: (status: number) => unknown): RateLimitAnswer {
  return (retryAfterMs) => ({
    status: 429,
    body: errorBody(429),
    headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1_000))) },
  });
}

function retryHeaders(fault: Fault): Record<string, string> {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  return headers;
}

function send(res: ServerResponse, answer: FakeResponse): void {
  if (res.destroyed) return;
  const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...(payload ? { 'content-type': 'application/json' } : {}),
    ...answer.headers,
  });
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random base62 text, for key values and ids. */
export function randomText(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** The bearer token of a request, if any. */
export function bearer(headers: IncomingMessage['headers']): string | undefined {
  const value = headers.authorization;
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice('Bearer '.length) : undefined;
}
