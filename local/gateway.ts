import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An error answered in the AWS JSON protocols' shape, so SDK clients raise the named exception. */
export class AwsApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'AwsApiError';
  }
}

/** An operation the gateway answers itself instead of passing it to the emulator. */
export type LocalOperation = (body: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface GatewayOptions {
  /** The emulator every other call goes to. */
  readonly upstream: string;
  /** `X-Amz-Target` value → local implementation (e.g. `secretsmanager.RotateSecret`). */
  readonly operations: Readonly<Record<string, LocalOperation>>;
  /** Port on 127.0.0.1. @default - a free port */
  readonly port?: number;
  /** Called for every request (the rehearsal counts API calls with it). */
  readonly onRequest?: (target: string) => void;
}

export interface Gateway {
  /** `http://127.0.0.1:PORT`: point every SDK client, the CLI and the AWS CLI here. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * The local AWS endpoint. It answers the operations moto cannot perform the way AWS does (Secrets Manager's
 * RotateSecret, which must call the rotation function; Step Functions executions, which must run the real
 * definition with the real task handlers) and passes everything else through to moto unchanged. Bound to
 * loopback only.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const server: Server = createServer((req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: (err as Error).message }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: GatewayOptions): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const target = String(req.headers['x-amz-target'] ?? '');
  options.onRequest?.(target || `${req.method} ${(req.url ?? '').split('?')[0]}`);
  const local = options.operations[target];
  if (local) {
    const contentType = String(req.headers['content-type'] ?? 'application/x-amz-json-1.1');
    try {
      const parsed = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      const out = await local(parsed);
      res.writeHead(200, { 'content-type': contentType });
      res.end(JSON.stringify(out));
    } catch (err) {
      const e = err instanceof AwsApiError ? err : new AwsApiError('InternalFailure', (err as Error).message, 500);
      res.writeHead(e.status, { 'content-type': contentType, 'x-amzn-errortype': e.type });
      res.end(JSON.stringify({ __type: e.type, message: e.message }));
    }
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'host' || name === 'connection' || name === 'content-length') continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const upstream = await fetch(`${options.upstream}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
  });
  const out = Buffer.from(await upstream.arrayBuffer());
  const responseHeaders: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (
      name !== 'content-length' &&
      name !== 'transfer-encoding' &&
      name !== 'connection' &&
      name !== 'content-encoding'
    ) {
      responseHeaders[name] = value;
    }
  });
  res.writeHead(upstream.status, { ...responseHeaders, 'content-length': String(out.length) });
  res.end(out);
}
