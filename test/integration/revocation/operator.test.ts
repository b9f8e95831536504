import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRevocation } from '../../../lambdas/common/revocation';
import {
  cancelRevocation,
  forceRevocation,
  listRevocations,
  retryRevocation,
} from '../../../packages/cli/src/revocation';
import { dynamoDbAcknowledger } from '../../../packages/client/src/ack';
import {
  canary,
  executionsOf,
  fleetNotifications,
  type Harness,
  plantRotation,
  stagesOf,
  startHarness,
} from './support';

/** What an operator does to revocations, through the Step Functions API of the local environment. */

let h: Harness;
const generated = (name: string) => ({ name, provider: 'generated' as const, fleets: ['agents'] });

beforeAll(async () => {
  h = await startHarness({
    keys: [generated('op/duplicate'), generated('op/cancel'), generated('op/retry')],
    fleets: [{ name: 'agents' }],
    verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 60, maxRounds: 2, deleteGraceSeconds: 60 },
  });
});

afterAll(async () => {
  await h?.stop();
});

const arn = () => h.env.deployment.stateMachineArn;

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('operating revocations', () => {
  it('runs a revocation started twice only once', async () => {
    const { secretName, old, new: fresh } = await plantRotation(h, 'op/duplicate', { old: canary(), new: canary() });
    const input = {
      secretName,
      oldVersionId: old.versionId,
      newVersionId: fresh.versionId,
      mode: 'emergency' as const,
      reason: 'exposed',
    };

    await Promise.all([startRevocation(h.sfn, arn(), input), startRevocation(h.sfn, arn(), input)]);
    await h.env.idle();
    const again = await startRevocation(h.sfn, arn(), input);
    await h.env.idle();

    expect(again).toBe(false);
    expect(executionsOf(h, secretName)).toHaveLength(1);
    expect(executionsOf(h, secretName)[0]?.status).toBe('SUCCEEDED');
    expect((await fleetNotifications(h, secretName)).filter((n) => n.event === 'revoked')).toHaveLength(1);
  });

  it('cancels a pending revocation, then forces it', async () => {
    const { secretName, old, new: fresh } = await plantRotation(h, 'op/cancel', { old: canary(), new: canary() });
    const version = { secretName, oldVersionId: old.versionId };
    h.scheduledWaitMs = 60_000;
    try {
      await startRevocation(h.sfn, arn(), {
        ...version,
        newVersionId: fresh.versionId,
        mode: 'scheduled',
        reason: 'r',
      });
      await until(
        async () => (await listRevocations(h.sfn, arn(), { status: 'RUNNING', version })).length === 1,
        'start',
      );

      const stopped = await cancelRevocation(h.sfn, arn(), { ...version, reason: 'change freeze' });
      await h.env.idle();

      expect(stopped).toHaveLength(1);
      expect((await listRevocations(h.sfn, arn(), { version }))[0]).toMatchObject({
        status: 'ABORTED',
        mode: 'scheduled',
      });
      expect(await stagesOf(h, secretName, old.versionId)).toEqual(['AWSPREVIOUS']);
    } finally {
      h.scheduledWaitMs = 0;
    }

    const forced = await forceRevocation(h.sfn, arn(), { ...version, newVersionId: fresh.versionId, reason: 'abused' });
    await h.env.idle();

    expect(forced).toMatchObject({ started: true, status: 'RUNNING' });
    expect(forced.executionName).toMatch(/^abuse-/);
    expect(await stagesOf(h, secretName, old.versionId)).toEqual([]);
    const listed = await listRevocations(h.sfn, arn(), { version });
    expect(listed.map((r) => [r.mode, r.status]).sort()).toEqual([
      ['abuse', 'SUCCEEDED'],
      ['scheduled', 'ABORTED'],
    ]);
    expect(await cancelRevocation(h.sfn, arn(), version)).toEqual([]);
  });

  it('retries a revocation that failed once the fleet has moved', async () => {
    const { secretName, old, new: fresh } = await plantRotation(h, 'op/retry', { old: canary(), new: canary() });
    const ack = dynamoDbAcknowledger({ client: h.ddb, tableName: h.env.deployment.tableName });
    await ack({ secretName, versionId: old.versionId, agentId: 'slow:1', at: new Date().toISOString() });
    const input = {
      secretName,
      oldVersionId: old.versionId,
      newVersionId: fresh.versionId,
      mode: 'scheduled' as const,
      reason: 'r',
    };
    await startRevocation(h.sfn, arn(), input);
    await h.env.idle();
    const [failed] = executionsOf(h, secretName);
    expect(failed?.error).toBe('FleetNotMoved');

    await ack({ secretName, versionId: fresh.versionId, agentId: 'slow:1', at: new Date().toISOString() });
    const retried = await retryRevocation(h.sfn, arn(), { executionArn: failed?.executionArn ?? '' });
    await h.env.idle();

    expect(retried.executionName).toMatch(/-r1$/);
    expect(
      executionsOf(h, secretName)
        .map((e) => e.status)
        .sort(),
    ).toEqual(['FAILED', 'SUCCEEDED']);
    expect(await stagesOf(h, secretName, old.versionId)).toEqual([]);
    await expect(retryRevocation(h.sfn, arn(), { executionArn: retried.executionArn })).rejects.toThrow(/SUCCEEDED/);
  });
});
