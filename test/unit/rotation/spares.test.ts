import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sparePoolSecretName } from '../../../contract/providers';
import { logger } from '../../../lambdas/common/logger';
import { AnthropicProvider } from '../../../lambdas/providers/anthropic';
import { ManualKeyRequiredError } from '../../../lambdas/providers/errors';
import { rotate } from '../../../lambdas/rotation/rotate';
import { addSpare } from '../../../lambdas/rotation/spares';
import { MINT_STARTED_AT } from '../../../lambdas/rotation/versions';
import { type FakeAnthropicState, type FakeServer, startFakeAnthropic } from '../../../local/emulator/fake-providers';
import { captureOutput } from '../intake/support';
import { testHttpDeps } from '../providers/support';
import { SecretsStub } from './spares-support';
import { MemoryInventory, rotationDeps } from './support';

/**
 * The spare pool of an Anthropic key: an emergency createSecret takes the next spare, activates and tests it, and
 * stores it as AWSPENDING; `rekey put --spare` stocks the pool. The provider is the real one, against the fake
 * Anthropic API on 127.0.0.1 (inactive keys refused by /v1/models, statuses set through the Admin API).
 */

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);
const SECRET = 'rekey/agents/claude';
const POOL = sparePoolSecretName(SECRET);
const ADMIN = 'admin/anthropic';
const TOKEN = '00000000-0000-4000-8000-00000000000a';
const RETRY_TOKEN = '00000000-0000-4000-8000-00000000000b';

let fake: FakeServer<FakeAnthropicState>;
let stub: SecretsStub;
let inventory: MemoryInventory;
let provider: AnthropicProvider;
let currentKey: { apiKey: string; keyId: string };

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());

beforeEach(() => {
  sm.reset();
  sns.reset();
  sfn.reset();
  fake.state.keys.clear();
  fake.state.clearFaults();
  stub = new SecretsStub();
  stub.install(sm);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  inventory = new MemoryInventory();
  provider = new AnthropicProvider(testHttpDeps());
  currentKey = fake.state.createKeyInConsole({ name: 'current' });
  stub.put(ADMIN, JSON.stringify({ apiKey: fake.state.adminKey }));
  stub.put(
    SECRET,
    JSON.stringify({
      ...currentKey,
      provider: 'anthropic',
      createdAt: '2026-11-01T00:00:00Z',
      options: { baseUrl: fake.url, spareFloor: 2 },
      adminSecretId: ADMIN,
    }),
  );
  stub.put(POOL, JSON.stringify({ spares: [], taken: [], bad: [] }));
});

const deps = () => rotationDeps({ sm: sm as never, sns: sns as never, sfn: sfn as never }, inventory, provider);
const spareDeps = () => ({
  sm: deps().sm,
  sns: deps().sns,
  opsTopicArn: deps().opsTopicArn,
  providerFor: () => provider,
});
const alerts = () =>
  sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message ?? '{}') as Record<string, unknown>);
const emergency = (token = TOKEN) =>
  inventory.transition(SECRET, token, 'requested', 'exposed', { mode: 'emergency', reason: 'exposed' });
const createSecret = (token = TOKEN) => rotate({ step: 'createSecret', secretId: SECRET, token }, deps());

/** Spares made in the Console and handed over with `rekey put --spare`. */
async function stock(n: number): Promise<{ apiKey: string; keyId: string }[]> {
  const made = [];
  for (let i = 0; i < n; i++) {
    const spare = fake.state.createKeyInConsole({ name: `spare ${i}` });
    await addSpare({ secretId: SECRET, apiKey: spare.apiKey }, spareDeps());
    made.push(spare);
  }
  sns.resetHistory();
  return made;
}

describe('rekey put --spare', () => {
  it('tests the spare, sets it inactive and appends it to the pool', async () => {
    const spare = fake.state.createKeyInConsole({ name: 'spare' });

    const result = await addSpare({ secretId: SECRET, apiKey: spare.apiKey }, spareDeps());

    expect(result).toMatchObject({ keyId: spare.keyId, outcome: 'added', spares: 1, spareFloor: 2 });
    expect(fake.state.keys.get(spare.keyId)?.status).toBe('inactive');
    expect(fake.state.isLive(spare.apiKey)).toBe(false);
    expect(stub.pool(SECRET).spares.map((s) => s.keyId)).toEqual([spare.keyId]);
  });

  it('warns the ops topic while the pool is below its floor, and not once it reaches it', async () => {
    const [first, second] = [fake.state.createKeyInConsole(), fake.state.createKeyInConsole()];

    const low = await addSpare({ secretId: SECRET, apiKey: first?.apiKey ?? '' }, spareDeps());
    const afterLow = alerts().length;
    const full = await addSpare({ secretId: SECRET, apiKey: second?.apiKey ?? '' }, spareDeps());

    expect(low.belowFloor).toBe(true);
    expect(afterLow).toBe(1);
    expect(alerts()[0]).toMatchObject({ kind: 'rotation-due', details: { reason: 'spare-pool-low', spares: 1 } });
    expect(full.belowFloor).toBe(false);
    expect(alerts()).toHaveLength(1);
  });

  it('treats the same spare handed over again as a replay, and refuses the current key as a spare', async () => {
    const spare = fake.state.createKeyInConsole();
    await addSpare({ secretId: SECRET, apiKey: spare.apiKey }, spareDeps());

    const again = await addSpare({ secretId: SECRET, apiKey: `${spare.apiKey}\n` }, spareDeps());
    const current = addSpare({ secretId: SECRET, apiKey: currentKey.apiKey }, spareDeps());

    expect(again.outcome).toBe('already-pooled');
    expect(stub.pool(SECRET).spares).toHaveLength(1);
    await expect(current).rejects.toThrow(/AWSCURRENT/);
    expect(fake.state.isLive(currentKey.apiKey)).toBe(true);
  });

  it('pools nothing when the provider does not know the key', async () => {
    const stray = `sk-ant-api03-${'Q'.repeat(93)}AA`;

    const err = (await addSpare({ secretId: SECRET, apiKey: stray }, spareDeps()).catch((e: unknown) => e)) as Error;

    expect(err.message).toMatch(/no active or inactive key/);
    expect(err.message).not.toContain('QQQQ');
    expect(stub.pool(SECRET).spares).toHaveLength(0);
  });
});

describe('an emergency rotation of an anthropic key', () => {
  it('takes the next spare, activates and tests it, and stores it as AWSPENDING', async () => {
    const [first, second] = await stock(2);
    await emergency();

    const outcome = await createSecret();

    expect(outcome).toBe('created');
    const pending = JSON.parse(stub.secrets.get(SECRET)?.values.get(TOKEN) ?? '{}') as { apiKey: string };
    expect(pending.apiKey).toBe(first?.apiKey);
    expect(fake.state.isLive(first?.apiKey ?? '')).toBe(true);
    expect(fake.state.isLive(second?.apiKey ?? '')).toBe(false);
    const pool = stub.pool(SECRET);
    expect(pool.spares.map((s) => s.keyId)).toEqual([second?.keyId]);
    expect(pool.taken).toEqual([expect.objectContaining({ keyId: first?.keyId, token: TOKEN })]);
    expect(pool.taken[0]?.apiKey).toBeUndefined(); // the version holds the key now, not the pool
    expect((await inventory.getVersion(SECRET, TOKEN))?.status).toBe('pending');
  });

  it('takes no second spare when createSecret is retried after its store failed', async () => {
    const [first] = await stock(3);
    await emergency();
    stub.failNextPut = { secretId: SECRET, how: 'refused' };

    const failed = await createSecret().catch((e: unknown) => e);
    const retried = await createSecret();

    expect(failed).toBeInstanceOf(Error);
    expect(retried).toBe('created');
    const pending = JSON.parse(stub.secrets.get(SECRET)?.values.get(TOKEN) ?? '{}') as { keyId: string };
    expect(pending.keyId).toBe(first?.keyId);
    expect(stub.pool(SECRET).spares).toHaveLength(2);
    expect(stub.pool(SECRET).taken.map((t) => t.keyId)).toEqual([first?.keyId]);
  });

  it('sets a spare that fails its test aside, names only its id to operators, and uses the next one', async () => {
    const [broken, good] = await stock(3);
    const brokenKey = fake.state.keys.get(broken?.keyId ?? '');
    if (brokenKey) brokenKey.status = 'archived'; // archived in the Console since: it can never be activated
    await emergency();

    const outcome = await createSecret();

    expect(outcome).toBe('created');
    const pending = JSON.parse(stub.secrets.get(SECRET)?.values.get(TOKEN) ?? '{}') as { keyId: string };
    expect(pending.keyId).toBe(good?.keyId);
    const pool = stub.pool(SECRET);
    expect(pool.bad.map((b) => b.keyId)).toEqual([broken?.keyId]);
    expect(pool.spares.map((s) => s.keyId)).not.toContain(broken?.keyId);
    const bad = alerts().find((a) => (a.details as Record<string, unknown>)?.reason === 'spare-failed-test');
    expect(bad?.summary).toContain(broken?.keyId);
    expect(JSON.stringify(alerts())).not.toContain(broken?.apiKey);
  });

  it('warns the ops topic when taking a spare leaves the pool below its floor', async () => {
    await stock(2);
    await emergency();

    await createSecret();

    const low = alerts().filter((a) => (a.details as Record<string, unknown>)?.reason === 'spare-pool-low');
    expect(low).toHaveLength(1);
    expect(low[0]?.summary).toContain(
      `holds 1 spare, below its floor of 2; add spares with: rekey put ${SECRET} --spare`,
    );
  });

  it('falls back to rekey put when the pool is empty, and says the pool is empty', async () => {
    await emergency();

    const err = await createSecret().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ManualKeyRequiredError);
    expect((err as Error).message).toContain('spare pool is empty');
    const due = alerts().find((a) => a.kind === 'rotation-due');
    expect(due?.summary).toContain('its spare pool is empty; supply it with: rekey put');
    expect(stub.secrets.get(SECRET)?.values.has(TOKEN)).toBe(false);
  });

  it('leaves the pool alone in a scheduled rotation', async () => {
    await stock(2);

    const err = await createSecret().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ManualKeyRequiredError);
    expect(stub.pool(SECRET).spares).toHaveLength(2);
    expect((err as Error).message).not.toContain('spare pool');
  });

  it('puts back, inactive, the spare a given-up rotation took but never stored', async () => {
    const [first] = await stock(2);
    await emergency();
    stub.failNextPut = { secretId: SECRET, how: 'refused' };
    await createSecret().catch(() => undefined); // Secrets Manager gives this token up
    await emergency(RETRY_TOKEN);

    await createSecret(RETRY_TOKEN);

    expect((await inventory.getVersion(SECRET, TOKEN))?.status).toBe('abandoned');
    expect((await inventory.getVersion(SECRET, TOKEN)) as unknown as Record<string, unknown>).toHaveProperty(
      MINT_STARTED_AT,
    );
    const pending = JSON.parse(stub.secrets.get(SECRET)?.values.get(RETRY_TOKEN) ?? '{}') as { keyId: string };
    expect(pending.keyId).toBe(first?.keyId); // returned to the front of the pool, then taken by the new token
    expect(stub.pool(SECRET).taken.find((t) => t.token === TOKEN)?.returnedAt).toBeDefined();
  });
});

describe('key material', () => {
  beforeAll(() => logger.setLogLevel('DEBUG'));
  afterAll(() => logger.setLogLevel('WARN'));

  it('never reaches a log line or an ops alert, from put --spare to a bad spare to a taken one', async () => {
    const canaries = [
      fake.state.createKeyInConsole(),
      fake.state.createKeyInConsole(),
      fake.state.createKeyInConsole(),
    ];
    const brokenKey = fake.state.keys.get(canaries[0]?.keyId ?? '');

    const { output } = await captureOutput(async () => {
      for (const c of canaries) await addSpare({ secretId: SECRET, apiKey: c.apiKey }, spareDeps());
      if (brokenKey) brokenKey.status = 'archived';
      await emergency();
      await createSecret();
      await addSpare({ secretId: SECRET, apiKey: canaries[1]?.apiKey ?? '' }, spareDeps()).catch(() => undefined);
    });

    expect(output).toContain('took a spare key for an emergency rotation');
    const sent = JSON.stringify(sns.commandCalls(PublishCommand).map((c) => c.args[0].input));
    expect(sent).toContain('spare-failed-test');
    for (const key of [...canaries.map((c) => c.apiKey), currentKey.apiKey]) {
      expect(output).not.toContain(key);
      expect(sent).not.toContain(key);
    }
  });
});
