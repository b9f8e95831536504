import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparePoolSecretName } from '../../../contract/providers';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { ANTHROPIC_KEY, type CliHarness, startCliHarness } from './support';

/**
 * Anthropic keys rotated with no one awake, in the local stack with IAM enforced: the operator stocks the spare pool
 * with `rekey put --spare` (signed as the operator, under the operator policy), a scanner reports the current key,
 * and the intake's emergency rotation (the rotation function as its synthesized role) activates a spare, makes it
 * current, and the revocation workflow deactivates and archives the exposed key. No `rekey put`.
 */
let h: CliHarness;
const SECRET = `rekey/${ANTHROPIC_KEY}`;
const POOL = sparePoolSecretName(SECRET);

beforeAll(async () => {
  h = await startCliHarness();
});

afterAll(async () => {
  await h?.stop();
});

/** A custom scanner finding naming the key by fingerprint, handed to the real intake (its role) as EventBridge would. */
async function report(leaked: string, findingId: string): Promise<unknown> {
  const event = {
    version: '0',
    id: `event-${findingId}`,
    'detail-type': 'Secret Exposed',
    source: 'rekey.scanner',
    account: '123456789012',
    time: new Date().toISOString(),
    region: h.env.deployment.region,
    resources: [],
    detail: { findingId, source: 'ci-scan', fingerprint: fingerprint(leaked), abuse: false },
  };
  const result = await h.env.invoke('intake', event);
  // Not env.idle(): the first key's scheduled revocation waits for minutes in this harness.
  await h.env.rotations.idle();
  return result;
}

/** Polls the inventory until the version is revoked (its emergency revocation ran), or fails after 20 s. */
async function revoked(secretName: string, versionId: string): Promise<void> {
  const ctx = await h.context();
  const deadline = Date.now() + 20_000;
  while ((await ctx.inventory.getVersion(secretName, versionId))?.status !== 'revoked') {
    if (Date.now() > deadline) throw new Error(`version ${versionId} of ${secretName} was not revoked in 20 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const smAs = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new SecretsManagerClient({ endpoint: h.env.endpoint, region: h.env.deployment.region, credentials });

const errorName = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: Error) => err.name,
  );

describe('an exposed anthropic key with spares in its pool', () => {
  it('is replaced from the pool and ends inactive or archived, with no rekey put', async () => {
    const first = h.anthropic.state.createKeyInConsole({ name: 'current' });
    const put = await h.run(['put', ANTHROPIC_KEY, '--local', h.stateFile], first.apiKey);
    expect(put.code, put.out.text()).toBe(0);
    const spares = [
      h.anthropic.state.createKeyInConsole({ name: 'spare 1' }),
      h.anthropic.state.createKeyInConsole({ name: 'spare 2' }),
    ];
    const stocked = [];
    for (const spare of spares)
      stocked.push(await h.run(['put', ANTHROPIC_KEY, '--spare', '--local', h.stateFile], spare.apiKey));
    const exposed = await h.current(ANTHROPIC_KEY);

    await report(exposed.apiKey, 'spare-pool-1');
    await revoked(SECRET, exposed.versionId);

    for (const s of stocked) expect(s.code, s.out.text()).toBe(0);
    expect(stocked[0]?.out.stdout).toContain(`The pool of ${ANTHROPIC_KEY} holds 1 spare (floor 2).`);
    expect(stocked[0]?.out.stderr.join('\n')).toContain('below its floor of 2');
    expect(stocked[1]?.out.stdout).toContain(`The pool of ${ANTHROPIC_KEY} holds 2 spares (floor 2).`);
    const after = await h.current(ANTHROPIC_KEY);
    expect(after.versionId).not.toBe(exposed.versionId);
    expect(after.apiKey).toBe(spares[0]?.apiKey);
    expect(h.anthropic.state.isLive(spares[0]?.apiKey ?? '')).toBe(true);
    expect(['inactive', 'archived']).toContain(h.anthropic.state.keys.get(first.keyId)?.status);
    expect(h.anthropic.state.keys.get(spares[1]?.keyId ?? '')?.status).toBe('inactive');
    const ctx = await h.context();
    const item = await ctx.inventory.getVersion(SECRET, exposed.versionId);
    expect(item?.status).toBe('revoked');
    expect((await ctx.inventory.getVersion(SECRET, after.versionId))?.mode).toBe('emergency');
    const pool = JSON.parse((await h.sm.send(new GetSecretValueCommand({ SecretId: POOL }))).SecretString ?? '{}') as {
      spares: { keyId: string }[];
      taken: { keyId: string; token: string }[];
    };
    expect(pool.spares.map((s) => s.keyId)).toEqual([spares[1]?.keyId]);
    expect(pool.taken).toEqual([expect.objectContaining({ keyId: spares[0]?.keyId, token: after.versionId })]);
    for (const text of [put.out.text(), ...stocked.map((s) => s.out.text())]) {
      for (const key of [first.apiKey, ...spares.map((s) => s.apiKey)]) expect(text).not.toContain(key);
    }
  });

  it('is not a managed key to rekey status', async () => {
    const { code, out } = await h.run(['status', '--json', '--local', h.stateFile]);

    expect(code, out.text()).toBe(0);
    const keys = (JSON.parse(out.stdout.join('\n')) as { key: string; secretName?: string }[]).map((s) => s.key);
    expect(keys).toContain(ANTHROPIC_KEY);
    expect(keys.some((k) => k.includes('rekey-spares'))).toBe(false);
  });
});

describe('the spare pool under IAM', () => {
  it("refuses the key's own fleet's agents a read of the pool, while they read the key itself", async () => {
    const agent = smAs(h.env.agentCredentials('research'));

    const pool = await errorName(agent.send(new GetSecretValueCommand({ SecretId: POOL })));
    const key = await errorName(
      agent.send(new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' })),
    );

    expect(pool).toBe('AccessDeniedException');
    expect(key).toBe('ok');
  });

  it("refuses another fleet's agents, and every agent a write to the pool", async () => {
    const support = smAs(h.env.agentCredentials('support'));
    const research = smAs(h.env.agentCredentials('research'));

    const read = await errorName(support.send(new GetSecretValueCommand({ SecretId: POOL })));
    const write = await errorName(
      research.send(new PutSecretValueCommand({ SecretId: POOL, SecretString: '{"spares":[]}' })),
    );

    expect(read).toBe('AccessDeniedException');
    expect(write).toBe('AccessDeniedException');
  });

  it('refuses the intake and revocation functions the pool: only the rotation function and the operator use it', async () => {
    const roleOf = (fn: string) =>
      h.env.deployment.iam.roleOfFunction(h.env.deployment.functions[fn] ?? '').credentials;

    const intake = await errorName(smAs(roleOf('intake')).send(new GetSecretValueCommand({ SecretId: POOL })));
    const revocation = await errorName(smAs(roleOf('revocation')).send(new GetSecretValueCommand({ SecretId: POOL })));
    const operator = await errorName(
      smAs(h.env.operatorCredentials).send(new GetSecretValueCommand({ SecretId: POOL })),
    );

    expect(intake).toBe('AccessDeniedException');
    expect(revocation).toBe('AccessDeniedException');
    expect(operator).toBe('ok');
  });
});
