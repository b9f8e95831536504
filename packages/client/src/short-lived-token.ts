import { type Clock, systemClock } from './clock';
import { ClientConfigError, InvalidClientError, SecretClosedError, TokenEndpointError } from './errors';
import { holdSecret } from './held-secrets';
import { isInvalidKeyError } from './invalid-key';
import { type ClientLogger, silentLogger } from './logger';

/** What ShortLivedToken needs from its client secret; a RotatingSecret is one. */
export interface ClientSecretSource {
  current(): string;
  field(name: string): string | undefined;
  refresh(): Promise<unknown>;
}

export interface ShortLivedTokenOptions {
  /** The OAuth2 token endpoint. */
  readonly tokenUrl: string;
  /** The client secret, e.g. `await RotatingSecret.open({ secretId, field: 'clientSecret' })`. */
  readonly clientSecret: ClientSecretSource;
  /**
   * The OAuth2 client id.
   * @default - the `clientIdField` field of the client secret's current version
   */
  readonly clientId?: string;
  /**
   * Field of the client secret that holds the client id, when `clientId` is not given.
   * @default 'clientId'
   */
  readonly clientIdField?: string;
  /** @default - no scope parameter */
  readonly scope?: string;
  /** Extra form parameters (`audience`, `resource`...). @default - none */
  readonly extraParams?: Readonly<Record<string, string>>;
  /**
   * Refresh this long before the token expires (capped at half its lifetime, so short tokens are still reused).
   * @default 60_000
   */
  readonly skewMs?: number;
  /**
   * Lifetime assumed when the endpoint omits `expires_in`.
   * @default 300_000
   */
  readonly defaultLifetimeMs?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default - the system clock */
  readonly clock?: Pick<Clock, 'now'>;
  /** @default - silent */
  readonly logger?: ClientLogger;
}

interface Cached {
  readonly token: string;
  readonly refreshAt: number;
  readonly release: () => void;
}

/**
 * An OAuth2 client-credentials access token: fetched with `client_id` and `client_secret` (form-encoded POST),
 * reused until shortly before it expires, refreshed by one request however many callers wait, and, when the
 * endpoint answers `invalid_client` (the client secret rotated), fetched once more after refreshing the client
 * secret.
 */
export class ShortLivedToken {
  readonly #options: ShortLivedTokenOptions;
  readonly #fetch: typeof fetch;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #logger: ClientLogger;
  #cached: Cached | undefined;
  #inflight: Promise<string> | undefined;
  #closed = false;

  constructor(options: ShortLivedTokenOptions) {
    if (options.skewMs !== undefined && !(options.skewMs >= 0)) {
      throw new ClientConfigError(`skewMs must be at least 0, got ${options.skewMs}`);
    }
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
  }

  /** A valid access token: the cached one, or a new one when it is (nearly) expired. */
  async get(): Promise<string> {
    if (this.#closed) throw new SecretClosedError(`token for ${this.#options.tokenUrl} is closed`);
    const cached = this.#cached;
    if (cached !== undefined && this.#clock.now() < cached.refreshAt) return cached.token;
    if (this.#inflight === undefined) {
      this.#inflight = this.#obtain().finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  /** Forgets the cached token (for example after the API rejected it). */
  invalidate(): void {
    this.#cached?.release();
    this.#cached = undefined;
  }

  /** Runs `fn` with a token; if the API rejects it (401), gets a new one and runs `fn` once more. */
  async withToken<T>(fn: (token: string) => T | Promise<T>): Promise<T> {
    const token = await this.get();
    try {
      return await fn(token);
    } catch (err) {
      if (!isInvalidKeyError(err)) throw err;
      if (this.#cached?.token === token) this.invalidate();
      return await fn(await this.get());
    }
  }

  /** The token as an async function, the `apiKey` form the Anthropic and OpenAI SDKs accept. */
  asApiKeyFunction(): () => Promise<string> {
    return () => this.get();
  }

  /** Drops the token and releases it from the redaction registry. */
  close(): void {
    this.#closed = true;
    this.invalidate();
  }

  async #obtain(): Promise<string> {
    try {
      return await this.#request();
    } catch (err) {
      if (!(err instanceof InvalidClientError)) throw err;
      this.#logger.info({ tokenUrl: this.#options.tokenUrl }, 'invalid_client; refreshing the client secret');
      await this.#options.clientSecret.refresh();
      return await this.#request();
    }
  }

  async #request(): Promise<string> {
    const o = this.#options;
    const secret = o.clientSecret;
    const clientId = o.clientId ?? secret.field(o.clientIdField ?? 'clientId');
    if (clientId === undefined) {
      throw new ClientConfigError(
        `clientId is not set and the client secret has no "${o.clientIdField ?? 'clientId'}" field`,
      );
    }
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId });
    form.set('client_secret', secret.current());
    if (o.scope !== undefined) form.set('scope', o.scope);
    for (const [k, v] of Object.entries(o.extraParams ?? {})) form.set(k, v);

    const sentAt = this.#clock.now();
    let res: Response;
    try {
      res = await this.#fetch(o.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      });
    } catch (err) {
      throw new TokenEndpointError(`token request to ${o.tokenUrl} failed`, { cause: err });
    }
    const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!res.ok) {
      const oauthError = typeof body?.error === 'string' ? body.error : undefined;
      const message = `token endpoint ${o.tokenUrl} answered ${res.status}${oauthError ? ` (${oauthError})` : ''}`;
      if (oauthError === 'invalid_client' || (res.status === 401 && oauthError === undefined))
        throw new InvalidClientError(message, { status: res.status });
      throw new TokenEndpointError(message, { status: res.status, oauthError });
    }
    const token = body?.access_token;
    if (typeof token !== 'string' || token.length === 0) {
      throw new TokenEndpointError(`token endpoint ${o.tokenUrl} answered without an access_token`, {
        status: res.status,
      });
    }
    const lifetime =
      typeof body?.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in * 1000
        : (o.defaultLifetimeMs ?? 300_000);
    const skew = Math.min(o.skewMs ?? 60_000, lifetime / 2);
    this.#cached?.release();
    this.#cached = { token, refreshAt: sentAt + lifetime - skew, release: holdSecret(token) };
    if (this.#closed) this.invalidate();
    return token;
  }
}
