import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyReportAliasOutputName } from '../../../contract';
import { type FakeServer, startFakeHttpProvider } from '../../../local/emulator/fake-providers';
import type { FakeHttpState } from '../../../local/emulator/fake-providers/http';
import { lambdaDeadKeyReporter } from '../../../packages/client/src/dead-key-report';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { RotatingSecret } from '../../../packages/client/src/rotating-secret';
import { memoryLogger } from '../../unit/client/support/memory-logger';
import { type Harness, startHarness } from '../revocation/support';

/**
 * A key that dies under the fleet heals itself, in the local stack with IAM enforced: the provider disables the
 * AWSCURRENT key out of band, agents fail, report it (as their fleet's agent principal, lambda:InvokeFunction on the
 * report function), rekey's report function confirms it at the provider (as its own role) and starts an emergency
 * rotation, and the agents move to the new key.
 */
let h: Harness;
let fake: FakeServer<FakeHttpState>;
const ADMIN_SECRET = 'it/heal-admin';

beforeAll(async () => {
  fake = await startFakeHttpProvider();
  const http = (name: string) => ({
    name,
    provider: 'http' as const,
    options: { baseUrl: fake.url },
    adminSecretName: ADMIN_SECRET,
    fleets: ['healers'],
  });
  h = await startHarness({
    keys: [http('heal/dies'), http('heal/alive'), { name: 'heal/other', provider: 'generated', fleets: ['others'] }],
    fleets: [{ name: 'healers' }, { name: 'others' }],
    verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 60, maxRounds: 3, deleteGraceSeconds: 60 },
  });
  await h.env.secretsManager.send(new CreateSecretCommand({ Name: ADMIN_SECRET, SecretString: fake.state.adminKey }));
  for (const key of ['heal/dies', 'heal/alive']) {
    await h.env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName(key), RotateImmediately: true }));
  }
  await h.env.idle();
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

const secretName = (key: string) => h.env.deployment.secrets[key]?.name ?? '';
/** The report function's alias `fleet`'s agents invoke: the stack output KeyReportAliasArn<Fleet>, resolved. */
const reportAlias = (fleet: string) => {
  const outputs = (h.env.deployment.template as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {};
  return String(h.env.deployment.resolver.resolve(outputs[keyReportAliasOutputName(fleet)]?.Value));
};
const reportFunction = () => reportAlias('healers');
const unqualifiedFunction = () => h.env.functions['key-report']?.arn ?? '';
const agentConfig = (fleet: string) => ({
  endpoint: h.env.endpoint,
  region: h.env.deployment.region,
  credentials: h.env.agentCredentials(fleet),
});

async function current(key: string): Promise<{ versionId: string; apiKey: string }> {
  const out = await h.env.secretsManagerDirect.send(
    new GetSecretValueCommand({ SecretId: secretName(key), VersionStage: 'AWSCURRENT' }),
  );
  return { versionId: out.VersionId ?? '', apiKey: JSON.parse(out.SecretString ?? '{}').apiKey };
}

async function versionCount(key: string): Promise<number> {
  const out = await h.env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: secretName(key) }));
  return Object.keys(out.VersionIdsToStages ?? {}).length;
}

/**
 * Invokes the report function as `fleet`'s agent, through its own fleet's alias unless `functionName` names another
 * target; answers its result, or the error name.
 */
async function reportAs(fleet: string, payload: unknown, functionName = reportAlias(fleet)): Promise<string> {
  try {
    const out = await new LambdaClient(agentConfig(fleet)).send(
      new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
    );
    return JSON.parse(new TextDecoder().decode(out.Payload)).outcome;
  } catch (err) {
    return (err as Error).name;
  }
}

class Unauthorized extends Error {
  readonly status = 401;
  constructor() {
    super('401 from the provider');
    this.name = 'Unauthorized';
  }
}

describe('a current key the provider kills, with IAM enforced', () => {
  it('is reported by the failing agents, confirmed, rotated in emergency mode once, and the fleet heals', async () => {
    // Arrange: ten agents of the fleet working through the provider with the current key.
    const dying = await current('heal/dies');
    const versionsBefore = await versionCount('heal/dies');
    const logger = memoryLogger();
    const agents = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        RotatingSecret.open({
          secretId: secretName('heal/dies'),
          client: new SecretsManagerClient(agentConfig('healers')),
          pollIntervalMs: 0,
          retryCooldownMs: 100,
          agentId: `healers/pod-${i}`,
          logger,
          deadKeyReporter: lambdaDeadKeyReporter({
            client: new LambdaClient(agentConfig('healers')),
            functionName: reportFunction(),
          }),
        }),
      ),
    );
    const requests: { at: number; ok: boolean }[] = [];
    const stop = { done: false };
    const work = agents.map(async (agent) => {
      while (!stop.done) {
        const at = Date.now();
        const ok = await agent
          .withKey(async (k) => {
            const res = await fetch(`${fake.url}/whoami`, { headers: { authorization: `Bearer ${k}` } });
            await res.arrayBuffer();
            if (res.status === 401) throw new Unauthorized();
          })
          .then(
            () => true,
            () => false,
          );
        requests.push({ at, ok });
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Act: the provider disables the key on its own (a push to a public repository, say).
    const killedAt = Date.now();
    for (const key of fake.state.keys.values()) if (key.value === dying.apiKey) key.revoked = true;
    let currentAt = 0;
    while (Date.now() - killedAt < 60_000) {
      const now = await current('heal/dies');
      if (!currentAt && now.versionId !== dying.versionId) currentAt = Date.now();
      if (currentAt && agents.every((a) => a.versionId === now.versionId)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    stop.done = true;
    await Promise.all(work);
    await Promise.all(agents.map((a) => a.close()));
    await h.env.idle();

    // Assert
    const healed = await current('heal/dies');
    const failed = requests.filter((r) => !r.ok);
    const failedAfterCurrent = failed.filter((r) => r.at > currentAt + 200);
    process.stderr.write(
      `killed at ${new Date(killedAt).toISOString()}; dead key: ${failed.length} failed of ${requests.length} requests; new key current ${currentAt - killedAt} ms after the kill; ${failedAfterCurrent.length} failed once it was\n`,
    );
    expect(currentAt).toBeGreaterThan(0);
    expect(healed.versionId).not.toBe(dying.versionId);
    expect(fake.state.isLive(healed.apiKey)).toBe(true);
    expect(agents.every((a) => a.versionId === healed.versionId)).toBe(true);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.at >= killedAt - 100)).toBe(true);
    expect(failedAfterCurrent).toEqual([]);
    expect(await versionCount('heal/dies')).toBe(versionsBefore + 1);
    const item = await h.inventory.getVersion(secretName('heal/dies'), healed.versionId);
    expect(item?.mode).toBe('emergency');
    const logs = h.output.join('');
    expect(logs.match(/provider rejects the current key; starting an emergency rotation/g)?.length).toBe(1);
    expect(logs).not.toContain(dying.apiKey);
    expect(logs).not.toContain(healed.apiKey);
    expect(logger.text()).not.toContain(dying.apiKey);
  }, 120_000);
});

describe('the report function under attack, with IAM enforced', () => {
  it('refuses the operator, who holds no agent policy (AccessDeniedException)', async () => {
    const alive = await current('heal/alive');
    const client = new LambdaClient({
      endpoint: h.env.endpoint,
      region: h.env.deployment.region,
      credentials: h.env.operatorCredentials,
    });

    const answer = await client
      .send(
        new InvokeCommand({
          FunctionName: reportFunction(),
          Payload: new TextEncoder().encode(
            JSON.stringify({
              secretName: secretName('heal/alive'),
              versionId: alive.versionId,
              fingerprint: fingerprint(alive.apiKey),
              agentId: 'x',
            }),
          ),
        }),
      )
      .then(
        () => 'ok',
        (err: Error) => err.name,
      );

    expect(answer).toBe('AccessDeniedException');
  });

  it("refuses an agent invoking another fleet's alias (IAM: AccessDeniedException)", async () => {
    const alive = await current('heal/alive');
    const report = {
      secretName: secretName('heal/alive'),
      versionId: alive.versionId,
      fingerprint: fingerprint(alive.apiKey),
      agentId: 'others/pod-1',
    };

    const answer = await reportAs('others', report, reportAlias('healers'));

    expect(answer).toBe('AccessDeniedException');
  });

  it('refuses an agent invoking the function unqualified, even its own fleet (IAM: AccessDeniedException)', async () => {
    const alive = await current('heal/alive');

    const answer = await reportAs(
      'healers',
      {
        secretName: secretName('heal/alive'),
        versionId: alive.versionId,
        fingerprint: fingerprint(alive.apiKey),
        agentId: 'x',
      },
      unqualifiedFunction(),
    );

    expect(answer).toBe('AccessDeniedException');
  });

  it("answers wrong-fleet to a report through an agent's own alias about another fleet's key, testing nothing", async () => {
    const alive = await current('heal/alive');
    const versions = await versionCount('heal/alive');
    const testsBefore = fake.state.callCount({ method: 'GET', path: '/whoami' });
    const logsBefore = h.output.join('').length;

    const answer = await reportAs('others', {
      secretName: secretName('heal/alive'),
      versionId: alive.versionId,
      fingerprint: fingerprint(alive.apiKey),
      agentId: 'others/pod-1',
    });

    expect(answer).toBe('wrong-fleet');
    expect(fake.state.callCount({ method: 'GET', path: '/whoami' })).toBe(testsBefore);
    expect(await versionCount('heal/alive')).toBe(versions);
    expect(h.output.join('').slice(logsBefore)).toContain('WrongFleetReportError');
  });

  it('rotates nothing for a report naming a key the provider accepts, and checks a flood of them once', async () => {
    const alive = await current('heal/alive');
    const versions = await versionCount('heal/alive');
    const report = {
      secretName: secretName('heal/alive'),
      versionId: alive.versionId,
      fingerprint: fingerprint(alive.apiKey),
    };
    const testsBefore = fake.state.callCount({ method: 'GET', path: '/whoami' });

    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => reportAs('healers', { ...report, agentId: `healers/liar-${i}` })),
    );
    await h.env.idle();

    expect(answers.filter((a) => a === 'alive')).toHaveLength(1);
    expect(answers.every((a) => ['alive', 'duplicate', 'TooManyRequestsException'].includes(a))).toBe(true);
    expect(fake.state.callCount({ method: 'GET', path: '/whoami' }) - testsBefore).toBe(1);
    expect(await versionCount('heal/alive')).toBe(versions);
    expect((await current('heal/alive')).versionId).toBe(alive.versionId);
  });
});
