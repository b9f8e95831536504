import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '@octokit/webhooks-methods';

/** A stand-in for the GitHub REST API on 127.0.0.1 that serves one secret scanning alert. */
export interface FakeGitHub {
  readonly baseUrl: string;
  readonly requests: { method: string; path: string; authorization?: string; apiVersion?: string }[];
  /** Status to answer with (200 serves the alert). */
  status: number;
  /** How long each answer waits (a slow GitHub keeps the webhook's invocations running). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startFakeGitHub(
  alert: unknown,
  path = '/repos/example-org/agents/secret-scanning/alerts/42',
): Promise<FakeGitHub> {
  const requests: FakeGitHub['requests'] = [];
  const fake = { status: 200, delayMs: 0 } as { status: number; delayMs: number };
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    if (fake.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      apiVersion: req.headers['x-github-api-version'] as string | undefined,
    });
    if (req.url !== path) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    if (fake.status !== 200) {
      res.writeHead(fake.status, { 'content-type': 'application/json' }).end('{"message":"Server Error"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(alert));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as FakeGitHub;
}

/** A delivery as GitHub sends it: the body, signed with the webhook secret. */
export async function signedDelivery(
  body: string,
  secret: string,
  options: { deliveryId?: string; event?: string } = {},
): Promise<{ headers: Record<string, string>; body: string }> {
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/5a1b2c3',
      'x-github-event': options.event ?? 'secret_scanning_alert',
      'x-github-delivery': options.deliveryId ?? '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'x-github-hook-id': '292430182',
      'x-hub-signature-256': await sign(secret, body),
    },
  };
}

/** The event a Lambda function URL hands the function (payload format 2.0). */
export function functionUrlEvent(
  headers: Record<string, string>,
  body: string,
  options: { base64?: boolean; method?: string } = {},
): Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij1234567890klmnop',
      domainName: 'abcdefghij1234567890klmnop.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abcdefghij1234567890klmnop',
      http: {
        method: options.method ?? 'POST',
        path: '/',
        protocol: 'HTTP/1.1',
        sourceIp: '192.30.252.44',
        userAgent: headers['user-agent'] ?? 'GitHub-Hookshot',
      },
      requestId: 'c7b4f1a2-0000-4000-8000-000000000000',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600800000,
    },
    body: options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}
