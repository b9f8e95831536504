import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsIamProvider, mapIamError, PENDING_TAG_PREFIX, pendingTagKey } from '../../../lambdas/providers/aws-iam';
import {
  KeyRejectedError,
  ProviderLimitError,
  ProviderNotFoundError,
  ProviderRateLimitedError,
} from '../../../lambdas/providers/errors';
import type { ProviderContext } from '../../../lambdas/providers/types';
import { type Moto, startMoto } from '../../support/moto';

let moto: Moto;
let iam: IAMClient;
const USER = 'agent-fleet';
const TOKEN = 'd1b2c3d4-0000-4000-8000-000000000004';

beforeAll(async () => {
  moto = await startMoto();
  iam = new IAMClient({ endpoint: moto.endpoint, region: 'us-east-1' });
});
afterAll(() => moto.stop());
beforeEach(async () => {
  await moto.reset();
  await iam.send(new CreateUserCommand({ UserName: USER }));
});

function provider(stsFor?: (c: { accessKeyId: string; secretAccessKey: string }) => STSClient, sleeps: number[] = []) {
  let clock = Date.now();
  return new AwsIamProvider({
    iam,
    stsFor: stsFor ?? ((credentials) => new STSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials })),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    now: () => clock,
    propagationTimeoutMs: 5000,
    propagationBaseDelayMs: 500,
  });
}

const ctx = (over: Partial<ProviderContext> = {}): ProviderContext => ({
  secretName: 'rekey/agents/iam',
  token: TOKEN,
  options: { userName: USER },
  adminCredential: async () => {
    throw new Error('aws-iam uses the function role, not an admin secret');
  },
  ...over,
});

async function userKeys() {
  return (await iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? [];
}
async function pendingTags() {
  return ((await iam.send(new ListUserTagsCommand({ UserName: USER }))).Tags ?? []).filter((t) =>
    t.Key?.startsWith(PENDING_TAG_PREFIX),
  );
}
async function existingKey() {
  const out = await iam.send(new CreateAccessKeyCommand({ UserName: USER }));
  return out.AccessKey?.AccessKeyId as string;
}

describe('AwsIamProvider', () => {
  it('mints an access key, tags it pending until stored, and STS accepts it as the user', async () => {
    const current = await existingKey();
    const p = provider();
    const key = await p.createKey(ctx({ currentKeyId: current }));
    expect(key.keyId).toMatch(/^AKIA/);
    expect(await pendingTags()).toEqual([{ Key: pendingTagKey(TOKEN), Value: key.keyId }]);
    await p.keyStored(ctx());
    expect(await pendingTags()).toEqual([]);
    await expect(p.testKey(ctx(), { ...key })).resolves.toBeUndefined();
  });

  it('on a retried create, deletes the key an earlier attempt minted but never stored', async () => {
    const current = await existingKey();
    const p = provider();
    const lost = await p.createKey(ctx({ currentKeyId: current }));
    const again = await p.createKey(ctx({ currentKeyId: current }));
    const ids = (await userKeys()).map((k) => k.AccessKeyId).sort();
    expect(ids).toEqual([current, again.keyId].sort());
    expect(ids).not.toContain(lost.keyId);
  });

  it('after a crash between minting and tagging the id, deletes the keys made since the minting tag', async () => {
    const current = await existingKey();
    await iam.send(
      new TagUserCommand({
        UserName: USER,
        Tags: [{ Key: pendingTagKey(TOKEN), Value: `minting:${Math.floor(Date.now() / 1000)}` }],
      }),
    );
    const orphan = await existingKey();
    const key = await provider().createKey(ctx({ currentKeyId: current }));
    const ids = (await userKeys()).map((k) => k.AccessKeyId);
    expect(ids).not.toContain(orphan);
    expect(ids).toContain(key.keyId);
  });

  it('discards the key a given-up token minted and drops its tag, leaving the current key', async () => {
    const current = await existingKey();
    const p = provider();
    const lost = await p.createKey(ctx({ currentKeyId: current }));

    await p.discardUnstored(ctx({ currentKeyId: current }));
    await p.discardUnstored(ctx({ currentKeyId: current }));

    expect((await userKeys()).map((k) => k.AccessKeyId)).toEqual([current]);
    expect((await userKeys()).map((k) => k.AccessKeyId)).not.toContain(lost.keyId);
    expect(await pendingTags()).toEqual([]);
  });

  it('never deletes the previous key to make room: refuses with both key ids named', async () => {
    const previous = await existingKey();
    const current = await existingKey();
    const err = await provider()
      .createKey(ctx({ currentKeyId: current, previousKeyId: previous }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderLimitError);
    expect((err as Error).message).toContain(`${previous} (AWSPREVIOUS`);
    expect((err as Error).message).toContain(`${current} (AWSCURRENT)`);
    expect(await userKeys()).toHaveLength(2);
    expect(await pendingTags()).toEqual([]);
  });

  it('refuses when a stray key that is no version of the secret is in the way', async () => {
    const current = await existingKey();
    const stray = await existingKey();
    await expect(provider().createKey(ctx({ currentKeyId: current }))).rejects.toThrow(
      new RegExp(`${stray} \\(Active, not a version of rekey/agents/iam\\)`),
    );
  });

  it('revokes in two phases: Inactive (revoked), then deleted; replays succeed', async () => {
    const current = await existingKey();
    const p = provider();
    const key = await p.createKey(ctx({ currentKeyId: current }));
    await p.revokeKey(ctx({ currentKeyId: current }), { keyId: key.keyId });
    expect(await p.isRevoked(ctx(), { keyId: key.keyId })).toBe(true);
    await expect(p.testKey(ctx(), { ...key })).rejects.toThrow(/is Inactive/);
    await p.deleteKey(ctx({ currentKeyId: current }), { keyId: key.keyId });
    await p.deleteKey(ctx({ currentKeyId: current }), { keyId: key.keyId });
    await p.revokeKey(ctx({ currentKeyId: current }), { keyId: key.keyId });
    expect((await userKeys()).map((k) => k.AccessKeyId)).toEqual([current]);
    expect(await pendingTags()).toEqual([]);
  });

  it('refuses to deactivate the key AWSCURRENT holds', async () => {
    const current = await existingKey();
    await expect(provider().revokeKey(ctx({ currentKeyId: current }), { keyId: current })).rejects.toThrow(
      /AWSCURRENT/,
    );
  });

  it('reports last use (none yet for a fresh key) and tolerates a key that is gone', async () => {
    const p = provider();
    const current = await existingKey();
    const used = await p.lastUsed(ctx(), { keyId: current });
    expect(used === undefined || used instanceof Date).toBe(true);
    expect(await p.lastUsed(ctx(), { keyId: 'AKIAIOSFODNN7GONEGONE' })).toBeUndefined();
  });

  it('rejects a key that signs as another identity', async () => {
    const p = provider();
    const key = await p.createKey(ctx());
    const other = provider(
      (credentials) =>
        new STSClient({
          endpoint: moto.endpoint,
          region: 'us-east-1',
          credentials: { ...credentials, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
        }),
    );
    await expect(other.testKey(ctx(), { ...key })).rejects.toThrow(/not as user agent-fleet/);
  });
});

describe('AwsIamProvider testKey while a new key propagates (STS mocked)', () => {
  it('retries InvalidClientTokenId with backoff and passes once STS accepts the key', async () => {
    const p0 = provider();
    const key = await p0.createKey(ctx());
    const sts = mockClient(STSClient);
    const refused = Object.assign(new Error('The security token included in the request is invalid.'), {
      name: 'InvalidClientTokenId',
    });
    sts
      .on(GetCallerIdentityCommand)
      .rejectsOnce(refused)
      .rejectsOnce(refused)
      .resolves({ Arn: `arn:aws:iam::123456789012:user/${USER}` });
    const sleeps: number[] = [];
    await provider(() => new STSClient({}), sleeps).testKey(ctx(), { ...key });
    expect(sleeps).toEqual([375, 750]);
    sts.restore();
  });

  it('declares KeyRejected once the propagation budget is spent', async () => {
    const key = await provider().createKey(ctx());
    const sts = mockClient(STSClient);
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('signature does not match'), { name: 'SignatureDoesNotMatch' }));
    const sleeps: number[] = [];
    const err = await provider(() => new STSClient({}), sleeps)
      .testKey(ctx(), { ...key })
      .catch((e: unknown) => e);
    sts.restore();
    expect(err).toBeInstanceOf(KeyRejectedError);
    expect((err as Error).message).toContain('SignatureDoesNotMatch');
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
    expect(sleeps.length).toBeGreaterThanOrEqual(3);
  });
});

describe('mapIamError', () => {
  it('maps IAM error names to provider errors', () => {
    const named = (name: string) => Object.assign(new Error(name), { name });
    expect(mapIamError('aws-iam', 'op', named('NoSuchEntity'))).toBeInstanceOf(ProviderNotFoundError);
    expect(mapIamError('aws-iam', 'op', named('LimitExceeded'))).toBeInstanceOf(ProviderLimitError);
    expect(mapIamError('aws-iam', 'op', named('Throttling'))).toBeInstanceOf(ProviderRateLimitedError);
  });

  it("maps moto's own two-keys refusal to ProviderLimitError", async () => {
    await existingKey();
    await existingKey();
    const once = new IAMClient({ endpoint: moto.endpoint, region: 'us-east-1', maxAttempts: 1 });
    const err = await once.send(new CreateAccessKeyCommand({ UserName: USER })).catch((e: unknown) => e);
    expect(mapIamError('aws-iam', 'CreateAccessKey', err)).toBeInstanceOf(ProviderLimitError);
  });
});
