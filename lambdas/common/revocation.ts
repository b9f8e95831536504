import { createHash } from 'node:crypto';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  type ExecutionStatus,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ConfigurationError, RekeyError } from './errors';
import * as z from './zod';

/** The revocation workflow's input: ids only, never key material. */
export const RevocationInputSchema = z.strictObject({
  secretName: z.string().check(z.minLength(1)),
  oldVersionId: z.string().check(z.minLength(1)),
  newVersionId: z.string().check(z.minLength(1)),
  mode: z.enum(['scheduled', 'emergency', 'abuse']),
  reason: z._default(z.string().check(z.maxLength(500)), ''),
});
export type RevocationInput = z.infer<typeof RevocationInputSchema>;

/**
 * The execution name for revoking one old version in one mode. Derived, not random, so starting the same
 * revocation twice is a no-op (Step Functions refuses a second execution with the same name); an escalation
 * (scheduled → emergency → abuse) is a new name and runs at once. A new start after an attempt that ended without
 * success (an operator's retry, or a later report of the same key) is attempt 1, 2, … (`-r<attempt>`), itself
 * named so that two starts at once start one execution. Names stay within Step Functions' 80 characters.
 */
export function revocationExecutionName(
  input: Pick<RevocationInput, 'secretName' | 'oldVersionId' | 'mode'>,
  attempt = 0,
): string {
  const digest = createHash('sha256').update(`${input.secretName}\n${input.oldVersionId}`).digest('hex').slice(0, 32);
  const readable = input.secretName.replace(/[^A-Za-z0-9_-]/g, '-').slice(-30);
  const base = `${input.mode}-${readable}-${digest}`;
  const suffix = attempt > 0 ? `-r${attempt}` : '';
  return `${base.slice(0, 80 - suffix.length)}${suffix}`;
}

/**
 * Every attempt of a revocation looked at ended without success: a retry loop gone wrong, not a real history.
 * (Belongs in ./errors.ts with the other function errors; kept here until that file's owner moves it.)
 */
export class RevocationAttemptsExhaustedError extends RekeyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RevocationAttemptsExhaustedError';
  }
}

/** How many attempts of one revocation are looked at before giving up (a retry loop gone wrong, not a real history). */
export const MAX_REVOCATION_ATTEMPTS = 50;

export interface RevocationStart {
  /** False where a running or succeeded execution already covers this revocation. */
  readonly started: boolean;
  readonly executionArn: string;
  readonly executionName: string;
  readonly status: ExecutionStatus;
}

export interface StartRevocationOptions {
  /**
   * Describe each attempt before starting it. The operator CLI does, so that a repeated command with the same
   * input answers "not started" truthfully (StartExecution returns a running execution with the same name and
   * input as if it had started it). The functions do not: the common case then costs one StartExecution, and a
   * mass exposure stays within DescribeExecution's much lower rate quota. @default false
   */
  readonly describeFirst?: boolean;
}

/** The execution ARN a name has on this state machine. */
export function executionArnFor(stateMachineArn: string, executionName: string): string {
  if (!stateMachineArn.includes(':stateMachine:')) {
    throw new ConfigurationError(`not a state machine ARN: ${stateMachineArn}`);
  }
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

async function describeIfPresent(
  sfn: Pick<SFNClient, 'send'>,
  executionArn: string,
): Promise<DescribeExecutionCommandOutput | undefined> {
  try {
    return await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (err) {
    if (err instanceof ExecutionDoesNotExist || (err as Error).name === 'ExecutionDoesNotExist') return undefined;
    throw err;
  }
}

const isAlreadyExists = (err: unknown): boolean =>
  err instanceof ExecutionAlreadyExists || (err as Error).name === 'ExecutionAlreadyExists';

/**
 * Starts the revocation unless an execution of it is running or has succeeded. Step Functions answers
 * ExecutionAlreadyExists for a closed execution of the name too, so that answer alone does not mean "running":
 * the execution is described, and after one that ended without success (FAILED, TIMED_OUT, ABORTED) the next
 * attempt (`-r1`, `-r2`, …, see `revocationExecutionName`) is started. Names stay derived, so a replay finds the
 * same attempts and starts nothing twice.
 */
export async function startRevocationAttempt(
  sfn: Pick<SFNClient, 'send'>,
  stateMachineArn: string,
  input: RevocationInput,
  options: StartRevocationOptions = {},
): Promise<RevocationStart> {
  const body = z.parse(RevocationInputSchema, input);
  for (let attempt = 0; attempt < MAX_REVOCATION_ATTEMPTS; attempt++) {
    const executionName = revocationExecutionName(body, attempt);
    const executionArn = executionArnFor(stateMachineArn, executionName);
    let existing = options.describeFirst ? await describeIfPresent(sfn, executionArn) : undefined;
    if (!existing) {
      try {
        const out = await sfn.send(
          new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(body) }),
        );
        return { started: true, executionArn: out?.executionArn ?? executionArn, executionName, status: 'RUNNING' };
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        existing = await describeIfPresent(sfn, executionArn);
      }
    }
    // Described as absent right after ExecutionAlreadyExists: read as running rather than start a second attempt.
    const status = existing?.status ?? 'RUNNING';
    if (status === 'RUNNING' || status === 'SUCCEEDED' || status === 'PENDING_REDRIVE') {
      return { started: false, executionArn, executionName, status };
    }
  }
  throw new RevocationAttemptsExhaustedError(
    `${body.secretName} version ${body.oldVersionId} has ${MAX_REVOCATION_ATTEMPTS} ${body.mode} revocations that ended without success`,
  );
}

/** Starts the revocation workflow (`startRevocationAttempt`); returns false when it is running or has succeeded. */
export async function startRevocation(
  sfn: Pick<SFNClient, 'send'>,
  stateMachineArn: string,
  input: RevocationInput,
): Promise<boolean> {
  return (await startRevocationAttempt(sfn, stateMachineArn, input)).started;
}
