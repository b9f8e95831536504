import { InvalidEventError, RekeyError } from '../common/errors';

/**
 * Errors of the exposure intake. Messages name sources, event ids, secrets and versions; never key material.
 */

/** An event from a source the intake has no normaliser for (a rule that should not target it). */
export class UnsupportedEventError extends InvalidEventError {
  constructor(
    readonly eventSource: string,
    readonly detailType: string,
  ) {
    super(`no normaliser for events from ${eventSource.slice(0, 64)} / ${detailType.slice(0, 64)}`);
    this.name = 'UnsupportedEventError';
  }
}

/** An event from a supported source whose shape is not the documented one. */
export class MalformedFindingError extends InvalidEventError {
  constructor(
    readonly eventSource: string,
    issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`finding from ${eventSource.slice(0, 64)} is not valid`, issues, options);
    this.name = 'MalformedFindingError';
  }
}

/** The secret changed under the intake faster than it could act (a rotation raced it); the event is retried. */
export class ExposureRaceError extends RekeyError {
  constructor(message: string) {
    super(message);
    this.name = 'ExposureRaceError';
  }
}
