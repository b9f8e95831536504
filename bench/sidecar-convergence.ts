// Sidecar fleet convergence: S `rekey agent` sidecars (child processes, bench/sidecar-process.ts), each with its
// own fleet queue and signing as that fleet's agent principal, each serving A agent request loops (HTTP GET
// /secretsmanager/get every INTERVAL ms, keep-alive, as code written for the AWS agent does, run in the sidecar's
// process so the local stack's process does only AWS's work). A scheduled rotation
// finishes; from the instant AWSCURRENT moves, how long until each of the S*A agents is served the new version
// (p50/p99/max), and how many GetSecretValue calls each sidecar made for that rotation. Targets: p99 <= 1 s, <= 1
// call per sidecar. A loop sees a switch up to INTERVAL ms late, which is included in the figures; times are
// wall-clock (Date.now) across processes on one machine.
// Run: npx tsx bench/sidecar-convergence.ts [sidecars agentsPerSidecar intervalMs rotations]
import '../local/rehearsal/quiet';
import { type ChildProcess, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { DescribeSecretCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { conditions, ms, percentiles } from './conditions';
import { startBenchStack } from './stack';

const SIDECARS = Number(process.argv[2] ?? 10);
const AGENTS_PER_SIDECAR = Number(process.argv[3] ?? 100);
const INTERVAL_MS = Number(process.argv[4] ?? 200);
const ROTATIONS = Number(process.argv[5] ?? 3);
const NOTIFICATION_DELAY_MS = 250;
// The fleet's processes run at this nice value: in AWS the fleet's CPUs are not the service's, and here the local
// stack (gateway, IAM, handlers) shares 2 CPUs with 1,000 agent loops. 0 runs them at the stack's priority.
const CHILD_NICE = Number(process.env.BENCH_CHILD_NICE ?? 10);
const TOKEN = 'bench-token';
/** The convergence path, stage by stage. */
const STAGES = {
  publish: 'AWSCURRENT moved → `rotated` published',
  deliver: 'published → a sidecar ReceiveMessage returns it',
  jitter: 'received → GetSecretValue starts (notification jitter)',
  read: 'GetSecretValue',
  agents: 'read → the last of its agents served the new version',
};

interface SidecarChild {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly lines: Interface;
  next(): Promise<Record<string, unknown>>;
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function startChild(env: NodeJS.ProcessEnv, secretId: string, queueUrl: string): Promise<SidecarChild> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sidecar-process.ts'), secretId, queueUrl], {
    cwd: join(__dirname, '..'),
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (CHILD_NICE && proc.pid) setPriority(proc.pid, CHILD_NICE);
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  const queue: Record<string, unknown>[] = [];
  const waiters: { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }[] = [];
  let exited: Error | undefined;
  proc.once('exit', (code) => {
    exited = new Error(`sidecar exited with ${code}`);
    for (const w of waiters.splice(0)) w.reject(exited);
  });
  lines.on('line', (line) => {
    const value = JSON.parse(line) as Record<string, unknown>;
    const w = waiters.shift();
    if (w) w.resolve(value);
    else queue.push(value);
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const v = queue.shift();
      if (v) return resolve(v);
      if (exited) return reject(exited);
      waiters.push({ resolve, reject });
    });
  const first = await next();
  return { proc, url: String(first.url), lines, next };
}

async function main(): Promise<void> {
  const fleets = Array.from({ length: SIDECARS }, (_, i) => `bench-${i}`);
  const stack = await startBenchStack(1, {
    config: {
      keys: [{ name: 'bench/key-0', provider: 'generated', fleets }],
      fleets: fleets.map((name) => ({ name })),
      verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 1, maxRounds: 1, deleteGraceSeconds: 0 },
    },
  });
  const { env } = stack;
  const { deployment } = env;
  const secretId = stack.secretNames[0] as string;
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|REKEY_)/.test(k)) base[k] = v;
  const children: SidecarChild[] = [];
  const results: string[] = [];
  try {
    for (const fleet of fleets) {
      const credentials = env.agentCredentials(fleet);
      const queueUrl = (deployment.fleetQueueUrls[fleet] ?? '').split(deployment.endpoint).join(env.endpoint);
      children.push(
        await startChild(
          {
            ...base,
            AWS_ENDPOINT_URL: env.endpoint,
            AWS_REGION: deployment.region,
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
            AWS_EC2_METADATA_DISABLED: 'true',
            BENCH_TOKEN: TOKEN,
            BENCH_NOTIFICATION_DELAY_MS: String(NOTIFICATION_DELAY_MS),
            BENCH_AGENTS: String(AGENTS_PER_SIDECAR),
            BENCH_INTERVAL_MS: String(INTERVAL_MS),
          },
          secretId,
          queueUrl,
        ),
      );
    }
    await sleep(3000);

    interface Report {
      readonly reads: number;
      readonly failed: number;
      readonly switches: Record<string, number[]>;
      /** When a ReceiveMessage answered with messages. */
      readonly received: number[];
      /** When each GetSecretValue began and ended. */
      readonly fetches: { startedAt: number; endedAt: number }[];
    }
    const report = async () =>
      Promise.all(
        children.map(async (c) => {
          c.proc.stdin?.write('report\n');
          return (await c.next()) as unknown as Report;
        }),
      );
    const total = SIDECARS * AGENTS_PER_SIDECAR;
    let failed = 0;
    const publishes = () => env.apiCalls.get('sns.Publish') ?? 0;
    const all: number[] = [];
    const perSidecarCalls: number[] = [];
    const stages: Record<string, number[]> = { publish: [], deliver: [], jitter: [], read: [], agents: [] };
    let converged = 0;
    for (let r = 0; r < ROTATIONS; r++) {
      await env.idle();
      const readsBefore = (await report()).map((r) => r.reads);
      const labels =
        (await env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ??
        {};
      const oldCurrent = Object.entries(labels).find(([, s]) => s.includes('AWSCURRENT'))?.[0] ?? '';
      const publishesBefore = publishes();
      await env.secretsManager.send(new RotateSecretCommand({ SecretId: secretId, RotateImmediately: true }));
      // When the fleet notification went out (rekey's finishSecret publishes right after moving AWSCURRENT).
      let publishedAt = 0;
      const watching = (async () => {
        const until = Date.now() + 120_000;
        while (publishedAt === 0 && Date.now() < until) {
          if (publishes() > publishesBefore) publishedAt = Date.now();
          else await sleep(2);
        }
      })();
      let t0 = 0;
      let newCurrent = '';
      for (;;) {
        const now =
          (await env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ??
          {};
        newCurrent = Object.entries(now).find(([, s]) => s.includes('AWSCURRENT'))?.[0] ?? '';
        if (newCurrent !== oldCurrent) {
          t0 = Date.now();
          break;
        }
        await sleep(2);
      }
      const deadline = Date.now() + 60_000;
      let reports: Report[] = [];
      for (;;) {
        reports = await report();
        const switched = reports.reduce((n, x) => n + (x.switches[newCurrent]?.length ?? 0), 0);
        if (switched >= total || Date.now() > deadline) break;
        await sleep(100);
      }
      const done = reports.flatMap((x) => x.switches[newCurrent] ?? []).map((t) => Math.max(0, t - t0));
      converged += done.length;
      all.push(...done);
      await sleep(500);
      const after = await report();
      const readsAfter = after.map((x) => x.reads);
      failed = after.reduce((n, x) => n + x.failed, 0);
      await watching;
      // Where the time went, per sidecar: publish → SQS → ReceiveMessage → jitter → GetSecretValue → its agents.
      const breakdown = after.map((x) => {
        const receivedAt = x.received.find((t) => t >= (publishedAt || t0));
        const fetch = x.fetches.find((f) => f.startedAt >= (receivedAt ?? t0));
        const served = x.switches[newCurrent] ?? [];
        return { receivedAt, fetch, lastServed: served.length ? Math.max(...served) : undefined };
      });
      if (publishedAt) stages.publish?.push(publishedAt - t0);
      for (const b of breakdown) {
        if (b.receivedAt && publishedAt) stages.deliver?.push(b.receivedAt - publishedAt);
        if (b.receivedAt && b.fetch) stages.jitter?.push(b.fetch.startedAt - b.receivedAt);
        if (b.fetch) stages.read?.push(b.fetch.endedAt - b.fetch.startedAt);
        if (b.fetch && b.lastServed) stages.agents?.push(b.lastServed - b.fetch.endedAt);
      }
      perSidecarCalls.push(...readsAfter.map((n, i) => n - (readsBefore[i] ?? 0)));
      const p = percentiles(done);
      results.push(
        `rotation ${r + 1}: ${done.length}/${total} agents on the new key; p50 ${ms(p.p50)}, p99 ${ms(p.p99)}, max ${ms(p.max)} after AWSCURRENT moved (fleet notification published ${publishedAt ? ms(publishedAt - t0) : 'before it moved'} after); GetSecretValue per sidecar: ${readsAfter.map((n, i) => n - (readsBefore[i] ?? 0)).join(' ')}`,
      );
    }
    const p = percentiles(all);
    const calls = percentiles(perSidecarCalls);
    results.push(
      `all ${ROTATIONS} rotations: ${converged}/${total * ROTATIONS} agent-switches; convergence p50 ${ms(p.p50)}, p99 ${ms(p.p99)}, max ${ms(p.max)} (target p99 <= 1000 ms); GetSecretValue per rotation per sidecar: max ${calls.max}, p50 ${calls.p50} (target <= 1); failed agent requests ${failed}`,
      `breakdown (p50 / max over sidecars and rotations): ${Object.entries(STAGES)
        .map(([stage, label]) => {
          const q = percentiles(stages[stage] ?? []);
          return `${label} ${ms(q.p50)} / ${ms(q.max)}`;
        })
        .join('; ')}`,
    );
  } finally {
    for (const c of children) c.proc.stdin?.end();
    await Promise.all(
      children.map((c) => new Promise((r) => (c.proc.exitCode !== null ? r(null) : c.proc.once('exit', r)))),
    );
    await stack.stop();
  }
  for (const line of results) console.log(line);
  console.log(
    `  ${conditions(
      {
        sidecars: SIDECARS,
        agentsPerSidecar: AGENTS_PER_SIDECAR,
        agentIntervalMs: INTERVAL_MS,
        rotations: ROTATIONS,
        notificationDelayMs: NOTIFICATION_DELAY_MS,
        push: `SQS, one fleet queue per sidecar, long poll ${process.env.BENCH_WAIT_SECONDS ?? 20} s`,
        polling: 'off',
        agentShape: 'one child process per fleet: its sidecar and its HTTP GET loops (node:http, keep-alive)',
        childNice: CHILD_NICE,
      },
      env,
    )}`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
