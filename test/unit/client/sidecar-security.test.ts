import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isLoopbackAddress,
  resolveSsrfToken,
  type Sidecar,
  SidecarConfigError,
  SidecarTokenError,
  startSidecar,
} from '../../../packages/client/src/sidecar';
import { handleAgentRequest } from '../../../packages/client/src/sidecar/handler';
import { hasValidToken } from '../../../packages/client/src/sidecar/token';
import { memoryLogger } from './support/memory-logger';
import { CANARY_1, MockSecretsManager, SECRET_NAME, startTestSidecar, TOKEN } from './support/sidecar-harness';

const dir = mkdtempSync(join(tmpdir(), 'rekey-sidecar-token-'));
let sm: MockSecretsManager;
let sidecar: Sidecar | undefined;

beforeEach(() => {
  sm = new MockSecretsManager(CANARY_1);
});

afterEach(async () => {
  await sidecar?.close();
  sidecar = undefined;
  sm.restore();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sidecar answers loopback peers only', () => {
  it('refuses a request from a non-loopback address with 403, before the token and without a Secrets Manager call', async () => {
    // Arrange: the handler as the server calls it, with the peer address the socket would report.
    const t = await startTestSidecar(sm);
    sidecar = t.sidecar;
    const before = sm.calls;
    const logger = memoryLogger();
    const props = {
      secrets: [],
      token: TOKEN,
      allowNonLoopback: false,
      inFlight: () => 1,
      maxConnections: 800,
      logger,
      now: () => Date.now(),
    };
    const request = (remoteAddress: string) =>
      handleAgentRequest(
        {
          method: 'GET',
          url: `/secretsmanager/get?secretId=${SECRET_NAME}`,
          headers: { 'x-aws-parameters-secrets-token': TOKEN },
          remoteAddress,
        },
        props,
      );

    // Act
    const fromPodNetwork = await request('10.0.3.7');
    const fromMappedV4 = await request('::ffff:192.168.1.20');
    const fromV6 = await request('fe80::1');
    const ping = await handleAgentRequest(
      { method: 'GET', url: '/ping', headers: {}, remoteAddress: '10.0.3.7' },
      props,
    );

    // Assert
    for (const res of [fromPodNetwork, fromMappedV4, fromV6, ping])
      expect(res).toEqual({ status: 403, body: 'Forbidden' });
    expect(sm.calls).toBe(before);
    expect(logger.entries.map((e) => e.obj.remoteAddress)).toContain('10.0.3.7');
  });

  it('knows which addresses are loopback', () => {
    // Arrange
    const loopback = ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'];
    const not = ['0.0.0.0', '10.0.0.1', '::', '::ffff:10.0.0.1', 'localhost', '128.0.0.1', '', 'fe80::1'];

    // Act
    const results = [...loopback, ...not].map(isLoopbackAddress);

    // Assert
    expect(results).toEqual([...loopback.map(() => true), ...not.map(() => false)]);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });

  it('refuses to start on a non-loopback address unless allowNonLoopback is set, before binding anything', async () => {
    // Arrange
    const options = {
      secrets: [SECRET_NAME],
      secretsManager: new SecretsManagerClient({ region: 'us-east-1' }),
      token: TOKEN,
      port: 0,
    };

    // Act
    const wildcard = startSidecar({ ...options, host: '0.0.0.0' });
    const v6 = startSidecar({ ...options, host: '::' });
    const snsOpen = startSidecar({ ...options, sns: { port: 0, host: '0.0.0.0', topicArns: ['arn:aws:sns:x'] } });

    // Assert
    await expect(wildcard).rejects.toThrow(SidecarConfigError);
    await expect(wildcard).rejects.toThrow(
      'host must be a loopback address (127.0.0.0/8 or ::1) unless allowNonLoopback is set, got 0.0.0.0',
    );
    await expect(v6).rejects.toThrow(SidecarConfigError);
    await expect(snsOpen).rejects.toThrow('sns.host must be a loopback address');
    expect(sm.calls).toBe(0);
  });

  it('fails to start when its port is taken, and says so', async () => {
    // Arrange
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;

    // Act
    const started = startTestSidecar(sm, { port });

    // Assert
    await expect(started).rejects.toThrow(/EADDRINUSE/);
    await new Promise<void>((r) => blocker.close(() => r()));
  });
});

describe('the SSRF token', () => {
  it('is read from the first of AWS_TOKEN, AWS_SESSION_TOKEN, AWS_CONTAINER_AUTHORIZATION_TOKEN, as the AWS agent reads it', async () => {
    // Arrange
    const file = join(dir, 'from-env');
    writeFileSync(file, '  token-in-a-file\n');

    // Act
    const first = await resolveSsrfToken({ env: { AWS_SESSION_TOKEN: 'b', AWS_TOKEN: 'a' } });
    const second = await resolveSsrfToken({ env: { AWS_CONTAINER_AUTHORIZATION_TOKEN: 'c', AWS_SESSION_TOKEN: 'b' } });
    const third = await resolveSsrfToken({ env: { AWS_CONTAINER_AUTHORIZATION_TOKEN: 'c' } });
    const fromFile = await resolveSsrfToken({ env: { AWS_TOKEN: `file://${file}` } });

    // Assert
    expect([first, second, third, fromFile]).toEqual(['a', 'b', 'c', 'token-in-a-file']);
  });

  it('is missing when nothing is set, and the error names where it looked', async () => {
    // Act
    const none = resolveSsrfToken({ env: {} });
    const emptyFile = join(dir, 'empty');
    writeFileSync(emptyFile, '\n');
    const empty = resolveSsrfToken({ tokenFile: emptyFile });

    // Assert
    await expect(none).rejects.toThrow(SidecarTokenError);
    await expect(none).rejects.toThrow('AWS_TOKEN, AWS_SESSION_TOKEN, AWS_CONTAINER_AUTHORIZATION_TOKEN');
    await expect(empty).rejects.toThrow(`the token file ${emptyFile} is empty`);
  });

  it('is created in a missing token file with mode 0600, and never overwrites one already there', async () => {
    // Arrange
    const file = join(dir, 'seeded');
    const kept = join(dir, 'kept');
    writeFileSync(kept, 'written-by-someone-else\n');

    // Act
    const created = await resolveSsrfToken({ tokenFile: file, createIfMissing: true });
    const again = await resolveSsrfToken({ tokenFile: file, createIfMissing: true });
    const existing = await resolveSsrfToken({ tokenFile: kept, createIfMissing: true });

    // Assert
    expect(created).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(again).toBe(created);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existing).toBe('written-by-someone-else');
    expect(readFileSync(kept, 'utf8')).toBe('written-by-someone-else\n');
  });

  it('matches only the exact token, in any of the two headers, whatever the length presented', () => {
    // Act
    const results = [
      hasValidToken({ 'x-aws-parameters-secrets-token': TOKEN }, TOKEN),
      hasValidToken({ 'x-vault-token': TOKEN }, TOKEN),
      hasValidToken({ 'x-aws-parameters-secrets-token': 'nope', 'x-vault-token': TOKEN }, TOKEN),
      hasValidToken({ 'x-aws-parameters-secrets-token': TOKEN.toUpperCase() }, TOKEN),
      hasValidToken({ 'x-aws-parameters-secrets-token': `${TOKEN} ` }, TOKEN),
      hasValidToken({ 'x-aws-parameters-secrets-token': 'x'.repeat(10_000) }, TOKEN),
      hasValidToken({ 'x-aws-parameters-secrets-token': [TOKEN, TOKEN] }, TOKEN),
      hasValidToken({ authorization: TOKEN }, TOKEN),
      hasValidToken({}, TOKEN),
    ];

    // Assert
    expect(results).toEqual([true, true, true, false, false, false, false, false, false]);
  });
});
