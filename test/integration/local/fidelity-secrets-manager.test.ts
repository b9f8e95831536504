import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerFidelity } from '../../../local/emulator/fidelity/secrets-manager';
import { type Gateway, startGateway } from '../../../local/emulator/gateway';
import { type Moto, startMoto } from '../../support/moto';

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The gateway's Secrets Manager fidelity operations in front of real moto: what an agent that asks for no version
 * stage gets after a rotation (moto 5.2.1's UpdateSecretVersionStage never moves its "default version").
 */
describe('Secrets Manager fidelity in front of moto', () => {
  let moto: Moto;
  let gateway: Gateway;
  let local: SecretsManagerClient;
  let direct: SecretsManagerClient;

  beforeAll(async () => {
    moto = await startMoto();
    gateway = await startGateway({
      upstream: moto.endpoint,
      operations: secretsManagerFidelity(moto.endpoint, REGION),
    });
    local = new SecretsManagerClient({ endpoint: gateway.endpoint, region: REGION, credentials });
    direct = new SecretsManagerClient({ endpoint: moto.endpoint, region: REGION, credentials });
  });
  afterAll(async () => {
    await gateway?.close();
    await moto?.stop();
  });
  beforeEach(() => moto.reset());

  /** A secret rotated once the way the rotation function does it: v2 AWSPENDING, then AWSCURRENT moved to it. */
  async function rotatedSecret(name: string): Promise<{ v1: string; v2: string }> {
    await local.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const v1 = (await local.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSCURRENT' }))).VersionId;
    const v2 = (
      await local.send(
        new PutSecretValueCommand({ SecretId: name, SecretString: 'two', VersionStages: ['AWSPENDING'] }),
      )
    ).VersionId;
    await local.send(
      new UpdateSecretVersionStageCommand({
        SecretId: name,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: v2,
        RemoveFromVersionId: v1,
      }),
    );
    return { v1: v1 ?? '', v2: v2 ?? '' };
  }

  it('answers GetSecretValue with neither VersionId nor VersionStage with AWSCURRENT, as AWS does', async () => {
    const { v1, v2 } = await rotatedSecret('fidelity/a');

    const got = await local.send(new GetSecretValueCommand({ SecretId: 'fidelity/a' }));
    expect(got).toMatchObject({ Name: 'fidelity/a', VersionId: v2, SecretString: 'two' });
    expect(got.VersionStages).toContain('AWSCURRENT');
    expect(got.CreatedDate).toBeInstanceOf(Date);

    // moto alone still answers its default version: the gap this closes (remove the op once this fails).
    const raw = await direct.send(new GetSecretValueCommand({ SecretId: 'fidelity/a' }));
    expect(raw.VersionId).toBe(v1);
    expect(raw.VersionStages).not.toContain('AWSCURRENT');
  });

  it('passes a VersionId or VersionStage through as asked', async () => {
    const { v1, v2 } = await rotatedSecret('fidelity/b');

    const previous = await local.send(
      new GetSecretValueCommand({ SecretId: 'fidelity/b', VersionStage: 'AWSPREVIOUS' }),
    );
    const byId = await local.send(new GetSecretValueCommand({ SecretId: 'fidelity/b', VersionId: v1 }));
    const pending = await local.send(new GetSecretValueCommand({ SecretId: 'fidelity/b', VersionStage: 'AWSPENDING' }));

    expect([previous.VersionId, previous.SecretString]).toEqual([v1, 'one']);
    expect([byId.VersionId, byId.SecretString]).toEqual([v1, 'one']);
    expect([pending.VersionId, pending.SecretString]).toEqual([v2, 'two']);
  });

  it("returns moto's errors unchanged: exception type and HTTP status", async () => {
    await local.send(new CreateSecretCommand({ Name: 'fidelity/c', SecretString: 'one' }));
    const error = async (client: SecretsManagerClient, input: ConstructorParameters<typeof GetSecretValueCommand>[0]) =>
      client.send(new GetSecretValueCommand(input)).then(
        () => undefined,
        (e: unknown) => e as SecretsManagerServiceException,
      );

    const cases = [
      { SecretId: 'fidelity/missing' },
      { SecretId: 'fidelity/c', VersionStage: 'NOSUCHSTAGE' },
      { SecretId: 'fidelity/c', VersionId: '00000000-0000-4000-8000-000000000000', VersionStage: 'AWSCURRENT' },
    ];
    for (const input of cases) {
      const viaGateway = await error(local, input);
      const fromMoto = await error(direct, input);
      expect(fromMoto, JSON.stringify(input)).toBeInstanceOf(SecretsManagerServiceException);
      expect([viaGateway?.name, viaGateway?.$metadata.httpStatusCode, viaGateway?.message]).toEqual([
        fromMoto?.name,
        fromMoto?.$metadata.httpStatusCode,
        fromMoto?.message,
      ]);
    }
    expect(await error(local, { SecretId: 'fidelity/missing' })).toBeInstanceOf(ResourceNotFoundException);
  });

  it('answers BatchGetSecretValue with each secret at AWSCURRENT', async () => {
    const a = await rotatedSecret('fidelity/d');
    const b = await rotatedSecret('fidelity/e');

    const out = await local.send(new BatchGetSecretValueCommand({ SecretIdList: ['fidelity/d', 'fidelity/e'] }));

    expect(out.SecretValues?.map((v) => [v.Name, v.VersionId, v.SecretString])).toEqual([
      ['fidelity/d', a.v2, 'two'],
      ['fidelity/e', b.v2, 'two'],
    ]);
  });

  it('gives a boto3 agent that asks for no stage AWSCURRENT', async () => {
    const probe = spawnSync(process.env.REKEY_PYTHON ?? 'python3', ['-c', 'import boto3'], { stdio: 'ignore' });
    if (probe.status !== 0) return;
    const { v2 } = await rotatedSecret('fidelity/f');
    const script = [
      'import boto3, json',
      "out = boto3.client('secretsmanager').get_secret_value(SecretId='fidelity/f')",
      "print(json.dumps({'VersionId': out['VersionId'], 'VersionStages': out['VersionStages']}))",
    ].join('\n');
    // Asynchronously: the gateway answering it runs in this process.
    const run = await promisify(execFile)(process.env.REKEY_PYTHON ?? 'python3', ['-c', script], {
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
        AWS_ENDPOINT_URL: gateway.endpoint,
        AWS_DEFAULT_REGION: REGION,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    expect(JSON.parse(run.stdout)).toEqual({ VersionId: v2, VersionStages: expect.arrayContaining(['AWSCURRENT']) });
  });
});
