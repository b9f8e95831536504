// The handlers' JSON logs and metrics stay out of the test output, as for `npm start` (read when they load).
import '../../local/rehearsal/quiet';
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLocally } from '../../local/rehearsal/serve';
import { fingerprint } from '../../packages/client/src/fingerprint';

/**
 * Agents rekey did not write, against `npm start -- --serve`: a boto3 program and the AWS CLI, reading the key the
 * way they do by default (GetSecretValue with no VersionId and no VersionStage), must get AWSCURRENT as AWS gives
 * it, across a scheduled rotation and an emergency one.
 */

const PYTHON = process.env.REKEY_PYTHON ?? 'python3';
const AGENT = join(__dirname, 'agents', 'boto3_agent.py');
const FLEET = 'support';
const SECRET = 'rekey/agents/support/internal-api';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The serve state file, as far as this test reads it. */
interface ServeState {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials?: { readonly admin?: Credentials; readonly agents?: Record<string, Credentials> };
  readonly agentCredentials?: Record<string, Credentials>;
  /** The stack's outputs, resolved: FindingBusName names the bus scanner findings go to. */
  readonly outputs?: Record<string, string>;
}

/** A fleet's agent credentials: its own key pair where the local stack issues them (per-principal IAM), else `local`. */
const agentCredentials = (state: ServeState, fleet: string): Credentials =>
  state.credentials?.agents?.[fleet] ?? state.agentCredentials?.[fleet] ?? LOCAL_CREDENTIALS;

/** The account administrator, for the test's own calls (rotations, findings, AWSCURRENT reads). */
const adminCredentials = (state: ServeState): Credentials => state.credentials?.admin ?? LOCAL_CREDENTIALS;

interface AgentRead {
  readonly t0: number;
  readonly t1: number;
  readonly versionId?: string;
  readonly stages?: string[];
  readonly sha8?: string;
  readonly error?: string;
  readonly done?: boolean;
}

const boto3Available = spawnSync(PYTHON, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
const awsCliAvailable = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;

/** The environment an agent process gets: nothing of this one's AWS settings, only the endpoint and its own keys. */
function agentEnvironment(state: ServeState, credentials: Credentials): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AWS_|HTTPS?_PROXY$|https?_proxy$|ALL_PROXY$)/.test(name)) env[name] = value;
  }
  return {
    ...env,
    AWS_ENDPOINT_URL: state.endpoint,
    AWS_REGION: state.region,
    AWS_DEFAULT_REGION: state.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_PROXY: '127.0.0.1',
    PYTHONUNBUFFERED: '1',
  };
}

const sha8 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe.skipIf(!boto3Available)('agents rekey did not write, against npm start -- --serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-boto3-'));
  const stateFile = join(dir, 'local.json');
  const lines: string[] = [];
  let stop: () => void = () => undefined;
  let serving: Promise<void> = Promise.resolve();
  let state: ServeState;
  let sm: SecretsManagerClient;

  beforeAll(async () => {
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    serving = serveLocally({
      config: JSON.parse(readFileSync('rekey.config.json', 'utf8')),
      stateFile,
      until: stopped,
      write: (line) => lines.push(line),
    });
    const failed = serving.then(() => {
      throw new Error('serve stopped before it wrote its state file');
    });
    await Promise.race([until('the serve state file', 100_000, () => existsSync(stateFile) || undefined), failed]);
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as ServeState;
    expect(state.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    sm = new SecretsManagerClient({
      endpoint: state.endpoint,
      region: state.region,
      credentials: adminCredentials(state),
    });
  }, 120_000);

  afterAll(async () => {
    stop();
    await serving;
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  /** What the test reads as AWSCURRENT (asked for by stage): version id and the SHA-256 prefix of its value. */
  async function current(): Promise<{ versionId: string; sha8: string }> {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' }));
    return { versionId: out.VersionId ?? '', sha8: sha8(out.SecretString ?? '') };
  }

  it('a boto3 agent calling get_secret_value(SecretId=...) sees AWSCURRENT across a scheduled and an emergency rotation', async () => {
    // AWSCURRENT over time, as the test reads it: version → when first seen, value hash.
    const seen: { versionId: string; sha8: string; at: number }[] = [];
    const watching = new AbortController();
    const watcher = (async () => {
      while (!watching.signal.aborted) {
        const now = await current();
        if (seen.at(-1)?.versionId !== now.versionId) seen.push({ ...now, at: Date.now() });
        await sleep(20);
      }
    })();

    const reads: AgentRead[] = [];
    const agent: ChildProcess = spawn(PYTHON, [AGENT], {
      env: { ...agentEnvironment(state, agentCredentials(state, FLEET)), REKEY_SECRET_ID: SECRET },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    agent.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<number | null>((resolve) => agent.once('exit', (code) => resolve(code)));
    createInterface({ input: agent.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      reads.push(JSON.parse(line) as AgentRead);
    });
    try {
      await until('the agent to read', 10_000, () => (reads.some((r) => r.versionId) ? true : undefined));
      const v0 = await until('AWSCURRENT', 5_000, () => seen[0]);

      // A scheduled rotation (RotateSecret, as Secrets Manager's scheduler calls it).
      await sm.send(new RotateSecretCommand({ SecretId: SECRET }));
      const v1 = await until('the scheduled rotation', 10_000, () => seen.find((s) => s.versionId !== v0.versionId));

      // Meanwhile (its old key still waiting out the scheduled revocation), the new key is found leaked.
      const leaked = await sm.send(new GetSecretValueCommand({ SecretId: SECRET, VersionId: v1.versionId }));
      const apiKey = (JSON.parse(leaked.SecretString ?? '{}') as { apiKey?: string }).apiKey ?? '';
      expect(apiKey).not.toBe('');
      await new EventBridgeClient({
        endpoint: state.endpoint,
        region: state.region,
        credentials: adminCredentials(state),
      }).send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: state.outputs?.FindingBusName ?? 'default',
              Source: 'rekey.scanner',
              DetailType: 'Secret Exposed',
              Detail: JSON.stringify({
                findingId: `boto3-agent-e2e-${Date.now()}`,
                source: 'gitleaks',
                fingerprint: fingerprint(apiKey),
                location: 'github.com/example/agents@main:config/.env:3',
              }),
            },
          ],
        }),
      );
      const v2 = await until('the emergency rotation', 30_000, () =>
        seen.find((s) => s.versionId !== v0.versionId && s.versionId !== v1.versionId),
      );
      // Let the agent read the newest version a few times, then stop it.
      await until('the agent to read the newest version', 5_000, () =>
        reads.filter((r) => r.versionId === v2.versionId).length >= 3 ? true : undefined,
      );
      agent.stdin?.end();
      expect(await exited, stderr).toBe(0);
      watching.abort();
      await watcher;

      const versions = [v0, v1, v2].map((v) => v.versionId);
      const got = reads.filter((r) => !r.done);
      expect(
        got.filter((r) => r.error),
        stderr,
      ).toEqual([]);
      // Every read is a version labelled AWSCURRENT when it was read, with the value the test read for it.
      for (const r of got) {
        expect(r.stages, `read at ${r.t0} got ${r.versionId}`).toContain('AWSCURRENT');
        expect(versions).toContain(r.versionId);
        expect(r.sha8).toBe([v0, v1, v2].find((v) => v.versionId === r.versionId)?.sha8);
      }
      // Never an older key once the test has seen a newer one current, and never back.
      const index = (r: AgentRead) => versions.indexOf(r.versionId ?? '');
      for (const [i, r] of got.entries()) {
        if (i > 0) expect(index(r)).toBeGreaterThanOrEqual(index(got[i - 1] as AgentRead));
        for (const [k, v] of [v0, v1, v2].entries()) {
          if (r.t0 > v.at)
            expect(index(r), `read started after ${v.versionId} was seen current`).toBeGreaterThanOrEqual(k);
        }
      }
      // Across both rotations, ending on the newest version.
      expect(new Set(got.map((r) => r.versionId))).toEqual(new Set(versions));
      expect(got.at(-1)?.versionId).toBe(v2.versionId);
      expect((await current()).versionId).toBe(v2.versionId);
      // The serve log says what the intake did with the finding (ids only).
      expect(lines.some((l) => /finding rekey\.scanner\/Secret Exposed → handled: .*rotation started/.test(l))).toBe(
        true,
      );
      expect(lines.join('\n')).not.toContain(apiKey);
    } finally {
      watching.abort();
      await watcher.catch(() => undefined);
      if (agent.exitCode === null) agent.kill('SIGKILL');
    }
  }, 60_000);

  it.skipIf(!awsCliAvailable)(
    'aws secretsmanager get-secret-value (no --version-stage) returns AWSCURRENT after a rotation',
    async () => {
      // The earlier test's rotation may still be finishing (AWSPENDING is dropped after the fleet is told), and
      // Secrets Manager refuses a RotateSecret while a previous rotation is not complete.
      await until('the earlier rotation to complete', 15_000, async () => {
        const stages = (await sm.send(new DescribeSecretCommand({ SecretId: SECRET }))).VersionIdsToStages ?? {};
        return Object.values(stages).some((labels) => labels.includes('AWSPENDING')) ? undefined : true;
      });
      const before = await current();
      // Secrets Manager refuses RotateSecret (InvalidRequestException) until the previous rotation has finished
      // every step; on a busy machine the emergency rotation's follow-ups can still be running.
      await until('Secrets Manager to take the rotation', 15_000, async () => {
        try {
          await sm.send(new RotateSecretCommand({ SecretId: SECRET }));
          return true;
        } catch (err) {
          if ((err as Error).name === 'InvalidRequestException') return undefined;
          throw err;
        }
      });
      const after = await until('the rotation', 15_000, async () => {
        const now = await current();
        return now.versionId !== before.versionId ? now : undefined;
      });
      // Asynchronously: the endpoint answering it runs in this process.
      const cli = await promisify(execFile)(
        'aws',
        [
          'secretsmanager',
          'get-secret-value',
          '--endpoint-url',
          state.endpoint,
          '--secret-id',
          SECRET,
          '--output',
          'json',
        ],
        { env: agentEnvironment(state, agentCredentials(state, FLEET)), encoding: 'utf8', timeout: 20_000 },
      );
      const out = JSON.parse(cli.stdout) as { VersionId: string; VersionStages: string[]; SecretString: string };
      expect({ versionId: out.VersionId, stages: out.VersionStages, sha8: sha8(out.SecretString) }).toEqual({
        versionId: after.versionId,
        stages: expect.arrayContaining(['AWSCURRENT']),
        sha8: after.sha8,
      });
    },
    45_000,
  );
});
