import { type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { keyReportAlias } from '../../contract';
import type { RekeyConfigInput } from '../../lib/config';
import { lambdaDeadKeyReporter } from '../../packages/client/src';
import type { LocalEnvironment } from '../emulator/environment';
import type { FakeServer } from '../emulator/fake-providers';
import type { FakeHttpState } from '../emulator/fake-providers/http';
import { SimulatedFleet } from './agents';
import { shortVersion, type Timeline } from './timeline';

/**
 * The rehearsal's own key for the dead-key scenario: an `http`-provider key at the fake in-house key service
 * (local/emulator/fake-providers/http.ts), which can disable a key on its own, as real providers do.
 */
export const DEAD_KEY = {
  name: 'rehearsal/in-house-tools',
  fleet: 'tools',
  adminSecretName: 'rekey-rehearsal/in-house-tools-admin',
} as const;

/**
 * The dead-key agents' refresh cooldown: below their request interval (50 ms), so a request that meets the dead key
 * after the new one is current always re-reads. With the client's default (1 s), requests in the second after the new
 * key becomes current can still fail until the `rotated` notification arrives.
 */
export const DEAD_KEY_RETRY_COOLDOWN_MS = 40;

/** Failed requests of the dead-key fleet, by when they began. */
export interface DeadKeyFailedRequests {
  /** Ended after the kill and began before the new key was AWSCURRENT: what a dead key costs. */
  readonly untilNewKeyCurrent: number;
  /** Began once the new key was AWSCURRENT: must be zero. */
  readonly afterNewKeyCurrent: number;
  /** Ended before the kill: must be zero. */
  readonly beforeKill: number;
}

export interface DeadKeyResult {
  readonly secretName: string;
  readonly agents: number;
  readonly deadVersionId: string;
  readonly newVersionId: string;
  /** Times since the rehearsal began (ms). */
  readonly killedAt: number;
  readonly firstReportAt: number | null;
  readonly confirmedAt: number | null;
  readonly newKeyCurrentAt: number;
  readonly fleetOnNewKeyAt: number;
  readonly totalRequests: number;
  readonly failedRequests: DeadKeyFailedRequests;
  /** Reports the agents sent, by the report function's answer (or the error that refused them). */
  readonly reports: Readonly<Record<string, number>>;
  /** The provider accepts the new key. */
  readonly newKeyLive: boolean;
}

/** Adds the dead-key scenario's key and fleet to a configuration (unless it already has a key of that name). */
export function withDeadKey(config: RekeyConfigInput, providerUrl: string): RekeyConfigInput {
  if (config.keys.some((k) => k.name === DEAD_KEY.name)) return config;
  return {
    ...config,
    keys: [
      ...config.keys,
      {
        name: DEAD_KEY.name,
        description: "The rehearsal's in-house key service, whose keys can die out of band",
        provider: 'http',
        options: { baseUrl: providerUrl },
        adminSecretName: DEAD_KEY.adminSecretName,
        fleets: [DEAD_KEY.fleet],
      },
    ],
    fleets: [...(config.fleets ?? []).filter((f) => f.name !== DEAD_KEY.fleet), { name: DEAD_KEY.fleet }],
  };
}

/** The provider's admin credential, made before the deploy-time rotation as a user would before `cdk deploy`. */
export async function createDeadKeyAdminSecret(env: LocalEnvironment, adminKey: string): Promise<void> {
  await env.secretsManager.send(new CreateSecretCommand({ Name: DEAD_KEY.adminSecretName, SecretString: adminKey }));
}

export interface PlayDeadKeyOptions {
  readonly env: LocalEnvironment;
  readonly provider: FakeServer<FakeHttpState>;
  readonly timeline: Timeline;
  readonly agents: number;
  /** @default 30_000 */
  readonly timeoutMs?: number;
}

/**
 * A key dies under the fleet: agents work through the provider with the current key, the provider disables it on its
 * own (no finding, no call to rekey), the agents' refresh-and-retry is refused again, they report it (ids and the
 * fingerprint), the key-report function confirms it with the provider's test call and rotates in emergency mode, and
 * the agents move to the new key. Measures each step and the failed requests it costs.
 */
export async function playDeadKey(options: PlayDeadKeyOptions): Promise<DeadKeyResult> {
  const { env, provider, timeline } = options;
  const { deployment } = env;
  const secretName = deployment.secrets[DEAD_KEY.name]?.name;
  const queueUrl = deployment.fleetQueueUrls[DEAD_KEY.fleet];
  const reportFunction = env.functions['key-report']?.arn;
  if (!secretName || !queueUrl || !reportFunction) throw new Error('the deployment lacks the dead-key scenario');
  const config = {
    endpoint: env.endpoint,
    region: deployment.region,
    credentials: env.agentCredentials(DEAD_KEY.fleet),
  };

  // The real reporter; the rehearsal only watches its calls and the function's answers (ids only).
  const reports: Record<string, number> = {};
  let firstReportAt: number | null = null;
  let confirmedAt: number | null = null;
  const lambda = new LambdaClient(config);
  lambda.middlewareStack.add(
    (next) => async (args) => {
      if (firstReportAt === null) {
        firstReportAt = timeline.now();
        timeline.log('first dead-key report sent to the key-report function (ids and the fingerprint)');
      }
      try {
        const out = await next(args);
        const payload = (out.output as InvokeCommandOutput).Payload;
        const outcome = String(JSON.parse(new TextDecoder().decode(payload)).outcome);
        reports[outcome] = (reports[outcome] ?? 0) + 1;
        if (outcome === 'dead' && confirmedAt === null) {
          confirmedAt = timeline.now();
          timeline.log('key-report function: the provider refuses the key (its test call); emergency rotation started');
        }
        return out;
      } catch (err) {
        const name = (err as Error).name;
        reports[name] = (reports[name] ?? 0) + 1;
        throw err;
      }
    },
    { step: 'initialize', name: 'rehearsalWatchesReports' },
  );

  const fleet = await SimulatedFleet.start({
    ...config,
    secretName,
    queueUrl,
    inventoryTable: deployment.tableName,
    apiUrl: provider.url,
    agents: options.agents,
    name: DEAD_KEY.fleet,
    retryCooldownMs: DEAD_KEY_RETRY_COOLDOWN_MS,
    // Each fleet reports through its own alias of the function (lib/key-report.ts).
    deadKeyReporter: lambdaDeadKeyReporter({
      client: lambda,
      functionName: reportFunction,
      qualifier: keyReportAlias(DEAD_KEY.fleet),
    }),
  });
  try {
    timeline.log(
      `${options.agents} agents of fleet "${DEAD_KEY.fleet}" working through the in-house key service with ${secretName}`,
    );
    await sleep(300);
    const dead = await current(env, secretName);

    // The provider disables the key on its own.
    const killedEpoch = Date.now();
    const killedAt = timeline.now();
    for (const key of provider.state.keys.values()) if (key.value === dead.apiKey) key.revoked = true;
    timeline.log(
      `the provider disables the current key (version ${shortVersion(dead.versionId)}) out of band: no finding, no call to rekey`,
    );

    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    let firstFailureSeen = false;
    let newKey: { versionId: string; at: number; epoch: number } | undefined;
    for (;;) {
      if (!firstFailureSeen && fleet.stats.failures.some((f) => f.endedAt >= killedEpoch)) {
        firstFailureSeen = true;
        timeline.log('agents fail: the key is refused, refreshed, and refused again');
      }
      if (!newKey) {
        const versionId = await currentVersion(env, secretName);
        if (versionId && versionId !== dead.versionId) {
          newKey = { versionId, at: timeline.now(), epoch: Date.now() };
          timeline.log(`new key ${shortVersion(versionId)} is AWSCURRENT, ${newKey.at - killedAt} ms after the kill`);
        }
      }
      if (newKey && fleet.allOn(newKey.versionId)) break;
      if (Date.now() > deadline) {
        throw new DeadKeyNotHealedError(
          newKey
            ? `the fleet did not move to ${shortVersion(newKey.versionId)} in time`
            : `no new key for ${secretName} within ${(options.timeoutMs ?? 30_000) / 1000} s of the kill (reports: ${JSON.stringify(reports)})`,
        );
      }
      await sleep(10);
    }
    const fleetOnNewKeyAt = timeline.now();
    timeline.log(
      `${options.agents}/${options.agents} agents on ${shortVersion(newKey.versionId)}, ${fleetOnNewKeyAt - newKey.at} ms after it became current`,
    );
    // Keep working a little: a request that fails on the healed key must show.
    await sleep(400);
    await fleet.stop();

    const failures = fleet.stats.failures;
    const currentEpoch = newKey.epoch;
    const beforeKill = failures.filter((f) => f.endedAt < killedEpoch).length;
    const afterNewKeyCurrent = failures.filter((f) => f.startedAt >= currentEpoch).length;
    const healed = await env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: secretName, VersionId: newKey.versionId }),
    );
    const newKeyLive = provider.state.isLive(apiKeyOf(healed.SecretString));
    const result: DeadKeyResult = {
      secretName,
      agents: options.agents,
      deadVersionId: dead.versionId,
      newVersionId: newKey.versionId,
      killedAt,
      firstReportAt,
      confirmedAt,
      newKeyCurrentAt: newKey.at,
      fleetOnNewKeyAt,
      totalRequests: fleet.stats.requests,
      failedRequests: {
        beforeKill,
        untilNewKeyCurrent: failures.length - beforeKill - afterNewKeyCurrent,
        afterNewKeyCurrent,
      },
      reports,
      newKeyLive,
    };
    const f = result.failedRequests;
    timeline.log(
      `dead key cost ${f.untilNewKeyCurrent} failed request(s) of ${result.totalRequests} until the new key was current, ${f.afterNewKeyCurrent} after`,
    );
    return result;
  } finally {
    await fleet.stop();
  }
}

/** The scenario's key did not heal: no new key became current, or the fleet did not move to it, in time. */
export class DeadKeyNotHealedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadKeyNotHealedError';
  }
}

async function current(env: LocalEnvironment, secretName: string): Promise<{ versionId: string; apiKey: string }> {
  const out = await env.secretsManagerDirect.send(
    new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSCURRENT' }),
  );
  return { versionId: out.VersionId ?? '', apiKey: apiKeyOf(out.SecretString) };
}

async function currentVersion(env: LocalEnvironment, secretName: string): Promise<string | undefined> {
  const d = await env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: secretName }));
  return Object.entries(d.VersionIdsToStages ?? {}).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
}

const apiKeyOf = (secretString: string | undefined) =>
  (JSON.parse(secretString ?? '{}') as { apiKey?: string }).apiKey ?? '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
