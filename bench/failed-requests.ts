// Failed requests across rotations: N simulated agents (default 1,000) make requests without pause through an
// in-house API that accepts only live keys (local/rehearsal/internal-api.ts), across a scheduled rotation and an emergency
// one (a scanner finding for the current key, put on the local bus). Then the same load, with the same timeline,
// against the naive approach: each agent loads the key once at start and never refreshes; on exposure the key is
// replaced and the exposed one revoked at once. Prints requests, failures and healed-by-retry side by side.
// Run: npm run bench:failed-requests [-- agents requestIntervalMs minRequests]
//
// Agent shape (to fit 1,000 agents in one process on 2 cores): each rekey agent is a real RotatingSecret (the
// client library unchanged) calling through `withKey`; they share one Secrets Manager client, one SQS poller on
// the fleet queue and one DynamoDB acknowledger (local/rehearsal/agents.ts SimulatedFleet, the client's recommended shape);
// each agent sends one request, waits `requestIntervalMs`, and sends the next.
//
// AWS's rules are on: the rekey agents sign as their fleet's principal, the handlers as their roles, the finding
// is reported as the operator (the operator policy's ReportLeak: the scanner event on the default bus), and the
// quotas apply. The scheduled rotation's RotateSecret is signed by the account's administrator, standing in for
// Secrets Manager's schedule. The naive agents and the naive key are not rekey's: they use the administrator.
import '../local/rehearsal/quiet';
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { RekeyConfigInput } from '../lib/config';
import { onFindingBus } from '../local/emulator/deploy';
import type { LocalEnvironment } from '../local/emulator/environment';
import { SimulatedFleet } from '../local/rehearsal/agents';
import { startInternalApi } from '../local/rehearsal/internal-api';
import { fingerprint } from '../packages/client/src';
import { conditions, ms } from './conditions';
import { startBenchStack } from './stack';

const AGENTS = Number(process.argv[2] ?? 1000);
const REQUEST_INTERVAL_MS = Number(process.argv[3] ?? 500);
const MIN_REQUESTS = Number(process.argv[4] ?? 100_000);
/** Real seconds of the workflow's waits are this many ms here: the emergency wait (60 s) is 3 s. */
const MS_PER_SECOND = 50;
const WARMUP_MS = 10_000;
/** Least time between the scheduled rotation and the finding, and after the finding before the end. */
const PHASE_MS = 30_000;
const NAIVE_SECRET = 'naive/internal-api';

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Counts {
  requests: number;
  failed: number;
  retried: number;
}
interface RunResult {
  /** Counts at the scheduled rotation, at the finding and at the end. */
  readonly at: { scheduled: Counts; finding: Counts; end: Counts };
  readonly durationMs: number;
  readonly notes: string[];
}
interface Timeline {
  scheduledAt: number;
  findingAt: number;
  endAt: number;
}

async function main(): Promise<void> {
  const config: RekeyConfigInput = {
    keys: [{ name: 'bench/internal-api', provider: 'generated', fleets: ['agents'] }],
    fleets: [{ name: 'agents' }],
    // The rehearsal's waits, except a scheduled wait of 60 s (the least allowed) so the run stays short.
    verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 60, maxRounds: 6, deleteGraceSeconds: 3600 },
  };
  progress('setting up the local stack');
  const stack = await startBenchStack(1, { config, msPerSecond: MS_PER_SECOND });
  const { env } = stack;
  const secretName = stack.secretNames[0] as string;
  const lines: string[] = [];
  try {
    // The naive key: a plain secret, not managed by rekey (nothing rotates or revokes it but this script).
    await env.secretsManagerDirect.send(
      new CreateSecretCommand({ Name: NAIVE_SECRET, SecretString: await newValue(env.secretsManagerDirect) }),
    );
    const api = await startInternalApi({ sm: env.secretsManagerDirect, secretNames: [secretName, NAIVE_SECRET] });
    try {
      progress(`rekey: opening ${AGENTS} agents`);
      const rekey = await runRekey(env, secretName, api);
      progress(`naive: opening ${AGENTS} agents`);
      const naive = await runNaive(env, api, rekey.timeline);
      lines.push(...report(rekey.result, naive, rekey.timeline, env));
    } finally {
      await api.close();
    }
  } finally {
    await stack.stop();
  }
  for (const line of lines) console.log(line);
}

async function runRekey(
  env: LocalEnvironment,
  secretName: string,
  api: Awaited<ReturnType<typeof startInternalApi>>,
): Promise<{ result: RunResult; timeline: Timeline }> {
  const { deployment } = env;
  const fleet = await SimulatedFleet.start({
    endpoint: env.endpoint,
    region: deployment.region,
    credentials: env.agentCredentials('agents'),
    secretName,
    queueUrl: deployment.fleetQueueUrls.agents,
    inventoryTable: deployment.tableName,
    apiUrl: api.url,
    agents: AGENTS,
    requestIntervalMs: REQUEST_INTERVAL_MS,
    name: 'agent',
  });
  const notes: string[] = [];
  const snap = (): Counts => ({ ...fleet.stats });
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const ticker = setInterval(
    () =>
      progress(
        `  rekey ${(now() / 1000).toFixed(0)} s: ${fleet.stats.requests} requests, ${fleet.stats.failed} failed, ${fleet.stats.retried} healed`,
      ),
    10_000,
  );
  try {
    await sleep(WARMUP_MS);

    // Scheduled rotation: Secrets Manager's schedule calls RotateSecret.
    const scheduledAt = now();
    const scheduled = snap();
    const before = await currentVersion(env, secretName);
    await env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName }));
    const s = await follow(env, fleet, secretName, before ?? '', t0);
    notes.push(
      `scheduled rotation: new key current ${ms(s.currentAt - scheduledAt)} after RotateSecret, all ${AGENTS} agents on it ${ms(s.fleetAt - scheduledAt)}, old key revoked ${s.revokedAt ? ms(s.revokedAt - scheduledAt) : 'NOT'} after`,
    );

    // Emergency: a scanner reports the current key.
    const findingAt = Math.max(scheduledAt + PHASE_MS, now() + 5_000);
    await sleep(findingAt - now());
    const finding = snap();
    const leaked = await env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSCURRENT' }),
    );
    const leakedKey = (JSON.parse(leaked.SecretString ?? '{}') as { apiKey: string }).apiKey;
    // The scanner reports it as the operator would (`ReportLeak` in the operator policy).
    const put = await new EventBridgeClient({ ...env.adminClientConfig, credentials: env.operatorCredentials }).send(
      new PutEventsCommand({
        Entries: onFindingBus(deployment, [
          {
            Source: 'rekey.scanner',
            DetailType: 'Secret Exposed',
            Detail: JSON.stringify({
              findingId: `bench-${randomUUID()}`,
              source: 'gitleaks',
              fingerprint: fingerprint(leakedKey),
              location: 'github.com/example/agents@main:config/.env:3',
            }),
          },
        ]),
      }),
    );
    if ((put.FailedEntryCount ?? 0) > 0)
      throw new Error(`PutEvents refused the finding: ${JSON.stringify(put.Entries)}`);
    const e = await follow(env, fleet, secretName, leaked.VersionId ?? '', t0);
    await api.refresh();
    notes.push(
      `emergency (finding on the bus): new key current ${ms(e.currentAt - findingAt)} after the finding, all agents on it ${ms(e.fleetAt - findingAt)}, exposed key revoked ${e.revokedAt ? ms(e.revokedAt - findingAt) : 'NOT'} after; exposed key accepted at the end: ${api.isLive(leakedKey) ? 'YES' : 'no'}`,
    );

    // Keep going until the load is reached and the tail is as long as the other phases.
    const endAt = Math.max(findingAt + PHASE_MS, now() + 5_000);
    while (now() < endAt || fleet.stats.requests < MIN_REQUESTS) await sleep(100);
    const end = snap();
    const durationMs = now();
    await fleet.stop();
    notes.push(
      `GetSecretValue calls by the agents: ${fleet.stats.getSecretValueCalls} (${AGENTS} at start, then about one per agent per rotation)`,
    );
    return {
      result: { at: { scheduled, finding, end }, durationMs, notes },
      timeline: { scheduledAt, findingAt, endAt: durationMs },
    };
  } finally {
    clearInterval(ticker);
    await fleet.stop();
  }
}

/** Waits for the rotation away from `oldVersionId`: new key current, every agent on it, the old one revoked. */
async function follow(
  env: LocalEnvironment,
  fleet: SimulatedFleet,
  secretName: string,
  oldVersionId: string,
  t0: number,
) {
  const now = () => performance.now() - t0;
  const deadline = Date.now() + 180_000;
  let currentAt = 0;
  let fleetAt = 0;
  let newVersion: string | undefined;
  for (;;) {
    if (!currentAt) {
      const v = await currentVersion(env, secretName);
      if (v && v !== oldVersionId) {
        currentAt = now();
        newVersion = v;
      }
    }
    if (currentAt && !fleetAt && newVersion && fleet.allOn(newVersion)) fleetAt = now();
    const revocation = [...env.executions.executions.values()].find(
      (x) => (JSON.parse(x.input) as { oldVersionId?: string }).oldVersionId === oldVersionId && x.status !== 'RUNNING',
    );
    if (currentAt && fleetAt && revocation) {
      const stoppedAgo = Date.now() - (revocation.stopDate?.getTime() ?? Date.now());
      return { currentAt, fleetAt, revokedAt: revocation.status === 'SUCCEEDED' ? now() - stoppedAgo : undefined };
    }
    if (Date.now() > deadline)
      throw new Error(`rotation of ${secretName} away from ${oldVersionId} did not finish in 180 s`);
    await sleep(20);
  }
}

/**
 * The naive approach, same load and timeline: each agent reads the key once at start and uses it until the end
 * (no refresh, no retry). The scheduled rotation puts a new value (the old one stays AWSPREVIOUS, so it still
 * works); on exposure the current key is replaced and revoked at once (its version loses every label).
 */
async function runNaive(
  env: LocalEnvironment,
  api: Awaited<ReturnType<typeof startInternalApi>>,
  timeline: Timeline,
): Promise<RunResult> {
  const stats: Counts = { requests: 0, failed: 0, retried: 0 };
  const keys: string[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const v = await env.secretsManager.send(
      new GetSecretValueCommand({ SecretId: NAIVE_SECRET, VersionStage: 'AWSCURRENT' }),
    );
    keys.push((JSON.parse(v.SecretString ?? '{}') as { apiKey: string }).apiKey);
  }
  let running = true;
  const loops = keys.map(async (key) => {
    await sleep(Math.random() * REQUEST_INTERVAL_MS);
    while (running) {
      stats.requests += 1;
      try {
        const res = await fetch(`${api.url}/whoami`, { headers: { authorization: `Bearer ${key}` } });
        await res.arrayBuffer();
        if (!res.ok) stats.failed += 1;
      } catch {
        stats.failed += 1;
      }
      await sleep(REQUEST_INTERVAL_MS);
    }
  });
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const notes: string[] = [];
  const ticker = setInterval(
    () => progress(`  naive ${(now() / 1000).toFixed(0)} s: ${stats.requests} requests, ${stats.failed} failed`),
    10_000,
  );
  try {
    await sleep(timeline.scheduledAt - now());
    const scheduled = { ...stats };
    await env.secretsManager.send(
      new PutSecretValueCommand({ SecretId: NAIVE_SECRET, SecretString: await newValue(env.secretsManager) }),
    );
    await sleep(timeline.findingAt - now());
    const finding = { ...stats };
    const exposed = await currentVersion(env, NAIVE_SECRET);
    await env.secretsManager.send(
      new PutSecretValueCommand({ SecretId: NAIVE_SECRET, SecretString: await newValue(env.secretsManager) }),
    );
    await env.secretsManager.send(
      new UpdateSecretVersionStageCommand({
        SecretId: NAIVE_SECRET,
        VersionStage: 'AWSPREVIOUS',
        RemoveFromVersionId: exposed,
      }),
    );
    await api.refresh();
    const revokedAt = now();
    notes.push(
      `exposure: new key current and the exposed one revoked ${ms(revokedAt - timeline.findingAt)} after the finding`,
    );
    while (now() < timeline.endAt) await sleep(100);
    const end = { ...stats };
    const durationMs = now();
    running = false;
    await Promise.all(loops);
    return { at: { scheduled, finding, end }, durationMs, notes };
  } finally {
    clearInterval(ticker);
    running = false;
  }
}

function report(rekey: RunResult, naive: RunResult, timeline: Timeline, env: LocalEnvironment): string[] {
  const phase = (from: Counts | undefined, to: Counts) => {
    const f = from ?? { requests: 0, failed: 0, retried: 0 };
    return { requests: to.requests - f.requests, failed: to.failed - f.failed, retried: to.retried - f.retried };
  };
  const row = (label: string, r: RunResult, healed: boolean) => {
    const before = phase(undefined, r.at.scheduled);
    const afterScheduled = phase(r.at.scheduled, r.at.finding);
    const afterFinding = phase(r.at.finding, r.at.end);
    const cell = (c: Counts) =>
      `${c.requests.toLocaleString('en-US')} / ${c.failed.toLocaleString('en-US')}${healed ? ` / ${c.retried.toLocaleString('en-US')}` : ''}`;
    const t = r.at.end;
    return [
      `${label}: ${t.requests.toLocaleString('en-US')} requests, ${t.failed.toLocaleString('en-US')} failed (${((100 * t.failed) / Math.max(1, t.requests)).toFixed(2)}%), ${healed ? `${t.retried.toLocaleString('en-US')} healed by refresh-and-retry` : 'no retry'}; ${(t.requests / (r.durationMs / 1000)).toFixed(0)} requests/s over ${(r.durationMs / 1000).toFixed(0)} s`,
      `  requests / failed${healed ? ' / healed' : ''}: before the scheduled rotation ${cell(before)}; between it and the finding ${cell(afterScheduled)}; after the finding ${cell(afterFinding)}`,
      ...r.notes.map((n) => `  ${n}`),
    ];
  };
  return [
    `failed requests across a scheduled rotation (at ${(timeline.scheduledAt / 1000).toFixed(0)} s) and an emergency one (finding at ${(timeline.findingAt / 1000).toFixed(0)} s), ${AGENTS} agents`,
    ...row('rekey (RotatingSecret + withKey, push on SQS)', rekey, true),
    ...row('naive (key loaded once, revoked at once on exposure)', naive, false),
    `  ${conditions({ agents: AGENTS, requestIntervalMs: REQUEST_INTERVAL_MS, minRequests: MIN_REQUESTS, msPerSecond: MS_PER_SECOND, provider: 'generated', api: 'local/rehearsal/internal-api.ts (live labelled versions, re-read every 100 ms)', agentShape: 'one RotatingSecret per agent, one SM client, one SQS poller, one acknowledger', finding: 'PutEvents as the operator' }, env)}`,
  ];
}

async function currentVersion(env: LocalEnvironment, secretName: string): Promise<string | undefined> {
  const d = await env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: secretName }));
  return Object.entries(d.VersionIdsToStages ?? {}).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
}

async function newValue(sm: SecretsManagerClient): Promise<string> {
  const out = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 40, ExcludePunctuation: true }));
  return JSON.stringify({ apiKey: `rk_${out.RandomPassword}` });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
