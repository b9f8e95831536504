import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand, type GetSecretValueCommandInput } from '@aws-sdk/client-secrets-manager';
import type { AwsStub } from 'aws-sdk-client-mock';

/** One secret's versions, served through an aws-sdk-client-mock stub of GetSecretValue (AWSCURRENT only). */
export class FakeSecret {
  readonly name: string;
  versionId: string = randomUUID();
  secretString: string;
  calls = 0;
  readonly inputs: GetSecretValueCommandInput[] = [];

  constructor(name: string, secretString: string) {
    this.name = name;
    this.secretString = secretString;
  }

  /** Puts a new AWSCURRENT version; returns its id. */
  rotate(secretString: string): string {
    this.secretString = secretString;
    this.versionId = randomUUID();
    return this.versionId;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the stub's generic types vary by client
  install(mock: AwsStub<any, any, any>): void {
    mock.on(GetSecretValueCommand).callsFake((input: GetSecretValueCommandInput) => {
      this.calls++;
      this.inputs.push(input);
      return {
        ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${this.name}-AbCdEf`,
        Name: this.name,
        VersionId: this.versionId,
        SecretString: this.secretString,
        VersionStages: ['AWSCURRENT'],
      };
    });
  }
}

/** A secret body in rekey's format. */
export function secretJson(apiKey: string, extra: Record<string, string> = {}): string {
  return JSON.stringify({
    apiKey,
    keyId: 'key_01',
    provider: 'anthropic',
    createdAt: '2026-11-25T10:00:00Z',
    ...extra,
  });
}

/** A key that looks like an Anthropic key, unique per call. */
export function anthropicKey(tag: string): string {
  return `sk-ant-api03-${tag}${'x'.repeat(Math.max(0, 80 - tag.length))}AA`;
}
