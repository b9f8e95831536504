/**
 * Errors the operator CLI reports. Each says what went wrong (`message`) and what to do next (`hint`), names keys,
 * versions and resources, never key material. `exitCode` is what `rekey` exits with: 1 for a failure, 2 for a usage
 * error. Callers check with `instanceof`.
 */
export class OperatorError extends Error {
  readonly exitCode: number = 1;

  constructor(
    message: string,
    /** What to do next, one or more sentences. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OperatorError';
  }
}

/** The command line was wrong: a missing or contradictory option, a key passed as an argument, … */
export class UsageError extends OperatorError {
  override readonly exitCode: number = 2;

  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'UsageError';
  }
}

/** The SDK's credential chain found nothing (or an expired session). */
export class NoCredentialsError extends OperatorError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      `no usable AWS credentials: ${detail}`,
      'Set AWS_PROFILE to a profile that can operate rekey (for SSO profiles, run `aws sso login --profile <name>` first), ' +
        'or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; then run the command again. For the local rehearsal, add --local.',
      options,
    );
    this.name = 'NoCredentialsError';
  }
}

/** No region from --region, the environment, the profile or the config file. */
export class NoRegionError extends OperatorError {
  constructor() {
    super(
      'no AWS region is set',
      'Pass --region (e.g. --region eu-west-1), set AWS_REGION, or set "env.region" in the config file.',
    );
    this.name = 'NoRegionError';
  }
}

/** The caller's credentials work but lack a permission the command needs. */
export class AccessDeniedError extends OperatorError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      `AWS refused the request: ${detail}`,
      'Use a role with the rekey operator permissions (docs/RUNBOOK.md, "Operator permissions"), e.g. AWS_PROFILE=<operator-profile>.',
      options,
    );
    this.name = 'AccessDeniedError';
  }
}

/** `--local` was given but the rehearsal's state file is not there. */
export class LocalStateMissingError extends OperatorError {
  constructor(readonly path: string) {
    super(
      `no local rekey is running: ${path} does not exist`,
      'Start one in another terminal with `npm start -- --serve` and wait until it is ready, then run this again ' +
        '(or pass --local <stateFile> if it writes elsewhere).',
    );
    this.name = 'LocalStateMissingError';
  }
}

/** The state file names a process that has exited. */
export class LocalEnvironmentStoppedError extends OperatorError {
  constructor(path: string, pid: number) {
    super(
      `the local rekey in ${path} is not running any more (process ${pid} has exited)`,
      'Start it again with `npm start -- --serve`, then run this again.',
    );
    this.name = 'LocalEnvironmentStoppedError';
  }
}

/** The state file or outputs file is not what `rekey` expects. */
export class InvalidStateFileError extends OperatorError {
  constructor(path: string, detail: string) {
    super(
      `${path} is not a rekey state or outputs file: ${detail}`,
      'Restart the local rehearsal (`npm start -- --serve`) to rewrite it, or pass the file `cdk deploy --outputs-file` wrote.',
    );
    this.name = 'InvalidStateFileError';
  }
}

/** CloudFormation does not know the stack in this account and region. */
export class StackNotFoundError extends OperatorError {
  constructor(stackName: string, region: string) {
    super(
      `stack ${stackName} was not found in ${region}`,
      'Pass --stack NAME and --region for the deployment you mean (its name is "stackName" in the config file, ' +
        'default "Rekey"), or -c path/to/account.json; check the account with `aws sts get-caller-identity`.',
    );
    this.name = 'StackNotFoundError';
  }
}

/** The stack (or outputs file) lacks outputs the CLI needs: an older or foreign stack. */
export class StackOutputsMissingError extends OperatorError {
  constructor(where: string, missing: readonly string[]) {
    super(
      `${where} has no output${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`,
      'Deploy the current version of rekey to that account (`npm run deploy -- -c config=<file>`), or pass the missing ' +
        'values with --output NAME=VALUE.',
    );
    this.name = 'StackOutputsMissingError';
  }
}

/** The key named on the command line is not a managed key of this deployment. */
export class UnknownKeyError extends OperatorError {
  constructor(
    readonly key: string,
    readonly knownKeys: readonly string[],
  ) {
    super(
      `no managed key named "${key}"`,
      knownKeys.length === 0
        ? 'This deployment manages no keys yet; check --stack/--local, or add keys to the config file and deploy.'
        : `Known keys: ${knownKeys.join(', ')}. Run \`rekey status\` to see them all.`,
    );
    this.name = 'UnknownKeyError';
  }
}

/** A rotation ended without its new version becoming AWSCURRENT. */
export class RotationFailedError extends OperatorError {
  constructor(message: string, hint?: string) {
    super(
      message,
      hint ??
        'The old key is still AWSCURRENT and working. See `rekey runbook rotation-failed`: check the rotation ' +
          "function's log for the version id, fix the cause, then run `rekey rotate <key>` again.",
    );
    this.name = 'RotationFailedError';
  }
}

/** A rotation did not finish within the time the CLI waits; it may still finish. */
export class RotationTimeoutError extends OperatorError {
  constructor(secretName: string, versionId: string, seconds: number) {
    super(
      `the rotation of ${secretName} to version ${versionId} did not finish within ${seconds} s`,
      'It may still be running: watch it with `rekey status <key>`. If it is stuck, see `rekey runbook rotation-failed`.',
    );
    this.name = 'RotationTimeoutError';
  }
}

/** The revocation workflow failed, was cancelled, or never started. */
export class RevocationFailedError extends OperatorError {
  constructor(message: string, hint?: string) {
    super(
      message,
      hint ??
        'The new key is current; the old key was left as it was. See `rekey runbook revocation-failed`, then retry with ' +
          '`rekey revoke <key> --version <old>` (add --now to skip the wait).',
    );
    this.name = 'RevocationFailedError';
  }
}

/** `rekey put` was asked to read a key from a terminal without --interactive, or got no usable key. */
export class KeyInputError extends UsageError {
  constructor(message: string, hint: string) {
    super(message, hint);
    this.name = 'KeyInputError';
  }
}

/** A file or directory given to `rekey scan` cannot be read. */
export class ScanInputError extends UsageError {
  constructor(path: string, detail: string) {
    super(`cannot scan ${path}: ${detail}`, 'Pass files or directories that exist and that you can read.');
    this.name = 'ScanInputError';
  }
}

/**
 * Turns whatever a command threw into an OperatorError with a next step: the SDK's credential, region and
 * permission errors by name; other errors keep their message (which, from rekey's own code, names ids only).
 */
export function explainError(err: unknown): OperatorError {
  if (err instanceof OperatorError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const name = e.name;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message)) {
    return new NoCredentialsError(e.message, { cause: err });
  }
  if (
    name === 'ExpiredTokenException' ||
    name === 'ExpiredToken' ||
    name === 'UnrecognizedClientException' ||
    name === 'InvalidClientTokenId' ||
    name === 'InvalidSignatureException'
  ) {
    return new NoCredentialsError(`${name}: ${e.message}`, { cause: err });
  }
  if (/Region is missing/i.test(e.message)) return new NoRegionError();
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'AuthorizationError') {
    return new AccessDeniedError(e.message, { cause: err });
  }
  if (name === 'ECONNREFUSED' || (e as { code?: string }).code === 'ECONNREFUSED') {
    return new OperatorError(
      `cannot reach the AWS endpoint: ${e.message}`,
      'With --local or --endpoint, check that the local rehearsal is still running (`npm start -- --serve`).',
      { cause: err },
    );
  }
  return new OperatorError(`${name}: ${e.message}`, undefined, { cause: err });
}
