import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRevocation } from '../../../lambdas/common/revocation';
import { dynamoDbAcknowledger } from '../../../packages/client/src/ack';
import { type Clock, systemClock, type TimerHandle } from '../../../packages/client/src/clock';
import { fingerprint, keyHint } from '../../../packages/client/src/fingerprint';
import { dynamoDbLiveness, type Liveness } from '../../../packages/client/src/liveness';
import { RotatingSecret } from '../../../packages/client/src/rotating-secret';
import { memoryLogger } from '../../unit/client/support/memory-logger';
import {
  allMessages,
  canary,
  executionsOf,
  executionText,
  type Harness,
  opsAlerts,
  stagesOf,
  startHarness,
  statesEntered,
} from './support';

/**
 * Fleet liveness against the local stack with IAM enforced: agents are the real client library signing as the fleet's
 * agent principal (acks and liveness records under the agent policy), the revocation is the synthesized state machine
 * with the real handler under its role. Agents crash, restart under a new id, lose their network, or stay on the old
 * key; a scheduled revocation revokes once the dead records expire, and never while a live agent holds the old key.
 */

const TTL_MS = 10_000; // renewed every ~3.3 s; a dead agent's record lapses 6.7 to 11 s after it died (rounded up to the second)
const WAIT_MS = 3000; // each WaitScheduled: the first verification comes before a dead record lapses, the fifth after
let h: Harness;
const planted: string[] = [];
const agents: Agent[] = [];
const logs = memoryLogger();
const generated = (name: string) => ({ name, provider: 'generated' as const, fleets: ['agents'] });

beforeAll(async () => {
  h = await startHarness({
    keys: [generated('lv/crash'), generated('lv/restart'), generated('lv/offline'), generated('lv/stays')],
    fleets: [{ name: 'agents' }],
    verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 60, maxRounds: 5, deleteGraceSeconds: 60 },
  });
  h.scheduledWaitMs = WAIT_MS;
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.key.close().catch(() => undefined)));
  // No key reached an execution's history, a message, a log line of the harness or of an agent.
  const histories = [...(h?.env.executions.executions.values() ?? [])].map(executionText).join('');
  const text = [histories, allMessages().join(''), h?.output.join('') ?? '', logs.text()].join('');
  expect(planted.length).toBeGreaterThanOrEqual(8);
  for (const key of planted) expect(text).not.toContain(key);
  await h?.stop();
});

/** The system clock, until `crash()`: then every timer is gone and none is set again, as in a killed process. */
function crashableClock(): Clock & { crash(): void } {
  const handles = new Set<TimerHandle>();
  let crashed = false;
  return {
    now: () => systemClock.now(),
    setTimeout(fn, ms) {
      if (crashed) return undefined;
      const handle = systemClock.setTimeout(() => {
        handles.delete(handle);
        if (!crashed) fn();
      }, ms);
      handles.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      handles.delete(handle);
      systemClock.clearTimeout(handle);
    },
    crash() {
      crashed = true;
      for (const handle of handles) systemClock.clearTimeout(handle);
      handles.clear();
    },
  };
}

interface Agent {
  readonly id: string;
  readonly key: RotatingSecret;
  /** Kills the process: no more renewals, no cleanup, no write of any kind. */
  crash(): void;
  /** Cuts the network: every DynamoDB and Secrets Manager call fails from now on (connection refused). */
  disconnect(): void;
}

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: h.env.deployment.region,
  credentials: h.env.agentCredentials('agents'),
  maxAttempts: 1,
});

/** A real client-library agent of the fleet, under the fleet's agent policy, acking and announcing liveness. */
async function startAgent(secretName: string, id: string): Promise<Agent> {
  const clock = crashableClock();
  let crashed = false;
  let endpoint = h.env.endpoint;
  const dead = 'http://127.0.0.1:9'; // nothing listens: ECONNREFUSED
  const ddb = { up: new DynamoDBClient(clientConfig(endpoint)), down: new DynamoDBClient(clientConfig(dead)) };
  const sm = {
    up: new SecretsManagerClient(clientConfig(endpoint)),
    down: new SecretsManagerClient(clientConfig(dead)),
  };
  const via = () => (endpoint === dead ? 'down' : 'up');
  const liveness: Liveness = async (record) => {
    if (!crashed) await dynamoDbLiveness({ client: ddb[via()], tableName: h.env.deployment.tableName })(record);
  };
  const key = await RotatingSecret.open({
    secretId: secretName,
    client: new Proxy(sm.up, { get: (_, prop) => Reflect.get(sm[via()], prop) }) as SecretsManagerClient,
    pollIntervalMs: 0,
    clock,
    logger: logs,
    agentId: id,
    livenessTtlMs: TTL_MS,
    liveness,
    acknowledge: async (ack) => {
      if (!crashed) await dynamoDbAcknowledger({ client: ddb[via()], tableName: h.env.deployment.tableName })(ack);
    },
  });
  const agent = {
    id,
    key,
    crash: () => {
      crashed = true;
      clock.crash();
    },
    disconnect: () => {
      endpoint = dead;
    },
  };
  agents.push(agent);
  return agent;
}

/** Puts a new version of the key's secret (AWSCURRENT moves to it) and records it in the inventory as current. */
async function putVersion(keyName: string, previous?: string): Promise<{ secretName: string; versionId: string }> {
  const secretName = h.env.deployment.secrets[keyName]?.name ?? '';
  const apiKey = canary();
  planted.push(apiKey);
  const versionId = randomUUID();
  const createdAt = new Date().toISOString();
  await h.env.secretsManager.send(
    new PutSecretValueCommand({
      SecretId: secretName,
      ClientRequestToken: versionId,
      SecretString: JSON.stringify({ apiKey, keyId: versionId, provider: 'generated', createdAt, options: {} }),
    }),
  );
  const facts = { secretName, versionId, keyId: versionId, provider: 'generated' as const, createdAt };
  await h.inventory.recordVersion({ ...facts, fingerprint: fingerprint(apiKey), keyHint: keyHint(apiKey) }, 'current');
  if (previous) await h.inventory.transition(secretName, previous, 'previous');
  return { secretName, versionId };
}

/** Runs a scheduled revocation of `oldVersionId` to the end (each WaitScheduled lasts WAIT_MS). */
async function revokeScheduled(secretName: string, oldVersionId: string, newVersionId: string) {
  const input = { secretName, oldVersionId, newVersionId, mode: 'scheduled' as const, reason: 'scheduled rotation' };
  await startRevocation(h.sfn, h.env.deployment.stateMachineArn, input);
  await h.env.idle();
  const execution = executionsOf(h, secretName).find((e) => e.input === JSON.stringify(input));
  if (!execution) throw new Error('the revocation did not start');
  return execution;
}

/** The liveness record of an agent, read as the administrator. */
const recordOf = async (secretName: string, agentId: string) =>
  (
    await h.ddb.send(
      new GetItemCommand({
        TableName: h.env.deployment.tableName,
        Key: { pk: { S: `LIVE#${secretName}` }, sk: { S: `AGENT#${agentId}` } },
        ConsistentRead: true,
      }),
    )
  ).Item;

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 50 && !(await check()); i++) await new Promise((r) => setTimeout(r, 100));
};

describe('a scheduled revocation, with agents that announce their liveness', () => {
  it('revokes once the record of an agent that crashed during the rotation expires, while a healthy agent moved', async () => {
    const old = await putVersion('lv/crash');
    const crashing = await startAgent(old.secretName, 'crash-pod-a');
    const healthy = await startAgent(old.secretName, 'crash-pod-b');
    await until(async () => (await recordOf(old.secretName, 'crash-pod-a')) !== undefined);

    const fresh = await putVersion('lv/crash', old.versionId);
    crashing.crash();
    await healthy.key.refresh();
    const execution = await revokeScheduled(old.secretName, old.versionId, fresh.versionId);

    expect(execution.status).toBe('SUCCEEDED');
    // The first verification still saw the crashed agent live on the old key and waited.
    expect(statesEntered(execution).filter((s) => s === 'Verify').length).toBeGreaterThanOrEqual(2);
    expect(await stagesOf(h, old.secretName, old.versionId)).toEqual([]);
    expect((await recordOf(old.secretName, 'crash-pod-b'))?.versionId?.S).toBe(fresh.versionId);
  });

  it('revokes when the agent restarted with a new pid: the old id lapses, the new id is live on the new key', async () => {
    const old = await putVersion('lv/restart');
    const before = await startAgent(old.secretName, 'host-a:101');
    await until(async () => (await recordOf(old.secretName, 'host-a:101')) !== undefined);

    const fresh = await putVersion('lv/restart', old.versionId);
    before.crash();
    const after = await startAgent(old.secretName, 'host-a:202');
    const execution = await revokeScheduled(old.secretName, old.versionId, fresh.versionId);

    expect(after.key.versionId).toBe(fresh.versionId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(await stagesOf(h, old.secretName, old.versionId)).toEqual([]);
    expect((await h.inventory.getVersion(old.secretName, old.versionId))?.status).toBe('revoked');
  });

  it('revokes when an agent lost its network during the rotation: its renewals fail, are logged, and it never crashes', async () => {
    const old = await putVersion('lv/offline');
    const cut = await startAgent(old.secretName, 'offline-pod');
    await until(async () => (await recordOf(old.secretName, 'offline-pod')) !== undefined);

    cut.disconnect();
    const fresh = await putVersion('lv/offline', old.versionId);
    const execution = await revokeScheduled(old.secretName, old.versionId, fresh.versionId);

    expect(execution.status).toBe('SUCCEEDED');
    expect(await stagesOf(h, old.secretName, old.versionId)).toEqual([]);
    const failed = logs.entries.filter((e) => e.msg === 'liveness write failed' && e.obj.agentId === 'offline-pod');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]?.obj.errorMessage).toContain('ECONNREFUSED');
    expect(cut.key.versionId).toBe(old.versionId); // still running on what it holds
  });

  it('waits, then ends FleetNotMoved, while one live agent stays on the old key, and revokes nothing', async () => {
    const old = await putVersion('lv/stays');
    await startAgent(old.secretName, 'stuck-pod');
    await until(async () => (await recordOf(old.secretName, 'stuck-pod')) !== undefined);

    const fresh = await putVersion('lv/stays', old.versionId);
    const execution = await revokeScheduled(old.secretName, old.versionId, fresh.versionId);

    expect(execution.error).toBe('FleetNotMoved');
    expect(statesEntered(execution).filter((s) => s === 'Verify')).toHaveLength(5);
    expect(statesEntered(execution)).not.toContain('RevokeOldKey');
    expect(await stagesOf(h, old.secretName, old.versionId)).toEqual(['AWSPREVIOUS']);
    const [alert] = await opsAlerts(h, old.secretName);
    expect(alert).toMatchObject({
      kind: 'fleet-not-moved',
      detail: { fleet: { agentsNotMoved: ['stuck-pod'], agentsLive: 1 } },
    });
  });
});
