import { inspect } from 'node:util';
import { DeadKeyReports } from './dead-key-report';
import { TypedEmitter } from './emitter';
import { SecretClosedError } from './errors';
import { holdSecret } from './held-secrets';
import { LivenessRenewer } from './liveness-renewer';
import { describeError } from './logger';
import type { FleetNotification } from './notification';
import { RefreshScheduler } from './refresh-scheduler';
import { type ResolvedOptions, type RotatingSecretOptions, resolveOptions } from './rotating-secret-options';
import type { SecretSnapshot } from './secret-value';
import type { SecretSink } from './sources/types';

export type { RotatingSecretOptions } from './rotating-secret-options';

/** Emitted when the secret switches to a new version. Ids only, never the key. */
export interface RotatedEvent {
  readonly secretName: string | undefined;
  readonly versionId: string;
  readonly previousVersionId: string;
}

/** Emitted when a background refresh (notification, poll, file change) fails; the old key stays in use. */
export interface RefreshFailedEvent {
  readonly trigger: RefreshTrigger;
  readonly error: unknown;
}

export type RefreshTrigger = 'notification' | 'poll' | 'file' | 'invalid-key';

export interface RotatingSecretEvents extends Record<string, unknown> {
  rotated: RotatedEvent;
  refreshFailed: RefreshFailedEvent;
}

export interface RefreshResult {
  /** True when a new version was adopted. */
  readonly changed: boolean;
  readonly versionId: string;
}

/** How many recent version ids are remembered, so late or duplicate notifications cause no call. */
const SEEN_VERSIONS = 16;

interface Held {
  readonly snap: SecretSnapshot;
  readonly release: () => void;
}

/**
 * A key that changes under a running agent. `current()` is a synchronous read of the value in memory; push
 * sources, polling and file watches keep it fresh, and `withKey` heals the rare request that still meets a revoked
 * key. The previous value stays readable (`previous()`) for requests in flight during a switch. Current and
 * previous values are registered with the process-wide redaction registry.
 *
 * ```ts
 * const key = await RotatingSecret.open({ secretId: 'rekey/agents/support', sources: [sqsSource({ queueUrl })] });
 * const anthropic = new Anthropic({ apiKey: key.asApiKeyFunction() });
 * ```
 */
export class RotatingSecret implements SecretSink {
  /** Opens the secret: reads it once (throwing if it cannot), then starts its sources and polling. */
  static async open(options: RotatingSecretOptions): Promise<RotatingSecret> {
    const config = resolveOptions(options);
    const first = await config.loader.load();
    if (config.removeEnv !== undefined) delete process.env[config.removeEnv];
    const secret = new RotatingSecret(config, first);
    secret.#start();
    return secret;
  }

  readonly #config: ResolvedOptions;
  readonly #events: TypedEmitter<RotatingSecretEvents>;
  #current: Held;
  #previous: Held | undefined;
  readonly #seen: string[] = [];
  #inflight: Promise<RefreshResult> | undefined;
  #lastRefreshAt: number;
  /** The version found dead under this agent (refused right after a refresh returned it), while it is held. */
  #deadVersion: string | undefined;
  readonly #scheduler: RefreshScheduler;
  readonly #acks = new Set<Promise<void>>();
  readonly #liveness: LivenessRenewer | undefined;
  readonly #deadKeys: DeadKeyReports | undefined;
  #closed = false;

  private constructor(config: ResolvedOptions, first: SecretSnapshot) {
    this.#config = config;
    this.#events = new TypedEmitter((event, err) =>
      config.logger.warn({ secret: config.description, event, ...describeError(err) }, 'event listener threw'),
    );
    this.#current = { snap: first, release: holdSecret(first.value) };
    this.#lastRefreshAt = config.clock.now();
    this.#remember(first.versionId);
    this.#scheduler = new RefreshScheduler(
      {
        refresh: () => this.refresh(),
        currentVersionId: () => this.versionId,
        hasSeen: (versionId) => this.#seen.includes(versionId),
        refreshFailed: (trigger, error) => this.#failed(trigger, error),
      },
      config,
    );
    this.#deadKeys =
      config.deadKeyReporter === undefined
        ? undefined
        : new DeadKeyReports({
            reporter: config.deadKeyReporter,
            agentId: config.agentId,
            intervalMs: config.deadKeyReportIntervalMs,
            clock: config.clock,
            logger: config.logger,
            description: config.description,
          });
    this.#liveness =
      config.liveness === undefined
        ? undefined
        : new LivenessRenewer(
            { holding: () => this.#holding() },
            {
              liveness: config.liveness,
              agentId: config.agentId,
              ttlMs: config.livenessTtlMs,
              clock: config.clock,
              random: config.random,
              logger: config.logger,
              description: config.description,
            },
          );
  }

  /** The key to use now. Synchronous; no I/O. */
  current(): string {
    this.#assertOpen();
    return this.#current.snap.value;
  }

  /** The key before the last switch, still valid for requests in flight (until rekey revokes it). */
  previous(): string | undefined {
    this.#assertOpen();
    return this.#previous?.snap.value;
  }

  /** Another string field of the current version (`keyId`, `provider`, `clientId`...). */
  field(name: string): string | undefined {
    this.#assertOpen();
    return this.#current.snap.fields[name];
  }

  /** The current version's id. */
  get versionId(): string {
    return this.#current.snap.versionId;
  }

  /** The previous version's id, if a switch happened. */
  get previousVersionId(): string | undefined {
    return this.#previous?.snap.versionId;
  }

  /** The secret's name as Secrets Manager reports it; undefined for file and environment secrets. */
  get secretName(): string | undefined {
    return this.#current.snap.secretName;
  }

  /** Reads the secret now. Concurrent calls share one read. */
  refresh(): Promise<RefreshResult> {
    this.#assertOpen();
    if (this.#inflight === undefined) {
      this.#inflight = this.#load().finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  /**
   * Runs `fn` with the current key. If it fails because the key is no longer valid (see `isInvalidKeyError`),
   * refreshes once and runs it once more with the new key; any other error, and a second failure, reaches the
   * caller untouched (the same object).
   */
  async withKey<T>(fn: (key: string) => T | Promise<T>): Promise<T> {
    const used = this.current();
    try {
      return await fn(used);
    } catch (err) {
      if (!this.#config.isInvalidKeyError(err)) throw err;
      if (this.current() === used) {
        const { retryCooldownMs, deadKeyRetryCooldownMs } = this.#config;
        const cooldown =
          this.#deadVersion === this.versionId ? Math.min(retryCooldownMs, deadKeyRetryCooldownMs) : retryCooldownMs;
        if (this.#config.clock.now() - this.#lastRefreshAt >= cooldown) {
          try {
            await this.refresh();
          } catch (refreshErr) {
            this.#failed('invalid-key', refreshErr);
            throw err;
          }
        }
      }
      this.#config.logger.info(
        { secret: this.#config.description, versionId: this.versionId },
        'key was rejected; retrying once with the current key',
      );
      const retried = this.#current.snap;
      try {
        return await fn(retried.value);
      } catch (retryErr) {
        // Refused again with the key a read within the cooldown returned: the provider killed the current key.
        if (
          retried.value === used &&
          this.#config.isInvalidKeyError(retryErr) &&
          this.#config.clock.now() - this.#lastRefreshAt <= this.#config.retryCooldownMs
        ) {
          this.#deadVersion = retried.versionId;
          this.#reportDead(retried);
        }
        throw retryErr;
      }
    }
  }

  /**
   * The key as an async function, the form `@anthropic-ai/sdk` and `openai` accept for `apiKey`: the SDK calls it
   * before each request, so one client keeps working across rotations.
   */
  asApiKeyFunction(): () => Promise<string> {
    return async () => this.current();
  }

  /** Subscribes to `rotated` or `refreshFailed`; returns the unsubscribe function. */
  on<E extends keyof RotatingSecretEvents>(event: E, listener: (payload: RotatingSecretEvents[E]) => void): () => void {
    return this.#events.on(event, listener);
  }

  off<E extends keyof RotatingSecretEvents>(event: E, listener: (payload: RotatingSecretEvents[E]) => void): void {
    this.#events.off(event, listener);
  }

  /**
   * Stops every timer, poller and watcher, detaches from its sources, waits for pending acks, marks its liveness
   * record expired (so the fleet check stops counting this agent at once) and releases its values from the
   * redaction registry. `current()` throws afterwards.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#scheduler.stop();
    await Promise.all(this.#config.sources.map((s) => s.detach(this)));
    await this.#inflight?.catch(() => undefined);
    await Promise.allSettled([...this.#acks]);
    await this.#deadKeys?.idle();
    await this.#liveness?.stop();
    this.#current.release();
    this.#previous?.release();
    this.#previous = undefined;
    this.#events.clear();
  }

  /** For change sources: a fleet notification arrived. */
  notify(notification: FleetNotification): void {
    if (this.#closed) return;
    const { logger, description } = this.#config;
    const context = { secret: description, event: notification.event, versionId: notification.versionId };
    if (!this.#isMine(notification.secretName)) {
      logger.debug({ ...context, for: notification.secretName }, 'notification for another secret; ignored');
      return;
    }
    if (notification.event === 'rotated') {
      if (this.#seen.includes(notification.versionId)) {
        logger.debug(context, 'notified version already seen; no refresh');
        return;
      }
      this.#scheduler.want(notification.versionId);
    } else if (notification.event === 'revoked') {
      if (this.#previous?.snap.versionId === notification.versionId) {
        logger.info(context, 'previous version revoked; dropped');
        this.#previous.release();
        this.#previous = undefined;
      } else if (this.versionId === notification.versionId) {
        logger.warn(context, 'the version in use was revoked; looking for a new one');
        this.#scheduler.want(undefined);
      }
    }
  }

  /** For change sources: the backing store changed (a watched file); re-read now. */
  invalidate(reason: string): void {
    if (this.#closed) return;
    this.#config.logger.debug({ secret: this.#config.description, reason }, 're-reading secret');
    this.refresh().catch((err: unknown) => this.#failed('file', err));
  }

  /** Keeps key material out of JSON logs: only ids. */
  toJSON(): Record<string, unknown> {
    return { secret: this.#config.description, versionId: this.versionId, previousVersionId: this.previousVersionId };
  }

  [inspect.custom](): string {
    return `RotatingSecret ${JSON.stringify(this.toJSON())}`;
  }

  #start(): void {
    for (const source of this.#config.sources) source.attach(this);
    this.#scheduler.startPolling();
    this.#ack(this.#current.snap);
    this.#liveness?.start();
  }

  async #load(): Promise<RefreshResult> {
    const snap = await this.#config.loader.load();
    this.#lastRefreshAt = this.#config.clock.now();
    const old = this.#current.snap;
    if (this.#closed || snap.versionId === old.versionId) return { changed: false, versionId: old.versionId };
    this.#previous?.release();
    this.#previous = this.#current;
    this.#current = { snap, release: holdSecret(snap.value) };
    this.#remember(snap.versionId);
    this.#config.logger.info(
      { secret: this.#config.description, versionId: snap.versionId, previousVersionId: old.versionId },
      'switched to a new key version',
    );
    this.#events.emit('rotated', {
      secretName: snap.secretName,
      versionId: snap.versionId,
      previousVersionId: old.versionId,
    });
    this.#ack(snap);
    this.#liveness?.switched();
    return { changed: true, versionId: snap.versionId };
  }

  #ack(snap: SecretSnapshot): void {
    const { acknowledge, agentId, clock, logger, description } = this.#config;
    if (acknowledge === undefined || snap.origin !== 'secretsmanager' || snap.secretName === undefined) return;
    const ack = {
      secretName: snap.secretName,
      versionId: snap.versionId,
      agentId,
      at: new Date(clock.now()).toISOString(),
      ...(this.#liveness === undefined ? {} : { liveness: true }),
    };
    const pending: Promise<void> = Promise.resolve()
      .then(() => acknowledge(ack))
      .then(
        () => logger.debug({ secret: description, versionId: ack.versionId, agentId }, 'acknowledged version'),
        (err: unknown) =>
          logger.warn({ secret: description, versionId: ack.versionId, agentId, ...describeError(err) }, 'ack failed'),
      )
      .finally(() => this.#acks.delete(pending));
    this.#acks.add(pending);
  }

  /** Reports the held key dead (rate-limited per version), for Secrets Manager secrets with a reporter only. */
  #reportDead(snap: SecretSnapshot): void {
    if (this.#deadKeys === undefined || snap.origin !== 'secretsmanager' || snap.secretName === undefined) return;
    this.#deadKeys.report({ secretName: snap.secretName, versionId: snap.versionId, key: snap.value });
  }

  /** What a liveness record announces: the secret's Name and the version held, for Secrets Manager secrets only. */
  #holding(): { secretName: string; versionId: string } | undefined {
    const snap = this.#current.snap;
    if (snap.origin !== 'secretsmanager' || snap.secretName === undefined) return undefined;
    return { secretName: snap.secretName, versionId: snap.versionId };
  }

  #failed(trigger: RefreshTrigger, error: unknown): void {
    this.#config.logger.warn(
      { secret: this.#config.description, trigger, ...describeError(error) },
      'refresh failed; keeping the key in use',
    );
    this.#events.emit('refreshFailed', { trigger, error });
  }

  #isMine(secretName: string): boolean {
    return secretName === this.#current.snap.secretName || secretName === this.#config.secretId;
  }

  #remember(versionId: string): void {
    if (this.#seen.includes(versionId)) return;
    this.#seen.push(versionId);
    if (this.#seen.length > SEEN_VERSIONS) this.#seen.shift();
  }

  #assertOpen(): void {
    if (this.#closed) throw new SecretClosedError(`${this.#config.description} is closed`);
  }
}
