import { beforeAll, describe, expect, it } from 'vitest';
import type { RevocationInput } from '../../../lambdas/common/revocation';
import type { LocalPrincipal } from '../../../local/emulator/iam/account';
import { TooManyRequestsError } from '../../../local/emulator/lambda/errors';
import { invokeFunction, type LocalFunction } from '../../../local/emulator/lambda/invoke';
import {
  type LoadedStateMachine,
  loadRevocationStateMachine,
  runRevocation,
  STATE_PAYLOAD_LIMIT_BYTES,
} from '../../../local/emulator/state-machine';
import { synthesize } from '../../../local/emulator/synth-app';

/**
 * The synthesized revocation workflow with its task function run as Lambda would run it (local/emulator/lambda/invoke.ts):
 * a timeout, a throttle and an oversized result reach the state machine under the names Step Functions uses, so
 * the definition's own Retry and Catch lists decide what happens.
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

const input: RevocationInput = {
  secretName: 'rekey/agents/support',
  oldVersionId: 'old-version',
  newVersionId: 'new-version',
  mode: 'abuse',
  reason: 'test',
};

const role: LocalPrincipal = {
  name: 'TaskRole',
  roleArn: 'arn:aws:iam::123456789012:role/TaskRole',
  sessionArn: 'arn:aws:sts::123456789012:assumed-role/TaskRole/TaskRole',
  identityPolicies: [],
  credentials: { accessKeyId: 'ASIATASKROLE', secretAccessKey: 'test' },
};

const answers: Record<string, unknown> = {
  verify: { decision: 'revoke', newKey: 'ok', fleet: null, reason: 'ok' },
  revoke: { twoPhase: false, revokedAt: '2026-11-25T12:00:00.000Z' },
  confirm: { confirmed: true },
  record: {
    notification: { event: 'revoked', secretName: input.secretName, versionId: 'old-version', at: 'x' },
    fleets: ['support'],
    notifyFleets: true,
  },
};

/** Runs the workflow; `script` may answer an action differently on a given call (1-based) of it. */
async function run(script: (action: string, call: number) => Promise<unknown> | undefined) {
  const calls = new Map<string, number>();
  const task: LocalFunction = {
    id: 'revocation',
    logicalId: 'RevocationHandler',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:RevocationHandler',
    timeoutMs: 50,
    role,
    handler: async (payload) => {
      const action = (payload as { action: string }).action;
      const call = (calls.get(action) ?? 0) + 1;
      calls.set(action, call);
      return (await script(action, call)) ?? answers[action];
    },
  };
  const result = await runRevocation({
    definition: machine.definition,
    input,
    executionName: 'task-errors',
    waitScale: 0,
    invokeFunction: (_id, payload) => invokeFunction(task, payload),
    publish: async () => undefined,
  });
  const retried = result.events
    .filter((e) => e.type === 'StateRetried')
    .map((e) => (e as { retry: { retrier: { ErrorEquals: string[] } } }).retry.retrier.ErrorEquals);
  const states = result.events
    .filter((e) => e.type === 'StateEntered')
    .map((e) => (e as { state: { name: string } }).state.name);
  return { ...result, calls, retried, states };
}

describe('a Lambda task in the revocation workflow', () => {
  it("is retried by the definition's crash retrier when the function times out (Sandbox.Timedout)", async () => {
    const r = await run((action, call) =>
      action === 'verify' && call === 1 ? new Promise(() => undefined) : undefined,
    );

    expect(r.status).toBe('SUCCEEDED');
    expect(r.calls.get('verify')).toBe(2);
    expect(r.retried).toEqual([expect.arrayContaining(['Sandbox.Timedout'])]);
  });

  it('is retried as Lambda.TooManyRequestsException when Lambda throttles the invocation', async () => {
    const r = await run((action, call) =>
      action === 'revoke' && call === 1 ? Promise.reject(new TooManyRequestsError('RevocationHandler')) : undefined,
    );

    expect(r.status).toBe('SUCCEEDED');
    expect(r.retried).toEqual([expect.arrayContaining(['Lambda.TooManyRequestsException'])]);
  });

  it('fails the execution with States.DataLimitExceeded, past the States.ALL catcher, when a result is over 256 KiB', async () => {
    const r = await run((action) =>
      action === 'verify'
        ? Promise.resolve({ decision: 'revoke', reason: 'x'.repeat(STATE_PAYLOAD_LIMIT_BYTES) })
        : undefined,
    );

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.DataLimitExceeded');
    expect(r.cause).toMatch(/returned a result with a size exceeding the maximum number of bytes service limit/);
    expect(r.states).not.toContain('NotifyNewKeyNotVerified');
    expect(r.calls.get('revoke')).toBeUndefined();
  });
});
