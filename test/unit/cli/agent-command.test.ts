import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { type AgentCommandDeps, registerAgentCommand } from '../../../packages/cli/src/agent-command';
import { UsageError } from '../../../packages/cli/src/errors';
import { memoryWriter } from '../../../packages/cli/src/output';
import { createProgram, defaultDeps, main } from '../../../packages/cli/src/program';
import type { Sidecar, SidecarOptions } from '../../../packages/client/src/sidecar';

/** `rekey agent` parses its flags (or their environment variables) into sidecar options; it needs no stack outputs. */

function harness() {
  const started: SidecarOptions[] = [];
  const closed = vi.fn(async () => undefined);
  const deps: AgentCommandDeps = {
    start: async (options) => {
      started.push(options);
      return {
        url: 'http://127.0.0.1:2773',
        port: 2773,
        snsUrl: undefined,
        versions: () => ({}),
        reads: () => 0,
        close: closed,
      } satisfies Sidecar;
    },
    until: async () => undefined,
    log: () => undefined,
  };
  const writer = memoryWriter();
  const program = new Command('rekey').exitOverride().option('--region <region>');
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerAgentCommand(program, writer, deps);
  return { program, started, closed, writer };
}

const run = (program: Command, args: string[]) => program.parseAsync(args, { from: 'user' });

describe('rekey agent', () => {
  it('turns every flag into the sidecar options and stops the sidecar when told to', async () => {
    // Arrange
    const { program, started, closed, writer } = harness();

    // Act
    await run(program, [
      '--region',
      'eu-west-1',
      'agent',
      '--secret',
      'rekey/a',
      '--secret',
      'rekey/b',
      '--port',
      '2999',
      '--queue-url',
      'https://sqs.eu-west-1.amazonaws.com/1/support',
      '--sns-endpoint-port',
      '8080',
      '--sns-topic-arn',
      'arn:aws:sns:eu-west-1:1:fleet',
      '--poll-seconds',
      '60',
      '--file',
      'rekey/a=/keys/a=b',
      '--token-file',
      '/run/rekey/token',
      '--create-token-file',
      '--agent-id',
      'support/pod-1',
      '--table',
      'Inventory',
    ]);

    // Assert
    const o = started[0] as SidecarOptions;
    expect(o).toMatchObject({
      secrets: ['rekey/a', 'rekey/b'],
      port: 2999,
      host: '127.0.0.1',
      allowNonLoopback: false,
      tokenFile: '/run/rekey/token',
      createTokenFile: true,
      sqs: { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/support' },
      sns: { port: 8080, topicArns: ['arn:aws:sns:eu-west-1:1:fleet'] },
      pollIntervalMs: 60_000,
      refreshCooldownMs: 1000,
      files: [{ secretId: 'rekey/a', path: '/keys/a=b' }],
      agentId: 'support/pod-1',
    });
    expect(typeof o.acknowledge).toBe('function');
    expect(await o.secretsManager.config.region()).toBe('eu-west-1');
    expect(closed).toHaveBeenCalledTimes(1);
    expect(writer.stderr).toEqual(['rekey agent: serving 2 secret(s) on http://127.0.0.1:2773']);
  });

  it('takes its settings from environment variables, lists comma-separated', async () => {
    // Arrange
    const { program, started } = harness();
    vi.stubEnv('REKEY_SECRETS', 'rekey/a,rekey/b');
    vi.stubEnv('REKEY_AGENT_PORT', '0');
    vi.stubEnv('REKEY_FLEET', 'support');
    vi.stubEnv('REKEY_POLL_SECONDS', '0');

    // Act
    try {
      await run(program, ['agent']);
    } finally {
      vi.unstubAllEnvs();
    }

    // Assert
    expect(started[0]).toMatchObject({ secrets: ['rekey/a', 'rekey/b'], port: 0, pollIntervalMs: 0 });
    expect(started[0]?.agentId).toMatch(/^support\/.+/);
    expect(started[0]?.acknowledge).toBeUndefined();
    expect(started[0]?.sqs).toBeUndefined();
  });

  it('refuses a --file for a secret it does not serve, and an SNS endpoint without its topic', async () => {
    // Arrange
    const a = harness();
    const b = harness();
    const c = harness();

    // Act
    const notServed = run(a.program, ['agent', '--secret', 'rekey/a', '--file', 'rekey/b=/keys/b']);
    const notAPair = run(b.program, ['agent', '--secret', 'rekey/a', '--file', '/keys/b']);
    const noTopic = run(c.program, ['agent', '--secret', 'rekey/a', '--sns-endpoint-port', '8080']);

    // Assert
    await expect(notServed).rejects.toThrow(UsageError);
    await expect(notServed).rejects.toThrow('--file names rekey/b, which no --secret serves');
    await expect(notAPair).rejects.toThrow('--file /keys/b is not SECRET=PATH');
    await expect(noTopic).rejects.toThrow('--sns-endpoint-port and --sns-topic-arn go together');
    expect([...a.started, ...b.started, ...c.started]).toEqual([]);
  });

  it('requires --secret and a valid port', async () => {
    // Arrange
    const a = harness();
    const b = harness();

    // Act
    const noSecret = run(a.program, ['agent']);
    const badPort = run(b.program, ['agent', '--secret', 'x', '--port', '70000']);

    // Assert
    await expect(noSecret).rejects.toThrow(/required option '--secret <id>' not specified/);
    await expect(badPort).rejects.toThrow('expected a whole number from 0 to 65535, got "70000"');
  });

  it('is registered on the rekey program, and its help needs no stack outputs', async () => {
    // Arrange
    const writer = memoryWriter();
    const resolveContext = vi.fn();
    const deps = { ...defaultDeps(), writer, resolveContext };

    // Act
    const code = await main(['node', 'rekey', 'agent', '--help'], deps);

    // Assert
    expect(code).toBe(0);
    expect(writer.text()).toContain('--queue-url <url>');
    expect(writer.text()).toContain('docs/sidecar.md');
    expect(resolveContext).not.toHaveBeenCalled();
    expect(createProgram(deps).commands.map((c) => c.name())).toContain('agent');
  });

  it('has every flag and its environment variable documented in docs/sidecar.md', () => {
    // Arrange
    const { program } = harness();
    const agent = program.commands.find((c) => c.name() === 'agent');
    const doc = readFileSync(join(__dirname, '../../../docs/sidecar.md'), 'utf8');

    // Act
    const options = (agent?.options ?? []).map((o) => ({ flag: o.long ?? '', env: o.envVar ?? '' }));

    // Assert
    expect(options.length).toBeGreaterThan(15);
    for (const { flag, env } of options) {
      expect(doc, flag).toContain(`\`${flag}`);
      expect(doc, env).toContain(`\`${env}\``);
    }
  });
});
