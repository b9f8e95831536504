import { cpus } from 'node:os';

/** The line every benchmark prints with its figures: Node version, CPU, date and the parameters it ran with. */
export function conditions(parameters: Record<string, unknown>): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const params = Object.entries(parameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `node ${process.version}, ${cpus().length} x ${cpu}, ${process.platform}/${process.arch}, ${new Date().toISOString()}; ${params}`;
}

/** p50/p95/p99/max of a sample, in its own unit. */
export function percentiles(values: readonly number[]): {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.at(-1) ?? Number.NaN };
}

export const ms = (v: number): string => `${Math.round(v)} ms`;
