import { ClientConfigError, RekeyClientError } from '../errors';

/** A sidecar option is missing, out of range or unsafe (a non-loopback address without `allowNonLoopback`). */
export class SidecarConfigError extends ClientConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SidecarConfigError';
  }
}

/** The SSRF token could not be found or read. Never carries the token. */
export class SidecarTokenError extends RekeyClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SidecarTokenError';
  }
}

/** Writing a served key to its file failed (the previous file stays whole). */
export class SidecarFileError extends RekeyClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SidecarFileError';
  }
}
