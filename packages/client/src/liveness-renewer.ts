import { type Clock, jittered, type Random, type TimerHandle } from './clock';
import type { Liveness, LivenessRecord } from './liveness';
import { type ClientLogger, describeError } from './logger';

/** What the renewer reads from its RotatingSecret at each write: the version held now. */
export interface LivenessSubject {
  /** The secret's Name and the version held now; undefined when there is nothing to announce (a file or env secret). */
  holding(): { readonly secretName: string; readonly versionId: string } | undefined;
}

export interface LivenessRenewerConfig {
  readonly liveness: Liveness;
  readonly agentId: string;
  readonly ttlMs: number;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: ClientLogger;
  readonly description: string;
}

/** Spread of each renewal interval (±10%), so a fleet started together does not renew together. */
const RENEW_JITTER = 0.1;

/**
 * Keeps one agent's liveness record fresh: writes it at `start()` and at each `switched()`, renews it every `ttlMs / 3`
 * (jittered), and at `stop()` writes it expired. Writes are sent one at a time, each with the version held when it is
 * sent, so a renewal that was in flight at a switch never overwrites the newer version. A failed write is logged
 * (once per run of failures, ids and the redacted error only) and never thrown; the next renewal tries again.
 */
export class LivenessRenewer {
  #timer: TimerHandle | undefined;
  #queue: Promise<void> = Promise.resolve();
  #failing = false;
  #stopped = false;

  constructor(
    private readonly subject: LivenessSubject,
    private readonly config: LivenessRenewerConfig,
  ) {}

  /** Announces the agent now and starts the renewal timer. */
  start(): void {
    this.#write('announce');
  }

  /** The agent switched version: announce the new one now. */
  switched(): void {
    if (!this.#stopped) this.#write('switch');
  }

  /** Stops renewing and marks the record expired; resolves once that write settled. */
  async stop(): Promise<void> {
    if (this.#stopped) return this.#queue;
    this.#stopped = true;
    if (this.#timer !== undefined) this.config.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#enqueue('expire');
    return this.#queue;
  }

  #write(reason: 'announce' | 'switch' | 'renew'): void {
    this.#enqueue(reason);
    this.#schedule();
  }

  #schedule(): void {
    const { clock, ttlMs, random } = this.config;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);
    this.#timer = clock.setTimeout(
      () => {
        this.#timer = undefined;
        if (!this.#stopped) this.#write('renew');
      },
      jittered(ttlMs / 3, RENEW_JITTER, random),
    );
  }

  #enqueue(reason: 'announce' | 'switch' | 'renew' | 'expire'): void {
    this.#queue = this.#queue.then(() => this.#send(reason));
  }

  async #send(reason: 'announce' | 'switch' | 'renew' | 'expire'): Promise<void> {
    const { liveness, agentId, clock, ttlMs, logger, description } = this.config;
    const held = this.subject.holding();
    if (held === undefined) return;
    const now = clock.now();
    const record: LivenessRecord = {
      secretName: held.secretName,
      agentId,
      versionId: held.versionId,
      renewedAt: new Date(now).toISOString(),
      // Expired: the second the agent closed (the fleet check wants expiresAt in the future). Live: rounded up.
      expiresAt: reason === 'expire' ? Math.floor(now / 1000) : Math.ceil((now + ttlMs) / 1000),
    };
    const context = { secret: description, agentId, versionId: held.versionId, reason };
    try {
      await Promise.resolve().then(() => liveness(record));
      if (this.#failing) logger.info(context, 'liveness renewed again');
      else logger.debug(context, 'liveness written');
      this.#failing = false;
    } catch (err) {
      if (this.#failing) logger.debug({ ...context, ...describeError(err) }, 'liveness write failed');
      else logger.warn({ ...context, ...describeError(err) }, 'liveness write failed');
      this.#failing = true;
    }
  }
}
