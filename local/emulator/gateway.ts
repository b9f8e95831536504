import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
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

/**
 * An answer with its own status, headers and body, for operations of REST protocols (Lambda's Invoke answers 202 to
 * an asynchronous call, and tells a function error by a header).
 */
export class LocalResponse {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: string,
  ) {}
}

/** An operation the gateway answers itself instead of passing it to the emulator. */
export type LocalOperation = (body: Record<string, unknown>) => Promise<Record<string, unknown> | LocalResponse>;

/**
 * Lambda's Invoke (REST: `POST /2015-03-31/functions/{FunctionName}/invocations`), the one REST call the gateway
 * knows: its operation key is `lambda.Invoke`, its params `FunctionName`, `InvocationType` (from
 * `X-Amz-Invocation-Type`), `Qualifier` and `Payload` (the body, as text).
 */
const LAMBDA_INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?(.*))?$/;

/** What the gateway knows of a request before it answers or forwards it. */
export interface GatewayRequest {
  /** The SigV4 signing name (`secretsmanager`, `dynamodb`, `sns`, …); empty for unsigned calls. */
  readonly service: string;
  /** The operation (`GetSecretValue`, `Publish`, …). */
  readonly operation: string;
  /** The access key id the request is signed with; empty for unsigned calls. */
  readonly accessKeyId: string;
  /** The JSON body, or the form fields of a query-protocol call. */
  readonly params: Record<string, unknown>;
  /** `json` (X-Amz-Target), `query` (form-encoded `Action=`) or `rest` (Lambda's Invoke). */
  readonly protocol: 'json' | 'query' | 'rest';
}

/**
 * Runs before a call is answered: throws an AwsApiError to refuse it (IAM, quotas), as AWS refuses before it acts.
 */
export type GatewayGuard = (request: GatewayRequest) => Promise<void>;

export interface GatewayOptions {
  /** The emulator every other call goes to. */
  readonly upstream: string;
  /**
   * Per service (SigV4 signing name), an emulator of its own that its calls go to instead (moto's DynamoDB in its
   * own process, `StartMotoOptions.ownProcess`). @default - every call goes to `upstream`
   */
  readonly upstreams?: Readonly<Record<string, string>>;
  /** `X-Amz-Target` value → local implementation (e.g. `secretsmanager.RotateSecret`). */
  readonly operations: Readonly<Record<string, LocalOperation>>;
  /** Port on 127.0.0.1. @default - a free port */
  readonly port?: number;
  /** Called for every request, with its target and who signed it (the rehearsal counts API calls with it). */
  readonly onRequest?: (target: string, accessKeyId: string) => void;
  /** Checks each AWS call (not the emulator's own `/moto-api` control calls) before it is answered. */
  readonly guard?: GatewayGuard;
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
  const request = describe(req, body, String(req.headers['x-amz-target'] ?? ''));
  const target =
    String(req.headers['x-amz-target'] ?? '') || (request.protocol === 'rest' ? `lambda.${request.operation}` : '');
  options.onRequest?.(
    target ||
      (request.protocol === 'query' && request.operation
        ? `${request.service}.${request.operation}`
        : `${req.method} ${(req.url ?? '').split('?')[0]}`),
    request.accessKeyId,
  );
  const contentType = String(req.headers['content-type'] ?? 'application/x-amz-json-1.1');
  if (options.guard && request.operation && !(req.url ?? '').startsWith('/moto-api')) {
    try {
      await options.guard(request);
    } catch (err) {
      const e = err instanceof AwsApiError ? err : new AwsApiError('InternalFailure', (err as Error).message, 500);
      answerError(res, request.protocol, contentType, e);
      return;
    }
  }
  const local = options.operations[target];
  if (local) {
    try {
      const out = await local(request.params);
      if (out instanceof LocalResponse) {
        res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
        res.end(out.body);
        return;
      }
      res.writeHead(200, { 'content-type': contentType });
      res.end(JSON.stringify(out));
    } catch (err) {
      const e = err instanceof AwsApiError ? err : new AwsApiError('InternalFailure', (err as Error).message, 500);
      answerError(res, request.protocol === 'rest' ? 'rest' : 'json', contentType, e);
    }
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'host' || name === 'connection' || name === 'content-length') continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const base = (request.service && options.upstreams?.[request.service]) || options.upstream;
  const upstream = await forward(`${base}${req.url ?? '/'}`, req.method ?? 'GET', headers, body);
  const responseHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined || name === 'content-length' || name === 'transfer-encoding' || name === 'connection') {
      continue;
    }
    responseHeaders[name] = value;
  }
  res.writeHead(upstream.status, { ...responseHeaders, 'content-length': String(upstream.body.length) });
  res.end(upstream.body);
}

/**
 * Keeps connections to the emulator open between calls. node:http rather than fetch: every call of the local stack
 * passes here, and fetch's streams and header objects cost this process (which also runs every handler) more per
 * call than the request itself.
 */
const upstreamAgent = new Agent({ keepAlive: true });

/** One call to the emulator, its answer read whole (the body as bytes, exactly as sent: nothing decoded). */
function forward(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const send = method === 'GET' || method === 'HEAD' ? undefined : body;
    const call = httpRequest(
      url,
      {
        method,
        agent: upstreamAgent,
        headers: send ? { ...headers, 'content-length': String(send.length) } : headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }),
        );
        answer.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(send);
  });
}

/** Reads the service, operation, signer and parameters of an AWS call, in either protocol. */
function describe(req: IncomingMessage, body: Buffer, target: string): GatewayRequest {
  const auth = String(req.headers.authorization ?? '');
  const credential = /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth);
  const accessKeyId = credential?.[1] ?? '';
  const service = credential?.[2] ?? '';
  const text = body.toString('utf8');
  if (target) {
    let params: Record<string, unknown> = {};
    try {
      params = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      params = {};
    }
    return { service, operation: target.split('.').pop() ?? '', accessKeyId, params, protocol: 'json' };
  }
  const invoke = req.method === 'POST' ? LAMBDA_INVOKE_PATH.exec(req.url ?? '') : null;
  if (invoke) {
    const query = new URLSearchParams(invoke[2] ?? '');
    const params: Record<string, unknown> = {
      FunctionName: decodeURIComponent(invoke[1] ?? ''),
      InvocationType: String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse'),
      Payload: text,
    };
    if (query.has('Qualifier')) params.Qualifier = query.get('Qualifier');
    return { service, operation: 'Invoke', accessKeyId, params, protocol: 'rest' };
  }
  const form = new URLSearchParams(req.method === 'GET' ? ((req.url ?? '').split('?')[1] ?? '') : text);
  const params = Object.fromEntries(form.entries());
  return { service, operation: String(params.Action ?? ''), accessKeyId, params, protocol: 'query' };
}

/**
 * An error in the protocol the client speaks: JSON `__type`, the query protocol's XML ErrorResponse, or REST JSON
 * (the type in `X-Amzn-ErrorType`, `{ Type, message }` in the body, as Lambda answers).
 */
function answerError(
  res: ServerResponse,
  protocol: GatewayRequest['protocol'],
  contentType: string,
  e: AwsApiError,
): void {
  if (protocol === 'rest') {
    res.writeHead(e.status, { 'content-type': 'application/json', 'x-amzn-errortype': e.type });
    res.end(JSON.stringify({ Type: 'User', message: e.message }));
    return;
  }
  if (protocol === 'query') {
    const xml = `<ErrorResponse><Error><Type>Sender</Type><Code>${e.type}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
    res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-errortype': e.type });
    res.end(xml);
    return;
  }
  res.writeHead(e.status, { 'content-type': contentType, 'x-amzn-errortype': e.type });
  res.end(JSON.stringify({ __type: e.type, message: e.message }));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
