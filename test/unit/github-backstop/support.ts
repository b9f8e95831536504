import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for GitHub's "List secret scanning alerts" endpoints (org and repository) on 127.0.0.1: the documented
 * item shape (the single alert's fields, `secret` included, and `repository` on the org endpoint), 100 a page at
 * most, the next page in a `Link: <…>; rel="next"` header.
 */
export interface FakeAlertsApi {
  readonly baseUrl: string;
  readonly requests: { path: string; authorization?: string }[];
  /** Open alerts by org (items carry `repository`) and by `owner/repo` (items do not). */
  readonly orgs: Map<string, Record<string, unknown>[]>;
  readonly repos: Map<string, Record<string, unknown>[]>;
  /** Items per page (GitHub: `per_page`, at most 100). */
  pageSize: number;
  /** Status to answer with (200 serves the list). */
  status: number;
  close(): Promise<void>;
}

export async function startFakeAlertsApi(): Promise<FakeAlertsApi> {
  const fake = {
    requests: [] as FakeAlertsApi['requests'],
    orgs: new Map<string, Record<string, unknown>[]>(),
    repos: new Map<string, Record<string, unknown>[]>(),
    pageSize: 100,
    status: 200,
  };
  let baseUrl = '';
  const server: Server = createServer((req, res) => {
    fake.requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    const url = new URL(req.url ?? '/', baseUrl);
    const org = /^\/orgs\/([^/]+)\/secret-scanning\/alerts$/.exec(url.pathname);
    const repo = /^\/repos\/([^/]+)\/([^/]+)\/secret-scanning\/alerts$/.exec(url.pathname);
    const all = org ? fake.orgs.get(org[1] ?? '') : repo ? fake.repos.get(`${repo[1]}/${repo[2]}`) : undefined;
    if (!all) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    if (fake.status !== 200) {
      res.writeHead(fake.status, { 'content-type': 'application/json' }).end('{"message":"Server Error"}');
      return;
    }
    const state = url.searchParams.get('state');
    const open = all.filter((a) => !state || a.state === state);
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30), fake.pageSize);
    const page = Number(url.searchParams.get('page') ?? 1);
    const items = open.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (page * perPage < open.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.toString()}>; rel="next", <${baseUrl}${url.pathname}?page=1>; rel="first"`;
    }
    res.writeHead(200, headers).end(JSON.stringify(items));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    baseUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** An org endpoint item: the REST alert fixture with another number and secret, and its repository. */
export function listedAlert(
  rest: Record<string, unknown>,
  number: number,
  secret: string,
  repository = { owner: 'example-org', name: 'agents' },
): Record<string, unknown> {
  const full = `${repository.owner}/${repository.name}`;
  return {
    ...rest,
    number,
    secret,
    html_url: `https://github.com/${full}/security/secret-scanning/${number}`,
    url: `https://api.github.com/repos/${full}/secret-scanning/alerts/${number}`,
    repository: {
      id: 1296269,
      name: repository.name,
      full_name: full,
      private: true,
      owner: { login: repository.owner, id: 1, type: 'Organization' },
    },
  };
}
