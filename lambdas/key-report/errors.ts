import { RekeyError } from '../common/errors';

/** A dead-key report that does not match its schema. Names the fields at fault, never their values. */
export class InvalidKeyReportError extends RekeyError {
  constructor(readonly fields: readonly string[]) {
    super(`dead-key report is not valid (${fields.join(', ') || 'not an object'})`);
    this.name = 'InvalidKeyReportError';
  }
}
