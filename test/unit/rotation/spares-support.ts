import { randomUUID } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { sparePoolSecretName } from '../../../contract/providers';

/**
 * A Secrets Manager of several secrets for the spare pool's tests (the managed key, its pool, the admin credential),
 * answering the calls the rotation engine and the pool make with the label rules they rely on: PutSecretValue makes
 * AWSCURRENT by default (the old holder becomes AWSPREVIOUS), AWSPENDING has one holder, a ClientRequestToken
 * written again is the same version.
 */
export class SecretsStub {
  readonly secrets = new Map<string, { values: Map<string, string>; stages: Record<string, string[]> }>();
  /** Fails the next PutSecretValue of this secret, after its write happened (`lost`) or before (`refused`). */
  failNextPut?: { secretId: string; how: 'refused' | 'lost' };

  put(secretId: string, value: string, options: { token?: string; stages?: string[] } = {}): string {
    const secret = this.secrets.get(secretId) ?? {
      values: new Map<string, string>(),
      stages: {} as Record<string, string[]>,
    };
    this.secrets.set(secretId, secret);
    const id = options.token ?? randomUUID();
    if (secret.values.has(id)) return id;
    const labels = options.stages ?? ['AWSCURRENT'];
    for (const label of labels) {
      for (const [v, held] of Object.entries(secret.stages)) {
        if (!held.includes(label)) continue;
        secret.stages[v] = held.filter((l) => l !== label);
        if (label === 'AWSCURRENT') {
          for (const w of Object.keys(secret.stages)) {
            secret.stages[w] = (secret.stages[w] ?? []).filter((l) => l !== 'AWSPREVIOUS');
          }
          secret.stages[v]?.push('AWSPREVIOUS');
        }
      }
    }
    secret.values.set(id, value);
    secret.stages[id] = [...labels];
    return id;
  }

  current(secretId: string): string | undefined {
    const secret = this.secrets.get(secretId);
    const id = Object.keys(secret?.stages ?? {}).find((v) => secret?.stages[v]?.includes('AWSCURRENT'));
    return id ? secret?.values.get(id) : undefined;
  }

  pool(managedSecretName: string): {
    spares: { keyId: string; apiKey: string }[];
    taken: { keyId: string; token: string; apiKey?: string; returnedAt?: string }[];
    bad: { keyId: string; reason: string }[];
  } {
    return JSON.parse(this.current(sparePoolSecretName(managedSecretName)) ?? '{}');
  }

  install(sm: AwsClientStub<SecretsManagerClient>): void {
    const notFound = () => new ResourceNotFoundException({ message: 'not found', $metadata: {} });
    sm.on(DescribeSecretCommand).callsFake((input: { SecretId: string }) => {
      const secret = this.secrets.get(input.SecretId);
      if (!secret) throw notFound();
      return {
        Name: input.SecretId,
        ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${input.SecretId}-AbCdEf`,
        RotationEnabled: true,
        VersionIdsToStages: structuredClone(secret.stages),
      };
    });
    sm.on(GetSecretValueCommand).callsFake((input: { SecretId: string; VersionId?: string; VersionStage?: string }) => {
      const secret = this.secrets.get(input.SecretId);
      if (!secret) throw notFound();
      const stage = input.VersionStage ?? (input.VersionId ? undefined : 'AWSCURRENT');
      const id = input.VersionId ?? Object.keys(secret.stages).find((v) => secret.stages[v]?.includes(stage ?? ''));
      const value = id ? secret.values.get(id) : undefined;
      if (!id || value === undefined) throw notFound();
      if (stage && !secret.stages[id]?.includes(stage)) throw notFound();
      return { VersionId: id, SecretString: value };
    });
    sm.on(PutSecretValueCommand).callsFake(
      (input: { SecretId: string; ClientRequestToken?: string; SecretString: string; VersionStages?: string[] }) => {
        if (!this.secrets.has(input.SecretId)) throw notFound();
        const fail = this.failNextPut?.secretId === input.SecretId ? this.failNextPut : undefined;
        if (fail) this.failNextPut = undefined;
        if (fail?.how === 'refused') throw new Error('InternalServiceError: the write was refused');
        this.put(input.SecretId, input.SecretString, {
          ...(input.ClientRequestToken ? { token: input.ClientRequestToken } : {}),
          ...(input.VersionStages ? { stages: input.VersionStages } : {}),
        });
        if (fail?.how === 'lost') throw new Error('socket hang up');
        return {};
      },
    );
  }
}
