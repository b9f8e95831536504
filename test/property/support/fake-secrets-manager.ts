import { randomBytes, randomUUID } from 'node:crypto';
import {
  InvalidParameterException,
  InvalidRequestException,
  ResourceExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';

/**
 * An in-memory Secrets Manager with the semantics rekey relies on, as AWS documents them and moto implements them
 * (the differential test holds the two side by side): versions with staging labels, a label on one version at a
 * time, AWSCURRENT moving leaves AWSPREVIOUS on the version it left, PutSecretValue idempotent per token and
 * refusing another value under the same token, UpdateSecretVersionStage refusing to move a label off a version that
 * does not hold it. RotateSecret is answered by a hook (the model plays Secrets Manager's rotation service).
 */

interface Version {
  readonly id: string;
  readonly secretString: string;
  stages: string[];
  readonly createdAt: number;
}

export interface FakeSecret {
  readonly name: string;
  readonly arn: string;
  rotationEnabled: boolean;
  readonly versions: Map<string, Version>;
}

type Command = { constructor: { name: string }; input: Record<string, unknown> };

const meta = { $metadata: {} };
const notFound = (message: string) => new ResourceNotFoundException({ message, ...meta });
const invalidParameter = (message: string) => new InvalidParameterException({ message, ...meta });

export type RotateHook = (secret: FakeSecret, input: Record<string, unknown>) => Record<string, unknown>;

export class FakeSecretsManager {
  readonly secrets = new Map<string, FakeSecret>();
  readonly calls: string[] = [];
  private clock = 0;
  onRotate: RotateHook | undefined;

  constructor(private readonly region = 'us-east-1') {}

  find(secretId: unknown): FakeSecret {
    const id = String(secretId ?? '');
    const found = this.secrets.get(id) ?? [...this.secrets.values()].find((s) => s.arn === id);
    if (!found) throw notFound("Secrets Manager can't find the specified secret.");
    return found;
  }

  stagesOf(secret: FakeSecret): Record<string, string[]> {
    return Object.fromEntries(
      [...secret.versions.values()].filter((v) => v.stages.length > 0).map((v) => [v.id, [...v.stages]]),
    );
  }

  private holder(secret: FakeSecret, stage: string): Version | undefined {
    return [...secret.versions.values()].find((v) => v.stages.includes(stage));
  }

  /** Puts `stage` on `version`, taking it off wherever it was; AWSCURRENT leaves AWSPREVIOUS behind. */
  private attach(secret: FakeSecret, version: Version, stage: string): void {
    const from = this.holder(secret, stage);
    if (from === version) return;
    if (from) from.stages = from.stages.filter((s) => s !== stage);
    version.stages.push(stage);
    if (stage === 'AWSCURRENT' && from) {
      const prev = this.holder(secret, 'AWSPREVIOUS');
      if (prev) prev.stages = prev.stages.filter((s) => s !== 'AWSPREVIOUS');
      if (!from.stages.includes('AWSPREVIOUS')) from.stages.push('AWSPREVIOUS');
      version.stages = version.stages.filter((s) => s !== 'AWSPREVIOUS');
    }
  }

  async send(command: Command): Promise<Record<string, unknown>> {
    const name = command.constructor.name.replace(/Command$/, '');
    this.calls.push(name);
    const input = command.input;
    switch (name) {
      case 'CreateSecret': {
        const secretName = String(input.Name);
        if (this.secrets.has(secretName)) {
          throw new ResourceExistsException({ message: `the secret ${secretName} already exists.`, ...meta });
        }
        const arn = `arn:aws:secretsmanager:${this.region}:123456789012:secret:${secretName}-${randomBytes(3).toString('hex')}`;
        const secret: FakeSecret = { name: secretName, arn, rotationEnabled: false, versions: new Map() };
        this.secrets.set(secretName, secret);
        let versionId: string | undefined;
        if (typeof input.SecretString === 'string') {
          versionId = String(input.ClientRequestToken ?? randomUUID());
          secret.versions.set(versionId, {
            id: versionId,
            secretString: input.SecretString,
            stages: ['AWSCURRENT'],
            createdAt: this.clock++,
          });
        }
        return { ARN: arn, Name: secretName, ...(versionId ? { VersionId: versionId } : {}) };
      }
      case 'DescribeSecret': {
        const secret = this.find(input.SecretId);
        return {
          ARN: secret.arn,
          Name: secret.name,
          RotationEnabled: secret.rotationEnabled,
          VersionIdsToStages: this.stagesOf(secret),
        };
      }
      case 'GetSecretValue': {
        const secret = this.find(input.SecretId);
        const stage = input.VersionStage as string | undefined;
        const versionId = input.VersionId as string | undefined;
        let version: Version | undefined;
        if (versionId !== undefined) {
          version = secret.versions.get(versionId);
          if (version && stage !== undefined && !version.stages.includes(stage)) {
            throw new InvalidRequestException({
              message: `Version ${versionId} does not have staging label ${stage}.`,
              ...meta,
            });
          }
        } else {
          version = this.holder(secret, stage ?? 'AWSCURRENT');
        }
        if (!version) {
          throw notFound(
            `Secrets Manager can't find the specified secret value for staging label: ${stage ?? 'AWSCURRENT'}`,
          );
        }
        return {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: version.id,
          SecretString: version.secretString,
          VersionStages: [...version.stages],
        };
      }
      case 'PutSecretValue': {
        const secret = this.find(input.SecretId);
        const token = String(input.ClientRequestToken ?? randomUUID());
        const value = String(input.SecretString);
        const stages = (input.VersionStages as string[] | undefined) ?? ['AWSCURRENT'];
        let version = secret.versions.get(token);
        if (version) {
          if (version.secretString !== value) {
            throw new ResourceExistsException({
              message: `A version with VersionId ${token} already exists with different content.`,
              ...meta,
            });
          }
        } else {
          version = { id: token, secretString: value, stages: [], createdAt: this.clock++ };
          secret.versions.set(token, version);
        }
        for (const stage of stages) this.attach(secret, version, stage);
        return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...version.stages] };
      }
      case 'UpdateSecretVersionStage': {
        const secret = this.find(input.SecretId);
        const stage = String(input.VersionStage);
        const moveTo = input.MoveToVersionId as string | undefined;
        const removeFrom = input.RemoveFromVersionId as string | undefined;
        const holder = this.holder(secret, stage);
        if (removeFrom !== undefined && holder?.id !== removeFrom) {
          throw invalidParameter(`The staging label ${stage} is currently not attached to version ${removeFrom}.`);
        }
        if (moveTo !== undefined) {
          const target = secret.versions.get(moveTo);
          if (!target) throw notFound(`Secrets Manager can't find the specified secret version ${moveTo}.`);
          if (holder && holder !== target && removeFrom === undefined) {
            throw invalidParameter(
              `The staging label ${stage} is currently attached to version ${holder.id}; include RemoveFromVersionId.`,
            );
          }
          this.attach(secret, target, stage);
        } else if (holder && removeFrom !== undefined) {
          if (stage === 'AWSCURRENT')
            throw invalidParameter('You can only move staging label AWSCURRENT to a different secret version.');
          holder.stages = holder.stages.filter((s) => s !== stage);
        }
        return { ARN: secret.arn, Name: secret.name };
      }
      case 'ListSecretVersionIds': {
        const secret = this.find(input.SecretId);
        const versions = [...secret.versions.values()].filter((v) => input.IncludeDeprecated || v.stages.length > 0);
        return {
          ARN: secret.arn,
          Name: secret.name,
          Versions: versions.map((v) => ({ VersionId: v.id, VersionStages: [...v.stages] })),
        };
      }
      case 'GetRandomPassword': {
        const length = Number(input.PasswordLength ?? 32);
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
        const bytes = randomBytes(length);
        return { RandomPassword: [...bytes].map((b) => alphabet[b % alphabet.length]).join('') };
      }
      case 'RotateSecret': {
        const secret = this.find(input.SecretId);
        if (input.RotationRules || input.RotationLambdaARN) secret.rotationEnabled = true;
        if (input.RotateImmediately === false) return { ARN: secret.arn, Name: secret.name };
        if (!this.onRotate) throw new InvalidRequestException({ message: 'rotation is not configured', ...meta });
        return this.onRotate(secret, input);
      }
      default:
        throw new Error(`FakeSecretsManager does not implement ${name}`);
    }
  }
}
