import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeadKeyReport, lambdaDeadKeyReporter } from '../../../packages/client/src/dead-key-report';
import { DeadKeyReportError } from '../../../packages/client/src/errors';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { RotatingSecret, type RotatingSecretOptions } from '../../../packages/client/src/rotating-secret';
import type { Sidecar } from '../../../packages/client/src/sidecar';
import { ManualClock, settle } from './support/manual-clock';
import { memoryLogger } from './support/memory-logger';
import { anthropicKey, FakeSecret, secretJson } from './support/secrets-manager-fake';
import { CANARY_1, CANARY_2, MockSecretsManager, SECRET_NAME, startTestSidecar } from './support/sidecar-harness';

const sm = mockClient(SecretsManagerClient);
const lambda = mockClient(LambdaClient);
const open: RotatingSecret[] = [];
const KEY = anthropicKey('dead');

function unauthorized(): Error {
  return Object.assign(new Error('401 invalid x-api-key'), { status: 401 });
}

/** A reporter that records what it was given. */
function recordingReporter() {
  const reports: DeadKeyReport[] = [];
  return { reports, report: async (r: DeadKeyReport) => void reports.push(r) };
}

async function setup(options: Partial<RotatingSecretOptions> = {}) {
  const secret = new FakeSecret('rekey/agents/support', secretJson(KEY));
  secret.install(sm);
  const clock = new ManualClock();
  const logger = memoryLogger();
  const reporter = recordingReporter();
  const key = await RotatingSecret.open({
    secretId: secret.name,
    client: new SecretsManagerClient({}),
    pollIntervalMs: 0,
    clock,
    logger,
    agentId: 'support/pod-1',
    deadKeyReporter: reporter,
    ...options,
  });
  open.push(key);
  await clock.advance(5000);
  return { secret, clock, key, reporter, logger };
}

beforeEach(() => {
  sm.reset();
  lambda.reset();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
});

describe('RotatingSecret reporting a dead key', () => {
  it('reports ids and the fingerprint when the key a refresh returned is refused again', async () => {
    const { key, secret, reporter } = await setup();

    await expect(key.withKey(async () => Promise.reject(unauthorized()))).rejects.toThrow('401');
    await settle();

    expect(reporter.reports).toEqual([
      { secretName: secret.name, versionId: secret.versionId, fingerprint: fingerprint(KEY), agentId: 'support/pod-1' },
    ]);
  });

  it('does not report when the refresh brought a new key, even if that one fails too', async () => {
    const { key, secret, reporter } = await setup();
    secret.rotate(secretJson(anthropicKey('next')));

    await expect(key.withKey(async () => Promise.reject(unauthorized()))).rejects.toThrow('401');
    await settle();

    expect(reporter.reports).toEqual([]);
  });

  it('does not report when the retry succeeds or fails for another reason', async () => {
    const { key, reporter } = await setup();
    let calls = 0;

    await key.withKey(async () => {
      calls += 1;
      if (calls === 1) throw unauthorized();
      return 'ok';
    });
    await expect(
      key.withKey(async () => {
        calls += 1;
        throw calls % 2 === 1 ? unauthorized() : Object.assign(new Error('rate limited'), { status: 429 });
      }),
    ).rejects.toThrow();
    await settle();

    expect(reporter.reports).toEqual([]);
  });

  it('reports a version once per interval however many requests fail', async () => {
    const { key, clock, reporter } = await setup({ deadKeyReportIntervalMs: 60_000 });

    for (let i = 0; i < 20; i++) {
      await key.withKey(async () => Promise.reject(unauthorized())).catch(() => undefined);
      await clock.advance(1500);
    }
    await settle();
    const first = reporter.reports.length;
    await clock.advance(60_000);
    await key.withKey(async () => Promise.reject(unauthorized())).catch(() => undefined);
    await settle();

    expect(first).toBe(1);
    expect(reporter.reports).toHaveLength(2);
  });

  it('re-reads at the dead-key cooldown once the key held is dead, and is on the replacement within it', async () => {
    const { key, clock, secret } = await setup({ retryCooldownMs: 1000, deadKeyRetryCooldownMs: 250 });
    await key.withKey(async () => Promise.reject(unauthorized())).catch(() => undefined);
    const readsWhenDead = secret.calls;

    // Still dead: a refused request 300 ms later reads again (the ordinary cooldown would have waited 1 s).
    await clock.advance(300);
    await key.withKey(async () => Promise.reject(unauthorized())).catch(() => undefined);
    expect(secret.calls).toBe(readsWhenDead + 1);

    // Within the dead-key cooldown of the replacement becoming current, the next request succeeds with it.
    secret.rotate(secretJson(anthropicKey('replacement')));
    await clock.advance(250);
    const used = await key.withKey(async (k) => {
      if (k === KEY) throw unauthorized();
      return k;
    });
    expect(used).toBe(anthropicKey('replacement'));
  });

  it('logs a failed report and still gives the caller its own error', async () => {
    const logger = memoryLogger();
    const { key } = await setup({
      logger,
      deadKeyReporter: { report: async () => Promise.reject(new Error('AccessDenied')) },
    });

    await expect(key.withKey(async () => Promise.reject(unauthorized()))).rejects.toThrow('401');
    await settle();

    expect(logger.text()).toContain('dead-key report failed');
    expect(logger.text()).not.toContain(KEY);
  });
});

describe('lambdaDeadKeyReporter', () => {
  it('invokes the report function with ids and the fingerprint only', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });
    const reporter = lambdaDeadKeyReporter({ client: new LambdaClient({ region: 'us-east-1' }), functionName: 'kr' });
    const report = { secretName: 's', versionId: 'v', fingerprint: fingerprint(KEY), agentId: 'a' };

    await reporter.report({ ...report, ...({ apiKey: KEY } as object) });

    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input?.FunctionName).toBe('kr');
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual(report);
  });

  it('throws DeadKeyReportError when the function fails', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled' });
    const reporter = lambdaDeadKeyReporter({ client: new LambdaClient({ region: 'us-east-1' }), functionName: 'kr' });

    await expect(
      reporter.report({ secretName: 's', versionId: 'v', fingerprint: 'f', agentId: 'a' }),
    ).rejects.toBeInstanceOf(DeadKeyReportError);
  });
});

describe('the sidecar reporting a dead key', () => {
  const q = encodeURIComponent(SECRET_NAME);
  let mock: MockSecretsManager;
  let sidecar: Sidecar | undefined;

  beforeEach(() => {
    mock = new MockSecretsManager(CANARY_1);
  });

  afterEach(async () => {
    await sidecar?.close();
    sidecar = undefined;
    mock.restore();
  });

  it('reports when refreshNow returns the version it had already served', async () => {
    const reporter = recordingReporter();
    const t = await startTestSidecar(mock, { refreshCooldownMs: 0, deadKeyReporter: reporter, agentId: 'pod-7' });
    sidecar = t.sidecar;

    const served = JSON.parse((await t.get(`/secretsmanager/get?secretId=${q}`)).body).VersionId;
    await t.get(`/secretsmanager/get?secretId=${q}&refreshNow=true`);
    await t.get(`/secretsmanager/get?secretId=${q}&refreshNow=true`);
    await settle();

    expect(reporter.reports).toEqual([
      { secretName: SECRET_NAME, versionId: served, fingerprint: fingerprint(CANARY_1), agentId: 'pod-7' },
    ]);
    expect(t.logger.text()).not.toContain(CANARY_1);
  });

  it('does not report when refreshNow brings a new version', async () => {
    const reporter = recordingReporter();
    const t = await startTestSidecar(mock, { refreshCooldownMs: 0, deadKeyReporter: reporter });
    sidecar = t.sidecar;

    await t.get(`/secretsmanager/get?secretId=${q}`);
    mock.rotate(CANARY_2);
    await t.get(`/secretsmanager/get?secretId=${q}&refreshNow=true`);
    await settle();

    expect(reporter.reports).toEqual([]);
  });

  it('does not report a refreshNow that is the first request for the secret', async () => {
    const reporter = recordingReporter();
    const t = await startTestSidecar(mock, { refreshCooldownMs: 0, deadKeyReporter: reporter });
    sidecar = t.sidecar;

    await t.get(`/secretsmanager/get?secretId=${q}&refreshNow=true`);
    await settle();

    expect(reporter.reports).toEqual([]);
  });
});
