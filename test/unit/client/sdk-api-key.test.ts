import Anthropic from '@anthropic-ai/sdk';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RotatingSecret } from '../../../packages/client/src/rotating-secret';
import { FakeProvider } from './support/fake-provider';
import { memoryLogger } from './support/memory-logger';
import { anthropicKey, FakeSecret, secretJson } from './support/secrets-manager-fake';

const sm = mockClient(SecretsManagerClient);
const provider = new FakeProvider();
const open: RotatingSecret[] = [];
const oldKey = anthropicKey('sdkold');
const newKey = anthropicKey('sdknew');

async function openKey(secret: FakeSecret): Promise<RotatingSecret> {
  const key = await RotatingSecret.open({
    secretId: secret.name,
    client: new SecretsManagerClient({}),
    pollIntervalMs: 0,
    retryCooldownMs: 0,
    logger: memoryLogger(),
  });
  open.push(key);
  return key;
}

const ask = (client: Anthropic) =>
  client.messages.create({ model: 'claude-test', max_tokens: 8, messages: [{ role: 'user', content: 'ping' }] });

beforeAll(async () => {
  await provider.start();
});

afterAll(async () => {
  await provider.stop();
});

beforeEach(() => {
  sm.reset();
  provider.live.clear();
  provider.seenKeys.length = 0;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
});

describe('the apiKey function form with @anthropic-ai/sdk', () => {
  it('sends the new key after a rotation without a new client', async () => {
    const secret = new FakeSecret('s', secretJson(oldKey));
    secret.install(sm);
    const key = await openKey(secret);
    const client = new Anthropic({ apiKey: key.asApiKeyFunction(), baseURL: provider.url, maxRetries: 0 });
    provider.live.add(oldKey);
    await ask(client);

    provider.live.add(newKey);
    secret.rotate(secretJson(newKey));
    await key.refresh();
    provider.live.delete(oldKey);
    const answer = await ask(client);

    expect(answer.content[0]).toMatchObject({ type: 'text', text: 'pong' });
    expect(provider.seenKeys).toEqual([oldKey, newKey]);
  });

  it('heals a request that meets the revoked key when wrapped in withKey', async () => {
    const secret = new FakeSecret('s', secretJson(oldKey));
    secret.install(sm);
    const key = await openKey(secret);
    const client = new Anthropic({ apiKey: key.asApiKeyFunction(), baseURL: provider.url, maxRetries: 0 });
    provider.live.add(newKey);
    secret.rotate(secretJson(newKey));

    const answer = await key.withKey(() => ask(client));

    expect(answer.id).toBe('msg_01');
    expect(provider.seenKeys).toEqual([oldKey, newKey]);
  });
});

describe('the apiKey function form with openai', () => {
  it('sends the new key after a rotation without a new client', async () => {
    const secret = new FakeSecret('s', secretJson(oldKey));
    secret.install(sm);
    const key = await openKey(secret);
    const client = new OpenAI({ apiKey: key.asApiKeyFunction(), baseURL: `${provider.url}/v1`, maxRetries: 0 });
    provider.live.add(oldKey);
    await client.models.list();

    provider.live.add(newKey);
    secret.rotate(secretJson(newKey));
    await key.refresh();
    provider.live.delete(oldKey);
    const models = await client.models.list();

    expect(models.data[0]?.id).toBe('gpt-test');
    expect(provider.seenKeys).toEqual([oldKey, newKey]);
  });

  it('heals a request that meets the revoked key when wrapped in withKey', async () => {
    const secret = new FakeSecret('s', secretJson(oldKey));
    secret.install(sm);
    const key = await openKey(secret);
    const client = new OpenAI({ apiKey: key.asApiKeyFunction(), baseURL: `${provider.url}/v1`, maxRetries: 0 });
    provider.live.add(newKey);
    secret.rotate(secretJson(newKey));

    const models = await key.withKey(() => client.models.list());

    expect(models.data).toHaveLength(1);
    expect(provider.seenKeys).toEqual([oldKey, newKey]);
  });
});
