import { GetRandomPasswordCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES, PROVIDER_OPTION_DEFAULTS, type ProviderName } from '../../../contract';
import { parseSecretValue } from '../../../lambdas/common/secret-value';
import { providerRegistry } from '../../../lambdas/providers';
import { KeySchema, parseConfig } from '../../../lib/config';
import { providerCtx } from '../providers/support';

const sm = mockClient(SecretsManagerClient);
let requests: { method: string; url: string }[];

/** A provider API that accepts everything, recording what was asked of it. */
const api: typeof fetch = async (input, init) => {
  const method = init?.method ?? 'GET';
  requests.push({ method, url: String(input) });
  if (method === 'DELETE') return new Response(null, { status: 204 });
  return Response.json(method === 'POST' ? { id: 'key-1', key: 'hk_ContractMinted0123456789abcdef' } : {});
};
const providers = () =>
  providerRegistry({ secretsManager: sm as never, fetch: api, sleep: async () => {}, random: () => 0.5 });

beforeEach(() => {
  sm.reset();
  requests = [];
});

describe('the provider names between the config, the secret value and the runtime', () => {
  it("configures exactly the contract's providers", () => {
    const configured = KeySchema.options.map((option) => option.shape.provider.value);

    expect([...configured].sort()).toEqual([...PROVIDER_NAMES].sort());
  });

  it.each(PROVIDER_NAMES)('reads a %s secret and finds its provider by the same name', (name) => {
    const value = parseSecretValue(
      JSON.stringify({ apiKey: 'x', keyId: 'k', provider: name, createdAt: '2026-11-01T00:00:00Z' }),
      'the secret',
    );

    expect(value.provider).toBe(name);
    expect(providers()(value.provider as ProviderName).name).toBe(name);
  });
});

describe('the provider option defaults between the config and the runtime', () => {
  const configured = parseConfig({
    keys: [
      { name: 'g', provider: 'generated' },
      { name: 'o', provider: 'openai', options: { projectId: 'proj_1' }, adminSecretName: 'admin/o' },
      { name: 'a', provider: 'anthropic', options: {}, adminSecretName: 'admin/a' },
      { name: 'h', provider: 'http', options: { baseUrl: 'https://keys.example' }, adminSecretName: 'admin/h' },
    ],
  }).keys;
  const optionsOf = (provider: string) => configured.find((k) => k.provider === provider)?.options;

  it("fills the contract's defaults into each provider's options", () => {
    expect(optionsOf('generated')).toEqual(PROVIDER_OPTION_DEFAULTS.generated);
    expect(optionsOf('openai')).toMatchObject(PROVIDER_OPTION_DEFAULTS.openai);
    expect(optionsOf('anthropic')).toMatchObject(PROVIDER_OPTION_DEFAULTS.anthropic);
    expect(optionsOf('http')).toMatchObject(PROVIDER_OPTION_DEFAULTS.http);
  });

  it('mints generated tokens of the default length and prefix when the options leave them out', async () => {
    sm.on(GetRandomPasswordCommand).resolves({ RandomPassword: 'A'.repeat(PROVIDER_OPTION_DEFAULTS.generated.length) });

    const key = await providers()('generated').createKey(providerCtx({}, ''));

    expect(sm.commandCalls(GetRandomPasswordCommand)[0]?.args[0].input.PasswordLength).toBe(
      PROVIDER_OPTION_DEFAULTS.generated.length,
    );
    expect(key.apiKey.startsWith(PROVIDER_OPTION_DEFAULTS.generated.prefix)).toBe(true);
  });

  it.each(['openai', 'anthropic'] as const)('calls the default %s API when the options name none', async (name) => {
    await providers()(name).testKey(providerCtx({ projectId: 'proj_1' }, 'admin'), { keyId: 'k', apiKey: 'sk-x' });

    expect(requests.map((r) => r.url.startsWith(`${PROVIDER_OPTION_DEFAULTS[name].baseUrl}/`))).toEqual([true]);
  });

  it("calls the http key service's default paths when the options name none", async () => {
    const http = providers()('http');
    const ctx = providerCtx({ baseUrl: 'https://keys.example' }, 'admin');

    await http.createKey(ctx);
    await http.testKey(ctx, { keyId: 'key-1', apiKey: 'hk_ContractMinted0123456789abcdef' });
    await http.revokeKey(ctx, { keyId: 'key-1' });

    const d = PROVIDER_OPTION_DEFAULTS.http;
    expect(requests).toEqual([
      { method: 'POST', url: `https://keys.example${d.createPath}` },
      { method: 'GET', url: `https://keys.example${d.testPath}` },
      { method: 'DELETE', url: `https://keys.example${d.revokePath.replace('{keyId}', 'key-1')}` },
    ]);
  });
});
