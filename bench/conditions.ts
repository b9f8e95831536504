import { cpus, loadavg } from 'node:os';
import type { LocalEnvironment } from '../local/emulator/environment';

// The machine is shared: the load average is sampled from the start of the script to its conditions line.
const loadSamples: number[] = [loadavg()[0] ?? 0];
setInterval(() => loadSamples.push(loadavg()[0] ?? 0), 5_000).unref();

/** The 1-minute load average now, and its range over the run (sampled every 5 s since the script started). */
export function loadLine(): string {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  const lo = Math.min(...loadSamples, one);
  const hi = Math.max(...loadSamples, one);
  return `load average ${one.toFixed(2)} ${five.toFixed(2)} ${fifteen.toFixed(2)} at the end (1-min ${lo.toFixed(1)} to ${hi.toFixed(1)} during the run, ${cpus().length} CPUs, shared machine)`;
}

/**
 * What AWS's rules did at the local endpoint: IAM checks allowed and refused, calls throttled and the busiest quota
 * (peak calls admitted in any 1 s window against its rate). Every bench stack enforces IAM (each function as its
 * role, agents under their fleet's policy, the operator under its policy), Lambda timeouts, payload limits, reserved
 * concurrency and the service quotas (local/emulator/iam/enforcing-gateway.ts `localGuard`, local/emulator/lambda/invoke.ts).
 */
export function rulesLine(env: LocalEnvironment): string {
  const peaks = env.quotas.peaks();
  const throttled = peaks.reduce((n, p) => n + p.throttled, 0);
  const busiest = peaks
    .filter((p) => Number.isFinite(p.rate) && p.rate > 0 && p.admitted > 0)
    .sort((a, b) => b.peak / b.rate - a.peak / a.rate)[0];
  const throttledBy = peaks
    .filter((p) => p.throttled > 0)
    .map((p) => `${p.quota} ${p.throttled}`)
    .join(', ');
  return (
    `IAM/timeouts/quotas enforced: IAM ${env.deployment.iam.usage.length} allowed / ${env.deployment.iam.denials.length} refused; ` +
    `${throttled} calls throttled${throttledBy ? ` (${throttledBy})` : ''}; ` +
    `busiest quota ${busiest ? `${busiest.quota} peak ${busiest.peak} in 1 s (quota ${busiest.rate}/s)` : 'none'}`
  );
}

/**
 * The line every benchmark prints with its figures: Node version, CPU, date, the load average, whether AWS's rules
 * were enforced (a local stack's environment, or none for benches that run no stack) and the parameters.
 */
export function conditions(parameters: Record<string, unknown>, env?: LocalEnvironment): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const params = Object.entries(parameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const rules = env ? rulesLine(env) : 'no local stack (IAM/timeouts/quotas: not applicable)';
  return `node ${process.version}, ${cpus().length} x ${cpu}, ${process.platform}/${process.arch}, ${new Date().toISOString()}; ${loadLine()}; ${rules}; ${params}`;
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
