import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RevocationInput, revocationExecutionName, startRevocation } from '../../../lambdas/common/revocation';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import {
  allMessages,
  canary,
  createAdminSecret,
  executionsOf,
  executionText,
  FakeKeyService,
  type Harness,
  plantRotation,
  stagesOf,
  startHarness,
} from './support';

/**
 * Step Functions answers ExecutionAlreadyExists for a closed execution of a name as well as for a running one. A key
 * whose revocation failed, reported again, must get a new attempt; a running or succeeded one must not be started
 * twice. Run locally with IAM enforced: the intake is the real handler under its synthesized role, and the direct
 * starts sign as the intake's and the rotation function's roles.
 */

const keyService = new FakeKeyService();
let h: Harness;
const planted: string[] = [];
const generated = (name: string) => ({ name, provider: 'generated' as const, fleets: ['agents'] });

beforeAll(async () => {
  await keyService.start();
  h = await startHarness({
    keys: [
      {
        name: 'rs/failed',
        provider: 'http',
        options: { baseUrl: keyService.baseUrl },
        adminSecretName: 'it/http-admin',
        fleets: ['agents'],
      },
      generated('rs/running'),
      generated('rs/succeeded'),
    ],
    fleets: [{ name: 'agents' }],
    verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 60, maxRounds: 2, deleteGraceSeconds: 60 },
  });
  await createAdminSecret(h);
});

afterAll(async () => {
  // No key planted here reached an execution's input, output or history, a message, or a log line.
  const histories = [...(h?.env.executions.executions.values() ?? [])].map(executionText).join('');
  const logs = h?.output.join('') ?? '';
  expect(planted.length).toBeGreaterThan(3);
  for (const key of planted) {
    expect(histories).not.toContain(key);
    expect(allMessages().join('')).not.toContain(key);
    expect(logs).not.toContain(key);
  }
  await h?.stop();
  await keyService.stop();
});

/** An SFN client that signs as one of the deployment's functions (its synthesized role, evaluated by the gateway). */
function sfnAs(functionId: 'intake' | 'rotation'): SFNClient {
  const logicalId = h.env.deployment.functions[functionId] ?? '';
  return new SFNClient({
    endpoint: h.env.endpoint,
    region: h.env.deployment.region,
    credentials: h.env.deployment.iam.roleOfFunction(logicalId).credentials,
  });
}

/** A custom scanner finding naming the key by fingerprint, handed to the real intake as EventBridge would. */
async function report(leaked: string, findingId: string): Promise<unknown> {
  const event = {
    version: '0',
    id: `event-${findingId}`,
    'detail-type': 'Secret Exposed',
    source: 'rekey.scanner',
    account: '123456789012',
    time: new Date().toISOString(),
    region: h.env.deployment.region,
    resources: [],
    detail: { findingId, source: 'ci-scan', fingerprint: fingerprint(leaked), abuse: false },
  };
  const result = await h.env.invoke('intake', event);
  await h.env.idle();
  return result;
}

/** Each execution of the secret's revocations as [attempt, status] (`r0` is the first attempt). */
const statuses = (secretName: string) =>
  executionsOf(h, secretName)
    .map((e) => [`r${/-r(\d+)$/.exec(e.name)?.[1] ?? 0}`, e.status])
    .sort();

describe('a revocation started again', () => {
  it('starts a new attempt when a key whose revocation failed is reported again, and revokes it', async () => {
    const [old, fresh] = [canary('inh_'), canary('inh_')];
    planted.push(old, fresh);
    const p = await plantRotation(h, 'rs/failed', {
      old,
      new: fresh,
      provider: 'http',
      options: { baseUrl: keyService.baseUrl },
    });
    keyService.live.set(old, p.old.keyId);
    keyService.live.set(fresh, p.new.keyId);
    keyService.down = true;
    await report(old, 'restart-failed-1');
    expect(statuses(p.secretName)).toEqual([['r0', 'FAILED']]);
    keyService.down = false;

    await report(old, 'restart-failed-2');

    const [first, second] = executionsOf(h, p.secretName).sort((a, b) => a.name.localeCompare(b.name));
    const input = { secretName: p.secretName, oldVersionId: p.old.versionId, mode: 'abuse' as const };
    expect(first).toMatchObject({ name: revocationExecutionName(input), status: 'FAILED', error: 'RevocationFailed' });
    expect(second).toMatchObject({ name: revocationExecutionName(input, 1), status: 'SUCCEEDED' });
    expect(keyService.live.has(old)).toBe(false);
    expect(keyService.live.has(fresh)).toBe(true);
    expect((await h.inventory.getVersion(p.secretName, p.old.versionId))?.status).toBe('revoked');
  });

  it('does not start a second execution while one is running, for the intake or the rotation function', async () => {
    const [old, fresh] = [canary(), canary()];
    planted.push(old, fresh);
    const p = await plantRotation(h, 'rs/running', { old, new: fresh });
    const input: RevocationInput = {
      secretName: p.secretName,
      oldVersionId: p.old.versionId,
      newVersionId: p.new.versionId,
      mode: 'scheduled',
      reason: 'scheduled rotation',
    };
    h.scheduledWaitMs = 60_000;
    try {
      expect(await startRevocation(sfnAs('rotation'), h.env.deployment.stateMachineArn, input)).toBe(true);

      const again = await startRevocation(sfnAs('rotation'), h.env.deployment.stateMachineArn, input);
      const otherInput = await startRevocation(sfnAs('intake'), h.env.deployment.stateMachineArn, {
        ...input,
        reason: 'replayed with another reason',
      });

      expect([again, otherInput]).toEqual([true, false]); // the first is StartExecution's idempotent answer
      expect(statuses(p.secretName)).toEqual([['r0', 'RUNNING']]);
    } finally {
      h.scheduledWaitMs = 0;
      for (const e of executionsOf(h, p.secretName))
        await h.env.executions.stopExecution({ executionArn: e.executionArn });
      await h.env.idle();
    }
  });

  it('does not restart a revocation that succeeded', async () => {
    const [old, fresh] = [canary(), canary()];
    planted.push(old, fresh);
    const p = await plantRotation(h, 'rs/succeeded', { old, new: fresh });
    const input: RevocationInput = {
      secretName: p.secretName,
      oldVersionId: p.old.versionId,
      newVersionId: p.new.versionId,
      mode: 'abuse',
      reason: 'abused',
    };
    expect(await startRevocation(sfnAs('intake'), h.env.deployment.stateMachineArn, input)).toBe(true);
    await h.env.idle();
    expect(statuses(p.secretName)).toEqual([['r0', 'SUCCEEDED']]);

    const again = await startRevocation(sfnAs('intake'), h.env.deployment.stateMachineArn, input);
    const fromRotation = await startRevocation(sfnAs('rotation'), h.env.deployment.stateMachineArn, input);
    await h.env.idle();

    expect([again, fromRotation]).toEqual([false, false]);
    expect(statuses(p.secretName)).toEqual([['r0', 'SUCCEEDED']]);
    expect(await stagesOf(h, p.secretName, p.old.versionId)).toEqual([]);
  });
});
