import { CreateUserCommand, IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyReportAlias } from '../../../contract';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { type Harness, startHarness } from '../revocation/support';

/**
 * An AWS access key quarantined by AWS (made inactive) while it is AWSCURRENT: an agent's report reaches the report
 * function, whose role confirms it with the aws-iam provider's own test (iam:ListAccessKeys on the key's user) and
 * starts the emergency rotation. IAM enforced throughout.
 */
const USER = 'dead-key-user';
let h: Harness;
let iam: IAMClient;

beforeAll(async () => {
  h = await startHarness({
    keys: [{ name: 'heal/iam', provider: 'aws-iam', options: { userName: USER }, fleets: ['ci'] }],
    fleets: [{ name: 'ci' }],
    verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 60, maxRounds: 3, deleteGraceSeconds: 60 },
  });
  iam = new IAMClient(h.env.adminClientConfig);
  await iam.send(new CreateUserCommand({ UserName: USER }));
  await h.env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName(), RotateImmediately: true }));
  await h.env.idle();
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

const secretName = () => h.env.deployment.secrets['heal/iam']?.name ?? '';
const agentConfig = () => ({
  endpoint: h.env.endpoint,
  region: h.env.deployment.region,
  credentials: h.env.agentCredentials('ci'),
});

describe('an aws-iam key AWS quarantined under the fleet', () => {
  it('is confirmed dead with the provider test and replaced by a new active access key', async () => {
    // Arrange: the agent holds the current key; AWS makes it inactive out of band.
    const read = await new SecretsManagerClient(agentConfig()).send(
      new GetSecretValueCommand({ SecretId: secretName(), VersionStage: 'AWSCURRENT' }),
    );
    const held = JSON.parse(read.SecretString ?? '{}') as { apiKey: string; keyId: string };
    await iam.send(new UpdateAccessKeyCommand({ UserName: USER, AccessKeyId: held.keyId, Status: 'Inactive' }));

    // Act
    const out = await new LambdaClient(agentConfig()).send(
      new InvokeCommand({
        FunctionName: h.env.functions['key-report']?.arn,
        // The ci fleet's own alias: its agent policy may invoke nothing else of the function.
        Qualifier: keyReportAlias('ci'),
        Payload: new TextEncoder().encode(
          JSON.stringify({
            secretName: read.Name,
            versionId: read.VersionId,
            fingerprint: fingerprint(held.apiKey),
            agentId: 'ci/runner-1',
          }),
        ),
      }),
    );
    await h.env.idle();

    // Assert
    const result = JSON.parse(new TextDecoder().decode(out.Payload));
    const now = await h.env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: secretName(), VersionStage: 'AWSCURRENT' }),
    );
    const keyId = (JSON.parse(now.SecretString ?? '{}') as { keyId: string }).keyId;
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? [];
    expect(result).toMatchObject({ outcome: 'dead', action: 'rotation-started' });
    expect(now.VersionId).not.toBe(read.VersionId);
    expect(keys.find((k) => k.AccessKeyId === keyId)?.Status).toBe('Active');
    expect(h.env.deployment.iam.denials.map((d) => d.message)).toEqual([]);
    expect(h.output.join('')).not.toContain(held.apiKey);
  });
});
