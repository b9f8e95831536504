import { RekeyError } from '../common/errors';

/**
 * Why the GitHub backstop could not check a scope. Messages name the org or repository and the HTTP status; never
 * the token or an alert's secret.
 */
export class BackstopError extends RekeyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackstopError';
  }
}

/** GitHub did not list the open alerts of a scope (network, status, shape). */
export class AlertsListError extends BackstopError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AlertsListError';
  }
}

/** One or more scopes failed this run; the others were checked. The run fails, so its error alarm fires. */
export class BackstopRunError extends BackstopError {
  constructor(readonly failures: readonly string[]) {
    super(`the backstop could not check ${failures.length} scope(s): ${failures.join('; ').slice(0, 1000)}`);
    this.name = 'BackstopRunError';
  }
}
