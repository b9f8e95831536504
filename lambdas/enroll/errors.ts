import { RekeyError } from '../common/errors';

/**
 * A request the enroll function refuses before it writes anything. Each subclass names what was wrong (`field`)
 * and the message says which value and why; none carries key material (requests hold names only).
 */
export class EnrollmentRefusedError extends RekeyError {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'EnrollmentRefusedError';
  }
}

/** The request is not an object of the action's shape (a missing or mistyped field). */
export class InvalidEnrollRequestError extends EnrollmentRefusedError {
  constructor(message: string, field: string) {
    super(message, field);
    this.name = 'InvalidEnrollRequestError';
  }
}

/** The key's name is malformed (characters, length, a `-XXXXXX` ending Secrets Manager would confuse with an ARN suffix). */
export class MalformedKeyNameError extends EnrollmentRefusedError {
  constructor(message: string) {
    super(message, 'key');
    this.name = 'MalformedKeyNameError';
  }
}

/** The key was named by a full secret name outside the enrolled prefix of its fleet. */
export class KeyOutsidePrefixError extends EnrollmentRefusedError {
  constructor(message: string) {
    super(message, 'key');
    this.name = 'KeyOutsidePrefixError';
  }
}

export class UnknownProfileError extends EnrollmentRefusedError {
  constructor(message: string) {
    super(message, 'profile');
    this.name = 'UnknownProfileError';
  }
}

export class UnknownFleetError extends EnrollmentRefusedError {
  constructor(message: string) {
    super(message, 'fleet');
    this.name = 'UnknownFleetError';
  }
}

export class InvalidScheduleError extends EnrollmentRefusedError {
  constructor(message: string) {
    super(message, 'schedule');
    this.name = 'InvalidScheduleError';
  }
}

/** The key is already enrolled (or was, and is unenrolled or orphaned), or a secret of that name already exists. */
export class AlreadyEnrolledError extends EnrollmentRefusedError {
  constructor(message: string) {
    super(message, 'key');
    this.name = 'AlreadyEnrolledError';
  }
}

/** Unenroll or reconcile of a key that was never enrolled. */
export class NotEnrolledError extends EnrollmentRefusedError {
  constructor(message: string) {
    super(message, 'key');
    this.name = 'NotEnrolledError';
  }
}

/** Unenrolling would leave the current key live at its provider (only generated tokens die with their secret). */
export class UnenrollRefusedError extends EnrollmentRefusedError {
  constructor(message: string) {
    super(message, 'key');
    this.name = 'UnenrollRefusedError';
  }
}
