import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * CPU seconds so far of this process and of each of its moto_server children (from /proc; none where it cannot be
 * read), the children by pid.
 */
function cpuSeconds(): { node: number; moto: Map<string, number> } {
  const usage = process.cpuUsage();
  const moto = new Map<string, number>();
  try {
    const pids = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'moto_server'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    for (const pid of pids) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second on Linux).
      moto.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    // no pgrep or no moto child: moto's share is left out
  }
  return { node: (usage.user + usage.system) / 1e6, moto };
}

/**
 * How busy this process and moto were from this call to `stop`: each one's CPU time over the wall time, moto's
 * processes added up and, where there are several (DynamoDB in its own), each one's too.
 */
export function cpuShare(): { stop(): string } {
  const t0 = performance.now();
  const c0 = cpuSeconds();
  return {
    stop() {
      const wall = (performance.now() - t0) / 1000;
      const c1 = cpuSeconds();
      const pct = (s: number) => `${((s / wall) * 100).toFixed(0)} %`;
      const each = [...c1.moto].map(([pid, s]) => s - (c0.moto.get(pid) ?? 0));
      const total = each.reduce((a, b) => a + b, 0);
      const split = each.length > 1 ? ` (${each.length} processes: ${each.map(pct).join(', ')})` : '';
      return `node ${pct(c1.node - c0.node)} of a CPU, moto ${pct(total)}${split} over ${wall.toFixed(1)} s`;
    },
  };
}

/**
 * A CPU profile of this Node process over one phase of a bench, when REKEY_BENCH_CPU_PROFILE names a file
 * (`.cpuprofile`, for Chrome's DevTools or `npx speedscope`); otherwise nothing. `stop` writes the profile and
 * answers where the phase's self time went: the 15 busiest functions and the 12 busiest packages or folders.
 */
export async function profilePhase(label: string): Promise<{ stop(): Promise<string[]> }> {
  const file = process.env.REKEY_BENCH_CPU_PROFILE;
  if (!file) return { stop: async () => [] };
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  let stopped = false;
  return {
    async stop() {
      if (stopped) return [];
      stopped = true;
      const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return [`  CPU profile of this process (${label}) in ${file}:`, ...summarize(profile)];
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function and per file, from the profile's samples. */
function summarize(profile: CpuProfile): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id);
    if (!frame) return;
    total += dt;
    // Paths from the repository's root, and packages by name (`@smithy/core/…`).
    const path = frame.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
    const file = path.replace(/^.*node_modules\//, '') || `(${frame.functionName || 'native'})`;
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + dt);
    const group = file.startsWith('@') ? file.split('/').slice(0, 2).join('/') : (file.split('/')[0] ?? file);
    files.set(group, (files.get(group) ?? 0) + dt);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `    ${((v / total) * 100).toFixed(1)} % ${k}`);
  return [
    `  sampled ${(total / 1e6).toFixed(1)} s of CPU; by self time, functions:`,
    ...top(fns, 15),
    '  by package or folder:',
    ...top(files, 12),
  ];
}
