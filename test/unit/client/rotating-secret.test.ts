import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ClientConfigError,
  SecretClosedError,
  SecretFormatError,
  SecretReadError,
} from '../../../packages/client/src/errors';
import { heldSecretCount, isHeldSecret } from '../../../packages/client/src/held-secrets';
import { type RotatedEvent, RotatingSecret } from '../../../packages/client/src/rotating-secret';
import { ManualClock } from './support/manual-clock';
import { memoryLogger } from './support/memory-logger';
import { anthropicKey, FakeSecret, secretJson } from './support/secrets-manager-fake';

const sm = mockClient(SecretsManagerClient);
const open: RotatingSecret[] = [];

async function openSecret(secret: FakeSecret, extra: Partial<Parameters<typeof RotatingSecret.open>[0]> = {}) {
  const key = await RotatingSecret.open({
    secretId: secret.name,
    client: new SecretsManagerClient({}),
    pollIntervalMs: 0,
    clock: new ManualClock(),
    logger: memoryLogger(),
    ...extra,
  });
  open.push(key);
  return key;
}

beforeEach(() => {
  sm.reset();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
});

describe('RotatingSecret.open', () => {
  it('reads the apiKey field of the AWSCURRENT version, naming the stage explicitly', async () => {
    const secret = new FakeSecret('rekey/agents/support', secretJson(anthropicKey('one')));
    secret.install(sm);

    const key = await openSecret(secret);

    expect(key.current()).toBe(anthropicKey('one'));
    expect(secret.inputs[0]).toEqual({ SecretId: 'rekey/agents/support', VersionStage: 'AWSCURRENT' });
    expect(key.versionId).toBe(secret.versionId);
    expect(key.secretName).toBe('rekey/agents/support');
  });

  it('picks another field when asked and exposes the other string fields', async () => {
    const secret = new FakeSecret('s', secretJson('unused-value-1', { clientSecret: 'client-secret-value' }));
    secret.install(sm);

    const key = await openSecret(secret, { field: 'clientSecret' });

    expect(key.current()).toBe('client-secret-value');
    expect(key.field('keyId')).toBe('key_01');
    expect(key.field('provider')).toBe('anthropic');
  });

  it('treats a secret that is not a JSON object as a plain-string key', async () => {
    const secret = new FakeSecret('plain', '  rk_plainStringSecretValue0123456789abcdefghijk\n');
    secret.install(sm);

    const key = await openSecret(secret);

    expect(key.current()).toBe('rk_plainStringSecretValue0123456789abcdefghijk');
  });

  it('fails with SecretFormatError naming the field, never the value, when the field is missing', async () => {
    const value = anthropicKey('missingfield');
    const secret = new FakeSecret('s', JSON.stringify({ token: value }));
    secret.install(sm);

    const error = await openSecret(secret).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SecretFormatError);
    expect((error as Error).message).toContain('"apiKey"');
    expect((error as Error).message).not.toContain(value);
  });

  it('fails without quoting the text when the secret starts like JSON but does not parse', async () => {
    const value = anthropicKey('brokenjson');
    const secret = new FakeSecret('s', `{"apiKey": "${value}"`);
    secret.install(sm);

    const error = (await openSecret(secret).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(SecretFormatError);
    expect(error.cause).toBeUndefined();
    expect(`${error.message} ${error.stack}`).not.toContain(value);
  });

  it('wraps a failed GetSecretValue in SecretReadError with the AWS error as cause', async () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
    sm.rejects(denied);

    const error = (await RotatingSecret.open({
      secretId: 'x',
      client: new SecretsManagerClient({}),
      pollIntervalMs: 0,
    }).catch((e: unknown) => e)) as SecretReadError;

    expect(error).toBeInstanceOf(SecretReadError);
    expect(error.name).toBe('SecretReadError');
    expect((error.cause as Error).name).toBe('AccessDeniedException');
  });

  it('rejects options out of range with a message naming the option and the value', async () => {
    await expect(RotatingSecret.open({ secretId: 'x', pollIntervalMs: 10 })).rejects.toThrow(
      new ClientConfigError('pollIntervalMs must be 0 (off) or at least 1000 ms, got 10'),
    );
    await expect(RotatingSecret.open({ secretId: 'x', pollJitter: 1 })).rejects.toThrow(
      'pollJitter must be at least 0 and below 1, got 1',
    );
    await expect(RotatingSecret.open({})).rejects.toThrow('one of secretId, file or env is required, got none');
  });
});

describe('RotatingSecret.refresh', () => {
  it('switches to the new version, keeps the previous one and emits rotated with ids only', async () => {
    const secret = new FakeSecret('rekey/agents/support', secretJson(anthropicKey('one')));
    secret.install(sm);
    const key = await openSecret(secret);
    const firstVersion = secret.versionId;
    const events: RotatedEvent[] = [];
    key.on('rotated', (e) => events.push(e));
    const secondVersion = secret.rotate(secretJson(anthropicKey('two')));

    const result = await key.refresh();

    expect(result).toEqual({ changed: true, versionId: secondVersion });
    expect(key.current()).toBe(anthropicKey('two'));
    expect(key.previous()).toBe(anthropicKey('one'));
    expect(events).toEqual([
      { secretName: 'rekey/agents/support', versionId: secondVersion, previousVersionId: firstVersion },
    ]);
    expect(JSON.stringify(events)).not.toContain('sk-ant');
  });

  it('shares one GetSecretValue among concurrent refreshes', async () => {
    const secret = new FakeSecret('s', secretJson(anthropicKey('one')));
    secret.install(sm);
    const key = await openSecret(secret);
    secret.rotate(secretJson(anthropicKey('two')));

    const results = await Promise.all([key.refresh(), key.refresh(), key.refresh()]);

    expect(secret.calls).toBe(2);
    expect(results.map((r) => r.changed)).toEqual([true, true, true]);
  });

  it('reports no change and emits nothing when the version is the same', async () => {
    const secret = new FakeSecret('s', secretJson(anthropicKey('one')));
    secret.install(sm);
    const key = await openSecret(secret);
    let emitted = 0;
    key.on('rotated', () => emitted++);

    const result = await key.refresh();

    expect(result.changed).toBe(false);
    expect(emitted).toBe(0);
  });

  it('keeps working when a rotated listener throws, and logs it', async () => {
    const secret = new FakeSecret('s', secretJson(anthropicKey('one')));
    secret.install(sm);
    const logger = memoryLogger();
    const key = await openSecret(secret, { logger });
    key.on('rotated', () => {
      throw new Error('listener bug');
    });
    secret.rotate(secretJson(anthropicKey('two')));

    await key.refresh();

    expect(key.current()).toBe(anthropicKey('two'));
    expect(logger.entries.some((e) => e.msg === 'event listener threw')).toBe(true);
  });
});

describe('RotatingSecret and the redaction registry', () => {
  it('registers current and previous values and releases the older ones as versions move on', async () => {
    const secret = new FakeSecret('s', secretJson(anthropicKey('reg1')));
    secret.install(sm);
    const key = await openSecret(secret);
    secret.rotate(secretJson(anthropicKey('reg2')));
    await key.refresh();
    secret.rotate(secretJson(anthropicKey('reg3')));

    await key.refresh();

    expect(isHeldSecret(anthropicKey('reg1'))).toBe(false);
    expect(isHeldSecret(anthropicKey('reg2'))).toBe(true);
    expect(isHeldSecret(anthropicKey('reg3'))).toBe(true);
  });

  it('releases its values on close and refuses reads afterwards', async () => {
    const before = heldSecretCount();
    const secret = new FakeSecret('s', secretJson(anthropicKey('closing')));
    secret.install(sm);
    const key = await openSecret(secret);

    await key.close();

    expect(heldSecretCount()).toBe(before);
    expect(() => key.current()).toThrow(SecretClosedError);
  });

  it('serializes to ids only, so logging the object leaks nothing', async () => {
    const secret = new FakeSecret('s', secretJson(anthropicKey('json')));
    secret.install(sm);
    const key = await openSecret(secret);

    const text = `${JSON.stringify({ key })} ${(await import('node:util')).inspect(key)}`;

    expect(text).toContain(secret.versionId);
    expect(text).not.toContain('sk-ant');
  });
});
