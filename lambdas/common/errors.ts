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

/**
 * Where an error was thrown, for a log line: the top stack frames as `function (file:line:column)` with each file cut
 * to its name, and nothing of the message, which may quote the text that failed (V8's SyntaxError does).
 */
export function thrownAt(err: unknown, frames = 4): string {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, frames)
    .map((line) =>
      line
        .trim()
        .replace(/^at /, '')
        .replace(/(?:file:\/\/)?[^\s()]*[/\\]([^/\\\s()]+:\d+:\d+)/g, '$1'),
    )
    .join(' < ');
}
