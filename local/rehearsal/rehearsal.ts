import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { RekeyConfigInput } from '../../lib/config';
import { fingerprint } from '../../packages/client/src/fingerprint';
import { onFindingBus } from '../emulator/deploy';
import type { LocalEnvironment, LocalEvent } from '../emulator/environment';
import type { PumpRecord } from '../emulator/event-bridge';
import { startFakeHttpProvider } from '../emulator/fake-providers';
import { startLocalStack } from '../emulator/local-stack';
import { SimulatedFleet } from './agents';
import {
  createDeadKeyAdminSecret,
  type DeadKeyFailedRequests,
  type DeadKeyResult,
  playDeadKey,
  withDeadKey,
} from './dead-key';
import { startInternalApi } from './internal-api';
import { shortVersion, Timeline } from './timeline';

export interface RehearsalOptions {
  /** The configuration to deploy locally. @default rekey.config.json */
  readonly config?: RekeyConfigInput;
  /** Simulated agents on the rehearsed key. @default 30 */
  readonly agents?: number;
  /** Real seconds of a wait are this many milliseconds here (waits of 75 minutes become seconds). @default 0.5 */
  readonly msPerSecond?: number;
  /** Scanner events to play instead of the rehearsal's own finding (`--finding FILE`). @default - one for the current key */
  readonly findings?: readonly PutEventsRequestEntry[];
  /** Agents on the key the provider kills under them (the dead-key scenario); 0 skips the scenario. @default 10 */
  readonly deadKeyAgents?: number;
  /** Print the timeline as it happens. @default true */
  readonly print?: boolean;
  readonly write?: (line: string) => void;
}

export interface RehearsalReport {
  readonly secretName: string;
  /** Finding put on the bus → new key AWSCURRENT and the fleet notified (null: the findings rotated nothing here). */
  readonly exposureWindowMs: number | null;
  /** Rotation finished → every agent on the new key (scheduled rotation). */
  readonly fleetConvergenceMs: number;
  /** The same after the emergency rotation. */
  readonly emergencyFleetConvergenceMs: number | null;
  /** Finding put on the bus → the exposed key revoked at the provider and confirmed. */
  readonly timeToRevocationMs: number | null;
  readonly totalRequests: number;
  readonly failedRequests: number;
  readonly healedRequests: number;
  readonly getSecretValueCalls: number;
  readonly apiCalls: Readonly<Record<string, number>>;
  /** AWS's rules at the local endpoint: calls IAM evaluated and refused, and the busiest quota's peak. */
  readonly rules?: {
    readonly iamAllowed: number;
    readonly iamDenied: number;
    readonly throttled: number;
    readonly busiestQuota?: { readonly quota: string; readonly peak: number; readonly rate: number };
  };
  /**
   * The dead-key scenario's failed requests, apart from `failedRequests` (null: not played): those until the new key
   * was current are its cost; none may fail after it, or before the kill.
   */
  readonly deadKeyFailedRequests: DeadKeyFailedRequests | null;
  /** The dead-key scenario, step by step (times since the rehearsal began). */
  readonly deadKey: DeadKeyResult | null;
  /** The exposed key is refused at the end (null: the findings named another key, or none). */
  readonly exposedKeyRevoked: boolean | null;
  readonly agents: number;
  /** What the intake did with each finding event. */
  readonly findings: readonly { source: string; detailType: string; outcome: string; result?: unknown }[];
  readonly timeline: Timeline['entries'];
  readonly keys: readonly {
    readonly secretName: string;
    readonly versions: readonly { versionId: string; stages: readonly string[]; status?: string; revokedAt?: string }[];
  }[];
}

/** The rehearsal did not end as rekey promises (a failed request, or the exposed key still alive). */
export class RehearsalFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RehearsalFailedError';
  }
}

const DEFAULT_CONFIG_FILE = join(__dirname, '..', '..', 'rekey.config.json');

/**
 * The whole workflow on this machine: deploy locally, put agents to work through an in-house API that accepts only
 * live keys, play a scheduled rotation, then a scanner finding for the new key, and measure what rekey promises.
 */
export async function runRehearsal(options: RehearsalOptions = {}): Promise<RehearsalReport> {
  const write =
    options.print === false ? undefined : (options.write ?? ((line: string) => process.stdout.write(`${line}\n`)));
  const timeline = new Timeline(write);
  const baseConfig = options.config ?? (JSON.parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')) as RekeyConfigInput);
  const agentCount = options.agents ?? 30;
  const deadKeyAgents = options.deadKeyAgents ?? 10;
  // The in-house key service whose key dies under the fleet (started first: its URL is in the key's options).
  const provider = deadKeyAgents > 0 ? await startFakeHttpProvider() : undefined;
  const config = provider ? withDeadKey(baseConfig, provider.url) : baseConfig;

  timeline.section(
    'setup',
    'Local deployment (moto on 127.0.0.1, the synthesized stack, the real handlers in-process)',
  );
  const stack = await startLocalStack({
    config,
    msPerSecond: options.msPerSecond,
    beforeRotations: provider ? (env) => createDeadKeyAdminSecret(env, provider.state.adminKey) : undefined,
    onEvent: (event) => describeEvent(event, timeline),
    onFinding: (r) => timeline.log(`intake: ${r.source}/${r.detailType} via rule ${r.rule} → ${describeFinding(r)}`),
  }).catch(async (err: unknown) => {
    await provider?.close();
    throw err;
  });
  const { env } = stack;
  const { deployment } = env;
  const stops: (() => Promise<void>)[] = [];
  try {
    timeline.log(
      `AWS endpoint ${env.endpoint} (moto behind it); ${Object.keys(deployment.secrets).length} managed keys, ${
        Object.keys(deployment.fleetQueueUrls).length
      } fleets, ${stack.rules.ruleNames.length} finding rules; every key rotated once, as at deploy`,
    );

    // The agents use a generated key: the in-house API they call accepts a token while its version is labelled.
    const keyConfig = deployment.config.keys.find((k) => k.provider === 'generated');
    const secret = keyConfig ? deployment.secrets[keyConfig.name] : undefined;
    if (!keyConfig || !secret)
      throw new RehearsalFailedError('the configuration declares no generated key to rehearse with');
    const fleetName = keyConfig.fleets[0];
    const api = await startInternalApi({
      sm: env.secretsManagerDirect,
      secretNames: Object.values(deployment.secrets).map((s) => s.name),
    });
    stops.push(() => api.close());
    const fleet = await SimulatedFleet.start({
      endpoint: env.endpoint,
      region: deployment.region,
      credentials: fleetName ? env.agentCredentials(fleetName) : env.adminClientConfig.credentials,
      secretName: secret.name,
      queueUrl: fleetName ? deployment.fleetQueueUrls[fleetName] : undefined,
      inventoryTable: deployment.tableName,
      apiUrl: api.url,
      agents: agentCount,
      name: fleetName ?? 'agent',
    });
    stops.push(() => fleet.stop());
    timeline.log(
      `${agentCount} agents of fleet "${fleetName ?? '-'}" working through the in-house API with ${secret.name}`,
    );
    await sleep(300);

    // Scheduled rotation
    timeline.section('scheduled', `Scheduled rotation of ${secret.name}`);
    const scheduled = await rotateAndFollow(env, secret.name, timeline);
    const scheduledConvergenceMs = await waitForFleet(fleet, scheduled.versionId, timeline);
    await env.idle();

    // A scanner finding: the rehearsal's own (the current key, leaked), or the events of a file
    const leaked = await env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: secret.name, VersionStage: 'AWSCURRENT' }),
    );
    const leakedKey = (JSON.parse(leaked.SecretString ?? '{}') as { apiKey: string }).apiKey;
    const entries = options.findings ?? [syntheticFinding(leakedKey)];
    timeline.section(
      'exposure',
      options.findings
        ? `Scanner findings from a file: ${entries.length} event(s)`
        : `Scanner finding: the current key of ${secret.name} is found in a public repository`,
    );
    const handledBefore = stack.findings.length;
    const findingAt = timeline.now();
    const put = await new EventBridgeClient(env.adminClientConfig).send(
      new PutEventsCommand({ Entries: onFindingBus(env.deployment, entries) }),
    );
    timeline.log(
      `${entries.length - (put.FailedEntryCount ?? 0)} event(s) put on the bus: ${entries.map((e) => `${e.Source}/${e.DetailType}`).join(', ')}`,
    );
    await waitFor(() => stack.findings.length >= handledBefore + entries.length, 15_000).catch(() => undefined);
    const emergency = await waitForNewCurrent(
      env,
      secret.name,
      leaked.VersionId ?? '',
      timeline,
      options.findings ? 3_000 : 30_000,
    ).catch((err: unknown) => {
      if (options.findings) return undefined; // a file's finding may name another key, or none
      throw err;
    });
    const exposureWindowMs = emergency ? emergency.at - findingAt : null;
    if (emergency) {
      timeline.log(
        `new key ${shortVersion(emergency.versionId)} is AWSCURRENT and the fleet is notified: exposure window ${exposureWindowMs} ms`,
      );
    }
    const emergencyConvergenceMs = emergency ? await waitForFleet(fleet, emergency.versionId, timeline) : null;
    await env.idle();
    await api.refresh();
    const revocation = env.executions.find(
      (e) =>
        e.status === 'SUCCEEDED' &&
        (JSON.parse(e.input) as { oldVersionId?: string }).oldVersionId === leaked.VersionId,
    );
    const timeToRevocationMs = revocation?.stopDate
      ? revocation.stopDate.getTime() - timeline.startedAt - findingAt
      : null;
    // With a file's findings the rehearsed key may not be the one they name: then there is no verdict on it.
    const exposedKeyRevoked = !options.findings || emergency ? !api.isLive(leakedKey) : null;
    if (exposedKeyRevoked !== null) {
      timeline.log(
        exposedKeyRevoked
          ? 'the exposed key is dead: the in-house API refuses it'
          : 'the exposed key is STILL ACCEPTED',
      );
    }

    await fleet.stop();

    // A key that dies under the fleet
    let deadKey: DeadKeyResult | null = null;
    if (provider) {
      timeline.section('dead-key', 'A key dies under the fleet: the provider disables the current key on its own');
      deadKey = await playDeadKey({ env, provider, timeline, agents: deadKeyAgents });
      await env.idle();
    }

    const report: RehearsalReport = {
      secretName: secret.name,
      exposureWindowMs,
      fleetConvergenceMs: scheduledConvergenceMs,
      emergencyFleetConvergenceMs: emergencyConvergenceMs,
      timeToRevocationMs,
      totalRequests: fleet.stats.requests,
      failedRequests: fleet.stats.failed,
      healedRequests: fleet.stats.retried,
      getSecretValueCalls: fleet.stats.getSecretValueCalls,
      apiCalls: Object.fromEntries(env.apiCalls),
      rules: rulesOf(env),
      deadKeyFailedRequests: deadKey?.failedRequests ?? null,
      deadKey,
      exposedKeyRevoked,
      agents: agentCount,
      findings: stack.findings
        .slice(handledBefore)
        .map((r) => ({ source: r.source, detailType: r.detailType, outcome: r.outcome, result: r.result })),
      timeline: timeline.entries,
      keys: await keyVersions(env),
    };
    printFigures(report, write);
    return report;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await stack.stop();
    await provider?.close();
  }
}

/** What the intake did, from its result: the action taken for each exposed version (ids only). */
function describeFinding(record: PumpRecord): string {
  if (record.error) return `${record.outcome} (${record.error})`;
  const actions = [...JSON.stringify(record.result ?? {}).matchAll(/"action":"([a-z-]+)"/g)].map((m) => m[1]);
  return actions.length > 0 ? `${record.outcome}: ${actions.join(', ')}` : record.outcome;
}

/** The rehearsal's own finding: a gitleaks-style report of the key, as its fingerprint (the key never travels). */
function syntheticFinding(key: string): PutEventsRequestEntry {
  return {
    Source: 'rekey.scanner',
    DetailType: 'Secret Exposed',
    Detail: JSON.stringify({
      findingId: `rehearsal-${Date.now()}`,
      source: 'gitleaks',
      fingerprint: fingerprint(key),
      location: 'github.com/example/agents@main:config/.env:3',
    }),
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

async function rotateAndFollow(env: LocalEnvironment, secretName: string, timeline: Timeline) {
  const before = await currentVersion(env, secretName);
  const out = await env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName }));
  timeline.log(`RotateSecret → rotation to ${shortVersion(out.VersionId)} started`);
  return waitForNewCurrent(env, secretName, before ?? '', timeline);
}

async function currentVersion(env: LocalEnvironment, secretName: string): Promise<string | undefined> {
  const d = await env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: secretName }));
  return Object.entries(d.VersionIdsToStages ?? {}).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
}

async function waitForNewCurrent(
  env: LocalEnvironment,
  secretName: string,
  oldVersionId: string,
  timeline: Timeline,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await currentVersion(env, secretName);
    const runs = env.rotations.runs.filter((r) => r.secretName === secretName && r.token !== oldVersionId);
    if (current && current !== oldVersionId && runs.some((r) => r.token === current && r.status === 'succeeded')) {
      return { versionId: current, at: timeline.now() };
    }
    const failed = runs.find((r) => r.status === 'failed');
    if (failed) throw new RehearsalFailedError(`rotation of ${secretName} failed: ${failed.error}`);
    if (Date.now() > deadline) {
      const seen = runs.map((r) => `${shortVersion(r.token)}:${r.status}`).join(' ');
      throw new RehearsalFailedError(
        `no new AWSCURRENT for ${secretName} within ${timeoutMs / 1000} s (current ${shortVersion(current)}; rotations ${seen})`,
      );
    }
    await sleep(10);
  }
}

async function waitForFleet(fleet: SimulatedFleet, versionId: string, timeline: Timeline): Promise<number> {
  const start = timeline.now();
  const deadline = Date.now() + 30_000;
  while (!fleet.allOn(versionId)) {
    if (Date.now() > deadline)
      throw new RehearsalFailedError(`the fleet did not move to ${shortVersion(versionId)} within 30 s`);
    await sleep(5);
  }
  const ms = timeline.now() - start;
  timeline.log(`${fleet.keys.length}/${fleet.keys.length} agents on ${shortVersion(versionId)} after ${ms} ms`);
  return ms;
}

async function keyVersions(env: LocalEnvironment): Promise<RehearsalReport['keys']> {
  const { Inventory } = await import('../../lambdas/common/inventory');
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
  // The rehearsal looking at the result, as the account's administrator.
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(env.adminClientConfig));
  const inventory = new Inventory(doc, env.deployment.tableName);
  const out = [];
  for (const { name } of Object.values(env.deployment.secrets)) {
    const d = await env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: name }));
    const items = await inventory.listVersions(name);
    const ids = new Set([...Object.keys(d.VersionIdsToStages ?? {}), ...items.map((i) => i.versionId)]);
    out.push({
      secretName: name,
      versions: [...ids].map((versionId) => {
        const item = items.find((i) => i.versionId === versionId);
        return {
          versionId,
          stages: d.VersionIdsToStages?.[versionId] ?? [],
          ...(item?.status ? { status: item.status } : {}),
          ...(item?.revokedAt ? { revokedAt: item.revokedAt } : {}),
        };
      }),
    });
  }
  return out;
}

function describeEvent(event: LocalEvent, timeline: Timeline): void {
  switch (event.type) {
    case 'rotation-step':
      timeline.log(`  ${event.run.secretName} ${event.step} ✓`);
      return;
    case 'rotation-succeeded':
      timeline.log(
        `  ${event.run.secretName} is now ${shortVersion(event.run.token)}; \`rotated\` published to its fleet`,
      );
      return;
    case 'rotation-failed':
      timeline.log(`  ${event.run.secretName} rotation to ${shortVersion(event.run.token)} FAILED: ${event.run.error}`);
      return;
    case 'execution-started':
      timeline.log(`  revocation workflow started: ${event.execution.name}`);
      return;
    case 'execution-ended':
      timeline.log(
        `  revocation workflow ${event.execution.name} ended ${event.execution.status}${event.execution.error ? ` (${event.execution.error})` : ''}`,
      );
      return;
  }
}

/** The figures a rehearsal is judged by, as label and value (printed, and drawn in the picture). */
export function figuresOf(report: RehearsalReport): [string, string][] {
  const apiCalls = Object.values(report.apiCalls).reduce((a, b) => a + b, 0);
  return [
    ['exposure window (finding → new key current, fleet notified)', ms(report.exposureWindowMs)],
    ['time to revocation (finding → exposed key dead)', ms(report.timeToRevocationMs)],
    [
      'fleet convergence, scheduled / emergency',
      `${ms(report.fleetConvergenceMs)} / ${ms(report.emergencyFleetConvergenceMs)}`,
    ],
    [
      'agent requests',
      `${report.totalRequests} total, ${report.failedRequests} failed, ${report.healedRequests} healed by refresh-and-retry`,
    ],
    ['GetSecretValue calls by agents', `${report.getSecretValueCalls} (${report.agents} agents)`],
    ['AWS API calls through the local endpoint', String(apiCalls)],
    ...(report.rules
      ? ([
          ['IAM at the endpoint (calls allowed / refused)', `${report.rules.iamAllowed} / ${report.rules.iamDenied}`],
          [
            'busiest quota: peak calls in any 1 s (quota), throttled',
            report.rules.busiestQuota
              ? `${report.rules.busiestQuota.quota} ${report.rules.busiestQuota.peak}/s (${report.rules.busiestQuota.rate}/s), ${report.rules.throttled}`
              : `-, ${report.rules.throttled}`,
          ],
        ] as [string, string][])
      : []),
    ...deadKeyFigures(report),
    [
      'exposed key accepted at the end',
      report.exposedKeyRevoked === null ? 'n/a (not the rehearsed key)' : report.exposedKeyRevoked ? 'no' : 'YES',
    ],
  ];
}

/** The dead-key scenario's figures: its steps from the kill, and its failed requests apart from the others'. */
function deadKeyFigures(report: RehearsalReport): [string, string][] {
  const d = report.deadKey;
  if (!d) return [];
  const since = (t: number | null) => (t === null ? 'n/a' : `${t - d.killedAt}`);
  const f = d.failedRequests;
  return [
    [
      'dead key: kill → first report / confirmed / new key current / fleet on it',
      `${since(d.firstReportAt)} / ${since(d.confirmedAt)} / ${since(d.newKeyCurrentAt)} / ${since(d.fleetOnNewKeyAt)} ms`,
    ],
    [
      'dead key: failed requests until / after the new key is current',
      `${f.untilNewKeyCurrent} / ${f.afterNewKeyCurrent + f.beforeKill} (of ${d.totalRequests}, ${d.agents} agents)`,
    ],
  ];
}

function printFigures(report: RehearsalReport, write: ((line: string) => void) | undefined): void {
  if (!write) return;
  write('\nFigures');
  for (const [label, value] of figuresOf(report)) write(`  ${label.padEnd(62)} ${value}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (value: number | null) => (value === null ? 'n/a (nothing rotated)' : `${value} ms`);

/** What AWS's rules did at the local endpoint during the rehearsal. */
function rulesOf(env: LocalEnvironment): RehearsalReport['rules'] {
  const peaks = env.quotas.peaks().filter((p) => Number.isFinite(p.rate) && p.rate > 0);
  const busiest = peaks.sort((a, b) => b.peak / b.rate - a.peak / a.rate)[0];
  return {
    iamAllowed: env.deployment.iam.usage.length,
    iamDenied: env.deployment.iam.denials.length,
    throttled: env.quotas.peaks().reduce((n, p) => n + p.throttled, 0),
    ...(busiest ? { busiestQuota: { quota: busiest.quota, peak: busiest.peak, rate: busiest.rate } } : {}),
  };
}
