import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestEntityTooLargeError, TooManyRequestsError } from './errors';
import { invokeFunction, type LocalFunction } from './invoke';

/**
 * A Lambda function URL (auth type NONE) on 127.0.0.1. Each HTTP request becomes the event Lambda sends a function
 * behind its URL, payload format 2.0
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads). The function runs through
 * `invokeFunction`: its container and role, its Timeout, the 6 MB synchronous payload limit and its reserved
 * concurrency. Its answer becomes the HTTP response.
 *
 * A function URL is its own host (`https://<url-id>.lambda-url.<region>.on.aws`), and every path on it reaches the
 * function. Here each function URL gets its own port, and every path on that port reaches the function.
 */
export interface FunctionUrl {
  /** `http://127.0.0.1:PORT/`: what the deployed `https://<url-id>.lambda-url.<region>.on.aws/` stands for. */
  readonly url: string;
  /** The `<url-id>` the events name (requestContext.apiId, domainPrefix). */
  readonly urlId: string;
  close(): Promise<void>;
}

export interface FunctionUrlOptions {
  readonly region: string;
  /** @default - a free port */
  readonly port?: number;
}

/** The request a function URL received, before it is made an event. */
export interface FunctionUrlRequest {
  readonly method: string;
  /** Path and query as sent (`/x?a=1`). */
  readonly url: string;
  /** Node's headers: lower-cased names, repeated ones joined or in arrays. */
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly protocol?: string;
}

/** The response a function returns behind a function URL (or any value, which Lambda sends as JSON). */
interface FunctionUrlResult {
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
  readonly cookies?: string[];
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

/** Content types whose bodies reach the function as text; others arrive base64-encoded (`isBase64Encoded`). */
const TEXT_TYPES = [
  /^text\//,
  /^application\/(json|xml|javascript|x-www-form-urlencoded)\b/,
  /^application\/[^;]+\+(json|xml)\b/,
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `01/Dec/2026:10:00:00 +0000`, as requestContext.time reads. */
function requestTime(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${p(at.getUTCHours())}:${p(
    at.getUTCMinutes(),
  )}:${p(at.getUTCSeconds())} +0000`;
}

/** A function's `<url-id>`: 32 lower-case characters, fixed per function ARN (AWS's never changes either). */
export function functionUrlId(functionArn: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...createHash('sha256').update(functionArn).digest()]
    .slice(0, 32)
    .map((b) => alphabet[b % alphabet.length])
    .join('');
}

/**
 * The event a function URL hands the function (payload format 2.0): header names lower-cased and repeated values
 * joined with commas, cookies split out of the `cookie` header, the body as text or base64 by its content type,
 * `requestContext.http` with the method, path and source IP, `accountId: "anonymous"` for auth type NONE.
 */
export function functionUrlEvent(
  req: FunctionUrlRequest,
  options: { readonly urlId: string; readonly region: string; readonly now?: Date },
): Record<string, unknown> {
  const [rawPath = '/', rawQueryString = ''] = splitOnce(req.url || '/', '?');
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value).split(/;\s*/).filter(Boolean);
      continue;
    }
    headers[lower] = Array.isArray(value) ? value.join(',') : value;
  }
  const query = new URLSearchParams(rawQueryString);
  const queryStringParameters: Record<string, string> = {};
  for (const key of new Set(query.keys())) queryStringParameters[key] = query.getAll(key).join(',');
  const contentType = headers['content-type']?.toLowerCase() ?? '';
  const text = req.body.length === 0 || TEXT_TYPES.some((t) => t.test(contentType));
  const now = options.now ?? new Date();
  const domainName = `${options.urlId}.lambda-url.${options.region}.on.aws`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers: { ...headers, host: domainName },
    ...(rawQueryString ? { queryStringParameters } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: options.urlId,
      domainName,
      domainPrefix: options.urlId,
      http: {
        method: req.method.toUpperCase(),
        path: rawPath,
        protocol: req.protocol ?? 'HTTP/1.1',
        sourceIp: req.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(req.body.length > 0 ? { body: text ? req.body.toString('utf8') : req.body.toString('base64') } : {}),
    isBase64Encoded: !text,
  };
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
}

/**
 * Serves `fn` behind a function URL on 127.0.0.1 (auth type NONE: anyone who can reach the port may call it, as
 * anyone on the internet may call the deployed one; the function checks what it is sent).
 */
export async function startFunctionUrl(fn: LocalFunction, options: FunctionUrlOptions): Promise<FunctionUrl> {
  const urlId = functionUrlId(fn.arn);
  const server: Server = createServer((req, res) => {
    serve(fn, urlId, options.region, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Message: (err as Error).name }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    urlId,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  fn: LocalFunction,
  urlId: string,
  region: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const event = functionUrlEvent(
    {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: Buffer.concat(chunks),
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      protocol: `HTTP/${req.httpVersion}`,
    },
    { urlId, region },
  );
  let result: unknown;
  try {
    result = await invokeFunction(fn, event);
  } catch (err) {
    // What a function URL answers when the invocation itself fails (Lambda's own errors, not the function's).
    if (err instanceof RequestEntityTooLargeError) return send(res, 413, { Message: err.message });
    if (err instanceof TooManyRequestsError) return send(res, 429, { Message: 'Rate Exceeded.' });
    return send(res, 502, { Message: 'Internal Server Error' });
  }
  const out = asResult(result);
  const headers: Record<string, string | string[]> = { ...(out.headers ?? {}) };
  if (out.cookies?.length) headers['set-cookie'] = out.cookies;
  const body = out.body === undefined ? '' : out.isBase64Encoded ? Buffer.from(out.body, 'base64') : out.body;
  res.writeHead(out.statusCode ?? 200, headers);
  res.end(body);
}

/**
 * The function's answer as Lambda reads it: an object with `statusCode` is a response; anything else is sent as
 * JSON with status 200.
 */
function asResult(result: unknown): FunctionUrlResult {
  if (result && typeof result === 'object' && 'statusCode' in result) return result as FunctionUrlResult;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? null) };
}

function send(res: ServerResponse, status: number, body: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A function URL the template declares: its logical id, its function's and its auth type. */
export interface DeclaredFunctionUrl {
  readonly logicalId: string;
  readonly functionLogicalId: string;
  readonly authType: string;
}

/** The template's `AWS::Lambda::Url` resources, each with the function it targets. */
export function declaredFunctionUrls(template: {
  readonly Resources: Readonly<
    Record<string, { readonly Type?: string; readonly Properties?: Record<string, unknown> }>
  >;
}): DeclaredFunctionUrl[] {
  const urls: DeclaredFunctionUrl[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Url') continue;
    const target = resource.Properties?.TargetFunctionArn as { 'Fn::GetAtt'?: [string, string] } | undefined;
    const functionLogicalId = target?.['Fn::GetAtt']?.[0];
    if (!functionLogicalId) continue;
    urls.push({ logicalId, functionLogicalId, authType: String(resource.Properties?.AuthType ?? 'AWS_IAM') });
  }
  return urls;
}
