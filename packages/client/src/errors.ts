/**
 * Errors the client library throws. Every message names ids, options and counts, never a key value; callers
 * check with `instanceof`.
 */
export class RekeyClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RekeyClientError';
  }
}

/** An option is missing, out of range or contradicts another one. */
export class ClientConfigError extends RekeyClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClientConfigError';
  }
}

/** The secret could not be read (Secrets Manager call failed, file unreadable, variable unset). */
export class SecretReadError extends RekeyClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretReadError';
  }
}

/**
 * The secret was read but does not hold what was asked for. Never carries a cause: a JSON parser's message quotes
 * the text it failed on, which is the secret.
 */
export class SecretFormatError extends SecretReadError {
  constructor(message: string) {
    super(message);
    this.name = 'SecretFormatError';
  }
}

/** The RotatingSecret (or token) was used after `close()`. */
export class SecretClosedError extends RekeyClientError {
  constructor(message: string) {
    super(message);
    this.name = 'SecretClosedError';
  }
}

/** A fleet notification (SQS body, SNS message) is not JSON or does not match the schema. */
export class NotificationFormatError extends RekeyClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NotificationFormatError';
  }
}

/** An SNS HTTP(S) message failed verification: untrusted certificate URL, bad signature, unexpected topic. */
export class SnsVerificationError extends RekeyClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnsVerificationError';
  }
}

/**
 * An SNS HTTP(S) message's signed `Timestamp` is outside the accepted window (`timestampToleranceMs` either side of
 * now), or not a date: a captured message replayed later, or a sender whose clock is far off.
 */
export class SnsMessageOutsideWindowError extends SnsVerificationError {
  readonly messageId: string;

  constructor(messageId: string, message: string) {
    super(message);
    this.name = 'SnsMessageOutsideWindowError';
    this.messageId = messageId;
  }
}

/** The OAuth2 token endpoint refused or failed a client-credentials request. */
export class TokenEndpointError extends RekeyClientError {
  /** HTTP status, or undefined when the request never got an answer. */
  readonly status: number | undefined;
  /** The OAuth2 `error` code from the answer (`invalid_client`, `invalid_scope`, ...), when there is one. */
  readonly oauthError: string | undefined;

  constructor(message: string, details: { status?: number; oauthError?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = 'TokenEndpointError';
    this.status = details.status;
    this.oauthError = details.oauthError;
  }
}

/** The token endpoint answered `invalid_client`: the client secret is wrong, rotated or revoked. */
export class InvalidClientError extends TokenEndpointError {
  constructor(message: string, details: { status?: number; cause?: unknown } = {}) {
    super(message, { ...details, oauthError: 'invalid_client' });
    this.name = 'InvalidClientError';
  }
}

/** What kind of key material was found and whether this process holds it. Never the key itself. */
export interface KeyFinding {
  readonly kind: string;
  readonly held: boolean;
}

/** `guardOutput` in block mode found key material in text about to leave the process. */
export class KeyMaterialInOutputError extends RekeyClientError {
  readonly findings: readonly KeyFinding[];

  constructor(findings: readonly KeyFinding[]) {
    const kinds = [...new Set(findings.map((f) => (f.held ? `${f.kind} (held)` : f.kind)))].join(', ');
    super(`output blocked: it contains key material (${findings.length} finding(s): ${kinds})`);
    this.name = 'KeyMaterialInOutputError';
    this.findings = findings;
  }
}

/** rekey's report function refused or failed a dead-key report (its error type only; never a key). */
export class DeadKeyReportError extends RekeyClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeadKeyReportError';
  }
}
