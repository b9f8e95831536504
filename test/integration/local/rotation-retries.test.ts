import { CreateSecretCommand, GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RekeyConfigInput } from '../../../lib/config';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/emulator/environment';
import { type FakeOpenAiState, type FakeServer, startFakeOpenAi } from '../../../local/emulator/fake-providers';
import {
  LocalRotationService,
  type RotationStepName,
  SECRETS_MANAGER_ROTATION_RETRY,
} from '../../../local/emulator/rotation-service';
import { revocationRunner } from '../../../local/emulator/state-machine';

/**
 * Secrets Manager's retries of a failed rotation in the local stack, with IAM enforced: every step is the real
 * rotation handler, run as its role, against a fake OpenAI Admin API that records every key it issues. A retried
 * rotation starts again from createSecret with the same token. Each provider is idempotent under retry, so a
 * rotation that failed after a step had done its work mints no second key.
 */
const ADMIN_SECRET = 'admin/openai';
const KEY = 'retries/openai';

let openai: FakeServer<FakeOpenAiState>;
let env: LocalEnvironment;

beforeAll(async () => {
  openai = await startFakeOpenAi();
  const config: RekeyConfigInput = {
    keys: [
      {
        name: KEY,
        provider: 'openai',
        options: { projectId: 'proj_retries', baseUrl: openai.url },
        adminSecretName: ADMIN_SECRET,
        fleets: ['agents'],
      },
    ],
    fleets: [{ name: 'agents' }],
    verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 1, maxRounds: 1, deleteGraceSeconds: 0 },
  };
  env = await startLocalEnvironment({ config, executionRunner: (d) => revocationRunner(d, { waitScale: 0 }) });
  await env.secretsManager.send(new CreateSecretCommand({ Name: ADMIN_SECRET, SecretString: openai.state.adminKey }));
  // The deployment's placeholder replaced by a first key, as CloudFormation's rotation on deploy does.
  await rotateThroughEndpoint();
}, 120_000);

afterAll(async () => {
  await env?.idle();
  await env?.stop();
  await openai?.close();
});

const secretName = () => env.deployment.secrets[KEY]?.name ?? '';

async function rotateThroughEndpoint(): Promise<string> {
  const out = await env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName() }));
  await env.idle();
  return out.VersionId ?? '';
}

async function current(): Promise<{ versionId: string; apiKey: string }> {
  const out = await env.secretsManagerDirect.send(
    new GetSecretValueCommand({ SecretId: secretName(), VersionStage: 'AWSCURRENT' }),
  );
  return { versionId: out.VersionId ?? '', apiKey: JSON.parse(out.SecretString ?? '{}').apiKey as string };
}

/** A Lambda failure after the step has done its work: the sandbox dies before it answers. */
class SandboxCrashError extends Error {
  override readonly name = 'Runtime.ExitError';
}

/** Runs each step with the deployed rotation function, crashing once right after `step` has run. */
function crashingOnceAfter(step: RotationStepName) {
  let crashed = false;
  const seen: string[] = [];
  const invokeRotation: ConstructorParameters<typeof LocalRotationService>[0]['invokeRotation'] = async (event) => {
    seen.push(event.Step);
    const result = await env.invoke('rotation', event);
    if (event.Step === step && !crashed) {
      crashed = true;
      throw new SandboxCrashError(`RequestId: local Error: Runtime exited after ${step}`);
    }
    return result;
  };
  return { invokeRotation, seen };
}

describe("the local stack's Secrets Manager retrying a failed rotation", () => {
  it('retries by default in every deployment, as many times as documented', () => {
    expect(SECRETS_MANAGER_ROTATION_RETRY).toEqual({ attempts: 5, delayMs: 0 });
    expect(env.rotations.retry).toEqual(SECRETS_MANAGER_ROTATION_RETRY);
  });

  it.each(['createSecret', 'setSecret', 'testSecret'] as const)(
    'mints no second key when the rotation is retried after a crash in %s',
    async (step) => {
      const issuedBefore = new Set(openai.state.issued);
      const before = await current();
      const crash = crashingOnceAfter(step);
      const service = new LocalRotationService({ sm: env.secretsManagerDirect, invokeRotation: crash.invokeRotation });

      const { VersionId } = await service.rotateSecret({ SecretId: secretName() });
      await service.idle();
      await env.idle();

      const run = service.runs[0];
      expect(run).toMatchObject({ status: 'succeeded', attempts: 2, token: VersionId });
      const upTo = ['createSecret', 'setSecret', 'testSecret'].indexOf(step) + 1;
      expect(crash.seen).toEqual([
        ...['createSecret', 'setSecret', 'testSecret'].slice(0, upTo),
        'createSecret',
        'setSecret',
        'testSecret',
        'finishSecret',
      ]);
      const minted = [...openai.state.issued].filter((k) => !issuedBefore.has(k));
      const after = await current();
      expect(minted).toHaveLength(1);
      expect(after.versionId).toBe(VersionId);
      expect(after.versionId).not.toBe(before.versionId);
      expect(after.apiKey).toBe(minted[0]);
      expect(openai.state.isLive(after.apiKey)).toBe(true);
    },
  );

  it('retries a rotation whose key test met provider 5xx, through RotateSecret at the endpoint, with one key minted', async () => {
    const issuedBefore = new Set(openai.state.issued);
    const runsBefore = env.rotations.runs.length;
    // Three 503s: every attempt the provider client makes in the first testSecret (DEFAULT_HTTP_POLICY: 3).
    const removeFault = openai.state.inject({ method: 'GET', path: '/v1/models', status: 503, times: 3 });

    const versionId = await rotateThroughEndpoint();
    removeFault();

    const runs = env.rotations.runs.slice(runsBefore);
    expect(runs.map((r) => [r.status, r.attempts])).toEqual([['succeeded', 2]]);
    expect(runs[0]?.steps.map((s) => `${s.step} ${s.ok}`)).toEqual([
      'createSecret true',
      'setSecret true',
      'testSecret false',
      'createSecret true',
      'setSecret true',
      'testSecret true',
      'finishSecret true',
    ]);
    const minted = [...openai.state.issued].filter((k) => !issuedBefore.has(k));
    expect(minted).toHaveLength(1);
    expect(await current()).toEqual({ versionId, apiKey: minted[0] });
  }, 60_000);
});
