import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { fingerprint } from '../client/fingerprint';
import { handler as intakeHandler } from '../lambdas/intake';
import type { RekeyConfigInput } from '../lib/config';
import { SimulatedFleet } from './agents';
import { type LocalEnvironment, type LocalEvent, startLocalEnvironment } from './environment';
import { installFindingRules, pumpEvents } from './event-bridge';
import { startInternalApi } from './internal-api';
import { revocationRunner } from './state-machine';
import { shortVersion, Timeline } from './timeline';

export interface RehearsalOptions {
  /** The configuration to deploy locally. @default rekey.config.json */
  readonly config?: RekeyConfigInput;
  /** Simulated agents on the rehearsed key. @default 30 */
  readonly agents?: number;
  /** Real seconds of a wait are this many milliseconds here (waits of 75 minutes become seconds). @default 0.5 */
  readonly msPerSecond?: number;
  /** Print the timeline as it happens. @default true */
  readonly print?: boolean;
  readonly write?: (line: string) => void;
}

export interface RehearsalReport {
  readonly secretName: string;
  /** Finding put on the bus → new key AWSCURRENT and the fleet notified. */
  readonly exposureWindowMs: number;
  /** Rotation finished → every agent on the new key (scheduled rotation). */
  readonly fleetConvergenceMs: number;
  /** The same after the emergency rotation. */
  readonly emergencyFleetConvergenceMs: number;
  /** Finding put on the bus → the exposed key revoked at the provider and confirmed. */
  readonly timeToRevocationMs: number;
  readonly totalRequests: number;
  readonly failedRequests: number;
  readonly healedRequests: number;
  readonly getSecretValueCalls: number;
  readonly apiCalls: Readonly<Record<string, number>>;
  readonly exposedKeyRevoked: boolean;
  readonly agents: number;
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

const DEFAULT_CONFIG_FILE = join(__dirname, '..', 'rekey.config.json');

/**
 * The whole workflow on this machine: deploy locally, put agents to work through an in-house API that accepts only
 * live keys, play a scheduled rotation, then a scanner finding for the new key, and measure what rekey promises.
 */
export async function runRehearsal(options: RehearsalOptions = {}): Promise<RehearsalReport> {
  const write =
    options.print === false ? undefined : (options.write ?? ((line: string) => process.stdout.write(`${line}\n`)));
  const timeline = new Timeline(write);
  const config = options.config ?? (JSON.parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')) as RekeyConfigInput);
  const msPerSecond = options.msPerSecond ?? 0.5;
  const agentCount = options.agents ?? 30;
  const onEvent = (event: LocalEvent) => describeEvent(event, timeline);

  timeline.section(
    'setup',
    'Local deployment (moto on 127.0.0.1, the synthesized stack, the real handlers in-process)',
  );
  const env = await startLocalEnvironment({
    config,
    executionRunner: (deployment) => revocationRunner(deployment, { waitScale: msPerSecond / 1000 }),
    onEvent,
  });
  const stops: (() => Promise<void>)[] = [];
  try {
    const { deployment } = env;
    timeline.log(
      `moto on ${env.moto.endpoint}; AWS endpoint ${env.endpoint}; ${Object.keys(deployment.secrets).length} managed keys, ${
        Object.keys(deployment.fleetQueueUrls).length
      } fleets, inventory ${deployment.tableName}`,
    );
    const rules = await installFindingRules({
      endpoint: env.moto.endpoint,
      template: deployment.template,
      region: deployment.region,
    });
    const pumpAbort = new AbortController();
    const pump = pumpEvents({
      endpoint: env.moto.endpoint,
      queueUrl: rules.queueUrl,
      region: deployment.region,
      handle: (event) => intakeHandler(event),
      signal: pumpAbort.signal,
      waitTimeSeconds: 1,
      onRecord: (r) =>
        timeline.log(
          `intake: ${r.source}/${r.detailType} via rule ${r.rule} → ${r.outcome}${r.error ? ` (${r.error})` : ''}`,
        ),
    });
    stops.push(async () => {
      pumpAbort.abort();
      await pump.catch(() => undefined);
    });
    timeline.log(`EventBridge rules installed with the stack's patterns: ${rules.ruleNames.length}`);

    // As CloudFormation does at deploy time (RotateImmediatelyOnUpdate), rotate every key once: the placeholder goes.
    for (const { name } of Object.values(deployment.secrets)) {
      await env.secretsManager.send(new RotateSecretCommand({ SecretId: name }));
    }
    await env.rotations.idle();
    timeline.log('first rotation of every key done (the deployed placeholders are being retired)');

    const [keyName, secret] = Object.entries(deployment.secrets)[0] ?? [];
    if (!keyName || !secret) throw new RehearsalFailedError('the configuration declares no key');
    const fleetName = deployment.config.keys.find((k) => k.name === keyName)?.fleets[0];
    const api = await startInternalApi({
      sm: env.secretsManagerDirect,
      secretNames: Object.values(deployment.secrets).map((s) => s.name),
    });
    stops.push(() => api.close());
    const fleet = await SimulatedFleet.start({
      endpoint: env.endpoint,
      region: deployment.region,
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

    // Scanner finding for the key now current
    timeline.section('exposure', `Scanner finding: the current key of ${secret.name} is found in a public repository`);
    const leaked = await env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: secret.name, VersionStage: 'AWSCURRENT' }),
    );
    const leakedKey = (JSON.parse(leaked.SecretString ?? '{}') as { apiKey: string }).apiKey;
    const leakedFingerprint = fingerprint(leakedKey);
    const findingAt = timeline.now();
    await new EventBridgeClient({ endpoint: env.endpoint, region: deployment.region }).send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'rekey.scanner',
            DetailType: 'Secret Exposed',
            Detail: JSON.stringify({
              findingId: `rehearsal-${Date.now()}`,
              source: 'gitleaks',
              fingerprint: leakedFingerprint,
              location: 'github.com/example/agents@main:config/.env:3',
            }),
          },
        ],
      }),
    );
    timeline.log(
      `finding put on the bus (rekey.scanner / Secret Exposed), fingerprint ${leakedFingerprint.slice(0, 12)}…`,
    );
    const emergency = await waitForNewCurrent(env, secret.name, leaked.VersionId ?? '', timeline);
    const exposureWindowMs = emergency.at - findingAt;
    timeline.log(
      `new key ${shortVersion(emergency.versionId)} is AWSCURRENT and the fleet is notified: exposure window ${exposureWindowMs} ms`,
    );
    const emergencyConvergenceMs = await waitForFleet(fleet, emergency.versionId, timeline);
    await env.idle();
    await api.refresh();
    const revocation = env.executions.find(
      (e) =>
        e.status === 'SUCCEEDED' &&
        (JSON.parse(e.input) as { oldVersionId?: string }).oldVersionId === leaked.VersionId,
    );
    const revokedAt = revocation?.stopDate ? revocation.stopDate.getTime() - timeline.startedAt : timeline.now();
    const exposedKeyRevoked = !api.isLive(leakedKey);
    timeline.log(
      exposedKeyRevoked ? 'the exposed key is dead: the in-house API refuses it' : 'the exposed key is STILL ACCEPTED',
    );

    await fleet.stop();
    const report: RehearsalReport = {
      secretName: secret.name,
      exposureWindowMs,
      fleetConvergenceMs: scheduledConvergenceMs,
      emergencyFleetConvergenceMs: emergencyConvergenceMs,
      timeToRevocationMs: revokedAt - findingAt,
      totalRequests: fleet.stats.requests,
      failedRequests: fleet.stats.failed,
      healedRequests: fleet.stats.retried,
      getSecretValueCalls: fleet.stats.getSecretValueCalls,
      apiCalls: Object.fromEntries(env.apiCalls),
      exposedKeyRevoked,
      agents: agentCount,
      timeline: timeline.entries,
      keys: await keyVersions(env),
    };
    printFigures(report, write);
    return report;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await env.stop();
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

async function waitForNewCurrent(env: LocalEnvironment, secretName: string, oldVersionId: string, timeline: Timeline) {
  const deadline = Date.now() + 30_000;
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
        `no new AWSCURRENT for ${secretName} within 30 s (current ${shortVersion(current)}; rotations ${seen})`,
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
  const { Inventory } = await import('../lambdas/common/inventory');
  const { awsClients } = await import('../lambdas/common/clients');
  const inventory = new Inventory(awsClients().doc, env.deployment.tableName);
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

function printFigures(report: RehearsalReport, write: ((line: string) => void) | undefined): void {
  if (!write) return;
  const rows: [string, string][] = [
    ['exposure window (finding → new key current, fleet notified)', `${report.exposureWindowMs} ms`],
    ['time to revocation (finding → exposed key dead)', `${report.timeToRevocationMs} ms`],
    [
      'fleet convergence, scheduled / emergency',
      `${report.fleetConvergenceMs} ms / ${report.emergencyFleetConvergenceMs} ms`,
    ],
    [
      'agent requests',
      `${report.totalRequests} total, ${report.failedRequests} failed, ${report.healedRequests} healed by refresh-and-retry`,
    ],
    ['GetSecretValue calls by agents', `${report.getSecretValueCalls} (${report.agents} agents, 3 key versions)`],
    ['exposed key accepted at the end', report.exposedKeyRevoked ? 'no' : 'YES'],
  ];
  write('\nFigures');
  for (const [label, value] of rows) write(`  ${label.padEnd(62)} ${value}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
