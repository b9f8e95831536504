import { holdSecretValue } from '../common/logger';
import type * as z from '../common/zod';
import { identifyLeakedValue } from '../intake/finding';
import { GitHubApiError } from './errors';
import { SecretScanningAlertSchema } from './payload';

export interface AlertRef {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

/** What rekey keeps of an alert: its metadata and the leaked value's identity, never the value. */
export interface AlertIdentity {
  readonly number: number;
  readonly secretType?: string;
  readonly htmlUrl?: string;
  readonly createdAt?: string;
  readonly fingerprint?: string;
  readonly keyId?: string;
}

export interface GitHubApiOptions {
  /** `https://api.github.com`, or a GitHub Enterprise Server's `https://HOST/api/v3`. */
  readonly baseUrl: string;
  readonly token: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default 5000 */
  readonly timeoutMs?: number;
}

/**
 * A GET of GitHub's REST API as both GitHub functions make it: the token as bearer, GitHub's media type and API
 * version, and a deadline (`options.timeoutMs`, else the caller's default).
 */
export function githubGet(
  url: string,
  options: Pick<GitHubApiOptions, 'token' | 'fetch' | 'timeoutMs'>,
  defaults: { readonly userAgent: string; readonly timeoutMs: number },
): Promise<Response> {
  return (options.fetch ?? globalThis.fetch)(url, {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${options.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': defaults.userAgent,
    },
    signal: AbortSignal.timeout(options.timeoutMs ?? defaults.timeoutMs),
  });
}

/**
 * GET /repos/{owner}/{repo}/secret-scanning/alerts/{number}, then hashes `secret` at once: the value is held by the
 * logger's redactor for the rest of the invocation and leaves this function only as a fingerprint (and, for AWS
 * access key ids, which are identifiers, as the id).
 */
export async function fetchAlertIdentity(ref: AlertRef, options: GitHubApiOptions): Promise<AlertIdentity> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(
    ref.repo,
  )}/secret-scanning/alerts/${ref.number}`;
  const where = `${ref.owner}/${ref.repo}#${ref.number}`;
  let res: Response;
  try {
    res = await githubGet(url, options, { userAgent: 'rekey-github-webhook', timeoutMs: 5000 });
  } catch (err) {
    throw new GitHubApiError(`fetching secret scanning alert ${where} failed: ${(err as Error).name}`);
  }
  if (!res.ok) {
    await res.arrayBuffer().catch(() => undefined);
    throw new GitHubApiError(`GitHub answered ${res.status} for secret scanning alert ${where}`, res.status);
  }
  let json: unknown;
  try {
    json = JSON.parse(await res.text());
  } catch {
    // JSON.parse quotes the input in its message, and the input holds the secret: say nothing of it.
    throw new GitHubApiError(`secret scanning alert ${where} is not JSON`, res.status);
  }
  const parsed = SecretScanningAlertSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new GitHubApiError(
      `secret scanning alert ${where} does not have the documented shape (bad fields: ${fields})`,
    );
  }
  return identityOf(parsed.data);
}

/**
 * An alert as the REST API returns it (one alert, or an item of a list), reduced to what rekey keeps: `secret` is held
 * by the logger's redactor for the rest of the invocation and leaves only as a fingerprint (or an AWS key id).
 */
export function identityOf(alertWithSecret: z.infer<typeof SecretScanningAlertSchema>): AlertIdentity {
  const { secret, ...alert } = alertWithSecret;
  holdSecretValue(secret);
  const identity = identifyLeakedValue(secret);
  return {
    number: alert.number,
    ...(alert.secret_type ? { secretType: alert.secret_type } : {}),
    ...(alert.html_url ? { htmlUrl: alert.html_url } : {}),
    ...(alert.created_at ? { createdAt: alert.created_at } : {}),
    ...identity,
  };
}
