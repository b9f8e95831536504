import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionStatus,
  ListExecutionsCommand,
  type SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  executionArnFor,
  MAX_REVOCATION_ATTEMPTS,
  type RevocationInput,
  RevocationInputSchema,
  type RevocationStart,
  revocationExecutionName,
  startRevocationAttempt,
} from '../../../lambdas/common/revocation';

/**
 * What an operator does to revocations (the CLI's `rekey revoke …` commands call these): force one (start it in
 * abuse mode, so it skips the wait and the fleet check but still verifies the new key), cancel the pending ones
 * of a version, retry a failed one, and list them. Executions are found by their derived names
 * (lambdas/common/revocation.ts), so each call is a few DescribeExecution calls, never a scan.
 */

export type Sfn = Pick<SFNClient, 'send'>;
const MODES = ['scheduled', 'emergency', 'abuse'] as const;

export interface RevocationRef {
  readonly secretName: string;
  readonly oldVersionId: string;
}

/** What a start did: `started` is false where a running or succeeded execution already covers the revocation. */
export type StartOutcome = RevocationStart;
export { executionArnFor };

const NAME = /^(scheduled|emergency|abuse)-(.*)-([0-9a-f]{32})(?:-r(\d+))?$/;

/** Reads a revocation execution's name: its mode and attempt (undefined for other names). */
export function parseRevocationName(name: string): { mode: RevocationInput['mode']; attempt: number } | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  return { mode: m[1] as RevocationInput['mode'], attempt: Number(m[4] ?? 0) };
}

async function describe(sfn: Sfn, executionArn: string): Promise<DescribeExecutionCommandOutput | undefined> {
  try {
    return await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (err) {
    if ((err as Error).name === 'ExecutionDoesNotExist') return undefined;
    throw err;
  }
}

/**
 * Starts the revocation unless it is running or done (lambdas/common/revocation.ts, shared with the functions),
 * describing each attempt first so that a repeated command reports "already running" truthfully.
 */
function startAttempt(sfn: Sfn, stateMachineArn: string, input: RevocationInput): Promise<StartOutcome> {
  return startRevocationAttempt(sfn, stateMachineArn, input, { describeFirst: true });
}

export interface ForceRevocationRequest extends RevocationRef {
  /** The version that must be AWSCURRENT and accepted by the provider (the workflow still verifies it). */
  readonly newVersionId: string;
  /** Why, for the inventory's history. */
  readonly reason: string;
}

/**
 * Revokes the old key now: starts the workflow in abuse mode (no wait, no fleet check; the new key is still
 * verified first). A pending scheduled or emergency execution for the same version finds it revoked when it wakes
 * and ends AlreadyRevoked.
 */
export function forceRevocation(sfn: Sfn, stateMachineArn: string, req: ForceRevocationRequest): Promise<StartOutcome> {
  return startAttempt(sfn, stateMachineArn, {
    secretName: req.secretName,
    oldVersionId: req.oldVersionId,
    newVersionId: req.newVersionId,
    mode: 'abuse',
    reason: `forced by an operator: ${req.reason}`.slice(0, 500),
  });
}

/**
 * Retries a revocation that ended without success (NewKeyNotVerified, FleetNotMoved, RevocationFailed, timed out
 * or cancelled) with the same input, as the next attempt. Refuses a running or succeeded one.
 */
export async function retryRevocation(
  sfn: Sfn,
  stateMachineArn: string,
  req: { readonly executionArn: string },
): Promise<StartOutcome> {
  const failed = await describe(sfn, req.executionArn);
  if (!failed) throw new Error(`execution ${req.executionArn} does not exist`);
  if (failed.status === 'RUNNING' || failed.status === 'SUCCEEDED') {
    throw new Error(
      `execution ${req.executionArn} is ${failed.status}; only a failed, timed-out or cancelled one is retried`,
    );
  }
  const input = RevocationInputSchema.parse(JSON.parse(failed.input ?? '{}'));
  return startAttempt(sfn, stateMachineArn, input);
}

/** Stops every running revocation of the version (all modes, all attempts); answers the stopped executions. */
export async function cancelRevocation(
  sfn: Sfn,
  stateMachineArn: string,
  req: RevocationRef & { readonly reason?: string },
): Promise<string[]> {
  const stopped: string[] = [];
  for (const mode of MODES) {
    for (let attempt = 0; attempt < MAX_REVOCATION_ATTEMPTS; attempt++) {
      const name = revocationExecutionName(
        { secretName: req.secretName, oldVersionId: req.oldVersionId, mode },
        attempt,
      );
      const executionArn = executionArnFor(stateMachineArn, name);
      const existing = await describe(sfn, executionArn);
      if (!existing) break; // attempts are made in order: none after a missing one
      if (existing.status !== 'RUNNING') continue;
      await sfn.send(
        new StopExecutionCommand({
          executionArn,
          error: 'RevocationCancelled',
          cause: `cancelled by an operator${req.reason ? `: ${req.reason}` : ''}`.slice(0, 32_768),
        }),
      );
      stopped.push(executionArn);
    }
  }
  return stopped;
}

export interface RevocationSummary {
  readonly executionArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly mode: RevocationInput['mode'];
  readonly attempt: number;
  readonly startDate?: Date;
  readonly stopDate?: Date;
}

/**
 * Lists revocation executions, newest first: all of them, or a status's, or one version's (by its names, every
 * mode and attempt).
 */
export async function listRevocations(
  sfn: Sfn,
  stateMachineArn: string,
  filter: { readonly status?: ExecutionStatus; readonly version?: RevocationRef } = {},
): Promise<RevocationSummary[]> {
  const versionNames = filter.version
    ? new Set(
        MODES.map((mode) =>
          revocationExecutionName({ ...(filter.version as RevocationRef), mode }).replace(/-r\d+$/, ''),
        ),
      )
    : undefined;
  const out: RevocationSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn,
        ...(filter.status ? { statusFilter: filter.status } : {}),
        maxResults: 100,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    for (const e of page.executions ?? []) {
      const name = e.name ?? '';
      const parsed = parseRevocationName(name);
      if (!parsed || !e.executionArn || !e.status) continue;
      if (versionNames && !versionNames.has(name.replace(/-r\d+$/, ''))) continue;
      out.push({
        executionArn: e.executionArn,
        name,
        status: e.status,
        ...parsed,
        ...(e.startDate ? { startDate: e.startDate } : {}),
        ...(e.stopDate ? { stopDate: e.stopDate } : {}),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return out.sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0));
}
