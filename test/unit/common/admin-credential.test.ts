import { randomBytes } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MalformedSecretError } from '../../../lambdas/common/errors';
import { logger, releaseSecretValues } from '../../../lambdas/common/logger';
import { readAdminCredential } from '../../../lambdas/common/secrets';
import { captureOutput } from '../intake/support';

const sm = mockClient(SecretsManagerClient);
const ADMIN_SECRET = 'rekey/admin/openai';

/** A canary with no shape any redaction pattern knows, fresh each run: only the exact-value hold can catch it. */
const canary = () => `zq${randomBytes(18).toString('hex')}`;

/** Everything an error exposes: name, message, stack and every cause, with their own stacks. */
function errorText(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && depth < 10; depth++) {
    parts.push(e instanceof Error ? `${e.name} ${e.message} ${e.stack ?? ''}` : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return `${parts.join('\n')}${JSON.stringify(err)}`;
}

async function readFailure(secretString: string): Promise<unknown> {
  sm.on(GetSecretValueCommand).resolves({ SecretString: secretString });
  return readAdminCredential(sm as unknown as SecretsManagerClient, ADMIN_SECRET).then(
    () => undefined,
    (err: unknown) => err,
  );
}

beforeEach(() => {
  sm.reset();
  releaseSecretValues();
});
afterEach(() => releaseSecretValues());

describe('readAdminCredential on a malformed admin secret', () => {
  // Two shapes: V8 quotes the text around an unexpected token, and reports a position for an unterminated string.
  it.each([
    ['an unquoted value (V8 quotes it)', (c: string) => `{"credential": ${c}, "org": "org-1"}`],
    ['an unterminated string', (c: string) => `{"credential": "${c}`],
  ])('fails with a MalformedSecretError that carries no part of %s', async (_name, shape) => {
    const key = canary();
    const raw = shape(key);

    const err = await readFailure(raw);

    expect(err).toBeInstanceOf(MalformedSecretError);
    expect((err as Error).message).toContain(ADMIN_SECRET);
    expect((err as Error).message).toContain(`${raw.length} characters`);
    expect((err as Error).cause).toBeUndefined();
    expect(errorText(err)).not.toContain(key);
    expect(errorText(err)).not.toContain(key.slice(0, 12));
  });

  it('keeps the canary out of the log line that reports the failure and out of any later line that echoes it', async () => {
    const key = canary();
    const raw = `{"credential": ${key}}`;

    const { output } = await captureOutput(async () => {
      const err = await readFailure(raw);
      logger.error('rotation step failed', { error: err as Error });
      logger.error(`admin secret was ${raw}`, { raw });
    });

    expect(output).toContain('rotation step failed');
    expect(output).toContain('MalformedSecretError');
    expect(output).not.toContain(key);
  });

  it('names the position V8 reports and nothing of its message', async () => {
    const key = canary();

    const err = await readFailure(`{"credential": "${key}`);

    expect((err as Error).message).toMatch(/error at position \d+/);
  });
});

describe('readAdminCredential on a good admin secret', () => {
  it('answers the apiKey field of a JSON admin secret and holds it for redaction', async () => {
    const key = canary();
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ apiKey: key, org: 'org-1' }) });

    const value = await readAdminCredential(sm as unknown as SecretsManagerClient, ADMIN_SECRET);
    const { output } = await captureOutput(async () => logger.warn(`calling with ${key}`));

    expect(value).toBe(key);
    expect(output).toContain('calling with [REDACTED]');
  });

  it('answers a plain-string admin secret whole and holds it for redaction', async () => {
    const key = canary();
    sm.on(GetSecretValueCommand).resolves({ SecretString: key });

    const value = await readAdminCredential(sm as unknown as SecretsManagerClient, ADMIN_SECRET);
    const { output } = await captureOutput(async () => logger.warn(`calling with ${key}`));

    expect(value).toBe(key);
    expect(output).not.toContain(key);
  });
});
