import { randomUUID } from 'node:crypto';
import { SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryWriter } from '../../../packages/cli/src/output';
import { rotateCommand } from '../../../packages/cli/src/rotate';
import { type KeyStatus, statusCommand } from '../../../packages/cli/src/status';
import { ANTHROPIC_KEY, type CliHarness, RESEARCH_KEY, SUPPORT_KEY, startCliHarness, until } from './support';

/** rekey status, rotate and put against rekey running locally (moto, the real handlers, the real state machine). */

let h: CliHarness;

beforeAll(async () => {
  h = await startCliHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('rekey status', () => {
  it('shows the new version as current after a rotation', async () => {
    const ctx = await h.context();
    const rotation = memoryWriter();
    const rotated = await rotateCommand(ctx, rotation, { key: RESEARCH_KEY });

    const json = await h.run(['status', '--json', '--local', h.stateFile]);
    const table = await h.run(['status', '--local', h.stateFile]);

    expect(json.code).toBe(0);
    const statuses = JSON.parse(json.out.stdout.join('\n')) as KeyStatus[];
    const research = statuses.find((s) => s.key === RESEARCH_KEY);
    expect(research?.current?.versionId).toBe(rotated.token);
    expect(research?.previous?.versionId).toBe(rotated.oldVersionId);
    expect(research?.provider).toBe('generated');
    expect(research?.revocations.map((r) => [r.mode, r.oldVersionId])).toEqual([['scheduled', rotated.oldVersionId]]);
    expect(statuses.map((s) => s.key).sort()).toEqual([ANTHROPIC_KEY, RESEARCH_KEY, SUPPORT_KEY].sort());
    expect(table.code).toBe(0);
    const row = table.out.stdout.find((line) => line.startsWith(RESEARCH_KEY));
    expect(row).toContain(rotated.token.slice(0, 8));
    expect(row).toMatch(/scheduled [0-9a-f]{8} verify/);
    expect(rotation.stdout.join('\n')).toContain('new key is AWSCURRENT');
  });

  it('details one key by name', async () => {
    const ctx = await h.context();
    const out = memoryWriter();

    const [status] = await statusCommand(ctx, out, { key: RESEARCH_KEY });

    expect(out.stdout[0]).toBe(`${RESEARCH_KEY}  (rekey/${RESEARCH_KEY})`);
    expect(out.stdout.join('\n')).toContain(`current        ${status?.current?.versionId}`);
  });

  it('names the known keys when asked for an unknown one', async () => {
    const { code, out } = await h.run(['status', 'agents/nope', '--local', h.stateFile]);

    expect(code).toBe(1);
    expect(out.stderr[0]).toBe('rekey: no managed key named "agents/nope"');
    expect(out.stderr[1]).toContain(`Known keys: ${ANTHROPIC_KEY}, ${RESEARCH_KEY}, ${SUPPORT_KEY}`);
  });
});

describe('rekey rotate --emergency', () => {
  it('follows the rotation until the old key is revoked', async () => {
    const before = await h.current(SUPPORT_KEY);

    const { code, out } = await h.run([
      'rotate',
      SUPPORT_KEY,
      '--emergency',
      '--reason',
      'exposed in a test',
      '--local',
      h.stateFile,
    ]);

    const text = out.text();
    expect(code, text).toBe(0);
    for (const step of [
      'rotation requested',
      'new key created',
      'new key tested',
      'new key is AWSCURRENT',
      'fleet notified',
      `old key ${before.versionId.slice(0, 8)} revoked`,
    ]) {
      expect(text).toContain(step);
    }
    const after = await h.current(SUPPORT_KEY);
    expect(after.versionId).not.toBe(before.versionId);
    expect((await h.stages(SUPPORT_KEY))[before.versionId] ?? []).toEqual([]); // a generated key is revoked by retiring its version
    const ctx = await h.context();
    expect((await ctx.inventory.getVersion(`rekey/${SUPPORT_KEY}`, before.versionId))?.status).toBe('revoked');
    expect((await ctx.inventory.getVersion(`rekey/${SUPPORT_KEY}`, after.versionId))?.mode).toBe('emergency');
    expect(text).not.toContain(before.apiKey);
    expect(text).not.toContain(after.apiKey);
  });
});

describe('rekey put', () => {
  it('reads the new key from stdin and finishes the rotation with it', async () => {
    const made = h.anthropic.state.createKeyInConsole({ name: 'made by the operator' });

    const { code, out } = await h.run(['put', ANTHROPIC_KEY, '--local', h.stateFile], `${made.apiKey}\n`);

    const text = out.text();
    expect(code, text).toBe(0);
    expect(text).toContain(`key ${made.keyId} found, tested and stored`);
    expect(text).toContain('new key is AWSCURRENT');
    const current = await h.current(ANTHROPIC_KEY);
    expect(current.apiKey).toBe(made.apiKey);
    expect(text).not.toContain(made.apiKey);
  });

  it('hands the key to an emergency rotation waiting for it, which then revokes the old key', async () => {
    const first = h.anthropic.state.createKeyInConsole({ name: 'current' });
    expect((await h.run(['put', ANTHROPIC_KEY, '--local', h.stateFile], first.apiKey)).code).toBe(0);
    const rotation = memoryWriter();
    const rotating = rotateCommand(await h.context(), rotation, {
      key: ANTHROPIC_KEY,
      emergency: true,
      timeoutSeconds: 30,
    });
    await until(() => rotation.stdout.some((line) => line.includes('waiting for the new key')));

    const next = h.anthropic.state.createKeyInConsole({ name: 'replacement' });
    const put = await h.run(['put', ANTHROPIC_KEY, '--local', h.stateFile], next.apiKey);
    const rotated = await rotating;

    expect(put.code, put.out.text()).toBe(0);
    expect(put.out.stdout[0]).toBe(`Supplying a new key for ${ANTHROPIC_KEY} (rotation ${rotated.token}).`);
    expect(rotated.follow?.outcome).toBe('revoked');
    expect((await h.current(ANTHROPIC_KEY)).apiKey).toBe(next.apiKey);
    expect(h.anthropic.state.isLive(first.apiKey)).toBe(false);
    expect(h.anthropic.state.isLive(next.apiKey)).toBe(true);
    for (const text of [rotation.text(), put.out.text()]) {
      expect(text).not.toContain(first.apiKey);
      expect(text).not.toContain(next.apiKey);
    }
  });

  it('refuses a key given as an argument', async () => {
    const { code, out } = await h.run(['put', ANTHROPIC_KEY, 'sk-ant-api03-notreally', '--local', h.stateFile]);

    expect(code).toBe(2);
    expect(out.stderr.join('\n')).toContain('never as an argument');
    expect(out.text()).not.toContain('sk-ant-api03-notreally');
  });
});

describe('rekey status during a mass exposure', () => {
  it("shows every running revocation when there are more than DescribeExecution's burst allows at once", async () => {
    // Arrange: 400 revocations running (Step Functions' DescribeExecution: a bucket of 300, refilled at 15 a second),
    // started as the account's administrator with ids only, each held in its scheduled wait.
    const d = h.env.deployment;
    const sfn = new SFNClient({
      endpoint: h.env.endpoint,
      region: d.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const started = await Promise.all(
      Array.from({ length: 400 }, async (_, i) => {
        const input = {
          secretName: `rekey/${SUPPORT_KEY}`,
          oldVersionId: randomUUID(),
          newVersionId: randomUUID(),
          mode: 'scheduled',
          reason: `mass ${i}`,
        };
        const out = await sfn.send(
          new StartExecutionCommand({ stateMachineArn: d.stateMachineArn, input: JSON.stringify(input) }),
        );
        return out.executionArn ?? '';
      }),
    );
    h.env.quotas.reset(); // the command's calls start from full buckets, as after a quiet spell

    try {
      // Act
      const { code, out } = await h.run(['status', '--json', '--local', h.stateFile]);

      // Assert: the command answers, with all 400 under their key.
      expect(code, out.stderr.join('\n')).toBe(0);
      const support = (JSON.parse(out.stdout.join('\n')) as KeyStatus[]).find((s) => s.key === SUPPORT_KEY);
      expect(support?.revocations.filter((r) => r.mode === 'scheduled').length).toBeGreaterThanOrEqual(400);
    } finally {
      for (const executionArn of started) await sfn.send(new StopExecutionCommand({ executionArn }));
    }
  }, 120_000);
});
