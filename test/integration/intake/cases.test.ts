import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RekeyConfigInput } from '../../../lib/config';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { fixture } from '../../unit/intake/support';
import {
  currentKey,
  deliverAll,
  executions,
  type Harness,
  opsAlerts,
  plantKey,
  putEvents,
  runRotation,
  stagesOf,
  startHarness,
  statusOf,
} from './harness';

/**
 * Every case of an exposure, against moto, through the stack's real rules and the real intake: the exposed key is
 * current, previous, pending, already revoked, or current while another rotation is in flight; or nothing matches.
 */
const CONFIG: RekeyConfigInput = {
  keys: ['current', 'previous', 'pending', 'revoked', 'inflight'].map((name) => ({
    name: `case/${name}`,
    provider: 'generated' as const,
  })),
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness(CONFIG);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const key = (name: string) => `rk_${`Case${name}Key`.padEnd(36, 'x')}Q1w2`;
/** The custom scanner event naming a key by fingerprint. */
const finding = (leaked: string, findingId: string, extra: Record<string, unknown> = {}) => ({
  ...fixture('scanner-custom-event.json'),
  detail: { findingId, source: 'ci-scan', fingerprint: fingerprint(leaked), abuse: false, ...extra },
});
async function report(leaked: string, findingId: string, extra: Record<string, unknown> = {}) {
  await putEvents(h, [finding(leaked, findingId, extra)]);
  const records = await deliverAll(h);
  expect(records.map((r) => r.outcome)).toEqual(['handled']);
  return records[0]?.result as { findings: { outcomes: Record<string, unknown>[] }[] };
}

describe('an exposed key', () => {
  it('that is AWSCURRENT is rotated away in an emergency rotation, whose revocation targets it', async () => {
    const leaked = key('Current');
    const { secretName, versionId } = await plantKey(h, 'case/current', { apiKey: leaked, provider: 'generated' });

    const result = await report(leaked, 'current-1');

    const now = await currentKey(h, secretName);
    expect(result.findings[0]?.outcomes).toEqual([
      expect.objectContaining({
        action: 'rotation-started',
        versionId,
        newVersionId: now.versionId,
        mode: 'emergency',
      }),
    ]);
    expect(now.apiKey).not.toBe(leaked);
    expect((await stagesOf(h, secretName))[versionId]).toEqual(['AWSPREVIOUS']);
    expect((await executions(h)).filter((e) => e.input.oldVersionId === versionId)).toEqual([
      {
        name: expect.stringMatching(/^emergency-/),
        input: expect.objectContaining({ newVersionId: now.versionId, mode: 'emergency' }),
      },
    ]);
    const item = await h.inventory.getVersion(secretName, versionId);
    expect(item).toMatchObject({ exposedBy: 'ci-scan:current-1' });
    expect([...((item as unknown as { exposures: Set<string> }).exposures ?? [])]).toEqual([
      'ci-scan:current-1 rotation-started',
    ]);
  });

  it('that is AWSPREVIOUS, awaiting revocation, is revoked now: the workflow runs in abuse mode for that version', async () => {
    const leaked = key('Previous');
    const { secretName, versionId } = await plantKey(h, 'case/previous', { apiKey: leaked, provider: 'generated' });
    const scheduled = '5c4e1d2a-0000-4000-8000-00000000aaaa';
    await runRotation(h.rotationDeps, secretName, scheduled);
    expect((await stagesOf(h, secretName))[versionId]).toEqual(['AWSPREVIOUS']);

    const result = await report(leaked, 'previous-1');

    expect(result.findings[0]?.outcomes).toEqual([
      expect.objectContaining({ action: 'revocation-started', mode: 'abuse' }),
    ]);
    const mine = (await executions(h))
      .filter((e) => e.input.oldVersionId === versionId)
      .map((e) => e.input.mode)
      .sort();
    // The scheduled one waits its long verification; the abuse one (another execution name) runs at once.
    expect(mine).toEqual(['abuse', 'scheduled']);
    expect(h.rotationsStarted.filter((r) => r.secretName === secretName)).toEqual([]);
  });

  it('that is AWSPENDING has its rotation abandoned cleanly and a fresh one run', async () => {
    const { secretName, versionId: current } = await plantKey(h, 'case/pending', {
      apiKey: key('Pending0'),
      provider: 'generated',
    });
    const token = '5c4e1d2a-0000-4000-8000-00000000bbbb';
    await runRotation(h.rotationDeps, secretName, token, ['createSecret']);
    const pending = await h.sm.send(new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSPENDING' }));
    const pendingKey = JSON.parse(pending.SecretString ?? '{}').apiKey as string;

    const result = await report(pendingKey, 'pending-1');

    const outcome = result.findings[0]?.outcomes[0] as { action: string; newVersionId: string };
    expect(outcome).toMatchObject({ action: 'pending-abandoned', versionId: token, mode: 'scheduled' });
    const stages = await stagesOf(h, secretName);
    expect(stages[token] ?? []).toEqual([]);
    expect(await statusOf(h, secretName, token)).toBe('abandoned');
    expect(stages[outcome.newVersionId]).toEqual(['AWSCURRENT']);
    expect(stages[current]).toEqual(['AWSPREVIOUS']);
    expect((await currentKey(h, secretName)).apiKey).not.toBe(pendingKey);
    // The abandoned rotation's own next step finds its label gone and cannot make the exposed key current.
    await expect(runRotation(h.rotationDeps, secretName, token, ['setSecret'])).rejects.toThrow(/no longer AWSPENDING/);
  });

  it('that is already revoked is recorded and nothing else happens', async () => {
    const leaked = key('Revoked');
    const { secretName, versionId } = await plantKey(h, 'case/revoked', { apiKey: leaked, provider: 'generated' });
    await runRotation(h.rotationDeps, secretName, '5c4e1d2a-0000-4000-8000-00000000cccc');
    await h.inventory.transition(secretName, versionId, 'revoked', 'revoked by its workflow');
    const before = await executions(h);

    const result = await report(leaked, 'revoked-1');

    expect(result.findings[0]?.outcomes).toEqual([expect.objectContaining({ action: 'already-revoked', versionId })]);
    expect(await executions(h)).toEqual(before);
    expect((await h.inventory.getVersion(secretName, versionId))?.exposedBy).toBe('ci-scan:revoked-1');
  });

  it('that is AWSCURRENT while another rotation is in flight lets that rotation finish, then it revokes the exposed key', async () => {
    const leaked = key('Inflight');
    const { secretName, versionId } = await plantKey(h, 'case/inflight', { apiKey: leaked, provider: 'generated' });
    const scheduled = '5c4e1d2a-0000-4000-8000-00000000dddd';
    await runRotation(h.rotationDeps, secretName, scheduled, ['createSecret', 'setSecret']);

    const result = await report(leaked, 'inflight-1');

    expect(result.findings[0]?.outcomes).toEqual([
      expect.objectContaining({ action: 'in-flight-escalated', newVersionId: scheduled, mode: 'emergency' }),
    ]);
    expect((await stagesOf(h, secretName))[scheduled]).toEqual(['AWSPENDING']); // not broken
    expect(h.rotationsStarted.filter((r) => r.secretName === secretName)).toEqual([]);

    await runRotation(h.rotationDeps, secretName, scheduled, ['testSecret', 'finishSecret']);

    expect((await stagesOf(h, secretName))[scheduled]).toEqual(['AWSCURRENT']);
    expect((await executions(h)).filter((e) => e.input.oldVersionId === versionId)).toEqual([
      {
        name: expect.stringMatching(/^emergency-/),
        input: expect.objectContaining({ newVersionId: scheduled, mode: 'emergency' }),
      },
    ]);
  });
});

describe('a finding that names no managed key', () => {
  it('puts an unmatched-exposure alert on the ops topic, with what the finding says and no key', async () => {
    await opsAlerts(h); // earlier cases' alerts
    const leaked = key('Nowhere');
    await report(leaked, 'nowhere-1', { location: `ci log: KEY=${leaked}`, secretType: 'rekey-token' });

    const alerts = await opsAlerts(h);

    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'unmatched-exposure',
        details: expect.objectContaining({
          findingId: 'nowhere-1',
          fingerprint: fingerprint(leaked),
          secretType: 'rekey-token',
        }),
      }),
    ]);
    expect(JSON.stringify(alerts)).not.toContain(leaked);
  });
});

describe('an event that is not a finding', () => {
  it('is kept on the intake dead-letter queue at once, and the ops topic hears of it', async () => {
    await opsAlerts(h);
    await putEvents(h, [{ ...fixture('scanner-custom-event.json'), detail: { findingId: 'no-key-named' } }]);
    expect((await deliverAll(h)).map((r) => r.outcome)).toEqual(['handled']);

    const dlq = h.deployment.env.intake?.REKEY_INTAKE_DLQ_URL ?? '';
    const kept = await h.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq, MessageAttributeNames: ['All'], MaxNumberOfMessages: 10 }),
    );
    expect(kept.Messages?.map((m) => m.MessageAttributes?.errorName?.StringValue)).toEqual(['MalformedFindingError']);
    expect((await opsAlerts(h)).map((a) => a.kind)).toEqual(['invalid-event']);
  });
});
