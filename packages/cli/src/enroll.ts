import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { STACK_OUTPUTS } from '../../../contract';
import type { OperatorContext } from './context';
import { OperatorError } from './errors';
import type { OutputWriter } from './output';

export interface EnrollOptions {
  readonly key: string;
  readonly profile: string;
  readonly fleet: string;
  readonly schedule?: string;
}

/** The enroll function refused the request: nothing was changed; the message says which field and why. */
export class EnrollmentRefusedError extends OperatorError {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message, hintFor(field));
    this.name = 'EnrollmentRefusedError';
  }
}

/** The deployment has no enroll function (its config has no `enrollment` section), or the call failed. */
export class EnrollmentUnavailableError extends OperatorError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'EnrollmentUnavailableError';
  }
}

function hintFor(field: string): string {
  switch (field) {
    case 'profile':
      return 'Use one of the profiles of the config\'s "enrollment.profiles".';
    case 'fleet':
      return 'Use one of the config\'s "fleets".';
    case 'schedule':
      return 'Give rate(N days), rate(N hours) (N ≥ 4) or cron(...).';
    default:
      return 'Nothing was changed. `rekey status` lists the managed and enrolled keys.';
  }
}

interface Answer {
  readonly refused?: boolean;
  readonly field?: string;
  readonly message?: string;
  readonly secretName?: string;
  readonly status?: string;
  readonly resumed?: boolean;
}

/** Invokes the deployment's enroll function (stack output EnrollFunctionName) and answers its reply. */
async function invokeEnroll(ctx: OperatorContext, request: Record<string, unknown>): Promise<Answer> {
  const name = ctx.outputs[STACK_OUTPUTS.enrollFunctionName];
  if (!name) {
    throw new EnrollmentUnavailableError(
      'this deployment has no enroll function (stack output EnrollFunctionName)',
      'Add an "enrollment" section with at least one profile to the config and deploy again (docs/configuration.md).',
    );
  }
  const lambda = new LambdaClient({
    region: ctx.clientConfig.region,
    ...(ctx.clientConfig.endpoint ? { endpoint: ctx.clientConfig.endpoint } : {}),
    ...(ctx.clientConfig.profile ? { profile: ctx.clientConfig.profile } : {}),
    ...(ctx.clientConfig.credentials ? { credentials: ctx.clientConfig.credentials } : {}),
  });
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: new TextEncoder().encode(JSON.stringify(request)) }),
  );
  if (out.FunctionError) {
    // The function's error names the step that failed, never a key (lambdas/enroll); its stack trace is not shown.
    let errorType = out.FunctionError;
    try {
      errorType = String(
        (JSON.parse(new TextDecoder().decode(out.Payload)) as { errorType?: string }).errorType ?? errorType,
      );
    } catch {
      // not JSON: keep Lambda's FunctionError
    }
    throw new EnrollmentUnavailableError(
      `the enroll function failed (${errorType}); the enrollment is finished or rolled back by the next reconcile`,
      `Run the same command again to resume it, or look at the enroll function's logs.`,
    );
  }
  const answer = JSON.parse(new TextDecoder().decode(out.Payload)) as Answer;
  if (answer.refused) throw new EnrollmentRefusedError(answer.message ?? 'refused', answer.field ?? '');
  return answer;
}

/** `rekey enroll <key> --profile <p> --fleet <f> [--schedule …]`: a new key, rotated at once, its fleet's to read. */
export async function enrollCommand(ctx: OperatorContext, writer: OutputWriter, options: EnrollOptions): Promise<void> {
  const answer = await invokeEnroll(ctx, {
    action: 'enroll',
    key: options.key,
    profile: options.profile,
    fleet: options.fleet,
    ...(options.schedule ? { schedule: options.schedule } : {}),
  });
  writer.out(
    `${answer.resumed ? 'resumed and enrolled' : 'enrolled'} ${answer.secretName} (profile ${options.profile}, fleet ${options.fleet}); its first rotation is running`,
  );
}

/** `rekey unenroll <key>`: rotation cancelled, the secret scheduled for deletion. */
export async function unenrollCommand(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: { key: string },
): Promise<void> {
  const answer = await invokeEnroll(ctx, { action: 'unenroll', key: options.key });
  writer.out(`unenrolled ${answer.secretName}: rotation cancelled, secret scheduled for deletion`);
}
