/** One moment of the rehearsal. */
export interface TimelineEntry {
  /** Milliseconds since the rehearsal began. */
  readonly t: number;
  readonly phase: string;
  readonly text: string;
}

/**
 * The rehearsal's clock and log: every step with its time since the start, printed as it happens (unless quiet)
 * and kept for the report. Entries carry ids, versions and fingerprints' prefixes, never key material.
 */
export class Timeline {
  readonly entries: TimelineEntry[] = [];
  readonly startedAt = Date.now();
  private phase = 'setup';

  constructor(private readonly write: ((line: string) => void) | undefined) {}

  now(): number {
    return Date.now() - this.startedAt;
  }

  section(phase: string, title: string): void {
    this.phase = phase;
    this.write?.(`\n${title}`);
  }

  log(text: string): void {
    const entry = { t: this.now(), phase: this.phase, text };
    this.entries.push(entry);
    this.write?.(`  ${formatSeconds(entry.t).padStart(8)}  ${text}`);
  }
}

export function formatSeconds(ms: number): string {
  return `+${(ms / 1000).toFixed(2)}s`;
}

/** A short, safe label for a version id. */
export function shortVersion(versionId: string | undefined): string {
  return versionId ? versionId.slice(0, 8) : '(none)';
}
