/**
 * Errors every rekey function can raise. Callers check with `instanceof`; messages name ids and versions,
 * never key material.
 */
export class RekeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RekeyError';
  }
}

/** An event or request that does not match its schema. */
export class InvalidEventError extends RekeyError {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InvalidEventError';
  }
}

/** A managed secret's value does not have the shape rekey writes. */
export class MalformedSecretError extends RekeyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedSecretError';
  }
}

/** Secrets Manager's rotation protocol was called in a state it forbids (rotation disabled, unknown token, …). */
export class RotationStateError extends RekeyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RotationStateError';
  }
}

/** A secret that rekey does not manage (outside the configured prefix, or not in the inventory). */
export class UnknownSecretError extends RekeyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnknownSecretError';
  }
}

/** A required environment variable is missing: a deployment error, not a runtime one. */
export class ConfigurationError extends RekeyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}
