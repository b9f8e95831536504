import { RekeyError } from '../common/errors';

/** A dead-key report that does not match its schema. Names the fields at fault, never their values. */
export class InvalidKeyReportError extends RekeyError {
  constructor(readonly fields: readonly string[]) {
    super(`dead-key report is not valid (${fields.join(', ') || 'not an object'})`);
    this.name = 'InvalidKeyReportError';
  }
}

/**
 * A report that came through no fleet's alias (an unqualified invocation, a version, `$LATEST`), or through a fleet's
 * alias about a secret not tagged for that fleet. Refused before any provider call; names ids only.
 */
export class WrongFleetReportError extends RekeyError {
  constructor(
    readonly secretName: string,
    readonly fleet: string | undefined,
  ) {
    super(
      fleet === undefined
        ? `dead-key report about ${secretName} came through no fleet's alias`
        : `dead-key report about ${secretName} came through fleet ${fleet}, which the secret is not tagged for`,
    );
    this.name = 'WrongFleetReportError';
  }
}
