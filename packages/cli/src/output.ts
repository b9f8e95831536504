import { redact } from '../../client/src/redact';

/**
 * Where a command writes. `out` is the command's result (stdout: tables, JSON, progress of the operation it runs);
 * `err` is diagnostics and prompts (stderr), so `--json` output stays clean for scripts.
 */
export interface OutputWriter {
  out(text: string): void;
  err(text: string): void;
}

/** A writer that keeps every line (tests, and callers that want the text). */
export interface MemoryWriter extends OutputWriter {
  readonly stdout: string[];
  readonly stderr: string[];
  /** Everything written, stdout then stderr, one line each. */
  text(): string;
}

export function memoryWriter(): MemoryWriter {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    text: () => [...stdout, ...stderr].join('\n'),
  };
}

/**
 * The terminal writer `rekey` uses. Every line passes through the client's redactor first (known key shapes and
 * every value this process holds, such as the key `rekey put` read): commands never print key material, and this
 * is the second lock on that door.
 */
export function consoleWriter(
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): OutputWriter {
  return {
    out: (text) => streams.stdout.write(`${redact(text)}\n`),
    err: (text) => streams.stderr.write(`${redact(text)}\n`),
  };
}

/** Lays out rows under headers, columns padded to their widest cell. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** A duration as an operator reads it: `45s`, `12m`, `3h 20m`, `4d 2h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d}d` : `${d}d ${h % 24}h`;
}

/** A time in UTC to the minute, `2026-11-25 08:40Z`; with `now`, dates within the day show only `08:40Z`. */
export function formatTime(at: Date, now?: Date): string {
  const iso = at.toISOString();
  const day = iso.slice(0, 10);
  const time = `${iso.slice(11, 16)}Z`;
  return now && now.toISOString().slice(0, 10) === day ? time : `${day} ${time}`;
}

/** `in 5m` / `5m ago`. */
export function relative(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}

/** The first 8 characters of a version id: enough to tell versions apart in a table. */
export function shortId(versionId: string | undefined): string {
  return versionId ? versionId.slice(0, 8) : '-';
}

/** A progress printer: each step once, with the time since `startedAt`: `  ✓ new key tested            1.2s`. */
export function progress(writer: OutputWriter, startedAt: number = Date.now()): (id: string, text: string) => void {
  const seen = new Set<string>();
  return (id, text) => {
    if (seen.has(id)) return;
    seen.add(id);
    writer.out(`  ✓ ${text.padEnd(44)} ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
  };
}
