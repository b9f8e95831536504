import { CreateUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/emulator/environment';
import { revocationRunner } from '../../../local/emulator/state-machine';

/**
 * An aws-iam key through two scheduled rotations in the whole local stack, IAM enforced: the second rotation's
 * revocation workflow deactivates and deletes the access key the first one minted, as the revocation function's
 * role, which may verify and revoke access keys but never create one (lib/key-provider.ts).
 */
const USER = 'revocation-user';
let env: LocalEnvironment;
let iam: IAMClient;

beforeAll(async () => {
  env = await startLocalEnvironment({
    config: {
      keys: [{ name: 'iam/ci', provider: 'aws-iam', options: { userName: USER } }],
      verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 1, maxRounds: 1, deleteGraceSeconds: 0 },
    },
    executionRunner: (d) => revocationRunner(d, { waitScale: 0 }),
  });
  iam = new IAMClient(env.adminClientConfig);
  await iam.send(new CreateUserCommand({ UserName: USER }));
}, 120_000);

afterAll(async () => {
  await env?.idle();
  await env?.stop();
});

const rotate = async () => {
  await env.secretsManager.send(
    new RotateSecretCommand({ SecretId: env.deployment.secrets['iam/ci']?.name, RotateImmediately: true }),
  );
  await env.idle();
};
const accessKeys = async () => (await iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? [];

describe('revoking an aws-iam key as the revocation function', () => {
  it("deletes the old access key after the next rotation, with no call refused and none of the rotation's rights", async () => {
    await rotate();
    const [first] = await accessKeys();

    await rotate();
    const keys = await accessKeys();

    expect(first?.AccessKeyId).toBeDefined();
    expect(keys.map((k) => k.AccessKeyId)).not.toContain(first?.AccessKeyId);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.Status).toBe('Active');
    expect(env.deployment.iam.denials.map((d) => d.message)).toEqual([]);
    const revocationRole = env.deployment.iam.roleOfFunction(env.deployment.functions.revocation ?? '').name;
    const revocationCalls = new Set(
      env.deployment.iam.usage.filter((u) => u.principal === revocationRole).map((u) => u.action),
    );
    expect(revocationCalls).toContain('iam:UpdateAccessKey');
    expect(revocationCalls).toContain('iam:DeleteAccessKey');
    expect(revocationCalls).not.toContain('iam:CreateAccessKey');
  });
});
