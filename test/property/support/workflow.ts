import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { RevocationInput } from '../../../lambdas/common/revocation';
import { toTaskError } from '../../../lambdas/revocation/errors';
import type { RevocationDeps } from '../../../lambdas/revocation/keys';
import { confirm, deleteOld, record, revoke, verify } from '../../../lambdas/revocation/tasks';
import { REVOCATION_STATES, RevocationWorkflow } from '../../../lib/revocation-workflow';
import { loadRevocationStateMachine } from '../../../local/emulator/state-machine';
import type { FakeSns } from './fake-messaging';

/**
 * The revocation state machine of lib/revocation-workflow.ts, one Task state per step so the model can interleave
 * executions with everything else: Verify → Decide → RevokeOldKey → ConfirmRevoked → (DeleteOldKey) →
 * RecordRevocation → PublishRevoked, each Task with the Retry list of the synthesized definition (read from it, not
 * copied: the transient names, the crash names, RevocationNotConfirmedError on ConfirmRevoked, …) applied as Step
 * Functions does, and its Catch (States.ALL → the alert and a Fail state). Waits take no time here: no agent acks
 * and neither provider reports last use, so only rounds matter.
 */

export const MAX_ROUNDS = 6;

/** One retrier of a Task state's `Retry`, as the definition states it. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  /** @default 3 (Step Functions' default) */
  readonly MaxAttempts?: number;
}

/** The model's task names and the definition's state names. */
const STATE_NAMES: Readonly<Record<TaskState, string>> = {
  verify: REVOCATION_STATES.verify,
  revoke: REVOCATION_STATES.revoke,
  confirm: REVOCATION_STATES.confirm,
  delete: REVOCATION_STATES.delete,
  record: REVOCATION_STATES.record,
  publish: REVOCATION_STATES.publish,
};

let retriers: Readonly<Record<TaskState, readonly Retrier[]>> | undefined;

/**
 * The Retry lists of the Task states, from the state machine the RevocationWorkflow construct synthesizes (bundling
 * skipped), read once per process.
 */
export function taskRetriers(): Readonly<Record<TaskState, readonly Retrier[]>> {
  if (retriers) return retriers;
  const outdir = mkdtempSync(join(tmpdir(), 'rekey-model-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Model', { env: { account: '111111111111', region: 'us-east-1' } });
    new RevocationWorkflow(stack, 'Revocation', {
      environment: {},
      fleetTopic: new sns.Topic(stack, 'Fleet'),
      opsTopic: new sns.Topic(stack, 'Ops'),
    });
    const { definition } = loadRevocationStateMachine(Template.fromStack(stack).toJSON() as never);
    const states = definition.States as Record<string, { Type?: string; Retry?: Retrier[] }>;
    retriers = Object.fromEntries(
      Object.entries(STATE_NAMES).map(([task, name]) => {
        const state = states[name];
        if (state?.Type !== 'Task') throw new Error(`the revocation definition has no Task state ${name}`);
        return [task, state.Retry ?? []];
      }),
    ) as unknown as Record<TaskState, readonly Retrier[]>;
    return retriers;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Step Functions' matching: the name itself, `States.ALL`, or `States.TaskFailed` (anything but States.Timeout). */
export function retrierMatches(retrier: Retrier, errorName: string): boolean {
  return (
    retrier.ErrorEquals.includes(errorName) ||
    retrier.ErrorEquals.includes('States.ALL') ||
    (retrier.ErrorEquals.includes('States.TaskFailed') && errorName !== 'States.Timeout')
  );
}

/**
 * Whether Step Functions retries a Task that failed with `errorName`: the first retrier that matches decides, each
 * retrier counting its own attempts (`retries`, by index, reset when the state is left) up to its MaxAttempts.
 */
export function shouldRetry(list: readonly Retrier[], retries: Record<number, number>, errorName: string): boolean {
  const index = list.findIndex((r) => retrierMatches(r, errorName));
  if (index < 0) return false;
  const used = retries[index] ?? 0;
  if (used >= (list[index]?.MaxAttempts ?? 3)) return false;
  retries[index] = used + 1;
  return true;
}

export type TaskState = 'verify' | 'revoke' | 'confirm' | 'delete' | 'record' | 'publish';
export type EndState = 'Revoked' | 'AlreadyRevoked' | 'NewKeyNotVerified' | 'FleetNotMoved' | 'RevocationFailed';

export interface Execution {
  readonly name: string;
  readonly input: RevocationInput;
  readonly startedAt: string;
  state: TaskState;
  round: number;
  /** Retries used in the current state, by the index of the retrier in its Retry list. */
  retries: Record<number, number>;
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
    e.retries = {}; // the state is left (or entered afresh for the next round): its retriers start over
  } catch (err) {
    // A Lambda whose process died reports Runtime.ExitError; a task error reaches the state by its name.
    const name = hooks.crashed() ? 'Runtime.ExitError' : toTaskError(err).name;
    if (shouldRetry(taskRetriers()[e.state], e.retries, name)) return;
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
