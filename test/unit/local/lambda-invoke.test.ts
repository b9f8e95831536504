import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientConfig } from '../../../lambdas/common/container';
import type { LocalPrincipal } from '../../../local/emulator/iam/account';
import {
  FunctionTimedOutError,
  InvocationEndedError,
  RequestEntityTooLargeError,
  ResponseSizeTooLargeError,
  TooManyRequestsError,
} from '../../../local/emulator/lambda/errors';
import {
  concurrencyOf,
  invokeFunction,
  type LocalFunction,
  PAYLOAD_LIMITS,
} from '../../../local/emulator/lambda/invoke';

/** An AWS JSON endpoint on loopback that answers `{}` to everything and counts what reached it. */
let server: Server;
let endpoint: string;
let requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(String(req.headers['x-amz-target']));
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The SDK's first request loads and initializes a lot; done here, it does not eat into a test's deadline.
  await describeSecret(new SecretsManagerClient({ endpoint, region: 'us-east-1' }));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A role whose credentials count how often they are read (the container's provider reads them per request). */
function countingRole(): LocalPrincipal & { reads: number } {
  const role = {
    name: 'TestRole',
    roleArn: 'arn:aws:iam::123456789012:role/TestRole',
    sessionArn: 'arn:aws:sts::123456789012:assumed-role/TestRole/TestRole',
    identityPolicies: [],
    reads: 0,
    get credentials() {
      role.reads += 1;
      return { accessKeyId: 'ASIATESTROLE', secretAccessKey: 'test' };
    },
  };
  return role;
}

function fn(
  handler: (event: unknown, context?: Context) => Promise<unknown>,
  overrides: Partial<LocalFunction> = {},
): LocalFunction {
  return {
    id: 'test',
    logicalId: 'TestFunction',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:TestFunction',
    timeoutMs: 1000,
    role: countingRole(),
    handler,
    ...overrides,
  };
}

const describeSecret = (client: SecretsManagerClient) => client.send(new DescribeSecretCommand({ SecretId: 's' }));
const clientInContainer = () => new SecretsManagerClient({ ...clientConfig(), endpoint, region: 'us-east-1' });

describe('a function timeout', () => {
  it('fails the invocation with the error Lambda reports, Sandbox.Timedout', async () => {
    const f = fn(() => sleep(200), { timeoutMs: 50 });

    const invoked = invokeFunction(f, {});

    await expect(invoked).rejects.toBeInstanceOf(FunctionTimedOutError);
    await expect(invoked).rejects.toMatchObject({
      name: 'Sandbox.Timedout',
      message: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 0\.05 seconds$/),
    });
  });

  it('refuses the AWS calls the abandoned handler makes after its deadline, with InvocationEndedError', async () => {
    let deadlinePassed: () => void = () => undefined;
    const afterDeadline = new Promise<void>((resolve) => (deadlinePassed = resolve));
    let lateCall: Promise<unknown> = Promise.resolve();
    const f = fn(
      async () => {
        const client = clientInContainer();
        await describeSecret(client);
        await afterDeadline;
        lateCall = describeSecret(client).catch((err: unknown) => err);
        await lateCall;
      },
      { timeoutMs: 500 },
    );

    await expect(invokeFunction(f, {})).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    deadlinePassed();
    await sleep(0);
    const late = await lateCall;

    expect(late).toBeInstanceOf(InvocationEndedError);
    expect(requests).toEqual(['secretsmanager.DescribeSecret']);
  });

  it('gives the handler its real remaining time', async () => {
    let remaining = -1;
    let readAt = 0;
    const f = fn(
      async (_event, context) => {
        await sleep(40);
        remaining = context?.getRemainingTimeInMillis() ?? -1;
        readAt = Date.now();
      },
      { timeoutMs: 500 },
    );

    const started = Date.now();
    await invokeFunction(f, {});

    const expected = 500 - (readAt - started);
    expect(remaining).toBeLessThanOrEqual(expected + 2);
    expect(remaining).toBeGreaterThanOrEqual(expected - 10);
    expect(remaining).toBeLessThanOrEqual(462);
  });
});

describe('the container credentials', () => {
  it('are asked for on every request, so the SDK v3 sees the end of an invocation at once', async () => {
    const role = countingRole();
    const f = fn(
      async () => {
        const client = clientInContainer();
        for (let i = 0; i < 3; i++) await describeSecret(client);
      },
      { role },
    );

    await invokeFunction(f, {});

    expect(requests).toHaveLength(3);
    expect(role.reads).toBeGreaterThanOrEqual(3);
  });

  it('serve a later invocation that reuses a client cached by an earlier, ended one', async () => {
    let cached: SecretsManagerClient | undefined;
    const f = fn(async () => {
      cached ??= clientInContainer();
      return describeSecret(cached);
    });

    await invokeFunction(f, {});
    const second = await invokeFunction(f, {}).then(
      () => 'ok',
      (err: Error) => err.name,
    );

    expect(second).toBe('ok');
    expect(requests).toHaveLength(2);
  });
});

describe('payload limits', () => {
  const big = (bytes: number) => ({ blob: 'x'.repeat(bytes) });

  it('refuses a synchronous request over 6 MB before the handler runs', async () => {
    let ran = false;
    const f = fn(async () => {
      ran = true;
    });

    const invoked = invokeFunction(f, big(6 * 1024 * 1024));

    await expect(invoked).rejects.toBeInstanceOf(RequestEntityTooLargeError);
    await expect(invoked).rejects.toMatchObject({ name: 'RequestEntityTooLargeException', status: 413 });
    expect(ran).toBe(false);
  });

  it('refuses an asynchronous request over 1 MB that a synchronous invocation accepts', async () => {
    const f = fn(async () => 'ok');
    const event = big(1024 * 1024);

    const sync = await invokeFunction(f, event);
    const async = invokeFunction(f, event, { invocationType: 'Event' });

    expect(sync).toBe('ok');
    await expect(async).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
      message: 'Request must be smaller than 1048576 bytes for the InvokeFunction operation',
    });
  });

  it('fails a synchronous response over 6 MB as Function.ResponseSizeTooLarge', async () => {
    const f = fn(async () => big(PAYLOAD_LIMITS.response.RequestResponse));

    const invoked = invokeFunction(f, {});

    await expect(invoked).rejects.toBeInstanceOf(ResponseSizeTooLargeError);
    await expect(invoked).rejects.toMatchObject({ name: 'Function.ResponseSizeTooLarge' });
  });
});

describe('reserved concurrency', () => {
  it('throttles an invocation beyond the reserved executions with TooManyRequestsException, and frees the slot after', async () => {
    let release: () => void = () => undefined;
    const f = fn(() => new Promise<void>((resolve) => (release = resolve)), { reservedConcurrency: 1 });

    const first = invokeFunction(f, {});
    const second = invokeFunction(f, {});
    await expect(second).rejects.toBeInstanceOf(TooManyRequestsError);
    release();
    await first;
    const third = invokeFunction(f, {});
    release();
    await third;

    expect(concurrencyOf(f)).toEqual({ running: 0, peak: 1, throttled: 1 });
  });

  it('counts every caller of one function together, whichever LocalFunction object it holds', async () => {
    let release: () => void = () => undefined;
    const a = fn(() => new Promise<void>((resolve) => (release = resolve)), { reservedConcurrency: 1 });
    const b: LocalFunction = { ...a };

    const first = invokeFunction(a, {});
    const throttled = await invokeFunction(b, {}).catch((err: Error) => err.name);
    release();
    await first;

    expect(throttled).toBe('TooManyRequestsException');
  });
});
