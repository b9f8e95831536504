import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { logger } from '../../../lambdas/common/logger';
import { InvalidKeyReportError, WrongFleetReportError } from '../../../lambdas/key-report/errors';
import { handleReport, type KeyReport, type KeyReportDeps, parseReport } from '../../../lambdas/key-report/report';
import { KeyRejectedError, ProviderUnavailableError } from '../../../lambdas/providers/errors';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import {
  CURRENT,
  captureOutput,
  intakeDeps,
  MemoryInventory,
  NOW,
  PREVIOUS,
  RecordingProvider,
  SECRET,
  type SecretState,
  secretString,
  statefulSecretsManager,
} from '../intake/support';

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);

/** A canary in a real key shape: it must appear in no log line, result or alert. */
const CANARY = 'rk_live_CanaryDeadKey0123456789abcdefghijklmnop';
const OLD = 'rk_live_OldKey00000000000000000000000000000000';
/** The fleet whose alias the report came through (the secret is tagged for it). */
const FLEET = 'support';

/** A provider whose verdict on the current key the test sets. */
class VerdictProvider extends RecordingProvider {
  tests = 0;
  verdict: 'alive' | 'dead' | 'down' = 'dead';
  override async testKey() {
    this.tests += 1;
    if (this.verdict === 'dead') throw new KeyRejectedError('http', 'key kid-1111 was refused (HTTP 401)');
    if (this.verdict === 'down') throw new ProviderUnavailableError('http', 'test key: HTTP 503');
  }
}

let state: SecretState;
let inventory: MemoryInventory;
let provider: VerdictProvider;
let started: { secretName: string; token: string }[];
let deps: KeyReportDeps;

beforeEach(() => {
  sm.reset();
  sns.reset();
  sfn.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  state = {
    values: new Map([
      [CURRENT, secretString(CANARY, 'kid-1111')],
      [PREVIOUS, secretString(OLD, 'kid-2222')],
    ]),
    stages: { [CURRENT]: ['AWSCURRENT'], [PREVIOUS]: ['AWSPREVIOUS'] },
    tags: [{ Key: `rekey:fleet:${FLEET}`, Value: 'true' }],
  };
  statefulSecretsManager(sm, state);
  inventory = new MemoryInventory();
  inventory.put(SECRET, CURRENT, CANARY, 'current');
  inventory.put(SECRET, PREVIOUS, OLD, 'previous');
  provider = new VerdictProvider();
  started = [];
  const rotations = { start: async (r: { secretName: string; token: string }) => void started.push(r) };
  deps = {
    intake: intakeDeps(
      { sm: new SecretsManagerClient({}), sns: new SNSClient({}), sfn: new SFNClient({}) },
      inventory,
      provider,
      rotations,
    ),
    doc: inventory.table as unknown as DynamoDBDocumentClient,
    tableName: inventory.table.tableName,
    providerFor: () => provider,
    secretPrefix: 'rekey/',
    windowSeconds: 60,
    now: () => NOW,
  };
});

const report = (over: Partial<KeyReport> = {}): KeyReport => ({
  secretName: SECRET,
  versionId: CURRENT,
  fingerprint: fingerprint(CANARY),
  agentId: 'support/pod-1',
  ...over,
});

describe('the dead-key report function', () => {
  it('starts one emergency rotation when the provider rejects the reported current key', async () => {
    const result = await handleReport(report(), deps, FLEET);

    expect(result).toMatchObject({ outcome: 'dead', action: 'rotation-started' });
    expect(started).toHaveLength(1);
    expect(started[0]?.secretName).toBe(SECRET);
    expect(inventory.get(SECRET, started[0]?.token ?? '')).toMatchObject({ status: 'requested', mode: 'emergency' });
  });

  it('alerts the ops topic when it confirms a dead key', async () => {
    await handleReport(report(), deps, FLEET);

    const alerts = sns.commandCalls(PublishCommand).map((c) => String(c.args[0].input.Message));
    expect(alerts.some((m) => m.includes('agent-report') && m.includes('rotation-started'))).toBe(true);
  });

  it('answers alive and rotates nothing when the provider accepts the key', async () => {
    provider.verdict = 'alive';

    const result = await handleReport(report(), deps, FLEET);

    expect(result.outcome).toBe('alive');
    expect(started).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('answers stale and tests nothing when the reported version is no longer AWSCURRENT', async () => {
    const result = await handleReport(report({ versionId: PREVIOUS, fingerprint: fingerprint(OLD) }), deps, FLEET);

    expect(result.outcome).toBe('stale');
    expect(provider.tests).toBe(0);
    expect(started).toEqual([]);
  });

  it('answers mismatch and writes no de-duplication record when the fingerprint is not the current key', async () => {
    const result = await handleReport(report({ fingerprint: fingerprint('some other key') }), deps, FLEET);
    const real = await handleReport(report(), deps, FLEET);

    expect(result.outcome).toBe('mismatch');
    expect(real.outcome).toBe('dead');
    expect(provider.tests).toBe(1);
  });

  it('checks the first of a flood of reports of one version and answers the rest duplicate', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => handleReport(report({ agentId: `support/pod-${i}` }), deps, FLEET)),
    );

    expect(results.filter((r) => r.outcome === 'dead')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(49);
    expect(provider.tests).toBe(1);
    expect(started).toHaveLength(1);
  });

  it('checks again once the window of the first report has passed', async () => {
    provider.verdict = 'alive';
    await handleReport(report(), deps, FLEET);
    const later = { ...deps, now: () => new Date(NOW.getTime() + 61_000) };

    const result = await handleReport(report(), later, FLEET);

    expect(result.outcome).toBe('alive');
    expect(provider.tests).toBe(2);
  });

  it('answers not-managed for a secret outside the prefix without reading it', async () => {
    const result = await handleReport(report({ secretName: 'other/secret' }), deps, FLEET);

    expect(result.outcome).toBe('not-managed');
    expect(sm.calls()).toHaveLength(0);
  });

  it("refuses a report through another fleet's alias before reading the key or calling the provider", async () => {
    const act = handleReport(report(), deps, 'research');

    await expect(act).rejects.toBeInstanceOf(WrongFleetReportError);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(provider.tests).toBe(0);
    expect(started).toEqual([]);
  });

  it('refuses a report that came through no alias (unqualified) without reading anything', async () => {
    await expect(handleReport(report(), deps, undefined)).rejects.toBeInstanceOf(WrongFleetReportError);
    expect(sm.calls()).toHaveLength(0);
    expect(provider.tests).toBe(0);
  });

  it('refuses a report on a secret tagged for no fleet at all', async () => {
    state.tags = [];

    await expect(handleReport(report(), deps, FLEET)).rejects.toBeInstanceOf(WrongFleetReportError);
    expect(provider.tests).toBe(0);
  });

  it('lets a provider outage reach the caller without rotating', async () => {
    provider.verdict = 'down';

    await expect(handleReport(report(), deps, FLEET)).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(started).toEqual([]);
  });

  it('refuses a report with a key in it, naming the field but not its value', () => {
    const act = () => parseReport({ ...report(), fingerprint: CANARY });

    expect(act).toThrow(InvalidKeyReportError);
    expect(act).toThrow(/fingerprint/);
    expect(act).not.toThrow(new RegExp(CANARY));
  });

  it('refuses a report with fields beyond ids and the fingerprint', () => {
    expect(() => parseReport({ ...report(), apiKey: CANARY })).toThrow(InvalidKeyReportError);
  });

  it('writes the canary key into no log line, result or alert on any outcome', async () => {
    const level = logger.getLevelName();
    logger.setLogLevel('DEBUG');
    const { result, output } = await captureOutput(async () => {
      const dead = await handleReport(report(), deps, FLEET);
      provider.verdict = 'alive';
      const later = { ...deps, now: () => new Date(NOW.getTime() + 120_000) };
      const alive = await handleReport(report(), later, FLEET);
      const mismatch = await handleReport(report({ fingerprint: fingerprint('x') }), deps, FLEET);
      return [dead, alive, mismatch];
    }).finally(() => logger.setLogLevel(level));
    const alerts = sns.commandCalls(PublishCommand).map((c) => JSON.stringify(c.args[0].input));

    expect(output).toContain('dead-key report handled');
    expect(`${output}${JSON.stringify(result)}${alerts.join('')}`).not.toContain(CANARY);
  });
});
