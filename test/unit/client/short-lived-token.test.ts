import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidClientError, TokenEndpointError } from '../../../packages/client/src/errors';
import { redact } from '../../../packages/client/src/redact';
import { RotatingSecret } from '../../../packages/client/src/rotating-secret';
import { ShortLivedToken } from '../../../packages/client/src/short-lived-token';
import { ManualClock } from './support/manual-clock';
import { memoryLogger } from './support/memory-logger';
import { FakeSecret } from './support/secrets-manager-fake';

const sm = mockClient(SecretsManagerClient);
const OLD_SECRET = 'cs_old_0123456789abcdefghijklmnop';
const NEW_SECRET = 'cs_new_0123456789abcdefghijklmnop';

/** An OAuth2 token endpoint on 127.0.0.1 that accepts the client secrets in `valid`. */
const endpoint = {
  valid: new Set<string>(),
  requests: [] as Array<{ contentType: string | undefined; form: URLSearchParams }>,
  expiresIn: 3600,
  answer: undefined as undefined | { status: number; body: unknown },
  issued: 0,
};
let server: Server;
let tokenUrl = '';
const open: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      endpoint.requests.push({ contentType: req.headers['content-type'], form });
      const send = (status: number, payload: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (endpoint.answer) return send(endpoint.answer.status, endpoint.answer.body);
      if (!endpoint.valid.has(form.get('client_secret') ?? '')) {
        return send(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
      }
      endpoint.issued++;
      return send(200, {
        access_token: `at_${endpoint.issued}_abcdefghijklmnop`,
        token_type: 'Bearer',
        expires_in: endpoint.expiresIn,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  sm.reset();
  endpoint.valid = new Set([OLD_SECRET]);
  endpoint.requests = [];
  endpoint.answer = undefined;
  endpoint.expiresIn = 3600;
  endpoint.issued = 0;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup() {
  const secret = new FakeSecret(
    'rekey/oauth/agent',
    JSON.stringify({ clientId: 'agent-client', clientSecret: OLD_SECRET }),
  );
  secret.install(sm);
  const clientSecret = await RotatingSecret.open({
    secretId: secret.name,
    field: 'clientSecret',
    client: new SecretsManagerClient({}),
    pollIntervalMs: 0,
    logger: memoryLogger(),
  });
  const clock = new ManualClock();
  const token = new ShortLivedToken({ tokenUrl, clientSecret, scope: 'agents.read', skewMs: 60_000, clock });
  open.push(clientSecret, token);
  return { secret, clientSecret, clock, token };
}

describe('ShortLivedToken', () => {
  it('requests a token with a form-encoded client_credentials grant', async () => {
    const { token } = await setup();

    const value = await token.get();

    expect(value).toBe('at_1_abcdefghijklmnop');
    const request = endpoint.requests[0];
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: 'agent-client',
      client_secret: OLD_SECRET,
      scope: 'agents.read',
    });
  });

  it('reuses the token until the skew before expiry, then refreshes it', async () => {
    const { token, clock } = await setup();
    await token.get();

    await clock.advance(3600_000 - 60_001);
    const reused = await token.get();
    await clock.advance(2);
    const renewed = await token.get();

    expect(reused).toBe('at_1_abcdefghijklmnop');
    expect(renewed).toBe('at_2_abcdefghijklmnop');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('makes a single request for many concurrent callers', async () => {
    const { token } = await setup();

    const tokens = await Promise.all(Array.from({ length: 20 }, () => token.get()));

    expect(new Set(tokens).size).toBe(1);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('refreshes the client secret and retries once on invalid_client', async () => {
    const { token, secret } = await setup();
    secret.rotate(JSON.stringify({ clientId: 'agent-client', clientSecret: NEW_SECRET }));
    endpoint.valid = new Set([NEW_SECRET]);

    const value = await token.get();

    expect(value).toBe('at_1_abcdefghijklmnop');
    expect(endpoint.requests.map((r) => r.form.get('client_secret'))).toEqual([OLD_SECRET, NEW_SECRET]);
    expect(secret.calls).toBe(2);
  });

  it('throws InvalidClientError, without the secret, when the retry is refused too', async () => {
    const { token } = await setup();
    endpoint.valid = new Set();

    const error = (await token.get().catch((e: unknown) => e)) as InvalidClientError;

    expect(error).toBeInstanceOf(InvalidClientError);
    expect(error.status).toBe(401);
    expect(error.message).not.toContain('cs_');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('does not retry other token endpoint errors', async () => {
    const { token } = await setup();
    endpoint.answer = { status: 400, body: { error: 'invalid_scope' } };

    const error = (await token.get().catch((e: unknown) => e)) as TokenEndpointError;

    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error).not.toBeInstanceOf(InvalidClientError);
    expect(error.oauthError).toBe('invalid_scope');
    expect(endpoint.requests).toHaveLength(1);
  });

  it('registers the token with the redaction registry and releases it on close', async () => {
    const { token } = await setup();
    const value = await token.get();

    const whileHeld = redact(`calling with ${value}`);
    token.close();
    const afterClose = redact(`calling with ${value}`);

    expect(whileHeld).toBe('calling with [REDACTED]');
    expect(afterClose).toBe(`calling with ${value}`);
  });

  it('gets a new token and retries once when the API rejects the token', async () => {
    const { token } = await setup();
    const used: string[] = [];

    await token.withToken(async (t) => {
      used.push(t);
      if (used.length === 1) throw Object.assign(new Error('expired token'), { status: 401 });
    });

    expect(used).toEqual(['at_1_abcdefghijklmnop', 'at_2_abcdefghijklmnop']);
  });
});
