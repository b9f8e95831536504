import type { RevocationInput } from '../../../lambdas/common/revocation';
import { toTaskError } from '../../../lambdas/revocation/errors';
import type { RevocationDeps } from '../../../lambdas/revocation/keys';
import { confirm, deleteOld, record, revoke, verify } from '../../../lambdas/revocation/tasks';
import type { FakeSns } from './fake-messaging';

/**
 * The revocation state machine of lib/revocation-workflow.ts, one Task state per step so the model can interleave
 * executions with everything else: Verify → Decide → RevokeOldKey → ConfirmRevoked → (DeleteOldKey) →
 * RecordRevocation → PublishRevoked, each Task with the definition's Retry (the transient error names, 4 retries;
 * RevocationNotConfirmedError 5 more on ConfirmRevoked) and Catch (States.ALL → the alert and a Fail state). Waits
 * take no time here: no agent acks and neither provider reports last use, so only rounds matter.
 */

export const MAX_ROUNDS = 6;
const TRANSIENT = new Set([
  'ProviderRateLimitedError',
  'ProviderUnavailableError',
  'AwsThrottledError',
  'AwsUnavailableError',
]);

export type TaskState = 'verify' | 'revoke' | 'confirm' | 'delete' | 'record' | 'publish';
export type EndState = 'Revoked' | 'AlreadyRevoked' | 'NewKeyNotVerified' | 'FleetNotMoved' | 'RevocationFailed';

export interface Execution {
  readonly name: string;
  readonly input: RevocationInput;
  readonly startedAt: string;
  state: TaskState;
  round: number;
  attempts: number;
  twoPhase: boolean;
  revokedAt?: string;
  notification?: Record<string, unknown>;
  end?: EndState;
  /** Error name of the task that sent it to a Fail state. */
  failedWith?: string;
  /** The verify result that decided its end, if any. */
  reason?: string;
}

export interface TaskHooks {
  readonly deps: RevocationDeps;
  readonly sns: Pick<FakeSns, 'send'>;
  readonly fleetTopicArn: string;
  readonly opsTopicArn: string;
  /** True once the invocation under way has crashed (its process is dead). */
  readonly crashed: () => boolean;
}

/** Runs the execution's current Task once and moves it on. */
export async function stepExecution(e: Execution, hooks: TaskHooks): Promise<void> {
  if (e.end) return;
  try {
    await runTask(e, hooks);
    e.attempts = 0;
  } catch (err) {
    // A crashed Lambda reports Runtime.ExitError, which no Retry of the definition names.
    const name = hooks.crashed() ? 'Runtime.ExitError' : toTaskError(err).name;
    e.attempts++;
    const retries = TRANSIENT.has(name) ? 4 : e.state === 'confirm' && name === 'RevocationNotConfirmedError' ? 5 : 0;
    if (e.attempts <= retries) return;
    e.failedWith = name;
    await fail(e, hooks, e.state === 'verify' ? 'NewKeyNotVerified' : 'RevocationFailed');
  }
}

async function runTask(e: Execution, hooks: TaskHooks): Promise<void> {
  const { deps } = hooks;
  switch (e.state) {
    case 'verify': {
      const out = await verify(
        { input: e.input, round: e.round, maxRounds: MAX_ROUNDS, quietPeriodSeconds: 1800, startedAt: e.startedAt },
        deps,
      );
      e.reason = out.reason;
      if (out.decision === 'revoke') e.state = 'revoke';
      else if (out.decision === 'wait') e.round++;
      else if (out.decision === 'already-revoked') e.end = 'AlreadyRevoked';
      else await fail(e, hooks, out.decision === 'fleet-not-moved' ? 'FleetNotMoved' : 'NewKeyNotVerified');
      return;
    }
    case 'revoke': {
      const out = await revoke(e.input, deps);
      e.twoPhase = out.twoPhase;
      e.revokedAt = out.revokedAt;
      e.state = 'confirm';
      return;
    }
    case 'confirm':
      await confirm(e.input, deps);
      e.state = e.twoPhase ? 'delete' : 'record';
      return;
    case 'delete':
      await deleteOld(e.input, deps);
      e.state = 'record';
      return;
    case 'record': {
      const out = await record({ input: e.input, revokedAt: e.revokedAt, startedAt: e.startedAt }, deps);
      e.notification = out.notification as unknown as Record<string, unknown>;
      e.state = 'publish';
      return;
    }
    case 'publish': {
      const n = e.notification ?? {};
      await hooks.sns.send(
        publish(hooks.fleetTopicArn, JSON.stringify(n), {
          secretName: String(n.secretName),
          event: String(n.event),
          version: String(n.versionId),
        }),
      );
      e.end = 'Revoked';
      return;
    }
  }
}

async function fail(e: Execution, hooks: TaskHooks, end: EndState): Promise<void> {
  e.end = end;
  const kind =
    end === 'FleetNotMoved'
      ? 'fleet-not-moved'
      : end === 'NewKeyNotVerified'
        ? 'verification-failed'
        : 'revocation-failed';
  // The alert is an SNS integration (no Lambda): it cannot crash with the task's process.
  await hooks.sns.send(
    publish(hooks.opsTopicArn, JSON.stringify({ kind, ...e.input, detail: e.reason ?? e.failedWith }), {
      kind,
      secretName: e.input.secretName,
    }),
  );
}

function publish(topicArn: string, message: string, attributes: Record<string, string>) {
  return {
    constructor: { name: 'PublishCommand' },
    input: {
      TopicArn: topicArn,
      Message: message,
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
      ),
    },
  } as never;
}
