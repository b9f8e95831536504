import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ListExecutionsCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { type CliDeps, defaultDeps, main } from '../../../bin/rekey.ts';
import type { RekeyConfigInput } from '../../../lib/config';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/emulator/environment';
import { type FakeAnthropicState, type FakeServer, startFakeAnthropic } from '../../../local/emulator/fake-providers';
import { LOCAL_OPERATOR_ROLE_ARN } from '../../../local/emulator/iam';
import { revocationRunner } from '../../../local/emulator/state-machine';
import { writeLocalState } from '../../../local/rehearsal/serve';
import { type OperatorContext, resolveContext } from '../../../packages/cli/src/context';
import { type MemoryWriter, memoryWriter } from '../../../packages/cli/src/output';

export const SUPPORT_KEY = 'agents/support/internal-api';
export const RESEARCH_KEY = 'agents/research/internal-api';
export const ANTHROPIC_KEY = 'agents/research/anthropic';
export const ADMIN_SECRET = 'admin/anthropic';
export const WORKSPACE = 'wrkspc_cli';

/**
 * The local rehearsal's environment (local/emulator/environment.ts: moto, the synthesized stack's resources, the real
 * handlers) with revocations run by local/state-machine.ts. Emergency waits take no time; a scheduled revocation's
 * wait lasts ten minutes, so it stays pending for the suite. The CLI reaches it the way an operator does: through a
 * state file like the one `npm start -- --serve` writes, read by `--local`.
 */
export interface CliHarness {
  readonly env: LocalEnvironment;
  readonly anthropic: FakeServer<FakeAnthropicState>;
  readonly sm: SecretsManagerClient;
  /** A temporary directory holding the state file (and whatever a test writes there). */
  readonly dir: string;
  readonly stateFile: string;
  /** The key's AWSCURRENT value and version, read straight from the emulator. */
  current(key: string): Promise<{ apiKey: string; versionId: string }>;
  /** The key's versions and their labels. */
  stages(key: string): Promise<Record<string, string[]>>;
  /** A context for calling command functions directly. */
  context(): Promise<OperatorContext>;
  /** Runs `rekey <args>` through bin/rekey.ts's `main`, with stdin from `input`; answers the exit code and output. */
  run(args: readonly string[], input?: string): Promise<{ code: number; out: MemoryWriter }>;
  stop(): Promise<void>;
}

export async function startCliHarness(): Promise<CliHarness> {
  const anthropic = await startFakeAnthropic({ defaultWorkspaceId: WORKSPACE });
  const config: RekeyConfigInput = {
    keys: [
      { name: SUPPORT_KEY, provider: 'generated', fleets: ['support'] },
      { name: RESEARCH_KEY, provider: 'generated', fleets: ['research'] },
      {
        name: ANTHROPIC_KEY,
        provider: 'anthropic',
        options: { workspaceId: WORKSPACE, baseUrl: anthropic.url },
        adminSecretName: ADMIN_SECRET,
        fleets: ['research'],
      },
    ],
    fleets: [{ name: 'support' }, { name: 'research' }],
    verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 30, maxRounds: 2, deleteGraceSeconds: 0 },
    // The operator reports leaks by hand: the finding bus admits it as a named scanner.
    intake: { scannerPrincipals: [LOCAL_OPERATOR_ROLE_ARN] },
  };
  const env = await startLocalEnvironment({
    config,
    executionRunner: (deployment) =>
      revocationRunner(deployment, { waitScale: (state) => (state === 'WaitScheduled' ? 600_000 : 0) }),
  });
  const sm = new SecretsManagerClient({
    endpoint: env.endpoint,
    region: env.deployment.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await sm.send(
    new CreateSecretCommand({ Name: ADMIN_SECRET, SecretString: JSON.stringify({ apiKey: anthropic.state.adminKey }) }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'rekey-cli-'));
  const stateFile = join(dir, 'local.json');
  writeLocalState(env, stateFile);
  const d = env.deployment;
  const fast = { local: stateFile, cwd: dir, pollMs: 20 } as const;
  return {
    env,
    anthropic,
    sm,
    dir,
    stateFile,
    context: () => resolveContext(fast),
    async current(key) {
      const out = await sm.send(new GetSecretValueCommand({ SecretId: `rekey/${key}`, VersionStage: 'AWSCURRENT' }));
      const value = JSON.parse(out.SecretString ?? '{}') as { apiKey: string };
      return { apiKey: value.apiKey, versionId: out.VersionId ?? '' };
    },
    async stages(key) {
      return (await sm.send(new DescribeSecretCommand({ SecretId: `rekey/${key}` }))).VersionIdsToStages ?? {};
    },
    async run(args, input = '') {
      const out = memoryWriter();
      const deps: CliDeps = {
        ...defaultDeps(),
        writer: out,
        stdin: Readable.from([Buffer.from(input)]),
        prompt: (text) => out.err(text),
        resolveContext: (options) => resolveContext({ ...options, cwd: dir, pollMs: 20 }),
      };
      const code = await main(['node', 'rekey', ...args], deps);
      return { code, out };
    },
    async stop() {
      // Scheduled revocations wait for minutes: stop them so nothing outlives the suite.
      const sfn = new SFNClient({
        endpoint: env.endpoint,
        region: d.region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const running = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: d.stateMachineArn, statusFilter: 'RUNNING' }),
      );
      for (const e of running.executions ?? []) {
        await sfn.send(new StopExecutionCommand({ executionArn: e.executionArn }));
      }
      await env.executions.idle();
      await env.stop();
      await anthropic.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `condition` holds (polling every 20 ms), or fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
