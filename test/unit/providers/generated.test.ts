import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyRejectedError } from '../../../lambdas/providers/errors';
import { GeneratedProvider } from '../../../lambdas/providers/generated';
import { providerCtx } from './support';

const sm = mockClient(SecretsManagerClient);
const OLD = '00000000-0000-4000-8000-00000000000a';
const NEW = '00000000-0000-4000-8000-00000000000b';

beforeEach(() => {
  sm.reset();
  sm.on(GetRandomPasswordCommand).resolves({ RandomPassword: 'Abc123'.repeat(7).slice(0, 40) });
  sm.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { [OLD]: ['AWSPREVIOUS'], [NEW]: ['AWSCURRENT'] } });
});

const ctx = (token = NEW) => providerCtx({ length: 40, prefix: 'rk_' }, 'unused', { token });

describe('GeneratedProvider', () => {
  it('mints a prefixed random token whose id is the version that will hold it', async () => {
    const key = await new GeneratedProvider(new SecretsManagerClient({})).createKey(ctx());
    expect(key.apiKey).toMatch(/^rk_[A-Za-z0-9]{40}$/);
    expect(key.keyId).toBe(NEW);
    expect(sm.commandCalls(GetRandomPasswordCommand)[0]?.args[0].input).toMatchObject({
      PasswordLength: 40,
      ExcludePunctuation: true,
    });
  });

  it('rejects a malformed token and a token whose version lost its labels', async () => {
    const provider = new GeneratedProvider(new SecretsManagerClient({}));
    await expect(provider.testKey(ctx(), { apiKey: 'nope', keyId: NEW, versionId: NEW })).rejects.toBeInstanceOf(
      KeyRejectedError,
    );
    await expect(
      provider.testKey(ctx(), { apiKey: `rk_${'a'.repeat(40)}`, keyId: 'gone', versionId: 'gone' }),
    ).rejects.toThrow(/retired/);
  });

  it('revokes by taking every label off the version, and never touches AWSCURRENT', async () => {
    const provider = new GeneratedProvider(new SecretsManagerClient({}));
    await provider.revokeKey(ctx(), { keyId: OLD, versionId: OLD });
    expect(sm.commandCalls(UpdateSecretVersionStageCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: 'rekey/agents/test', VersionStage: 'AWSPREVIOUS', RemoveFromVersionId: OLD },
    ]);
    await expect(provider.revokeKey(ctx(), { keyId: NEW, versionId: NEW })).rejects.toThrow(/AWSCURRENT/);
  });
});
