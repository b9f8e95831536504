// The handlers' JSON logs and metrics stay out of the test output (read when they load).
import '../../../local/rehearsal/quiet';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onFindingBus } from '../../../local/emulator/deploy';
import { type FakeAnthropicState, startFakeAnthropic } from '../../../local/emulator/fake-providers/anthropic';
import { type FakeOpenAiState, startFakeOpenAi } from '../../../local/emulator/fake-providers/openai';
import type { FakeServer } from '../../../local/emulator/fake-providers/server';
import { type LocalStack, startLocalStack } from '../../../local/emulator/local-stack';
import { type InternalApi, startInternalApi } from '../../../local/rehearsal/internal-api';
import { fingerprint } from '../../../packages/client/src/fingerprint';

/**
 * `rekey agent` (the CLI, as a child process) in front of the local stack with IAM enforced, signing as the support
 * fleet's agent principal, with no stack outputs: real clients no one here wrote (Python urllib, requests and the
 * anthropic SDK) read the key from it and call a provider that accepts only live keys. Across a scheduled rotation
 * and an emergency (a scanner finding) whose old keys are revoked, no request fails, and the old keys end dead.
 */

const PYTHON = process.env.REKEY_PYTHON ?? 'python3';
const AGENT = join(__dirname, '../../e2e/agents/sidecar_agent.py');
const FLEET = 'support';
const KEY = 'agents/support/internal-api';
/** The Python packages the agents import (.ci/run installs them): missing ones fail the suite, never skip it. */
const pythonMissing = spawnSync(PYTHON, ['-c', 'import requests, anthropic, openai'], { encoding: 'utf8' });

interface AgentLine {
  readonly ok?: boolean;
  readonly retried?: boolean;
  readonly versionId?: string;
  readonly sha8?: string;
  readonly error?: string;
  readonly done?: boolean;
}

interface Child {
  readonly proc: ChildProcess;
  readonly lines: AgentLine[];
  stderr: string;
  readonly exited: Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha8 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** This process's environment without its AWS settings (the local stack set them for its handlers). */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AWS_|REKEY_|POWERTOOLS_|HTTPS?_PROXY$|https?_proxy$|ALL_PROXY$)/.test(name)) env[name] = value;
  }
  return {
    ...env,
    NO_PROXY: '127.0.0.1',
    PYTHONUNBUFFERED: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function track(proc: ChildProcess, parse: boolean): Child {
  const child: Child = {
    proc,
    lines: [],
    stderr: '',
    exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))),
  };
  proc.stderr?.on('data', (chunk: Buffer) => {
    child.stderr += chunk.toString();
  });
  if (parse) {
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      child.lines.push(JSON.parse(line) as AgentLine);
    });
  }
  return child;
}

describe('rekey agent with Python agents, across a scheduled rotation and an emergency', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-sidecar-it-'));
  const tokenFile = join(dir, 'token');
  const keyFile = join(dir, 'keys', 'internal-api');
  let stack: LocalStack;
  let api: InternalApi;
  let anthropic: FakeServer<FakeAnthropicState>;
  let openai: FakeServer<FakeOpenAiState>;
  let sidecar: Child;
  let sidecarUrl: string;
  let secretName: string;

  beforeAll(async () => {
    if (pythonMissing.status !== 0) {
      throw new Error(`the Python agents need requests, anthropic and openai (pip install …): ${pythonMissing.stderr}`);
    }
    stack = await startLocalStack({
      config: {
        keys: [{ name: KEY, provider: 'generated', fleets: [FLEET] }],
        fleets: [{ name: FLEET }],
        verification: { scheduledWaitSeconds: 3600, emergencyWaitSeconds: 60 },
      },
      msPerSecond: 0.25,
    });
    const { env } = stack;
    const { deployment } = env;
    secretName = deployment.secrets[KEY]?.name ?? '';
    api = await startInternalApi({ sm: env.secretsManagerDirect, secretNames: [secretName], refreshMs: 20 });
    // The fake Anthropic's /v1/models accepts exactly the keys rekey holds live (Anthropic keys are rotated from a
    // pool of spares, which is built elsewhere; here the generated key plays an Anthropic key).
    anthropic = await startFakeAnthropic();
    anthropic.state.isLive = (apiKey) => api.isLive(apiKey);
    openai = await startFakeOpenAi();
    openai.state.isLive = (apiKey) => api.isLive(apiKey);

    // The sidecar knows only what an agent's pod is given: its flags, an endpoint, its fleet's credentials.
    const credentials = env.agentCredentials(FLEET);
    const queueUrl = (deployment.fleetQueueUrls[FLEET] ?? '').split(deployment.endpoint).join(env.endpoint);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'keys'));
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bin/rekey.ts',
        'agent',
        '--secret',
        secretName,
        '--port',
        '0',
        '--queue-url',
        queueUrl,
        '--table',
        deployment.tableName,
        '--fleet',
        FLEET,
        '--agent-id',
        'support/sidecar-0',
        '--token-file',
        tokenFile,
        '--create-token-file',
        '--file',
        `${secretName}=${keyFile}`,
        '--poll-seconds',
        '300',
      ],
      {
        cwd: join(__dirname, '../../..'),
        env: {
          ...cleanEnvironment(),
          AWS_ENDPOINT_URL: env.endpoint,
          AWS_REGION: deployment.region,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    sidecar = track(proc, false);
    sidecarUrl = await until('the sidecar to listen', 30_000, () => {
      if (proc.exitCode !== null) throw new Error(`rekey agent exited: ${sidecar.stderr}`);
      return /serving 1 secret\(s\) on (http:\/\/127\.0\.0\.1:\d+)/.exec(sidecar.stderr)?.[1];
    });
  }, 90_000);

  afterAll(async () => {
    if (sidecar && sidecar.proc.exitCode === null) {
      sidecar.proc.kill('SIGTERM');
      await sidecar.exited;
    }
    await anthropic?.close();
    await openai?.close();
    await api?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const current = async () =>
    stack.env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSCURRENT' }),
    );
  const keyOf = async (versionId: string) => {
    const out = await stack.env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: secretName, VersionId: versionId }),
    );
    return (JSON.parse(out.SecretString ?? '{}') as { apiKey: string }).apiKey;
  };
  const modelsStatus = async (apiKey: string) =>
    (await fetch(`${anthropic.url}/v1/models`, { headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' } }))
      .status;

  it('refuses a request without the SSRF token and for a secret it does not serve', async () => {
    // Act
    const noToken = await fetch(`${sidecarUrl}/secretsmanager/get?secretId=${encodeURIComponent(secretName)}`);
    const other = await fetch(`${sidecarUrl}/v1/rekey/agents/research/internal-api`, {
      headers: { 'X-Aws-Parameters-Secrets-Token': readFileSync(tokenFile, 'utf8').trim() },
    });

    // Assert
    expect(noToken.status).toBe(403);
    expect(other.status).toBe(400);
    expect(await other.text()).toContain('ResourceNotFoundException');
  });

  it('urllib, requests and the anthropic and openai SDKs make every request, the old keys end dead', async () => {
    // Arrange: the three agents, each keeping its key and asking refreshNow=true only after a 401.
    const { env } = stack;
    const v0 = (await current()).VersionId ?? '';
    const apiUrl = { urllib: api.url, requests: api.url, anthropic: anthropic.url, openai: openai.url };
    const agents = (['urllib', 'requests', 'anthropic', 'openai'] as const).map((kind) =>
      track(
        spawn(PYTHON, [AGENT, kind], {
          env: {
            ...cleanEnvironment(),
            REKEY_SIDECAR_URL: sidecarUrl,
            REKEY_TOKEN_FILE: tokenFile,
            REKEY_SECRET_ID: secretName,
            REKEY_API_URL: apiUrl[kind],
          },
          stdio: ['pipe', 'pipe', 'pipe'],
        }),
        true,
      ),
    );
    try {
      // Four Python processes importing their SDKs (openai and anthropic bring httpx and pydantic): slow on a busy CPU.
      await until('every agent to work', 60_000, () =>
        agents.every((a) => a.lines.some((l) => l.ok)) ? true : undefined,
      );

      // Act 1: a scheduled rotation, then its revocation of v0 after the verification wait.
      await env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName }));
      const v1 = await until('the scheduled rotation', 30_000, async () => {
        const id = (await current()).VersionId;
        return id !== v0 ? id : undefined;
      });
      await env.idle();
      await api.refresh();
      const k0 = await keyOf(v0);
      expect(api.isLive(k0)).toBe(false);
      // Each agent meets v0's 401 and heals onto v1 before the next act (on a fast machine the emergency rotation
      // could otherwise come before an agent's next request, and it would heal straight onto v2).
      await until('every agent on the rotated key', 30_000, () =>
        agents.every((a) => a.lines.some((l) => l.versionId === v1 && l.ok)) ? true : undefined,
      );

      // Act 2: the current key is found leaked; intake rotates it (emergency) and revokes it after the short wait.
      const k1 = await keyOf(v1 ?? '');
      await new EventBridgeClient(env.adminClientConfig).send(
        new PutEventsCommand({
          Entries: onFindingBus(env.deployment, [
            {
              Source: 'rekey.scanner',
              DetailType: 'Secret Exposed',
              Detail: JSON.stringify({
                findingId: `sidecar-it-${Date.now()}`,
                source: 'gitleaks',
                fingerprint: fingerprint(k1),
                location: 'github.com/example/agents@main:.env:3',
              }),
            },
          ]),
        }),
      );
      const v2 = await until('the emergency rotation', 20_000, async () => {
        const id = (await current()).VersionId;
        return id !== v0 && id !== v1 ? id : undefined;
      });
      await env.idle();
      await api.refresh();
      const k2 = await keyOf(v2 ?? '');
      await until('every agent on the newest key', 30_000, () =>
        agents.every((a) => a.lines.filter((l) => l.versionId === v2 && l.ok).length >= 3) ? true : undefined,
      );
      for (const a of agents) a.proc.stdin?.end();
      const codes = await Promise.all(agents.map((a) => a.exited));

      // Assert: no request failed; each agent healed through refreshNow, ending on v2.
      expect(codes, agents.map((a) => a.stderr).join('\n')).toEqual([0, 0, 0, 0]);
      for (const a of agents) {
        const requests = a.lines.filter((l) => !l.done);
        expect(requests.filter((l) => !l.ok)).toEqual([]);
        expect(requests.length).toBeGreaterThan(20);
        expect(new Set(requests.map((l) => l.versionId))).toEqual(new Set([v0, v1, v2]));
        expect(requests.some((l) => l.retried)).toBe(true);
        expect(requests.at(-1)).toMatchObject({ versionId: v2, sha8: sha8(k2) });
      }
      // The old keys are dead at both providers; the new one works.
      expect([api.isLive(k0), api.isLive(k1), api.isLive(k2)]).toEqual([false, false, true]);
      expect([await modelsStatus(k0), await modelsStatus(k1), await modelsStatus(k2)]).toEqual([401, 401, 200]);
      // The key file holds the new key; the sidecar logged no key.
      expect(readFileSync(keyFile, 'utf8')).toBe(`${k2}\n`);
      for (const k of [k0, k1, k2]) expect(sidecar.stderr).not.toContain(k);
      expect(sidecar.stderr).toContain('switched to a new key version');
    } finally {
      for (const a of agents) if (a.proc.exitCode === null) a.proc.kill('SIGKILL');
    }
  }, 150_000);
});
