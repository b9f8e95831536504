import { randomUUID } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../../lambdas/common/inventory';
import type { ProviderName } from '../../../lambdas/common/secret-value';
import {
  KeyRejectedError,
  ManualKeyRequiredError,
  ProviderError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
} from '../../../lambdas/providers/errors';
import { supplyManualKey } from '../../../lambdas/rotation/manual';
import { type RotationDeps, rotate } from '../../../lambdas/rotation/rotate';
import { Crasher } from '../../faults/crash';
import {
  crashingDeps,
  currentOf,
  type FaultEnv,
  newScenario,
  PREFIX,
  type Scenario,
  startFaultEnv,
} from '../../faults/env';
import { type Moto, startMoto } from '../../support/moto';

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

let moto: Moto;
let env: FaultEnv;
let deps: RotationDeps;

beforeAll(async () => {
  moto = await startMoto();
  env = await startFaultEnv(moto);
  deps = crashingDeps(env, new Crasher(), env.rotation.sfn);
});
afterAll(async () => {
  await env?.close();
  await moto?.stop();
});
beforeEach(() => {
  env.executionsStarted.length = 0;
  for (const fake of [env.openai, env.anthropic, env.http]) fake.state.clearFaults();
});

const run = (scenario: Scenario, step: (typeof STEPS)[number], token: string) =>
  rotate({ step, secretId: scenario.secretName, token }, deps);

async function rotateFully(scenario: Scenario, token: string): Promise<void> {
  for (const step of STEPS) await run(scenario, step, token);
}

async function stagesOf(scenario: Scenario) {
  return (await env.sm.send(new DescribeSecretCommand({ SecretId: scenario.secretName }))).VersionIdsToStages ?? {};
}

/** Every live key is AWSCURRENT's, AWSPREVIOUS's, or one whose revocation workflow was started; none is pending. */
async function expectNoOrphans(scenario: Scenario): Promise<void> {
  const stages = await stagesOf(scenario);
  expect(Object.values(stages).some((labels) => labels.includes('AWSPENDING'))).toBe(false);
  const inventory = new Inventory(env.doc, env.tableName);
  const allowedVersions = new Set(
    Object.entries(stages)
      .filter(([, labels]) => labels.includes('AWSCURRENT') || labels.includes('AWSPREVIOUS'))
      .map(([id]) => id),
  );
  for (const started of env.executionsStarted) {
    const input = JSON.parse(started.input) as { secretName: string; oldVersionId: string };
    if (input.secretName === scenario.secretName) allowedVersions.add(input.oldVersionId);
  }
  const allowedKeys = new Set<string>();
  for (const item of await inventory.listVersions(scenario.secretName)) {
    if (allowedVersions.has(item.versionId) && item.keyId) allowedKeys.add(item.keyId);
  }
  for (const keyId of await scenario.liveKeyIds()) expect(allowedKeys).toContain(keyId);
  const current = await currentOf(env, scenario.secretName);
  expect(await scenario.isLive(current.value.apiKey, current.value.keyId)).toBe(true);
}

describe('two rotations racing on one secret', () => {
  for (const provider of ['http', 'openai', 'aws-iam', 'generated'] as ProviderName[]) {
    it(`step by step in lockstep, leave ${provider} with one tested key current and no orphan`, async () => {
      const scenario = await newScenario(env, provider);
      const [a, b] = [randomUUID(), randomUUID()];
      for (const step of STEPS) {
        await Promise.allSettled([run(scenario, step, a), run(scenario, step, b)]);
      }
      // Secrets Manager retries a failed rotation: the loser's replay must change nothing.
      for (const token of [a, b]) {
        for (const step of STEPS) await run(scenario, step, token).catch(() => undefined);
      }
      const current = await currentOf(env, scenario.secretName);
      expect([a, b, scenario.oldVersionId]).toContain(current.versionId);
      await expectNoOrphans(scenario);
    });
  }

  it('whole rotations started together end with no orphan (http, 5 interleavings)', async () => {
    for (let i = 0; i < 5; i++) {
      const scenario = await newScenario(env, 'http');
      env.http.state.inject({ method: 'POST', delayMs: 5 * i, nth: 1 });
      await Promise.allSettled([rotateFully(scenario, randomUUID()), rotateFully(scenario, randomUUID())]);
      await expectNoOrphans(scenario);
    }
  });
});

describe('a key that fails testSecret', () => {
  it('is revoked, AWSCURRENT is untouched, and the next rotation starts cleanly (openai)', async () => {
    const scenario = await newScenario(env, 'openai');
    const token = randomUUID();
    await run(scenario, 'createSecret', token);
    await run(scenario, 'setSecret', token);
    // The account disappears at the provider before the test (someone deleted it in the dashboard).
    for (const sa of env.openai.state.serviceAccounts.values()) {
      if (sa.projectId === scenario.options.projectId) env.openai.state.serviceAccounts.delete(sa.id);
    }
    for (const key of [...env.openai.state.keys.values()]) {
      if (key.projectId === scenario.options.projectId && key.owner.type === 'service_account') {
        env.openai.state.keys.delete(key.id);
      }
    }
    await expect(run(scenario, 'testSecret', token)).rejects.toBeInstanceOf(KeyRejectedError);
    expect((await currentOf(env, scenario.secretName)).versionId).toBe(scenario.oldVersionId);
    expect((await new Inventory(env.doc, env.tableName).getVersion(scenario.secretName, token))?.status).toBe(
      'abandoned',
    );
    await expect(run(scenario, 'finishSecret', token)).rejects.toThrow(/no longer AWSPENDING/);

    const next = randomUUID();
    await rotateFully(scenario, next);
    expect((await currentOf(env, scenario.secretName)).versionId).toBe(next);
    await expectNoOrphans(scenario);
  });
});

describe('provider faults during a rotation', () => {
  it('a 5xx outage fails createSecret retryably, and the replay mints exactly one key', async () => {
    const scenario = await newScenario(env, 'http');
    const token = randomUUID();
    const remove = env.http.state.inject({ method: 'POST', status: 503 });
    await expect(run(scenario, 'createSecret', token)).rejects.toBeInstanceOf(ProviderUnavailableError);
    remove();
    await rotateFully(scenario, token);
    expect((await scenario.liveKeyIds()).length).toBe(2);
    await expectNoOrphans(scenario);
  });

  it('a long Retry-After fails the step at once with the wait it asked for', async () => {
    const scenario = await newScenario(env, 'openai');
    env.openai.state.inject({ method: 'GET', path: /service_accounts$/, status: 429, retryAfter: 120 });
    const started = Date.now();
    const err = await run(scenario, 'createSecret', randomUUID()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderRateLimitedError);
    expect((err as ProviderRateLimitedError).retryAfterMs).toBe(120_000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a request that hangs times out as ProviderUnavailableError and the rotation then completes', async () => {
    const scenario = await newScenario(env, 'http');
    const token = randomUUID();
    const impatient = crashingDeps(env, new Crasher(), env.rotation.sfn, 200);
    env.http.state.inject({ method: 'POST', delayMs: 400, times: 3 });
    await expect(rotate({ step: 'createSecret', secretId: scenario.secretName, token }, impatient)).rejects.toThrow(
      /timed out after 200 ms/,
    );
    env.http.state.clearFaults();
    await rotateFully(scenario, token);
    await expectNoOrphans(scenario);
  });
});

describe('the operator path for Anthropic', () => {
  const supplyDeps = () => ({
    sm: deps.sm,
    inventory: deps.inventory,
    providerFor: deps.providerFor,
    secretPrefix: PREFIX,
  });

  it('waits for rekey put, then the next attempt of the rotation completes with the supplied key', async () => {
    const scenario = await newScenario(env, 'anthropic');
    const token = randomUUID();
    await expect(run(scenario, 'createSecret', token)).rejects.toBeInstanceOf(ManualKeyRequiredError);
    const made = env.anthropic.state.createKeyInConsole({ workspaceId: scenario.options.workspaceId as string });
    const result = await supplyManualKey(
      { secretId: scenario.secretName, apiKey: `${made.apiKey}\n`, token },
      supplyDeps(),
    );
    expect(result).toMatchObject({ versionId: token, keyId: made.keyId, outcome: 'stored' });
    expect((await stagesOf(scenario))[token]).toEqual(['AWSPENDING']);

    expect(await run(scenario, 'createSecret', token)).toBe('already-created');
    for (const step of ['setSecret', 'testSecret', 'finishSecret'] as const) await run(scenario, step, token);
    const current = await currentOf(env, scenario.secretName);
    expect(current.value.keyId).toBe(made.keyId);
    expect((await supplyManualKey({ secretId: scenario.secretName, apiKey: made.apiKey }, supplyDeps())).outcome).toBe(
      'already-current',
    );
  });

  it("reports the key current when Secrets Manager's own retry finishes the rotation while rekey put continues it", async () => {
    const scenario = await newScenario(env, 'anthropic');
    const made = env.anthropic.state.createKeyInConsole({ workspaceId: scenario.options.workspaceId as string });
    let raced = false;
    // The retry runs all four steps just before this process's testSecret reads AWSPENDING.
    const racing = {
      send: async (command: Parameters<SecretsManagerClient['send']>[0]) => {
        const input = command.input as { VersionStage?: string; VersionId?: string };
        if (!raced && command instanceof GetSecretValueCommand && input.VersionStage === 'AWSPENDING') {
          raced = true;
          const token = input.VersionId ?? '';
          for (const step of STEPS) await rotate({ step, secretId: scenario.secretName, token }, deps);
        }
        return deps.sm.send(command as GetSecretValueCommand);
      },
    } as unknown as SecretsManagerClient;

    const result = await supplyManualKey(
      { secretId: scenario.secretName, apiKey: made.apiKey },
      { ...supplyDeps(), rotation: { ...deps, sm: racing } },
    );

    expect(raced).toBe(true);
    expect(result.outcome).toBe('already-current');
    expect((await currentOf(env, scenario.secretName)).value.keyId).toBe(made.keyId);
    await expectNoOrphans(scenario);
  });

  it('writes nothing for a key the organisation does not have, or one from another workspace', async () => {
    const scenario = await newScenario(env, 'anthropic');
    await expect(
      supplyManualKey({ secretId: scenario.secretName, apiKey: `sk-ant-api03-${'Z'.repeat(93)}AA` }, supplyDeps()),
    ).rejects.toBeInstanceOf(ProviderError);
    const elsewhere = env.anthropic.state.createKeyInConsole({ workspaceId: 'wrkspc_other' });
    await expect(
      supplyManualKey({ secretId: scenario.secretName, apiKey: elsewhere.apiKey }, supplyDeps()),
    ).rejects.toThrow(/no active key/);
    expect(Object.keys(await stagesOf(scenario))).toEqual([...scenario.priorVersionIds, scenario.oldVersionId]);
  });

  it('continues the rotation in process when given the rotation dependencies', async () => {
    const scenario = await newScenario(env, 'anthropic');
    const made = env.anthropic.state.createKeyInConsole({ workspaceId: scenario.options.workspaceId as string });
    const result = await supplyManualKey(
      { secretId: scenario.secretName, apiKey: made.apiKey },
      { ...supplyDeps(), rotation: deps },
    );
    expect(result.steps.map((s) => s.outcome)).toEqual(['already-created', 'set', 'tested', 'finished']);
    expect((await currentOf(env, scenario.secretName)).versionId).toBe(result.versionId);
    await expectNoOrphans(scenario);
  });
});
