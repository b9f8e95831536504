// Mass exposure: one AWS Health AWS_RISK_CREDENTIALS_EXPOSED event naming N managed IAM access keys (default 1,000)
// goes on the local bus; the stack's rule hands it to the real intake, which starts an emergency rotation of each;
// every key is rotated, its fleet notified and the exposed key revoked. Prints the total time and the Secrets
// Manager write rate (PutSecretValue, UpdateSecretVersionStage, RotateSecret through the local endpoint) per second,
// against the 50 TPS quota. Also the same for the bulk rotation of every key at once (what `cdk deploy` starts).
// It prints how busy this process and moto were while the intake took the findings and after, and the calls per key
// by caller (each function's role, the agents); REKEY_BENCH_CPU_PROFILE=<file> also writes a CPU profile of this
// process over the intake's part (bench/cpu-profile.ts) and prints its busiest functions.
// Last, the phase's time against the emulator's floor: its calls at the rate this machine's local stack serves of
// the same mix (bench/emulator-capacity.ts), beside the quotas' floor.
// Run: npm run bench:mass-exposure [-- keys msPerSecond source rotations share]   (source: iam, the default, or enrolled;
// rotations: the config's maxConcurrentRotations, 1 to 100, default 30; locally 10 is faster, as the emulator's CPU is full before the slots are;
// share: from the exposure on, the calls per second rekey may make of Secrets Manager's write and rotation quotas, default all 50)
//
// `enrolled`: N generated keys enrolled at run time through the real enroll function (a stack of constant size,
// so 1,000 keys fit one stack as they would in AWS), and their exposure as N scanner findings (`rekey.scanner`,
// one fingerprint each, ten to a PutEvents call, all put at once): no single event names generated keys by the
// thousand, as AWS Health does access keys. No bulk rotation phase: each key's first rotation ran when it was
// enrolled. Ground truth: every exposed version holds no label any more (a generated token is retired that way).
// Run it in real time (`-- 1000 1000 enrolled`), with the config's short verification waits: the waits of the
// revocation workflow and the rotation's own timings are real, and a scaled clock would make them meaningless.
// The thousand events go to the intake's event queue (the rules' target) and are taken at its mapping's
// concurrency; before that queue existed, the intake was invoked asynchronously, and what its reserved
// concurrency throttled waited in Lambda's async queue with backoff of up to 5 minutes.
//
// Why IAM keys and AWS Health: a finding names one key (by fingerprint, key id or hint, lambdas/intake/finding.ts),
// and a hint names several only when keys share it, which random keys never do. An AWS Health event lists every
// exposed access key of the account in `affectedEntities`; the intake makes one finding of each. So this is the
// one event that names 1,000 keys.
//
// AWS's rules are on (IAM, Lambda timeouts and reserved concurrency, the service quotas): the handlers sign as their
// roles, and each fleet's queue is read by that fleet's agents (their agent policy) through the enforcing endpoint.
// The account's administrator does only what is no function's or agent's: the deploy-time bulk rotation (standing in
// for CloudFormation), the AWS Health event (AWS puts it), creating the IAM users, purging the queues before the
// event, and looking at IAM for the ground truth. Each phase starts with the quota buckets refilled
// (`env.quotas.reset()`, after the stack is idle) so its peaks and throttles are its own.
import '../local/rehearsal/quiet';
import { setMaxListeners } from 'node:events';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { CreateUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DeleteMessageBatchCommand, PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV, SCANNER_EVENT } from '../contract';
import { RATE_LIMIT_HEADROOM, SECRETS_MANAGER_RATE_BUCKETS } from '../contract/rate-limits';
import type { RekeyConfigInput } from '../lib/config';
import { onFindingBus } from '../local/emulator/deploy';
import type { LocalEnvironment } from '../local/emulator/environment';
import type { LocalExecution } from '../local/emulator/execution-service';
import type { ServiceQuotas } from '../local/emulator/quotas';
import { setRateShare } from '../local/emulator/rate-share';
import type { RotationRun } from '../local/emulator/rotation-service';
import { fingerprint, parseFleetMessage } from '../packages/client/src';
import { conditions, ms, percentiles } from './conditions';
import { cpuShare, profilePhase } from './cpu-profile';
import { probeCapacity } from './emulator-capacity';
import { enrollAll, startBenchStack } from './stack';

const KEYS = Number(process.argv[2] ?? 1000);
const MS_PER_SECOND = Number(process.argv[3] ?? 0.5);
const SOURCE = process.argv[4] ?? 'iam';
const ROTATIONS = process.argv[5] === undefined ? undefined : Number(process.argv[5]);
/**
 * rekey's share of Secrets Manager's write and rotation quotas, per second (default: all of AWS's 50). An account
 * whose other applications use the rest is modelled by enforcing the share as those quotas, and rekey is told its
 * share as an operator tells it (`ratePerSecond` on the buckets' items, docs/RUNBOOK.md).
 */
const SHARE = process.argv[6] === undefined ? undefined : Number(process.argv[6]);
/** SNS filter policies allow 150 values: a fleet subscribes to at most that many keys. */
const KEYS_PER_FLEET = 100;
const WRITE_QUOTA_TPS = 50;
/** The buckets the share applies to: the Secrets Manager quotas rekey schedules (contract/rate-limits.ts). */
const SHARED_BUCKETS = Object.keys(SECRETS_MANAGER_RATE_BUCKETS) as (keyof typeof SECRETS_MANAGER_RATE_BUCKETS)[];
const WRITES = [
  'secretsmanager.PutSecretValue',
  'secretsmanager.UpdateSecretVersionStage',
  'secretsmanager.RotateSecret',
];
const DEADLINE_MS = 15 * 60_000;
const tStart = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[${((performance.now() - tStart) / 1000).toFixed(0)} s] ${line}\n`);

// CloudFormation takes at most 500 resources per stack and each managed key is three (secret, rotation schedule,
// resource policy) plus a share of the IAM policies: one stack holds about 120 keys. Locally the limit is lifted
// so one deployment holds them all; in AWS these keys take several stacks (see docs/benchmarks.md).
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  ...JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}'),
  '@aws-cdk/core:stackResourceLimit': 0,
});

/** Samples the gateway's API call counts, so writes can be bucketed per second afterwards. */
class WriteRate {
  private readonly samples: { at: number; writes: number; byOp: Record<string, number> }[] = [];
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly env: LocalEnvironment) {}
  private count() {
    const byOp = Object.fromEntries(WRITES.map((w) => [w, this.env.apiCalls.get(w) ?? 0]));
    return { at: performance.now(), writes: Object.values(byOp).reduce((a, b) => a + b, 0), byOp };
  }
  start(): void {
    this.samples.length = 0;
    this.samples.push(this.count());
    this.timer = setInterval(() => this.samples.push(this.count()), 50);
  }
  stop() {
    clearInterval(this.timer);
    this.samples.push(this.count());
    const first = this.samples[0] ?? this.count();
    const last = this.samples.at(-1) ?? first;
    const byOp = Object.fromEntries(WRITES.map((w) => [w.split('.')[1], (last.byOp[w] ?? 0) - (first.byOp[w] ?? 0)]));
    const rotateSecret = (x: (typeof this.samples)[number]) => x.byOp['secretsmanager.RotateSecret'] ?? 0;
    return {
      total: last.writes - first.writes,
      byOp,
      all: this.series((x) => x.writes),
      /** The rotation function's own writes (PutSecretValue, UpdateSecretVersionStage), without RotateSecret. */
      steps: this.series((x) => x.writes - rotateSecret(x)),
    };
  }

  /** Per calendar second since the start, the peak of those, and the most in any 1 s window (to the sampling). */
  private series(value: (x: (typeof this.samples)[number]) => number) {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last) return { perSecond: [], peak: 0, sliding: 0 };
    const perSecond: number[] = [];
    let previous = value(first);
    let i = 0;
    for (let k = 1; ; k++) {
      const edge = first.at + k * 1000;
      while (i + 1 < this.samples.length && (this.samples[i + 1]?.at ?? Number.POSITIVE_INFINITY) <= edge) i++;
      const upTo = value(this.samples[i] ?? first);
      perSecond.push(upTo - previous);
      previous = upTo;
      if (edge >= last.at) break;
    }
    let sliding = 0;
    for (let a = 0, b = 0; b < this.samples.length; b++) {
      const sb = this.samples[b] ?? last;
      while ((this.samples[a]?.at ?? sb.at) < sb.at - 1000) a++;
      sliding = Math.max(sliding, value(sb) - value(this.samples[a] ?? sb));
    }
    return { perSecond, peak: Math.max(0, ...perSecond), sliding };
  }
}

/** One managed key of the bench: its secret and, for an aws-iam key, the IAM user whose access key it holds. */
interface BenchKey {
  readonly name: string;
  readonly userName: string;
}

/** A key as it was when exposed: its AWSCURRENT version, and what a finding names it by. */
interface ExposedKey {
  readonly versionId: string;
  /** The provider's key id (an aws-iam key's access key id). */
  readonly keyId: string;
  readonly fingerprint: string;
  readonly userName: string;
}

/** What the bench reads and writes as the account's administrator, straight in the emulator. */
interface Admin {
  readonly iam: IAMClient;
  readonly sm: SecretsManagerClient;
}

/** Where the bench's managed keys come from, how their exposure is reported, and how their revocation is checked. */
interface BenchKeySource {
  readonly describe: string;
  readonly provider: string;
  readonly config: RekeyConfigInput;
  readonly fleets: number;
  /** Whether to rotate every key at once first, as `cdk deploy` does declared keys. */
  readonly bulkRotation: boolean;
  /** Makes the keys (or what they need outside rekey) and answers the managed secrets. */
  prepare(env: LocalEnvironment, admin: Admin): Promise<BenchKey[]>;
  /** The events that report every exposed key, as their scanners put them. */
  exposure(exposed: ReadonlyMap<string, ExposedKey>): PutEventsRequestEntry[];
  /** How many exposed keys the provider would still accept (the ground truth after the run). */
  stillLive(exposed: ReadonlyMap<string, ExposedKey>, admin: Admin): Promise<number>;
}

/** One fleet per KEYS_PER_FLEET keys: `fleet0`, `fleet1`, … (key i is fleet i / KEYS_PER_FLEET's). */
const benchFleets = (count: number) =>
  Array.from({ length: Math.ceil(count / KEYS_PER_FLEET) }, (_, i) => ({ name: `fleet${i}` }));

/**
 * Declared aws-iam keys: every key in the config, one CloudFormation-declared secret each (about 120 per stack in
 * AWS; the local stack lifts the limit), exposed by one AWS Health event naming every access key.
 */
function iamKeys(count: number): BenchKeySource {
  const fleets = benchFleets(count);
  return {
    describe: 'keys in the config (one secret each in the template)',
    provider: 'aws-iam',
    fleets: fleets.length,
    bulkRotation: true,
    config: {
      keys: Array.from({ length: count }, (_, i) => ({
        name: `mass/key-${i}`,
        provider: 'aws-iam' as const,
        options: { userName: `mass-user-${i}` },
        fleets: [`fleet${Math.floor(i / KEYS_PER_FLEET)}`],
      })),
      fleets,
    },
    async prepare(env, admin) {
      const secrets = Object.entries(env.deployment.secrets).map(([key, s]) => ({
        name: s.name,
        userName: `mass-user-${key.split('-').pop()}`,
      }));
      progress(`deployed; creating ${secrets.length} IAM users`);
      for (const s of secrets) await admin.iam.send(new CreateUserCommand({ UserName: s.userName }));
      return secrets;
    },
    exposure(exposed) {
      return [
        {
          Source: 'aws.health',
          DetailType: 'AWS Health Event',
          Detail: JSON.stringify({
            eventArn: `arn:aws:health:global::event/RISK/AWS_RISK_CREDENTIALS_EXPOSED/AWS_RISK_CREDENTIALS_EXPOSED_bench-${Date.now()}`,
            service: 'RISK',
            eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED',
            eventTypeCategory: 'issue',
            statusCode: 'open',
            affectedAccount: '000000000000',
            affectedEntities: [...exposed.values()].map((e) => ({ entityValue: e.keyId })),
          }),
        },
      ];
    },
    async stillLive(exposed, admin) {
      let active = 0;
      for (const e of exposed.values()) {
        const keys = await admin.iam.send(new ListAccessKeysCommand({ UserName: e.userName }));
        if (keys.AccessKeyMetadata?.some((k) => k.AccessKeyId === e.keyId && k.Status === 'Active')) active++;
      }
      return active;
    },
  };
}

/**
 * Generated keys enrolled at run time through the real enroll function (as many at a time as its reserved concurrency),
 * one fleet per 100, each exposed by a scanner finding naming its fingerprint.
 */
function enrolledKeys(count: number): BenchKeySource {
  const fleets = benchFleets(count);
  return {
    describe: 'generated keys enrolled at run time (a constant-size stack)',
    provider: 'generated',
    fleets: fleets.length,
    bulkRotation: false,
    config: {
      keys: [],
      fleets,
      enrollment: { profiles: [{ name: 'bench', provider: 'generated' }] },
      // Short waits instead of scaled ones: run this source in real time (msPerSecond 1000, see the header).
      verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 1, maxRounds: 1, deleteGraceSeconds: 0 },
    },
    async prepare(env) {
      progress(`deployed; enrolling ${count} keys through the enroll function`);
      const asked = Array.from({ length: count }, (_, i) => ({
        key: `key-${i}`,
        profile: 'bench',
        fleet: `fleet${Math.floor(i / KEYS_PER_FLEET)}`,
      }));
      const answers = await enrollAll(env, asked, (done) => {
        if (done % 100 === 0) progress(`enrolled ${done}`);
      });
      const secrets = answers.map((answer, i) => {
        if (answer.refused || !answer.secretName) {
          throw new Error(`enrolling ${asked[i]?.key} was refused: ${answer.message}`);
        }
        return { name: answer.secretName, userName: '' };
      });
      await env.idle(); // every first rotation, and the revocation of each placeholder
      return secrets.sort((a, b) => a.name.localeCompare(b.name));
    },
    exposure(exposed) {
      const at = Date.now();
      return [...exposed.values()].map((e, i) => ({
        Source: SCANNER_EVENT.source,
        DetailType: SCANNER_EVENT.detailType,
        Detail: JSON.stringify({
          findingId: `bench-${at}-${i}`,
          source: 'gitleaks',
          fingerprint: e.fingerprint,
          location: `github.com/example/agents@main:.env:${i + 1}`,
        }),
      }));
    },
    async stillLive(exposed, admin) {
      let live = 0;
      for (const [name, e] of exposed) {
        const d = await admin.sm.send(new DescribeSecretCommand({ SecretId: name }));
        if ((d.VersionIdsToStages?.[e.versionId] ?? []).length > 0) live++;
      }
      return live;
    },
  };
}

/**
 * From the exposure on, the account's other applications leave rekey `share` calls a second of the shared buckets:
 * the endpoint enforces that as the quota, and rekey is told it as an operator tells it (`ratePerSecond` on each
 * bucket's item, docs/RUNBOOK.md; `setRateShare` recycles the containers, so they read it at once).
 */
async function setShare(env: LocalEnvironment, share: number): Promise<void> {
  env.quotas.override(Object.fromEntries(SHARED_BUCKETS.map((b) => [b, share])));
  await setRateShare(env, SHARED_BUCKETS, share * RATE_LIMIT_HEADROOM);
}

async function main(): Promise<void> {
  if (SOURCE !== 'iam' && SOURCE !== 'enrolled') throw new Error(`source must be iam or enrolled, got ${SOURCE}`);
  const source = SOURCE === 'enrolled' ? enrolledKeys(KEYS) : iamKeys(KEYS);
  const tSetup = performance.now();
  progress(`setting up: synthesize and deploy ${KEYS} keys locally (${source.describe})`);
  // The deploy-time rotation of each key fails here: its IAM user does not exist yet (moto starts empty).
  const config = ROTATIONS === undefined ? source.config : { ...source.config, maxConcurrentRotations: ROTATIONS };
  if (SHARE !== undefined && !(SHARE > 0 && SHARE <= 50))
    throw new Error(`share must be 1 to 50 per second, got ${SHARE}`);
  const stack = await startBenchStack(KEYS, { config, msPerSecond: MS_PER_SECOND });
  const { env } = stack;
  const { deployment } = env;
  // Setup and ground truth, as the account's administrator, straight in the emulator (no caller's calls).
  const aws = {
    endpoint: env.moto.endpoint,
    region: deployment.region,
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  };
  const iam = new IAMClient(aws);
  const admin: Admin = { iam, sm: new SecretsManagerClient(aws) };
  const sqs = new SQSClient(aws);
  // Each fleet's agents read their queue with their fleet's credentials, through the enforcing endpoint.
  const agentSqs = (fleet: string) =>
    new SQSClient({ endpoint: env.endpoint, region: deployment.region, credentials: env.agentCredentials(fleet) });
  const drainErrors = new Map<string, number>();
  const lines: string[] = [];
  try {
    const secrets = await source.prepare(env, admin);
    const setupMs = performance.now() - tSetup;

    const rate = new WriteRate(env);
    if (source.bulkRotation) {
      progress('rotating every key at once');
      // 1. Every key rotated at once: a RotateSecret for each, back to back (as when the stack is deployed).
      const runsBefore = env.rotations.runs.length;
      const throttledBefore = env.rotations.concurrency.throttled;
      env.quotas.reset();
      rate.start();
      const tBulk = performance.now();
      for (const s of secrets) await env.secretsManager.send(new RotateSecretCommand({ SecretId: s.name }));
      const requestedMs = performance.now() - tBulk;
      await env.rotations.idle();
      const bulkMs = performance.now() - tBulk;
      const bulk = rate.stop();
      const bulkRuns = env.rotations.runs.slice(runsBefore);
      const bulkFailed = bulkRuns.filter((r) => r.status !== 'succeeded');
      if (bulkFailed.length > 0) {
        throw new Error(`${bulkFailed.length} of the bulk rotations failed, e.g. ${bulkFailed[0]?.error}`);
      }
      lines.push(
        `bulk rotation of ${KEYS} keys (a RotateSecret for each, back to back, all asked within ${ms(requestedMs)}): all rotated in ${ms(bulkMs)}`,
        `  ${peakOverlap(bulkRuns)} rotations at once at most (reserved concurrency ${env.rotations.limit}), ` +
          `${env.rotations.concurrency.throttled - throttledBefore} waited for a slot; one rotation's four steps took ${stepTimes(bulkRuns)}`,
        ...writeLines(bulk),
        ...quotaLines(env.quotas),
      );
      progress("waiting for the bulk rotations' revocations");
      await env.idle(); // the bulk rotations' revocations (of the placeholder versions)
    }
    progress('putting the exposure on the bus');

    // 2. The exposure: one AWS Health notice naming every managed access key, or a scanner finding per key.
    const exposed = new Map<string, ExposedKey>();
    for (const s of secrets) {
      const v = await env.secretsManagerDirect.send(
        new GetSecretValueCommand({ SecretId: s.name, VersionStage: 'AWSCURRENT' }),
      );
      const value = JSON.parse(v.SecretString ?? '{}') as { keyId?: string; apiKey?: string };
      exposed.set(s.name, {
        versionId: v.VersionId ?? '',
        keyId: value.keyId ?? '',
        fingerprint: value.apiKey ? fingerprint(value.apiKey) : '',
        userName: s.userName,
      });
    }
    for (const url of Object.values(deployment.fleetQueueUrls))
      await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    const notified = new Map<string, number>();
    const revokedMsg = new Map<string, number>();
    const draining = new AbortController();
    setMaxListeners(50, draining.signal); // one listener per fleet queue's pending receive
    const drains = Object.entries(deployment.fleetQueueUrls).map(([fleet, url]) =>
      drainFleet(agentSqs(fleet), url, draining.signal, drainErrors, (n, at) => {
        const e = exposed.get(n.secretName);
        if (!e) return;
        if (n.event === 'rotated' && n.previousVersionId === e.versionId && !notified.has(n.secretName))
          notified.set(n.secretName, at);
        if (n.event === 'revoked' && n.versionId === e.versionId && !revokedMsg.has(n.secretName))
          revokedMsg.set(n.secretName, at);
      }),
    );
    // What the intake put back on its work queue (not handed back to SQS: that would use up a receive).
    const putBack = new Map<string, number>();
    const receivedAgain = { count: 0, most: 0 };
    for (const poller of env.eventSources) {
      poller.onResponse((batch, response) => {
        const label = queueLabel(poller.queueUrl);
        putBack.set(label, (putBack.get(label) ?? 0) + ((response as { putBack?: number } | null)?.putBack ?? 0));
        for (const r of batch.Records) {
          const n = Number(r.attributes.ApproximateReceiveCount);
          if (n > 1) receivedAgain.count += 1;
          receivedAgain.most = Math.max(receivedAgain.most, n);
        }
      });
    }
    const findingsBefore = stack.findings.length;
    const runsBeforeEvent = env.rotations.runs.length;
    const execBefore = new Set([...env.executions.executions.values()].map((x) => x.executionArn));
    const throttledBeforeEvent = env.rotations.concurrency.throttled;
    const entries = onFindingBus(deployment, source.exposure(exposed));
    if (SHARE !== undefined) await setShare(env, SHARE);
    env.quotas.reset();
    rate.start();
    const callsBefore = new Map(env.apiCalls);
    const byCallerBefore = snapshotByCaller(env.apiCallsByCaller);
    const profile = await profilePhase('event put → every finding handled');
    const intakeCpu = cpuShare();
    let intakeCpuLine = '';
    let afterCpu: ReturnType<typeof cpuShare> | undefined;
    let profileLines: string[] = [];
    const t0 = performance.now();
    const t0Epoch = Date.now();
    // Ten entries to a PutEvents call (its limit), every call at once, as the scanners of a mass exposure would.
    const events = new EventBridgeClient(env.adminClientConfig);
    const puts = await Promise.all(
      Array.from({ length: Math.ceil(entries.length / 10) }, (_, i) =>
        events.send(new PutEventsCommand({ Entries: entries.slice(i * 10, i * 10 + 10) })),
      ),
    );
    const refusedEntries = puts.reduce((n, p) => n + (p.FailedEntryCount ?? 0), 0);
    if (refusedEntries > 0) throw new Error(`PutEvents refused ${refusedEntries} of ${entries.length} entries`);

    let intakeAt = 0;
    let rotatedAt = 0;
    const deadline = Date.now() + DEADLINE_MS;
    let ticks = 0;
    let settledSince = 0;
    const revokedExec = () =>
      [...env.executions.executions.values()].filter(
        (x) => !execBefore.has(x.executionArn) && x.status !== 'RUNNING' && isExposedOld(x.input, exposed),
      );
    for (;;) {
      if (!intakeAt && stack.findings.length - findingsBefore >= entries.length) {
        intakeAt = performance.now();
        intakeCpuLine = intakeCpu.stop();
        afterCpu = cpuShare();
        profileLines = await profile.stop();
      }
      const runs = env.rotations.runs.slice(runsBeforeEvent);
      if (!rotatedAt && runs.length >= KEYS && runs.every((r) => r.status !== 'running')) rotatedAt = performance.now();
      if (intakeAt && rotatedAt && revokedExec().length >= KEYS && revokedMsg.size >= KEYS) break;
      // The intake is done (its record comes after its last attempt) but not every key was rotated: once nothing
      // runs any more for 5 s, nothing else will happen, so stop waiting (the lines below say what is missing).
      const settled =
        intakeAt > 0 &&
        (await Promise.all(env.eventSources.map((p) => p.depth()))).every((d) => d === 0) &&
        env.eventSources.every((p) => p.inFlight === 0) &&
        runs.every((r) => r.status !== 'running') &&
        [...env.executions.executions.values()].every((x) => x.status !== 'RUNNING');
      settledSince = settled ? settledSince || performance.now() : 0;
      if (settledSince && performance.now() - settledSince > 5_000) break;
      if (Date.now() > deadline) break;
      if (++ticks % 100 === 0) {
        const r = env.rotations.runs.slice(runsBeforeEvent);
        progress(
          `findings handled ${stack.findings.length - findingsBefore}; rotations started ${r.length}, done ${r.filter((x) => x.status !== 'running').length}; notified ${notified.size}; revocations ended ${revokedExec().length}, told ${revokedMsg.size}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const totalMs = performance.now() - t0;
    const phaseCalls = callDelta(env.apiCalls, callsBefore);
    const phaseByCaller = byCallerDelta(env, byCallerBefore);
    const afterCpuLine = afterCpu?.stop() ?? 'n/a';
    if (profileLines.length === 0) profileLines = await profile.stop();
    await new Promise((r) => setTimeout(r, 1000)); // let the rate sampler see the tail
    const writes = rate.stop();
    draining.abort();
    await Promise.allSettled(drains);

    const runs = env.rotations.runs.slice(runsBeforeEvent);
    const finding = stack.findings[findingsBefore];
    const executions = revokedExec();
    const rotatedOk = runs.filter((r) => r.status === 'succeeded');
    const toCurrent = percentiles(rotatedOk.map((r) => (r.endedAt ?? t0Epoch) - t0Epoch));
    // Ground truth at the provider: each exposed key refused (an access key inactive or deleted, a token retired).
    const stillActive = await source.stillLive(exposed, admin);
    const notifiedTimes = [...notified.values()].map((t) => t - t0);
    const revokedTimes = [...revokedMsg.values()].map((t) => t - t0);
    const workers = env.eventSources.map((p) => ({ queue: queueLabel(p.queueUrl), ...p.counts }));
    const floor = quotaFloor(env.quotas, totalMs);
    lines.push(
      `${entries.length === 1 ? `one ${entries[0]?.Source} event naming ${KEYS} keys` : `${entries.length} ${entries[0]?.Source} findings, one per key, in ${puts.length} PutEvents calls at once`}` +
        ` → intake ${finding?.outcome ?? 'not handled'}` +
        ` (${entries.length === 1 ? (fanOutOf(finding?.result) ?? countActions(finding?.result)) : `${stack.findings.length - findingsBefore} deliveries`}) in ${ms(intakeAt - t0)}`,
      `  intake queues: ${workers.map((w) => `${w.queue}: ${w.batches} batches, ${w.messages} messages received, ${w.deleted} done, ${putBack.get(w.queue) ?? 0} of them put back on the work queue, ${w.handedBack} handed back to SQS, ${w.failedBatches} failed or throttled batches, at most ${w.peak} workers at once`).join('; ')}`,
      `  intake outcomes, per finding: ${findingOutcomes(stack.findings.slice(findingsBefore).map((f) => f.result))}`,
      ...unrotatedLines(exposed, runs, stack.findings.slice(findingsBefore)),
      `  intake receives: ${receivedAgain.count} messages received more than once (at most ${receivedAgain.most} times; the queues dead-letter after 5); ${await deadLetters(env)}`,
      `  ${floor.ratio.toFixed(1)}× the quota floor (floor ${ms(floor.floorMs)}: ${floor.lines.join('; ')})`,
      `  rotated: ${rotatedOk.length}/${KEYS} (${runs.length - rotatedOk.length} failed); last new key AWSCURRENT at ${rotatedAt ? ms(rotatedAt - t0) : `n/a (not every key rotated)`}; ` +
        `per key, event → AWSCURRENT p50 ${ms(toCurrent.p50)}, max ${ms(toCurrent.max)}`,
      `  notified (\`rotated\` on its fleet queue): ${notified.size}/${KEYS}; last at ${ms(Math.max(0, ...notifiedTimes))}`,
      `  revoked: ${executions.filter((x) => x.status === 'SUCCEEDED').length}/${KEYS} revocation workflows succeeded, ` +
        `\`revoked\` told for ${revokedMsg.size}/${KEYS} (last at ${ms(Math.max(0, ...revokedTimes))}); ` +
        `${stillActive} exposed keys still accepted (${source.provider === 'aws-iam' ? 'active at IAM' : 'a labelled version'})`,
      `  total: ${rotatedAt && revokedMsg.size >= KEYS ? 'event put → every exposed key revoked' : `event put → nothing left running, ${revokedMsg.size}/${KEYS} revoked`}: ${ms(totalMs)}${Date.now() > deadline ? ' (DEADLINE HIT)' : ''}`,
      `  ${peakOverlap(runs)} rotations at once at most, ${env.rotations.concurrency.throttled - throttledBeforeEvent} waited for a slot; one rotation's four steps took ${stepTimes(runs)}`,
      ...writeLines(writes, SHARE),
      ...quotaLines(env.quotas),
      callsPerKey(phaseCalls),
      ...phaseByCaller.map(([caller, calls]) => callsPerKey(calls, caller)),
      `  intake: ${stack.findings.length - findingsBefore} events (sent to its event queue by the rules, then handled) (${countOf(
        stack.findings
          .slice(findingsBefore)
          .map(
            (f) =>
              `${f.outcome} after ${f.attempts} attempt(s)${f.error ? `, last error ${f.error}` : ''}${f.deadLetter ? `, dead-lettered (${f.deadLetter.kind})` : ''}`,
          ),
      )}); intake timeout ${(env.functions.intake?.timeoutMs ?? 0) / 1000} s`,
      `  CPU while the intake took the findings: ${intakeCpuLine || 'n/a'}; after it: ${afterCpuLine}`,
      ...profileLines,
      `  fleet queue reads by the agents: ${drainErrors.size === 0 ? 'no errors' : [...drainErrors].map(([e, n]) => `${n} × ${e}`).join(', ')}`,
    );
    lines.push(
      ...revocationLines(executions, t0Epoch, env.quotas),
      `  ${conditions({ keys: KEYS, keySource: source.describe, provider: source.provider, fleets: source.fleets, msPerSecond: MS_PER_SECOND, reservedConcurrency: env.rotations.limit, setup: `${(setupMs / 1000).toFixed(0)} s`, stack: 'moto + gateway, handlers in-process, stack resource limit lifted' }, env)}`,
    );
    // 3. What this machine's local stack can serve of the same mix: the emulator's floor beside the quotas'.
    progress('probing what the local stack serves of the same mix of calls');
    await env.idle();
    const probe = await probeCapacity(
      env,
      phaseCalls,
      secrets.map((s) => s.name),
    );
    const phaseTotal = [...phaseCalls.values()].reduce((a, b) => a + b, 0);
    const emulatorFloorMs = (phaseTotal / probe.callsPerSecond) * 1000;
    lines.push(
      `  ${(totalMs / emulatorFloorMs).toFixed(2)}× the emulator floor (floor ${ms(emulatorFloorMs)}: the phase's ${phaseTotal} calls at the ${probe.callsPerSecond.toFixed(0)} calls/s this local stack served of the same mix, ` +
        `${(probe.replayedShare * 100).toFixed(0)} % of the phase's calls replayed (reads and inventory calls, as the rotation role, ${probe.concurrency} callers at once, ${probe.seconds.toFixed(0)} s: bench/emulator-capacity.ts); ` +
        `the quotas' floor needs ${((phaseTotal / floor.floorMs) * 1000).toFixed(0)} calls/s`,
    );
  } finally {
    await stack.stop();
  }
  for (const line of lines) console.log(line);
}

/**
 * Revocation at volume: when the exposed keys' workflows started and ended, how many ran at once, and every quota
 * the phase drew from (AWS's and the providers'), its peak in any 1 s window against its limit.
 */
function revocationLines(executions: readonly LocalExecution[], t0Epoch: number, quotas: ServiceQuotas): string[] {
  const started = percentiles(executions.map((x) => x.startDate.getTime() - t0Epoch));
  const ended = executions.map((x) => (x.stopDate?.getTime() ?? Number.NaN) - t0Epoch).filter(Number.isFinite);
  const edges = executions.flatMap((x) => [
    [x.startDate.getTime(), 1],
    [x.stopDate?.getTime() ?? Number.POSITIVE_INFINITY, -1],
  ]);
  edges.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
  let running = 0;
  let atOnce = 0;
  for (const [, d] of edges) {
    running += d ?? 0;
    atOnce = Math.max(atOnce, running);
  }
  const used = quotas.peaks().filter((p) => p.admitted > 0 || p.throttled > 0);
  const over = used.filter((p) => p.peak > Math.max(p.rate, p.burst));
  const providers = used.filter((p) => p.quota === 'iam:calls');
  return [
    `  revocation at volume: ${executions.length} workflows, started p50 ${ms(started.p50)} / last ${ms(started.max)} after the event, ` +
      `${atOnce} running at once at most, the last ended at ${ms(Math.max(0, ...ended))}`,
    `  peak calls in any 1 s window, per quota (limit = refill/s, bucket): ${used
      .map((p) => `${p.quota} ${p.peak} (${p.rate}/s, ${p.burst}; ${p.admitted} admitted, ${p.throttled} throttled)`)
      .join('; ')}: ${over.length === 0 ? 'never above a quota' : `ABOVE ${over.map((p) => p.quota).join(', ')}`}`,
    `  per provider: ${providers.length === 0 ? 'no provider calls counted' : providers.map((p) => `provider:aws-iam (IAM through the local endpoint) peak ${p.peak} in any 1 s (limit ${p.rate}/s), ${p.admitted} calls, ${p.throttled} throttled`).join('; ')}`,
  ];
}

function writeLines(w: ReturnType<WriteRate['stop']>, quota = WRITE_QUOTA_TPS): string[] {
  const verdict = (n: number) => (n <= quota ? 'under' : 'OVER');
  return [
    `  SM writes: ${w.total} (${fmtOps(w.byOp)}); quota ${quota}/s`,
    `    all writes (two quotas of ${quota}/s: RotateSecret's and the other writes'): peak ${w.all.peak}/s (calendar second), ${w.all.sliding} in any 1 s: ${Math.max(w.all.peak, w.all.sliding) <= 2 * quota ? 'under' : 'OVER'}`,
    `    rotation steps' writes (the writes quota, without RotateSecret): peak ${w.steps.peak}/s, ${w.steps.sliding} in any 1 s: ${verdict(Math.max(w.steps.peak, w.steps.sliding))}`,
    `    all writes per second: ${w.all.perSecond.join(' ')}`,
  ];
}

/** Median and max time from a rotation's first step to the end of its last. */
function stepTimes(runs: readonly RotationRun[]): string {
  const p = percentiles(runs.filter((r) => r.invokedAt && r.endedAt).map((r) => (r.endedAt ?? 0) - (r.invokedAt ?? 0)));
  return `p50 ${ms(p.p50)}, max ${ms(p.max)}`;
}

/** The most rotations whose steps ran at the same time (from when each was invoked to when it ended). */
function peakOverlap(runs: readonly RotationRun[]): number {
  const edges = runs.flatMap((r) => [
    [r.invokedAt ?? r.startedAt, 1],
    [r.endedAt ?? Number.POSITIVE_INFINITY, -1],
  ]);
  edges.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
  let now = 0;
  let peak = 0;
  for (const [, d] of edges) {
    now += d ?? 0;
    peak = Math.max(peak, now);
  }
  return peak;
}

/** Every AWS call through the local endpoint since `before`, by operation, the most frequent first. */
function callDelta(after: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>): Map<string, number> {
  return new Map(
    [...after]
      .map(([op, n]) => [op, n - (before.get(op) ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]),
  );
}

/** A copy of the gateway's counts per caller. */
function snapshotByCaller(byCaller: LocalEnvironment['apiCallsByCaller']): Map<string, Map<string, number>> {
  return new Map([...byCaller].map(([k, calls]) => [k, new Map(calls)]));
}

/**
 * The phase's calls per caller, named (a function by its id, the state machine, the agents, the administrator), the
 * busiest first: which of the stack's principals the calls per key are.
 */
function byCallerDelta(
  env: LocalEnvironment,
  before: ReadonlyMap<string, ReadonlyMap<string, number>>,
): [string, Map<string, number>][] {
  const names = new Map<string, string>([
    ['', 'unsigned'],
    [env.adminClientConfig.credentials.accessKeyId, 'administrator'],
  ]);
  for (const [id, logicalId] of Object.entries(env.deployment.functions)) {
    names.set(env.deployment.iam.roleOfFunction(logicalId).credentials.accessKeyId, `${id} function`);
  }
  names.set(
    env.deployment.iam.roleOfStateMachine(env.deployment.stateMachineLogicalId).credentials.accessKeyId,
    'revocation state machine',
  );
  for (const fleet of Object.keys(env.deployment.fleetQueueUrls)) {
    names.set(env.agentCredentials(fleet).accessKeyId, 'agents');
  }
  const merged = new Map<string, Map<string, number>>();
  for (const [key, calls] of env.apiCallsByCaller) {
    const name = names.get(key) ?? 'others';
    const into = merged.get(name) ?? new Map<string, number>();
    for (const [op, n] of callDelta(calls, before.get(key) ?? new Map())) into.set(op, (into.get(op) ?? 0) + n);
    merged.set(name, into);
  }
  const total = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return [...merged]
    .filter(([, m]) => total(m) > 0)
    .map(([name, m]) => [name, new Map([...m].sort((x, y) => y[1] - x[1]))] as [string, Map<string, number>])
    .sort((x, y) => total(y[1]) - total(x[1]));
}

/** The phase's calls through the local endpoint (all, or one caller's), per exposed key. */
function callsPerKey(phase: ReadonlyMap<string, number>, caller?: string): string {
  const delta = [...phase];
  const total = delta.reduce((a, [, n]) => a + n, 0);
  return `  calls through the endpoint${caller ? ` by the ${caller}` : ''}: ${total}, ${(total / KEYS).toFixed(1)} per key (${delta
    .map(([op, n]) => `${op} ${(n / KEYS).toFixed(1)}`)
    .join(', ')})`;
}

/** What the quotas did in this phase: throttled calls per quota, and the busiest ones' peaks against their rates. */
function quotaLines(quotas: ServiceQuotas): string[] {
  const used = quotas.peaks().filter((p) => p.admitted > 0 || p.throttled > 0);
  const throttled = used.filter((p) => p.throttled > 0);
  const busiest = used
    .filter((p) => Number.isFinite(p.rate) && p.rate > 0)
    .sort((a, b) => b.peak / b.rate - a.peak / a.rate)
    .slice(0, 3);
  return [
    `  quotas: ${throttled.length === 0 ? 'no call throttled' : `throttled ${throttled.map((p) => `${p.quota} ${p.throttled} of ${p.admitted + p.throttled}`).join(', ')}`}; ` +
      `busiest ${busiest.map((p) => `${p.quota} ${p.peak} in 1 s (quota ${p.rate}/s, ${p.admitted} admitted)`).join('; ')}`,
  ];
}

/**
 * For each quota the phase's calls drew from, their count divided by the quota's rate: the time the calls need at
 * the quota's pace. The floor is the largest; the ratio is the phase's time over it.
 */
function quotaFloor(quotas: ServiceQuotas, totalMs: number) {
  const used = quotas
    .peaks()
    .filter((p) => p.admitted > 0 && Number.isFinite(p.rate) && p.rate > 0)
    .map((p) => ({ ...p, needMs: (p.admitted / p.rate) * 1000 }))
    .sort((a, b) => b.needMs - a.needMs);
  const floorMs = used[0]?.needMs ?? 0;
  return {
    floorMs,
    ratio: floorMs > 0 ? totalMs / floorMs : Number.NaN,
    lines: used
      .slice(0, 4)
      .map((p) => `${p.quota} ${p.admitted} calls at ${p.rate}/s = ${ms(p.needMs)}, peak ${p.peak} in any 1 s`),
  };
}

/** `event queue` or `work queue` for the intake's queues (by their logical names), else the queue's name. */
/**
 * What the intake's dead-letter queue holds, by reason: the error the intake named (a malformed entry, a message
 * put back too often), or none, when the queue's redrive policy moved a message that used up its receives. Read
 * as the account's administrator, each message left on the queue (visible again after 30 s).
 */
async function deadLetters(env: LocalEnvironment): Promise<string> {
  const url = env.deployment.env.intake?.[ENV.intakeDeadLetterQueueUrl];
  if (!url) return 'no intake dead-letter queue';
  const sqs = new SQSClient(env.adminClientConfig);
  const reasons = new Map<string, number>();
  try {
    for (;;) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 30,
          MessageAttributeNames: ['errorName'],
        }),
      );
      if (!out.Messages?.length) break;
      for (const m of out.Messages) {
        const reason = m.MessageAttributes?.errorName?.StringValue ?? 'redriven after 5 receives';
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
  } finally {
    sqs.destroy();
  }
  const total = [...reasons.values()].reduce((a, b) => a + b, 0);
  return `intake dead-letter queue: ${total === 0 ? 'empty' : `${total} (${[...reasons].map(([r, n]) => `${n} × ${r}`).join(', ')})`}`;
}

function queueLabel(url: string): string {
  const name = url.split('/').pop() ?? url;
  return name.includes('EventQueue') ? 'event queue' : name.includes('WorkQueue') ? 'work queue' : name;
}

function fanOutOf(result: unknown): string | undefined {
  const r = result as { status?: string; queued?: number } | undefined;
  return r?.status === 'fanned-out' ? `${r.queued} findings put on the work queue` : undefined;
}

/** What the intake made of each finding it handled: its actions, and whether it was a duplicate. */
function findingOutcomes(results: readonly unknown[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const r = result as
      | { status?: string; findings?: { duplicate?: string; outcomes?: { action?: string }[] }[] }
      | undefined;
    if (r?.status !== 'processed') {
      lines.push(r?.status ?? 'no result');
      continue;
    }
    for (const f of r.findings ?? []) {
      const actions = (f.outcomes ?? []).map((o) => o.action).join('+') || 'no action';
      lines.push(f.duplicate ? `duplicate (${f.duplicate}): ${actions}` : actions);
    }
  }
  return countOf(lines);
}

/** The exposed keys no rotation of the phase replaced, with what the intake's results say of each (at most 5). */
function unrotatedLines(
  exposed: ReadonlyMap<string, ExposedKey>,
  runs: readonly RotationRun[],
  records: readonly { result?: unknown }[],
): string[] {
  const rotated = new Set(runs.map((r) => r.secretName));
  const missing = [...exposed.keys()].filter((name) => !rotated.has(name));
  if (missing.length === 0) return [];
  const said = new Map<string, string[]>();
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    const o = value as { action?: unknown; secretName?: unknown };
    if (typeof o.action === 'string' && typeof o.secretName === 'string') {
      said.set(o.secretName, [...(said.get(o.secretName) ?? []), o.action]);
    }
    for (const v of Object.values(value)) walk(v);
  };
  for (const { result } of records) walk(result);
  return [
    `  not rotated: ${missing.length}, e.g. ${missing
      .slice(0, 5)
      .map((name) => `${name} (${said.get(name)?.join(', ') || 'no finding result names it'})`)
      .join('; ')}`,
  ];
}

/** Each distinct line once, with how many times it came (`3 × handled after 1 attempt(s)`). */
function countOf(lines: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([l, n]) => (n === 1 ? l : `${n} × ${l}`)).join('; ');
}

function fmtOps(byOp: Record<string, number>): string {
  return Object.entries(byOp)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function isExposedOld(input: string, exposed: Map<string, { versionId: string }>): boolean {
  const i = JSON.parse(input) as { secretName?: string; oldVersionId?: string };
  return !!i.secretName && exposed.get(i.secretName)?.versionId === i.oldVersionId;
}

function countActions(result: unknown): string {
  const counts = new Map<string, number>();
  for (const m of JSON.stringify(result ?? {}).matchAll(/"action":"([a-z-]+)"/g))
    counts.set(m[1] ?? '', (counts.get(m[1] ?? '') ?? 0) + 1);
  return [...counts].map(([a, n]) => `${n} ${a}`).join(', ') || 'no actions';
}

/** Reads a fleet queue until aborted, telling each notification and when it was read. */
async function drainFleet(
  sqs: SQSClient,
  queueUrl: string,
  signal: AbortSignal,
  errors: Map<string, number>,
  on: (n: ReturnType<typeof parseFleetMessage>, at: number) => void,
): Promise<void> {
  const failed = (err: unknown) => {
    if (signal.aborted) return undefined;
    const name = (err as Error).name ?? 'Error';
    errors.set(name, (errors.get(name) ?? 0) + 1);
    if (errors.get(name) === 1) process.stderr.write(`fleet queue read failed: ${(err as Error).message}\n`);
    return undefined;
  };
  while (!signal.aborted) {
    const out = await sqs
      // Long polls of 20 s, as the client library's agents make them (packages/client/src/sources/sqs.ts).
      .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }), {
        abortSignal: signal,
      })
      .catch(failed);
    const messages = out?.Messages ?? [];
    const at = performance.now();
    for (const m of messages) {
      try {
        on(parseFleetMessage(m.Body ?? ''), at);
      } catch {
        // not a fleet notification
      }
    }
    if (messages.length > 0) {
      await sqs
        .send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        )
        .catch(failed);
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
