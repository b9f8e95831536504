import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { SidecarTokenError } from './errors';

/** The request headers the AWS agent looks in for its SSRF token, in order (config.rs `DEFAULT_SSRF_HEADERS`). */
export const SSRF_HEADERS = ['x-aws-parameters-secrets-token', 'x-vault-token'] as const;

/**
 * The environment variables the AWS agent reads its SSRF token from, first set wins (config.rs
 * `DEFAULT_SSRF_ENV_VARIABLES`). A value `file:///path` means "the token is in that file" (utils.rs `get_token`).
 */
export const SSRF_ENV_VARIABLES = ['AWS_TOKEN', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN'] as const;

export interface TokenSourceOptions {
  /**
   * A file holding the token (surrounding whitespace trimmed). With `createIfMissing`, a missing file is created
   * with a random token, mode 0600, the way the AWS agent's `awssmaseedtoken` script seeds `/var/run/awssmatoken`.
   * @default - the first of SSRF_ENV_VARIABLES that is set
   */
  readonly tokenFile?: string;
  /** @default false */
  readonly createIfMissing?: boolean;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Finds the SSRF token the way the AWS agent does: `tokenFile` if given, else the first of `AWS_TOKEN`,
 * `AWS_SESSION_TOKEN`, `AWS_CONTAINER_AUTHORIZATION_TOKEN` that is set, where `file://PATH` reads PATH (trimmed).
 * Throws SidecarTokenError if none is set or the token is empty; the message names where it looked, never the token.
 */
export async function resolveSsrfToken(options: TokenSourceOptions = {}): Promise<string> {
  if (options.tokenFile !== undefined) return readTokenFile(options.tokenFile, options.createIfMissing ?? false);
  const env = options.env ?? process.env;
  const name = SSRF_ENV_VARIABLES.find((n) => env[n] !== undefined);
  if (name === undefined) {
    throw new SidecarTokenError(`no SSRF token: give a token file, or set one of ${SSRF_ENV_VARIABLES.join(', ')}`);
  }
  const value = env[name] as string;
  if (value.startsWith('file://')) return readTokenFile(value.slice('file://'.length), false);
  if (value.trim().length === 0) throw new SidecarTokenError(`the SSRF token in ${name} is empty`);
  return value;
}

async function readTokenFile(path: string, createIfMissing: boolean): Promise<string> {
  if (createIfMissing) {
    // `wx`: never overwrites a token another container already wrote.
    await writeFile(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' }).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw new SidecarTokenError(`cannot create the token file ${path}`, { cause: err });
      },
    );
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SidecarTokenError(`cannot read the token file ${path}`, { cause: err });
  }
  const token = text.trim();
  if (token.length === 0) throw new SidecarTokenError(`the token file ${path} is empty`);
  return token;
}

/**
 * True if any SSRF header carries the token. Compared in constant time over SHA-256 digests, so neither the
 * token's content nor its length leaks through timing (the AWS agent compares with `==`).
 */
export function hasValidToken(headers: Record<string, string | string[] | undefined>, token: string): boolean {
  const expected = digest(token);
  let found = false;
  for (const name of SSRF_HEADERS) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    if (timingSafeEqual(digest(value), expected)) found = true;
  }
  return found;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
