import { GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RevocationInput, startRevocation } from '../../../lambdas/common/revocation';
import { dynamoDbAcknowledger } from '../../../packages/client/src/ack';
import {
  allMessages,
  canary,
  createAdminSecret,
  executionsOf,
  executionText,
  FakeKeyService,
  fleetNotifications,
  type Harness,
  opsAlerts,
  plantRotation,
  stagesOf,
  startHarness,
  statesEntered,
} from './support';

/**
 * The synthesized revocation workflow, run locally with the real task handler against moto: each mode, each way
 * it must refuse or fail, and never a key in the history, the messages or the logs.
 */

const keyService = new FakeKeyService();
let h: Harness;
const planted: string[] = [];

const generated = (name: string) => ({ name, provider: 'generated' as const, fleets: ['agents'] });

beforeAll(async () => {
  await keyService.start();
  h = await startHarness({
    keys: [
      generated('it/e2e'),
      generated('it/rejected'),
      generated('it/unmoved-scheduled'),
      generated('it/unmoved-emergency'),
      generated('it/abuse'),
      generated('it/guard'),
      {
        name: 'it/http-down',
        provider: 'http',
        options: { baseUrl: keyService.baseUrl },
        adminSecretName: 'it/http-admin',
        fleets: ['agents'],
      },
    ],
    fleets: [{ name: 'agents' }],
    verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 60, maxRounds: 3, deleteGraceSeconds: 60 },
  });
  await createAdminSecret(h);
});

afterAll(async () => {
  // No key planted or minted here reached an execution's input, output or history, a message, or a log line.
  const histories = [...(h?.env.executions.executions.values() ?? [])].map(executionText).join('');
  const sent = allMessages().join('');
  const logs = h?.output.join('') ?? '';
  expect(planted.length).toBeGreaterThan(10);
  expect(logs).toContain('revocation task failed'); // the capture works: the failing tasks logged
  for (const key of planted) {
    expect(histories).not.toContain(key);
    expect(sent).not.toContain(key);
    expect(logs).not.toContain(key);
  }
  await h?.stop();
  await keyService.stop();
});

async function revoke(input: RevocationInput) {
  await startRevocation(h.sfn, h.env.deployment.stateMachineArn, input);
  await h.env.idle();
  const [execution] = executionsOf(h, input.secretName).filter((e) => e.input === JSON.stringify(input));
  if (!execution) throw new Error('the revocation did not start');
  return execution;
}

/** Plants an old and a new key and remembers both as canaries. */
async function rotation(keyName: string, keys: { old?: string; new?: string } = {}) {
  const old = keys.old ?? canary();
  const fresh = keys.new ?? canary();
  planted.push(old, fresh);
  return plantRotation(h, keyName, { old, new: fresh });
}

describe('revocation against moto with the real task handler', () => {
  it('revokes a generated token end to end after a scheduled rotation: labels gone, inventory revoked, fleet told', async () => {
    const secretName = h.env.deployment.secrets['it/e2e']?.name ?? '';
    const rotate = async () => {
      const out = await h.env.secretsManager.send(
        new RotateSecretCommand({ SecretId: secretName, RotateImmediately: true }),
      );
      await h.env.idle();
      return out.VersionId ?? '';
    };
    await rotate(); // replaces the deployment's placeholder
    const first = await h.env.secretsManager.send(
      new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSCURRENT' }),
    );
    planted.push(JSON.parse(first.SecretString ?? '{}').apiKey);

    const second = await rotate();

    const oldVersion = first.VersionId ?? '';
    const execution = executionsOf(h, secretName).find((e) => JSON.parse(e.input).oldVersionId === oldVersion);
    expect(execution?.status).toBe('SUCCEEDED');
    expect(statesEntered(execution as never)).toEqual(
      expect.arrayContaining([
        'WaitScheduled',
        'Verify',
        'RevokeOldKey',
        'ConfirmRevoked',
        'RecordRevocation',
        'Revoked',
      ]),
    );
    expect(await stagesOf(h, secretName, oldVersion)).toEqual([]);
    expect(await stagesOf(h, secretName, second)).toContain('AWSCURRENT');
    expect((await h.inventory.getVersion(secretName, oldVersion))?.status).toBe('revoked');
    const revoked = (await fleetNotifications(h, secretName)).filter((n) => n.event === 'revoked');
    expect(revoked.map((n) => n.versionId)).toContain(oldVersion);
    for (const e of executionsOf(h, secretName)) {
      for (const key of planted) expect(executionText(e)).not.toContain(key);
    }
  });

  it('never revokes when the provider rejects the new key: NewKeyNotVerified, ops alert, old key untouched', async () => {
    const { secretName, old, new: fresh } = await rotation('it/rejected', { new: 'rk_not-a-well-formed-token!' });

    const execution = await revoke({
      secretName,
      oldVersionId: old.versionId,
      newVersionId: fresh.versionId,
      mode: 'emergency',
      reason: 'exposed',
    });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('NewKeyNotVerified');
    expect(statesEntered(execution)).not.toContain('RevokeOldKey');
    expect(await stagesOf(h, secretName, old.versionId)).toEqual(['AWSPREVIOUS']);
    expect((await h.inventory.getVersion(secretName, old.versionId))?.status).toBe('previous');
    expect(await opsAlerts(h, secretName)).toEqual([
      expect.objectContaining({ kind: 'verification-failed', oldVersionId: old.versionId }),
    ]);
    expect(executionText(execution)).not.toContain(old.apiKey);
  });

  it('retries a provider that is down during the revoke, then ends in RevocationFailed with the old key alive', async () => {
    const options = { baseUrl: keyService.baseUrl };
    const old = canary('inh_');
    const fresh = canary('inh_');
    planted.push(old, fresh);
    const p = await plantRotation(h, 'it/http-down', { old, new: fresh, provider: 'http', options });
    keyService.live.set(old, p.old.keyId);
    keyService.live.set(fresh, p.new.keyId);
    keyService.down = true;

    const execution = await revoke({
      secretName: p.secretName,
      oldVersionId: p.old.versionId,
      newVersionId: p.new.versionId,
      mode: 'abuse',
      reason: 'abused',
    });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('RevocationFailed');
    const retried = (execution.events as { type: string; state?: { name: string } }[]).filter(
      (e) => e.type === 'StateRetried' && e.state?.name === 'RevokeOldKey',
    );
    expect(retried).toHaveLength(4);
    expect(keyService.deletes).toBeGreaterThanOrEqual(5);
    expect(keyService.live.has(old)).toBe(true);
    expect(await opsAlerts(h, p.secretName)).toEqual([expect.objectContaining({ kind: 'revocation-failed' })]);
    expect(executionText(execution)).not.toContain(old);
    expect(executionText(execution)).not.toContain('admin-token');
  });

  it('gives up in scheduled mode when an agent never acknowledges the new key, revoking nothing', async () => {
    const { secretName, old, new: fresh } = await rotation('it/unmoved-scheduled');
    await dynamoDbAcknowledger({ client: h.ddb, tableName: h.env.deployment.tableName })({
      secretName,
      versionId: old.versionId,
      agentId: 'agent-a:1',
      at: new Date().toISOString(),
    });

    const execution = await revoke({
      secretName,
      oldVersionId: old.versionId,
      newVersionId: fresh.versionId,
      mode: 'scheduled',
      reason: 'scheduled rotation',
    });

    expect(execution.error).toBe('FleetNotMoved');
    expect(statesEntered(execution).filter((s) => s === 'Verify')).toHaveLength(3);
    expect(statesEntered(execution)).not.toContain('RevokeOldKey');
    expect(await stagesOf(h, secretName, old.versionId)).toEqual(['AWSPREVIOUS']);
    const [alert] = await opsAlerts(h, secretName);
    expect(alert).toMatchObject({ kind: 'fleet-not-moved', detail: { fleet: { agentsNotMoved: ['agent-a:1'] } } });
  });

  it('revokes anyway in emergency mode once the rounds are spent', async () => {
    const { secretName, old, new: fresh } = await rotation('it/unmoved-emergency');
    await dynamoDbAcknowledger({ client: h.ddb, tableName: h.env.deployment.tableName })({
      secretName,
      versionId: old.versionId,
      agentId: 'agent-b:1',
      at: new Date().toISOString(),
    });

    const execution = await revoke({
      secretName,
      oldVersionId: old.versionId,
      newVersionId: fresh.versionId,
      mode: 'emergency',
      reason: 'exposed',
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(statesEntered(execution).filter((s) => s === 'WaitEmergency')).toHaveLength(3);
    expect(await stagesOf(h, secretName, old.versionId)).toEqual([]);
    expect((await h.inventory.getVersion(secretName, old.versionId))?.status).toBe('revoked');
    expect(await fleetNotifications(h, secretName)).toEqual([
      expect.objectContaining({ event: 'revoked', versionId: old.versionId, mode: 'emergency' }),
    ]);
  });

  it('revokes at once in abuse mode, without waiting for the fleet', async () => {
    const { secretName, old, new: fresh } = await rotation('it/abuse');

    const execution = await revoke({
      secretName,
      oldVersionId: old.versionId,
      newVersionId: fresh.versionId,
      mode: 'abuse',
      reason: 'abused',
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(statesEntered(execution).slice(0, 3)).toEqual(['Start', 'ChooseWait', 'Verify']);
    expect(await stagesOf(h, secretName, old.versionId)).toEqual([]);
  });

  it('never revokes the version that is AWSCURRENT, even when asked to in abuse mode', async () => {
    const { secretName, new: current, old } = await rotation('it/guard');

    const execution = await revoke({
      secretName,
      oldVersionId: current.versionId,
      newVersionId: old.versionId,
      mode: 'abuse',
      reason: 'wrong way round',
    });

    expect(execution.error).toBe('NewKeyNotVerified');
    expect(await stagesOf(h, secretName, current.versionId)).toEqual(['AWSCURRENT']);
    expect((await h.inventory.getVersion(secretName, current.versionId))?.status).toBe('current');
  });
});
