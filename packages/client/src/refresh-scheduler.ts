import { jittered, type TimerHandle } from './clock';
import type { ResolvedOptions } from './rotating-secret-options';

/** How often a notified version that is not yet current is looked for before leaving it to polling. */
const NOTIFIED_VERSION_ATTEMPTS = 3;

/** What the scheduler drives: one RotatingSecret. */
export interface RefreshTarget {
  refresh(): Promise<unknown>;
  currentVersionId(): string;
  hasSeen(versionId: string): boolean;
  refreshFailed(trigger: 'notification' | 'poll', error: unknown): void;
}

type SchedulerConfig = Pick<
  ResolvedOptions,
  'pollIntervalMs' | 'pollJitter' | 'notificationDelayMs' | 'clock' | 'random' | 'logger' | 'description'
>;

/**
 * When a RotatingSecret calls GetSecretValue: on a jittered polling interval, and after a random delay following
 * a notification, looking again (with backoff, a bounded number of times) while the notified version is not
 * current yet. Many notifications while one refresh is pending make one call.
 */
export class RefreshScheduler {
  #wanted: { versionId: string | undefined; attempts: number } | undefined;
  #notifyTimer: TimerHandle | undefined;
  #pollTimer: TimerHandle | undefined;
  #stopped = false;

  constructor(
    private readonly target: RefreshTarget,
    private readonly config: SchedulerConfig,
  ) {}

  startPolling(): void {
    const { pollIntervalMs, pollJitter, random, clock } = this.config;
    if (pollIntervalMs === 0 || this.#stopped) return;
    this.#pollTimer = clock.setTimeout(
      () => {
        this.#pollTimer = undefined;
        if (this.#stopped) return;
        this.target
          .refresh()
          .catch((err: unknown) => this.target.refreshFailed('poll', err))
          .finally(() => this.startPolling());
      },
      jittered(pollIntervalMs, pollJitter, random),
    );
  }

  /** Asks for a refresh after the notification delay; `versionId` is the version expected (undefined: any new). */
  want(versionId: string | undefined): void {
    if (this.#wanted === undefined || this.#wanted.versionId !== versionId) this.#wanted = { versionId, attempts: 0 };
    this.#scheduleNotified(this.config.random() * this.config.notificationDelayMs);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#notifyTimer !== undefined) this.config.clock.clearTimeout(this.#notifyTimer);
    if (this.#pollTimer !== undefined) this.config.clock.clearTimeout(this.#pollTimer);
    this.#notifyTimer = undefined;
    this.#pollTimer = undefined;
  }

  #scheduleNotified(delayMs: number): void {
    if (this.#notifyTimer !== undefined || this.#stopped) return;
    this.#notifyTimer = this.config.clock.setTimeout(() => {
      this.#notifyTimer = undefined;
      this.#runNotified().catch((err: unknown) => this.target.refreshFailed('notification', err));
    }, delayMs);
  }

  async #runNotified(): Promise<void> {
    if (this.#stopped) return;
    const before = this.target.currentVersionId();
    try {
      await this.target.refresh();
    } catch (err) {
      this.target.refreshFailed('notification', err);
    }
    const wanted = this.#wanted;
    if (wanted === undefined || this.#stopped) return;
    const satisfied =
      wanted.versionId === undefined
        ? this.target.currentVersionId() !== before
        : this.target.hasSeen(wanted.versionId);
    if (satisfied) {
      this.#wanted = undefined;
      return;
    }
    wanted.attempts++;
    if (wanted.attempts >= NOTIFIED_VERSION_ATTEMPTS) {
      this.config.logger.warn(
        { secret: this.config.description, versionId: wanted.versionId, attempts: wanted.attempts },
        'notified version did not become current; leaving it to polling',
      );
      this.#wanted = undefined;
      return;
    }
    this.#scheduleNotified(jittered(1000 * 2 ** wanted.attempts, 0.5, this.config.random));
  }
}
