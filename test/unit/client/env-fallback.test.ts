import { spawnSync } from 'node:child_process';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretReadError } from '../../../packages/client/src/errors';
import { RotatingSecret } from '../../../packages/client/src/rotating-secret';
import { memoryLogger } from './support/memory-logger';
import { anthropicKey, FakeSecret, secretJson } from './support/secrets-manager-fake';

const sm = mockClient(SecretsManagerClient);
const VAR = 'REKEY_TEST_ANTHROPIC_API_KEY';
const open: RotatingSecret[] = [];

async function openWith(options: Parameters<typeof RotatingSecret.open>[0]) {
  const key = await RotatingSecret.open({ pollIntervalMs: 0, logger: memoryLogger(), ...options });
  open.push(key);
  return key;
}

beforeEach(() => {
  sm.reset();
  delete process.env[VAR];
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
  delete process.env[VAR];
});

describe('the environment variable fallback', () => {
  it('reads the key from the variable when no secretId is configured', async () => {
    process.env[VAR] = anthropicKey('env');

    const key = await openWith({ secretId: undefined, env: VAR });

    expect(key.current()).toBe(anthropicKey('env'));
    expect(process.env[VAR]).toBe(anthropicKey('env'));
  });

  it('removes the variable once read, so a child process does not inherit it', async () => {
    process.env[VAR] = anthropicKey('env');

    const key = await openWith({ env: VAR, removeFromEnv: true });
    const child = spawnSync(process.execPath, ['-e', `process.stdout.write(String(process.env.${VAR}))`], {
      encoding: 'utf8',
    });

    expect(key.current()).toBe(anthropicKey('env'));
    expect(VAR in process.env).toBe(false);
    expect(child.stdout).toBe('undefined');
  });

  it('keeps the key it read when refreshed after the variable was removed', async () => {
    process.env[VAR] = anthropicKey('env');
    const key = await openWith({ env: VAR, removeFromEnv: true });

    const result = await key.refresh();

    expect(result.changed).toBe(false);
    expect(key.current()).toBe(anthropicKey('env'));
  });

  it('prefers Secrets Manager when a secretId is configured, and still removes the variable', async () => {
    const secret = new FakeSecret('s', secretJson(anthropicKey('sm')));
    secret.install(sm);
    process.env[VAR] = anthropicKey('env');

    const key = await openWith({ secretId: 's', client: new SecretsManagerClient({}), env: VAR, removeFromEnv: true });

    expect(key.current()).toBe(anthropicKey('sm'));
    expect(VAR in process.env).toBe(false);
  });

  it('fails with SecretReadError naming the variable when it is not set', async () => {
    const error = await openWith({ env: VAR }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SecretReadError);
    expect((error as Error).message).toBe(`environment variable ${VAR} is not set`);
  });
});
