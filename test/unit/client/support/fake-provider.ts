import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Anthropic's documented 401 body. */
export const ANTHROPIC_401 = {
  type: 'error',
  error: { type: 'authentication_error', message: 'invalid x-api-key' },
  request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy',
};
/** Anthropic's documented 403 body. */
export const ANTHROPIC_403 = {
  type: 'error',
  error: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  request_id: 'req_011CSHoEeqs5C35K2UUqR7Fz',
};
/** Anthropic's documented 429 body. */
export const ANTHROPIC_429 = {
  type: 'error',
  error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' },
  request_id: 'req_011CSHoEeqs5C35K2UUqR7G0',
};
/** Anthropic's documented 529 body. */
export const ANTHROPIC_529 = {
  type: 'error',
  error: { type: 'overloaded_error', message: 'Overloaded' },
  request_id: 'req_011CSHoEeqs5C35K2UUqR7G1',
};
/** OpenAI's documented 401 body for a wrong key (the key itself is masked by OpenAI). */
export const OPENAI_401 = {
  error: {
    message:
      'Incorrect API key provided: sk-proj-********************************************AbCd. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  },
};
/** OpenAI's 403 body for a key without access to a resource. */
export const OPENAI_403 = {
  error: {
    message: 'You have insufficient permissions for this operation. Missing scopes: model.request.',
    type: 'invalid_request_error',
    param: null,
    code: null,
  },
};
/** OpenAI's 429 body. */
export const OPENAI_429 = {
  error: {
    message: 'Rate limit reached for gpt-4o in organization org-123 on requests per min (RPM): Limit 500, Used 500.',
    type: 'requests',
    param: null,
    code: 'rate_limit_exceeded',
  },
};

/**
 * A provider on 127.0.0.1 that accepts only the keys in `live`: `POST /v1/messages` speaks Anthropic's shapes,
 * `GET /v1/models` OpenAI's, `GET /v1/ping` plain status codes. Keys come as `x-api-key` or `Authorization: Bearer`.
 */
export class FakeProvider {
  readonly live = new Set<string>();
  readonly seenKeys: string[] = [];
  accepted = 0;
  rejected = 0;
  /** Forces the next answers to this status (for 403/429/5xx tests); cleared when empty. */
  readonly forced: number[] = [];
  private server: Server | undefined;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (address === undefined) throw new Error('provider not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    req.on('end', () => {
      const auth = req.headers.authorization;
      const key = (req.headers['x-api-key'] as string | undefined) ?? auth?.replace(/^Bearer\s+/i, '') ?? '';
      this.seenKeys.push(key);
      const anthropic = req.url?.startsWith('/v1/messages') ?? false;
      const forced = this.forced.shift();
      const send = (status: number, body: unknown): void => {
        res
          .writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test' })
          .end(JSON.stringify(body));
      };
      if (forced !== undefined) {
        send(forced, anthropic ? forcedAnthropic(forced) : forcedOpenAI(forced));
        return;
      }
      if (!this.live.has(key)) {
        this.rejected++;
        send(401, anthropic ? ANTHROPIC_401 : OPENAI_401);
        return;
      }
      this.accepted++;
      if (anthropic) {
        send(200, {
          id: 'msg_01',
          type: 'message',
          role: 'assistant',
          model: 'claude-test',
          content: [{ type: 'text', text: 'pong' }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 1, output_tokens: 1 },
        });
      } else {
        send(200, { object: 'list', data: [{ id: 'gpt-test', object: 'model', created: 0, owned_by: 'test' }] });
      }
    });
  }
}

function forcedAnthropic(status: number): unknown {
  if (status === 403) return ANTHROPIC_403;
  if (status === 429) return ANTHROPIC_429;
  return ANTHROPIC_529;
}

function forcedOpenAI(status: number): unknown {
  if (status === 403) return OPENAI_403;
  if (status === 429) return OPENAI_429;
  return { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } };
}
