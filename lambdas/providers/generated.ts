import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { PROVIDER_OPTION_DEFAULTS, PROVIDERS } from '../../contract';
import { KeyRejectedError, ProviderError } from './errors';
import type { KeyProvider, KeyRef, ProviderContext } from './types';

const DEFAULTS = PROVIDER_OPTION_DEFAULTS.generated;

/**
 * Internal tokens: a random string from Secrets Manager's GetRandomPassword, with a recognisable prefix.
 * The secret itself is the provider: a service that accepts these tokens reads the secret's labelled versions
 * (AWSCURRENT, AWSPREVIOUS), so revoking a token means retiring its version, i.e. taking every label off it.
 */
export class GeneratedProvider implements KeyProvider {
  readonly name = PROVIDERS.generated;
  readonly mintsKeys = true;
  readonly twoPhaseRevoke = false;

  constructor(private readonly sm: SecretsManagerClient) {}

  async createKey(ctx: ProviderContext) {
    const length = typeof ctx.options.length === 'number' ? ctx.options.length : DEFAULTS.length;
    const prefix = typeof ctx.options.prefix === 'string' ? ctx.options.prefix : DEFAULTS.prefix;
    const out = await this.sm.send(
      new GetRandomPasswordCommand({ PasswordLength: length, ExcludePunctuation: true, IncludeSpace: false }),
    );
    if (!out.RandomPassword) throw new ProviderError(this.name, 'GetRandomPassword returned no password');
    // The token's id is the secret version that holds it: nothing exists outside the secret to orphan.
    return { apiKey: `${prefix}${out.RandomPassword}`, keyId: ctx.token };
  }

  async testKey(ctx: ProviderContext, key: KeyRef & { apiKey: string }) {
    const prefix = typeof ctx.options.prefix === 'string' ? ctx.options.prefix : DEFAULTS.prefix;
    if (!key.apiKey.startsWith(prefix) || !/^[A-Za-z0-9]+$/.test(key.apiKey.slice(prefix.length))) {
      throw new KeyRejectedError(this.name, `token ${key.keyId} is not a well-formed generated token`);
    }
    if (await this.isRevoked(ctx, key)) throw new KeyRejectedError(this.name, `token ${key.keyId} is retired`);
  }

  async revokeKey(ctx: ProviderContext, key: KeyRef) {
    const versionId = key.versionId ?? key.keyId;
    const stages = await this.stagesOf(ctx.secretName, versionId);
    if (stages.includes('AWSCURRENT')) {
      throw new ProviderError(this.name, `refusing to retire version ${versionId}: it is AWSCURRENT`);
    }
    for (const stage of stages) {
      await this.sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: ctx.secretName,
          VersionStage: stage,
          RemoveFromVersionId: versionId,
        }),
      );
    }
  }

  async isRevoked(ctx: ProviderContext, key: KeyRef) {
    return (await this.stagesOf(ctx.secretName, key.versionId ?? key.keyId)).length === 0;
  }

  private async stagesOf(secretName: string, versionId: string): Promise<string[]> {
    const out = await this.sm.send(new DescribeSecretCommand({ SecretId: secretName }));
    return out.VersionIdsToStages?.[versionId] ?? [];
  }
}
