import { SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RotationMode } from '../../../lambdas/common/inventory';
import { FindingSchema } from '../../../lambdas/intake/finding';
import { derivedToken, handleFinding } from '../../../lambdas/intake/intake';
import { RotationInProgressError, type RotationStarter } from '../../../lambdas/intake/rotation-starter';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import {
  CURRENT,
  intakeDeps,
  MemoryInventory,
  PENDING,
  PREVIOUS,
  RecordingProvider,
  SECRET,
  type SecretState,
  secretString,
  statefulSecretsManager,
} from './support';

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);

const KEY_CURRENT = 'rk_IntakeCurrentKey0000000000000000000000000a';
const KEY_PREVIOUS = 'rk_IntakePreviousKey000000000000000000000000b';
const KEY_PENDING = 'rk_IntakePendingKey0000000000000000000000000c';

let state: SecretState;
let inventory: MemoryInventory;
let provider: RecordingProvider;
let started: { secretName: string; token: string }[];
let starter: RotationStarter;

const finding = (key: string, extra: Record<string, unknown> = {}) =>
  FindingSchema.parse({ findingId: 'alert-7', source: 'github', fingerprint: fingerprint(key), ...extra });
const deps = () => intakeDeps({ sm: sm as never, sns: sns as never, sfn: sfn as never }, inventory, provider, starter);
const opsAlerts = () =>
  sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message ?? '{}') as Record<string, unknown>);
const executions = () =>
  sfn.commandCalls(StartExecutionCommand).map((c) => ({
    name: c.args[0].input.name ?? '',
    input: JSON.parse(c.args[0].input.input ?? '{}') as Record<string, unknown>,
  }));

beforeEach(() => {
  sm.reset();
  sns.reset();
  sfn.reset();
  state = {
    values: new Map([
      [CURRENT, secretString(KEY_CURRENT, 'kid-current')],
      [PREVIOUS, secretString(KEY_PREVIOUS, 'kid-previous')],
    ]),
    stages: { [CURRENT]: ['AWSCURRENT'], [PREVIOUS]: ['AWSPREVIOUS'] },
  };
  statefulSecretsManager(sm, state);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
  inventory = new MemoryInventory();
  inventory.put(SECRET, CURRENT, KEY_CURRENT, 'current', { keyId: 'kid-current' });
  inventory.put(SECRET, PREVIOUS, KEY_PREVIOUS, 'previous', { keyId: 'kid-previous' });
  provider = new RecordingProvider();
  started = [];
  starter = { start: async (r) => void started.push(r) };
});

describe('an exposed AWSCURRENT key', () => {
  it('starts an emergency rotation whose requested version carries the mode finishSecret reads', async () => {
    const result = await handleFinding(finding(KEY_CURRENT), deps());

    const token = derivedToken(`github:alert-7\n${SECRET}\n${CURRENT}`);
    expect(result.outcomes).toEqual([
      { action: 'rotation-started', secretName: SECRET, versionId: CURRENT, newVersionId: token, mode: 'emergency' },
    ]);
    expect(started).toEqual([{ secretName: SECRET, token }]);
    expect(inventory.get(SECRET, token)).toMatchObject({ status: 'requested', mode: 'emergency' });
    expect(inventory.get(SECRET, CURRENT)).toMatchObject({ exposedBy: 'github:alert-7' });
    expect(executions()).toEqual([]);
    expect(opsAlerts()).toEqual([expect.objectContaining({ kind: 'exposure-handled', secretName: SECRET })]);
  });

  it('rotates in abuse mode when the finding says someone else uses the key', async () => {
    const result = await handleFinding(finding(KEY_CURRENT, { abuse: true }), deps());
    const token = result.outcomes[0]?.newVersionId ?? '';
    expect(inventory.get(SECRET, token)).toMatchObject({ status: 'requested', mode: 'abuse' });
  });

  it('reuses the rotation a replay of the same finding already started', async () => {
    const first = await handleFinding(finding(KEY_CURRENT), deps());
    const token = first.outcomes[0]?.newVersionId ?? '';
    state.stages[token] = ['AWSPENDING']; // what RotateSecret made of it

    const again = await handleFinding(finding(KEY_CURRENT), deps());

    expect(again.outcomes[0]).toMatchObject({ action: 'rotation-started', newVersionId: token });
    expect(started).toHaveLength(1);
  });

  it('escalates a rotation that started under it instead of breaking it', async () => {
    let calls = 0;
    starter = {
      start: async () => {
        calls++;
        state.stages[PENDING] = ['AWSPENDING']; // a scheduled rotation won the race
        throw new RotationInProgressError(SECRET);
      },
    };
    const result = await handleFinding(finding(KEY_CURRENT), deps());
    expect(calls).toBe(1);
    expect(result.outcomes[0]).toMatchObject({
      action: 'in-flight-escalated',
      newVersionId: PENDING,
      mode: 'emergency',
    });
    expect(inventory.get(SECRET, PENDING)).toMatchObject({ mode: 'emergency' });
  });
});

describe('an exposed AWSCURRENT key while another rotation is in flight', () => {
  beforeEach(() => {
    state.values.set(PENDING, secretString(KEY_PENDING, 'kid-pending'));
    state.stages[PENDING] = ['AWSPENDING'];
    inventory.put(SECRET, PENDING, KEY_PENDING, 'pending', { keyId: 'kid-pending', mode: 'scheduled' });
  });

  it('lets it finish, marking it emergency so it revokes the exposed key, and starts nothing', async () => {
    const result = await handleFinding(finding(KEY_CURRENT), deps());
    expect(result.outcomes[0]).toMatchObject({
      action: 'in-flight-escalated',
      versionId: CURRENT,
      newVersionId: PENDING,
    });
    expect(inventory.get(SECRET, PENDING)).toMatchObject({ mode: 'emergency', status: 'pending' });
    expect(started).toEqual([]);
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toEqual([]);
    expect(executions()).toEqual([]);
  });

  it('never lowers a more urgent mode', async () => {
    inventory.put(SECRET, PENDING, KEY_PENDING, 'pending', { keyId: 'kid-pending', mode: 'abuse' });
    const result = await handleFinding(finding(KEY_CURRENT), deps());
    expect(result.outcomes[0]?.mode).toBe<RotationMode>('abuse');
    expect(inventory.get(SECRET, PENDING)?.mode).toBe('abuse');
  });

  it('starts the revocation itself when the rotation finished while it was being marked', async () => {
    const raise = inventory.raiseMode.bind(inventory);
    inventory.raiseMode = async (...args) => {
      const mode = await raise(...args);
      state.stages = { [PENDING]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS'], [PREVIOUS]: [] }; // finishSecret ran
      return mode;
    };
    await handleFinding(finding(KEY_CURRENT), deps());
    expect(executions()).toEqual([
      {
        name: expect.stringMatching(/^emergency-/),
        input: expect.objectContaining({ oldVersionId: CURRENT, newVersionId: PENDING, mode: 'emergency' }),
      },
    ]);
  });
});

describe('an exposed AWSPREVIOUS key awaiting revocation', () => {
  it('is revoked now: the workflow starts in abuse mode for that version', async () => {
    const result = await handleFinding(finding(KEY_PREVIOUS), deps());
    expect(result.outcomes[0]).toMatchObject({ action: 'revocation-started', versionId: PREVIOUS, mode: 'abuse' });
    expect(executions()).toEqual([
      {
        name: expect.stringMatching(/^abuse-/),
        input: expect.objectContaining({
          secretName: SECRET,
          oldVersionId: PREVIOUS,
          newVersionId: CURRENT,
          mode: 'abuse',
        }),
      },
    ]);
    expect(started).toEqual([]);
  });

  it('is only recorded when it is already revoked', async () => {
    inventory.put(SECRET, PREVIOUS, KEY_PREVIOUS, 'revoked', { keyId: 'kid-previous' });
    const result = await handleFinding(finding(KEY_PREVIOUS), deps());
    expect(result.outcomes[0]).toMatchObject({ action: 'already-revoked' });
    expect(executions()).toEqual([]);
    expect(started).toEqual([]);
    expect(inventory.exposures).toEqual([
      { secretName: SECRET, versionId: PREVIOUS, findingKey: 'github:alert-7', outcome: 'already-revoked' },
    ]);
  });

  it('counts a generated token that lost every label as revoked', async () => {
    state.stages[PREVIOUS] = [];
    inventory.put(SECRET, PREVIOUS, KEY_PREVIOUS, 'previous', { keyId: 'kid-previous', provider: 'generated' });
    const result = await handleFinding(finding(KEY_PREVIOUS), deps());
    expect(result.outcomes[0]?.action).toBe('already-revoked');
  });
});

describe('an exposed AWSPENDING key', () => {
  beforeEach(() => {
    state.values.set(PENDING, secretString(KEY_PENDING, 'kid-pending'));
    state.stages[PENDING] = ['AWSPENDING'];
    inventory.put(SECRET, PENDING, KEY_PENDING, 'pending', { keyId: 'kid-pending', mode: 'emergency' });
  });

  it('abandons that rotation (label off, key revoked, recorded) and starts a fresh one with its urgency', async () => {
    const result = await handleFinding(finding(KEY_PENDING), deps());

    expect(state.stages[PENDING]).toEqual([]);
    expect(provider.revoked).toEqual(['kid-pending']);
    expect(inventory.get(SECRET, PENDING)?.status).toBe('abandoned');
    expect(result.outcomes[0]).toMatchObject({ action: 'pending-abandoned', mode: 'emergency' });
    const fresh = result.outcomes[0]?.newVersionId ?? '';
    expect(started).toEqual([{ secretName: SECRET, token: fresh }]);
    expect(inventory.get(SECRET, fresh)).toMatchObject({ status: 'requested', mode: 'emergency' });
    expect(state.stages[CURRENT]).toEqual(['AWSCURRENT']);
  });

  it('removes the label before it revokes the key', async () => {
    const order: string[] = [];
    sm.on(UpdateSecretVersionStageCommand).callsFake(() => {
      order.push('label');
      state.stages[PENDING] = [];
      return {};
    });
    const revoke = provider.revokeKey.bind(provider);
    provider.revokeKey = async (...args) => {
      order.push('revoke');
      await revoke(...args);
    };
    await handleFinding(finding(KEY_PENDING), deps());
    expect(order).toEqual(['label', 'revoke']);
  });
});

describe('a finding that names no managed key', () => {
  it('alerts the ops topic with what the finding says, never a key', async () => {
    const leaked = 'rk_NotManagedAnywhere00000000000000000000000z';
    const result = await handleFinding(
      finding(leaked, { location: `config/.env: TOKEN=${leaked}`, secretType: 'rekey_token' }),
      deps(),
    );
    expect(result.outcomes).toEqual([{ action: 'unmatched' }]);
    const [alert] = opsAlerts();
    expect(alert).toMatchObject({
      kind: 'unmatched-exposure',
      details: expect.objectContaining({
        findingId: 'alert-7',
        fingerprint: fingerprint(leaked),
        secretType: 'rekey_token',
      }),
    });
    expect(JSON.stringify(sns.commandCalls(PublishCommand).map((c) => c.args[0].input))).not.toContain(leaked);
    expect(sm.calls()).toEqual([]);
  });
});

describe('a secret outside the managed prefix', () => {
  it('is left alone', async () => {
    inventory.put('other/secret', CURRENT, 'rk_OutsideKey000000000000000000000000000000y', 'current');
    const result = await handleFinding(finding('rk_OutsideKey000000000000000000000000000000y'), deps());
    expect(result.outcomes[0]).toMatchObject({ action: 'not-managed', secretName: 'other/secret' });
    expect(started).toEqual([]);
  });
});
