import { randomUUID } from 'node:crypto';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandInput,
  type GetSecretValueCommandOutput,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { type Sidecar, type SidecarOptions, startSidecar } from '../../../../packages/client/src/sidecar';
import { memoryLogger } from './memory-logger';
import { secretJson } from './secrets-manager-fake';

export const TOKEN = 'ssrf-token-for-tests-0123456789';
export const SECRET_NAME = 'rekey/agents/support/internal-api';
export const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SECRET_NAME}-AbCdEf`;
/** Canary keys: they must appear in no log line. */
export const CANARY_1 = `rk_live_canary_${'A1b2C3d4'.repeat(4)}`;
export const CANARY_2 = `rk_live_canary_${'Z9y8X7w6'.repeat(4)}`;

interface Version {
  readonly id: string;
  readonly body: string;
  readonly created: Date;
  stages: string[];
}

/**
 * Secrets Manager for one secret, through aws-sdk-client-mock, answering as AWS does: stages move on `rotate`,
 * VersionId and VersionStage select, an unknown secret is ResourceNotFoundException (400). Counts every call.
 */
export class MockSecretsManager {
  readonly mock = mockClient(SecretsManagerClient);
  readonly inputs: GetSecretValueCommandInput[] = [];
  readonly versions: Version[] = [];

  constructor(firstKey: string) {
    this.versions.push({
      id: randomUUID(),
      body: secretJson(firstKey),
      created: new Date(1764064800046),
      stages: ['AWSCURRENT'],
    });
    this.mock.on(GetSecretValueCommand).callsFake((input: GetSecretValueCommandInput) => this.answer(input));
  }

  restore(): void {
    this.mock.restore();
  }

  get calls(): number {
    return this.inputs.length;
  }

  /** A new AWSCURRENT version (the old one becomes AWSPREVIOUS); returns its id. */
  rotate(key: string): string {
    for (const v of this.versions) v.stages = v.stages.includes('AWSCURRENT') ? ['AWSPREVIOUS'] : [];
    const id = randomUUID();
    this.versions.push({ id, body: secretJson(key), created: new Date(), stages: ['AWSCURRENT'] });
    return id;
  }

  private answer(input: GetSecretValueCommandInput): GetSecretValueCommandOutput {
    this.inputs.push(input);
    if (input.SecretId !== SECRET_NAME && input.SecretId !== SECRET_ARN) {
      throw Object.assign(new Error("Secrets Manager can't find the specified secret."), {
        name: 'ResourceNotFoundException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      });
    }
    const stage = input.VersionStage ?? (input.VersionId ? undefined : 'AWSCURRENT');
    const v = this.versions.find(
      (x) =>
        (input.VersionId === undefined || x.id === input.VersionId) &&
        (stage === undefined || x.stages.includes(stage)),
    );
    if (v === undefined) {
      throw Object.assign(new Error("Secrets Manager can't find the specified secret value for staging label: X"), {
        name: 'ResourceNotFoundException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      });
    }
    return {
      $metadata: {},
      ARN: SECRET_ARN,
      Name: SECRET_NAME,
      VersionId: v.id,
      SecretString: v.body,
      VersionStages: [...v.stages],
      CreatedDate: v.created,
    };
  }
}

/** A sidecar on a free loopback port, serving SECRET_NAME with TOKEN, logging into memory. */
export async function startTestSidecar(sm: MockSecretsManager, extra: Partial<SidecarOptions> = {}) {
  const logger = memoryLogger();
  const sidecar: Sidecar = await startSidecar({
    secrets: [SECRET_NAME],
    secretsManager: new SecretsManagerClient({ region: 'us-east-1' }),
    port: 0,
    token: TOKEN,
    pollIntervalMs: 0,
    logger,
    ...extra,
  });
  const get = async (path: string, headers: Record<string, string> = { 'X-Aws-Parameters-Secrets-Token': TOKEN }) => {
    const res = await fetch(`${sidecar.url}${path}`, { headers });
    return { status: res.status, body: await res.text(), headers: res.headers };
  };
  return { sidecar, logger, get, sm };
}
