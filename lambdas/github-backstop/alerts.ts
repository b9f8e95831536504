import * as z from '../common/zod';
import { githubGet } from '../github-webhook/github-api';
import { SecretScanningAlertSchema } from '../github-webhook/payload';
import { AlertsListError } from './errors';

/** What the backstop scans: whole organizations (the org endpoint) and single repositories (`owner/name`). */
export interface BackstopScope {
  readonly orgs: readonly string[];
  readonly repos: readonly string[];
}

export const BackstopScopeSchema = z.object({
  orgs: z._default(z.array(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/))), []),
  repos: z._default(z.array(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/))), []),
});

/**
 * An item of "List secret scanning alerts for an organization" (or "… for a repository", whose items have no
 * `repository`): the single alert's fields, `secret` included unless `hide_secret=true` is asked for.
 */
export const ListedAlertSchema = z.looseObject({
  ...SecretScanningAlertSchema.shape,
  updated_at: z.nullish(z.string()),
  repository: z.optional(
    z.looseObject({
      name: z.string().check(z.minLength(1)),
      full_name: z.string().check(z.minLength(1)),
      owner: z.looseObject({ login: z.string().check(z.minLength(1)) }),
    }),
  ),
});
export type ListedAlert = z.infer<typeof ListedAlertSchema> & { readonly repositoryFullName: string };

export interface ListOptions {
  /** `https://api.github.com`, or a GitHub Enterprise Server's `https://HOST/api/v3`. */
  readonly baseUrl: string;
  readonly token: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default 10000 */
  readonly timeoutMs?: number;
  /** Pages of 100 read at most per scope and run (GitHub lists newest first). @default 20 */
  readonly maxPages?: number;
}

/** The first URL of a scope's open alerts, 100 a page. */
export function firstPageUrl(baseUrl: string, scope: { org: string } | { repo: string }): string {
  const base = baseUrl.replace(/\/+$/, '');
  const path =
    'org' in scope
      ? `/orgs/${encodeURIComponent(scope.org)}/secret-scanning/alerts`
      : `/repos/${scope.repo.split('/').map(encodeURIComponent).join('/')}/secret-scanning/alerts`;
  return `${base}${path}?state=open&per_page=100`;
}

/** GitHub's `Link` header: the `rel="next"` URL, if any. */
export function nextLink(link: string | null): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const m = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (m?.[1] && /\brel="?next"?/.test(m[2] ?? '')) return m[1];
  }
  return undefined;
}

/**
 * The open secret scanning alerts of an org or repository, following `Link: rel="next"` (GitHub paginates both
 * endpoints that way). Each item keeps its `secret` for the caller to hash and drop at once; nothing here logs it.
 */
export async function listOpenAlerts(
  scope: { org: string } | { repo: string },
  options: ListOptions,
): Promise<ListedAlert[]> {
  const where = 'org' in scope ? `org ${scope.org}` : `repository ${scope.repo}`;
  const origin = new URL(options.baseUrl).origin;
  const alerts: ListedAlert[] = [];
  let url: string | undefined = firstPageUrl(options.baseUrl, scope);
  for (let page = 0; url && page < (options.maxPages ?? 20); page += 1) {
    // Follow only links to the API the token is meant for: the token must not be sent anywhere else.
    if (new URL(url).origin !== origin) throw new AlertsListError(`GitHub's next link for ${where} leaves ${origin}`);
    let res: Response;
    try {
      res = await githubGet(url, options, { userAgent: 'rekey-github-backstop', timeoutMs: 10_000 });
    } catch (err) {
      throw new AlertsListError(`listing secret scanning alerts of ${where} failed: ${(err as Error).name}`);
    }
    if (!res.ok) {
      await res.arrayBuffer().catch(() => undefined);
      throw new AlertsListError(`GitHub answered ${res.status} listing secret scanning alerts of ${where}`, res.status);
    }
    let json: unknown;
    try {
      json = JSON.parse(await res.text());
    } catch {
      // JSON.parse quotes its input, which holds secrets: say nothing of it.
      throw new AlertsListError(`secret scanning alerts of ${where} are not JSON`, res.status);
    }
    const parsed = z.array(ListedAlertSchema).safeParse(json);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].slice(0, 10);
      throw new AlertsListError(
        `secret scanning alerts of ${where} do not have the documented shape (bad fields: ${fields.join(', ')})`,
      );
    }
    for (const alert of parsed.data) {
      const repositoryFullName = alert.repository?.full_name ?? ('repo' in scope ? scope.repo : undefined);
      if (!repositoryFullName) throw new AlertsListError(`an alert of ${where} names no repository`);
      alerts.push({ ...alert, repositoryFullName });
    }
    url = nextLink(res.headers.get('link'));
  }
  return alerts;
}
