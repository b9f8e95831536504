import { beforeAll, describe, expect, it } from 'vitest';
import type { RevocationInput } from '../../../lambdas/common/revocation';
import { ProviderUnavailableError } from '../../../lambdas/providers/errors';
import { RevocationNotConfirmedError } from '../../../lambdas/revocation/errors';
import {
  type LoadedStateMachine,
  loadRevocationStateMachine,
  runRevocation,
} from '../../../local/emulator/state-machine';
import { synthesize } from '../../../local/emulator/synth-app';

/**
 * The synthesized definition, run with aws-local-stepfunctions and a scripted task function: what the state
 * machine does with each answer and error (the real handler against moto is in moto.test.ts).
 */

let machine: LoadedStateMachine;

beforeAll(() => {
  const { template } = synthesize({
    keys: [{ name: 'agents/support', provider: 'generated', fleets: ['support'] }],
    fleets: [{ name: 'support' }],
    verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 60, maxRounds: 3, deleteGraceSeconds: 600 },
  });
  machine = loadRevocationStateMachine(template);
});

const input = (mode: RevocationInput['mode']): RevocationInput => ({
  secretName: 'rekey/agents/support',
  oldVersionId: 'old-version',
  newVersionId: 'new-version',
  mode,
  reason: 'test',
});

type Answer = (payload: { action: string; round?: number }) => unknown;

/** Runs the machine with a scripted task function; records calls, waits, publishes and visited states. */
async function run(mode: RevocationInput['mode'], answers: Partial<Record<string, Answer>>, signal?: AbortSignal) {
  const calls: string[] = [];
  const published: {
    topicArn: string;
    message: string;
    attributes: Record<string, string>;
    dataTypes?: Record<string, string>;
  }[] = [];
  const defaults: Record<string, Answer> = {
    verify: () => ({ decision: 'revoke', newKey: 'ok', fleet: null, reason: 'ok' }),
    revoke: () => ({ twoPhase: false, revokedAt: '2026-11-25T12:00:00.000Z' }),
    confirm: () => ({ confirmed: true }),
    delete: () => ({ deleted: true }),
    record: () => ({
      notification: { event: 'revoked', secretName: 'rekey/agents/support', versionId: 'old-version', at: 'x' },
      fleets: ['research', 'support'],
      notifyFleets: true,
    }),
  };
  const result = await runRevocation({
    definition: machine.definition,
    input: input(mode),
    executionName: `${mode}-test`,
    signal,
    waitScale: 0,
    invokeFunction: async (_id, payload) => {
      const p = payload as { action: string; round?: number };
      calls.push(p.action);
      return (answers[p.action] ?? defaults[p.action])?.(p);
    },
    publish: async (topicArn, message, attributes, _subject, dataTypes) => {
      published.push({ topicArn, message, attributes: { ...attributes }, ...(dataTypes ? { dataTypes } : {}) });
    },
  });
  const states = result.events
    .filter((e) => e.type === 'StateEntered')
    .map((e) => (e as { state: { name: string } }).state.name);
  // The waits the execution went through, with the seconds the definition gives them.
  const waits = states
    .map((name) => [name, machine.definition.States[name]] as const)
    .filter(([, state]) => state?.Type === 'Wait')
    .map(([name, state]) => [name, (state as { Seconds: number }).Seconds] as [string, number]);
  return { ...result, calls, waits, published, states };
}

describe('the revocation state machine', () => {
  it('waits the scheduled period, verifies, revokes, confirms, records and publishes revoked', async () => {
    const r = await run('scheduled', {});

    expect(r.status).toBe('SUCCEEDED');
    expect(r.waits).toEqual([['WaitScheduled', 4500]]);
    expect(r.calls).toEqual(['verify', 'revoke', 'confirm', 'record']);
    expect(r.states.at(-1)).toBe('Revoked');
    expect(r.published).toHaveLength(1);
    expect(r.published[0]?.topicArn).toMatch(/:NotificationsFleetTopic/);
    expect(JSON.parse(r.published[0]?.message ?? '{}')).toMatchObject({ event: 'revoked', versionId: 'old-version' });
    expect(r.published[0]?.attributes).toEqual({
      secretName: 'rekey/agents/support',
      event: 'revoked',
      version: 'old-version',
      fleets: '["research","support"]',
    });
    expect(r.published[0]?.dataTypes).toEqual({ fleets: 'String.Array' });
  });

  it('records the revocation and publishes nothing for a secret tagged for no fleet', async () => {
    const r = await run('scheduled', {
      record: () => ({
        notification: { event: 'revoked', secretName: 'rekey/agents/support', versionId: 'old-version', at: 'x' },
        fleets: [],
        notifyFleets: false,
      }),
    });

    expect(r.status).toBe('SUCCEEDED');
    expect(r.calls).toEqual(['verify', 'revoke', 'confirm', 'record']);
    expect(r.states.slice(-2)).toEqual(['TellFleets', 'Revoked']);
    expect(r.published).toEqual([]);
  });

  it('waits the short period in emergency mode and none before the first verification in abuse mode', async () => {
    const emergency = await run('emergency', {});
    const abuse = await run('abuse', {});

    expect(emergency.states.slice(0, 4)).toEqual(['Start', 'ChooseWait', 'WaitEmergency', 'Verify']);
    expect(emergency.waits).toEqual([['WaitEmergency', 60]]);
    expect(abuse.states.slice(0, 3)).toEqual(['Start', 'ChooseWait', 'Verify']);
    expect(abuse.waits).toEqual([]);
  });

  it('loops back to the wait with the next round, a bounded number of times', async () => {
    const rounds: number[] = [];
    const r = await run('scheduled', {
      verify: (p) => {
        rounds.push(p.round ?? -1);
        return { decision: (p.round ?? 0) < 2 ? 'wait' : 'fleet-not-moved', newKey: 'ok', fleet: null, reason: 'x' };
      },
    });

    expect(rounds).toEqual([0, 1, 2]);
    expect(r.states.filter((s) => s === 'WaitScheduled')).toHaveLength(3);
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('FleetNotMoved');
    expect(r.calls).not.toContain('revoke');
  });

  it('never revokes a key whose replacement failed verification, and alerts the ops topic', async () => {
    const r = await run('emergency', {
      verify: () => ({ decision: 'new-key-not-verified', newKey: 'rejected', fleet: null, reason: 'rejected' }),
    });

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('NewKeyNotVerified');
    expect(r.calls).toEqual(['verify']);
    expect(r.published).toHaveLength(1);
    expect(r.published[0]?.topicArn).toMatch(/:NotificationsOpsTopic/);
    expect(JSON.parse(r.published[0]?.message ?? '{}')).toMatchObject({
      kind: 'verification-failed',
      secretName: 'rekey/agents/support',
      detail: { newKey: 'rejected' },
    });
  });

  it('treats a verification that throws as a failed one', async () => {
    const r = await run('abuse', {
      verify: () => {
        throw Object.assign(new Error('access denied'), { name: 'AccessDeniedException' });
      },
    });

    expect(r.error).toBe('NewKeyNotVerified');
    expect(r.calls).toEqual(['verify']);
    expect(JSON.parse(r.published[0]?.message ?? '{}').detail).toMatchObject({ Error: 'AccessDeniedException' });
  });

  it('retries a provider outage with backoff, then ends in RevocationFailed with an alert', async () => {
    const r = await run('abuse', {
      revoke: () => {
        throw new ProviderUnavailableError('http', 'HTTP 503');
      },
    });

    expect(r.calls.filter((c) => c === 'revoke')).toHaveLength(5);
    expect(r.events.filter((e) => e.type === 'StateRetried')).toHaveLength(4);
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('RevocationFailed');
    expect(JSON.parse(r.published[0]?.message ?? '{}')).toMatchObject({
      kind: 'revocation-failed',
      detail: { Error: 'ProviderUnavailableError' },
    });
  });

  it('does not retry an error that is not transient', async () => {
    const r = await run('abuse', {
      revoke: () => {
        throw Object.assign(new Error('version is AWSCURRENT'), { name: 'UnsafeRevocationError' });
      },
    });

    expect(r.calls).toEqual(['verify', 'revoke']);
    expect(r.error).toBe('RevocationFailed');
  });

  it('retries the confirmation until the provider rejects the old key', async () => {
    let attempts = 0;
    const r = await run('abuse', {
      confirm: () => {
        attempts += 1;
        if (attempts < 3) throw new RevocationNotConfirmedError('still accepted');
        return { confirmed: true };
      },
    });

    expect(attempts).toBe(3);
    expect(r.status).toBe('SUCCEEDED');
  });

  it('deactivates, waits the grace period, then deletes where the provider has two phases', async () => {
    const r = await run('abuse', { revoke: () => ({ twoPhase: true, revokedAt: '2026-11-25T12:00:00.000Z' }) });

    expect(r.calls).toEqual(['verify', 'revoke', 'confirm', 'delete', 'record']);
    expect(r.waits).toEqual([['WaitDeleteGrace', 600]]);
    expect(r.status).toBe('SUCCEEDED');
  });

  it('ends AlreadyRevoked, publishing nothing, when another execution revoked the key', async () => {
    const r = await run('scheduled', {
      verify: () => ({ decision: 'already-revoked', newKey: 'ok', fleet: null, reason: 'x' }),
    });

    expect(r.status).toBe('SUCCEEDED');
    expect(r.states.at(-1)).toBe('AlreadyRevoked');
    expect(r.published).toEqual([]);
  });

  it('still ends in the named failed state when the alert cannot be sent', async () => {
    const failing = await runRevocation({
      definition: machine.definition,
      input: input('abuse'),
      executionName: 'alert-fails',
      waitScale: 0,
      invokeFunction: async () => ({ decision: 'new-key-not-verified', newKey: 'rejected', fleet: null, reason: 'x' }),
      publish: async () => {
        throw Object.assign(new Error('KMS access denied'), { name: 'KMSAccessDeniedException' });
      },
    });

    expect(failing.status).toBe('FAILED');
    expect(failing.error).toBe('NewKeyNotVerified');
  });

  it('stops when aborted (StopExecution)', async () => {
    const controller = new AbortController();
    const r = await run(
      'scheduled',
      {
        verify: () => {
          controller.abort();
          return { decision: 'wait', newKey: 'ok', fleet: null, reason: 'x' };
        },
      },
      controller.signal,
    );

    expect(r.status).toBe('ABORTED');
    expect(r.calls).toEqual(['verify']);
  });

  it('names the functions by logical id behind fake ARNs', () => {
    const verify = machine.definition.States.Verify as unknown as { Parameters: { FunctionName: string } };

    expect(verify.Parameters.FunctionName).toMatch(
      /^arn:aws:lambda:us-east-1:000000000000:function:RevocationHandlerFunction/,
    );
    expect(machine.stateNames).toEqual(
      expect.arrayContaining(['WaitScheduled', 'Verify', 'RevokeOldKey', 'ConfirmRevoked', 'NewKeyNotVerified']),
    );
  });
});
