import { type Clock, sleep } from '../clock';

/**
 * `refreshNow=true`, rate-limited. A caller asking at instant `t` gets a value from a read that started at or after
 * `t` (so a 401 is never answered with the key held before it), but the gate itself starts at most one read per
 * `cooldownMs`: concurrent and repeated callers wait for the next permitted read and share it. A hot loop of
 * refreshNow costs one GetSecretValue per cooldown, not one per request.
 */
export class RefreshGate {
  #lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly refresh: () => Promise<unknown>,
    /** When the newest completed read started. */
    private readonly latestReadStartedAt: () => number,
    private readonly cooldownMs: number,
    private readonly clock: Clock,
  ) {}

  /** Resolves once a read that started at or after `askedAt` has completed. */
  async freshSince(askedAt: number): Promise<void> {
    // Two rounds suffice (a read joined in flight may have started before askedAt); the bound guards a clock
    // that stands still.
    for (let round = 0; round < 4; round++) {
      if (this.latestReadStartedAt() >= askedAt) return;
      const wait = this.#lastStart + this.cooldownMs - this.clock.now();
      if (wait > 0) {
        await sleep(wait, this.clock);
        continue;
      }
      this.#lastStart = this.clock.now();
      await this.refresh();
    }
  }
}
