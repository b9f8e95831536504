import { createHash } from 'node:crypto';
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
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
 * (scheduled → emergency → abuse) is a new name and runs at once. An operator's retry of a failed revocation is
 * attempt 1, 2, … (`-r<attempt>`), itself named so that two retries at once start one execution.
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

/** Starts the revocation workflow; returns false when the same revocation was already started. */
export async function startRevocation(
  sfn: SFNClient,
  stateMachineArn: string,
  input: RevocationInput,
): Promise<boolean> {
  const body = z.parse(RevocationInputSchema, input);
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: revocationExecutionName(body),
        input: JSON.stringify(body),
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ExecutionAlreadyExists || (err as Error).name === 'ExecutionAlreadyExists') return false;
    throw err;
  }
}
