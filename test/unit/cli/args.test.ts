import { describe, expect, it } from 'vitest';
import { LocalStateMissingError, NoCredentialsError } from '../../../packages/cli/src/errors';
import { main, normaliseArgs } from '../../../packages/cli/src/program';
import { fakeCli } from './support';

/** What `rekey …` hands to each command, and the exit codes. */

const run = (args: string[], stdin?: Parameters<typeof fakeCli>[0]) => {
  const cli = fakeCli(stdin);
  return main(['node', 'rekey', ...args], cli.deps).then((code) => ({ code, ...cli }));
};

describe('rekey status', () => {
  it('passes the key and --json to the status command', async () => {
    const { code, calls } = await run(['status', 'agents/support', '--json']);

    expect(code).toBe(0);
    expect(calls).toEqual([{ command: 'status', context: {}, options: { key: 'agents/support', json: true } }]);
  });

  it('lists every key when none is named', async () => {
    const { calls } = await run(['status']);

    expect(calls[0]?.options).toEqual({ json: false });
  });
});

describe('deployment options', () => {
  it('reads the default state file for a bare --local, even before the key', async () => {
    const { calls } = await run(['rotate', '--local', 'agents/support']);

    expect(calls[0]?.context).toEqual({ local: '.rekey/local.json' });
    expect(calls[0]?.options).toMatchObject({ key: 'agents/support' });
  });

  it('takes a state file after --local', async () => {
    const { calls } = await run(['status', '--local', '/tmp/other.json']);

    expect(calls[0]?.context).toEqual({ local: '/tmp/other.json' });
  });

  it('passes stack, region, profile, config, outputs file and outputs through', async () => {
    const { calls } = await run([
      '-c',
      'prod.json',
      'status',
      '--stack',
      'RekeyProd',
      '--region',
      'eu-west-1',
      '--profile',
      'ops',
      '--outputs-file',
      'cdk-outputs.json',
      '--output',
      'SecretPrefix=team/',
      '--output',
      'OpsTopicArn=arn:aws:sns:eu-west-1:1:ops',
    ]);

    expect(calls[0]?.context).toEqual({
      config: 'prod.json',
      stack: 'RekeyProd',
      region: 'eu-west-1',
      profile: 'ops',
      outputsFile: 'cdk-outputs.json',
      outputs: { SecretPrefix: 'team/', OpsTopicArn: 'arn:aws:sns:eu-west-1:1:ops' },
    });
  });

  it('refuses an --output that names no stack output, as a usage error', async () => {
    const { code, out } = await run(['status', '--output', 'Nope=1']);

    expect(code).toBe(2);
    expect(out.stderr).toEqual([
      'rekey: --output Nope=1 is not NAME=VALUE',
      '  next: NAME is one of InventoryTableName, FleetTopicArn, OpsTopicArn, RevocationStateMachineArn, SecretPrefix.',
    ]);
  });

  it('leaves a --local value that is not a .json file to be the next argument', () => {
    expect(normaliseArgs(['status', '--local', 'k', '--json'])).toEqual([
      'status',
      '--local=.rekey/local.json',
      'k',
      '--json',
    ]);
    expect(normaliseArgs(['status', '--local', 'x.json'])).toEqual(['status', '--local', 'x.json']);
    expect(normaliseArgs(['status', '--local', '--json'])).toEqual(['status', '--local', '--json']);
  });
});

describe('rekey rotate', () => {
  it('maps its flags to the rotate command', async () => {
    const { calls } = await run([
      'rotate',
      'k',
      '--emergency',
      '--reason',
      'in a gist',
      '--no-wait',
      '--timeout',
      '90',
    ]);

    expect(calls[0]?.options).toEqual({
      key: 'k',
      emergency: true,
      reason: 'in a gist',
      wait: false,
      waitRevocation: false,
      timeoutSeconds: 90,
    });
  });

  it('waits by default, for at most ten minutes', async () => {
    const { calls } = await run(['rotate', 'k']);

    expect(calls[0]?.options).toEqual({
      key: 'k',
      emergency: false,
      wait: true,
      waitRevocation: false,
      timeoutSeconds: 600,
    });
  });

  it('exits 2 without a key', async () => {
    const { code, calls, out } = await run(['rotate']);

    expect(code).toBe(2);
    expect(calls).toEqual([]);
    expect(out.stderr[0]).toBe("error: missing required argument 'key'");
  });

  it('exits 2 on a timeout that is not a positive whole number', async () => {
    const { code } = await run(['rotate', 'k', '--timeout', '-5']);

    expect(code).toBe(2);
  });
});

describe('rekey put', () => {
  it('reads the key from stdin and hands it to the put command', async () => {
    const { code, calls } = await run(['put', 'agents/research/anthropic'], '  sk-ant-api03-abcdefghijklmnop\n');

    expect(code).toBe(0);
    expect(calls[0]?.options).toEqual({
      key: 'agents/research/anthropic',
      apiKey: 'sk-ant-api03-abcdefghijklmnop',
      waitRevocation: false,
    });
  });

  it('refuses a terminal without --interactive, and says how to pipe the key', async () => {
    const { code, calls, out } = await run(['put', 'k'], { isTTY: true });

    expect(code).toBe(2);
    expect(calls).toEqual([]);
    expect(out.stderr[0]).toBe('rekey: refusing to read a key from the terminal without --interactive');
    expect(out.stderr[1]).toContain('pbpaste | rekey put <key>');
  });

  it('refuses a key given as an argument without echoing it', async () => {
    const { code, out } = await run(['put', 'k', 'sk-ant-api03-secretsecretsecret']);

    expect(code).toBe(2);
    expect(out.text()).not.toContain('sk-ant-api03-secretsecretsecret');
    expect(out.stderr[0]).toContain('never as an argument');
  });

  it('refuses several lines on stdin', async () => {
    const { code, out } = await run(['put', 'k'], 'one-key-here\nanother-key-here\n');

    expect(code).toBe(2);
    expect(out.stderr[0]).toBe('rekey: stdin held 2 lines; give exactly one key');
  });
});

describe('rekey revoke and cancel', () => {
  it('requires --version', async () => {
    const { code, out } = await run(['revoke', 'k']);

    expect(code).toBe(2);
    expect(out.stderr[0]).toBe("error: required option '--version <id>' not specified");
  });

  it('passes --now and --no-wait', async () => {
    const { calls } = await run(['revoke', 'k', '--version', '3f2a9c1e', '--now', '--no-wait']);

    expect(calls[0]?.options).toEqual({ key: 'k', version: '3f2a9c1e', now: true, wait: false });
  });

  it('cancels one version or every revocation of a key', async () => {
    const one = await run(['cancel', 'k', '--version', '3f2a9c1e', '--reason', 'agent stuck']);
    const all = await run(['cancel', 'k']);

    expect(one.calls[0]?.options).toEqual({ key: 'k', version: '3f2a9c1e', reason: 'agent stuck' });
    expect(all.calls[0]?.options).toEqual({ key: 'k' });
  });
});

describe('rekey scan', () => {
  it('exits 1 when it found keys and 0 when it found none', async () => {
    const clean = fakeCli();
    const dirty = fakeCli();
    const scan = (async () => ({ files: 1, skipped: [], findings: [{}], rotations: [] })) as never;

    const cleanCode = await main(['node', 'rekey', 'scan', 'a', 'b', '--rotate'], clean.deps);
    const dirtyCode = await main(['node', 'rekey', 'scan', 'a'], {
      ...dirty.deps,
      commands: { ...dirty.deps.commands, scan },
    });

    expect(clean.calls[0]?.options).toEqual({ paths: ['a', 'b'], rotate: true, json: false });
    expect(cleanCode).toBe(0);
    expect(dirtyCode).toBe(1);
  });
});

describe('rekey report-leak', () => {
  it('reads the leaked key from stdin with --key-stdin', async () => {
    const { calls } = await run(
      ['report-leak', '--key-stdin', '--abuse', '--location', 'gist'],
      'leaked-key-value-1234\n',
    );

    expect(calls[0]?.options).toEqual({
      key: 'leaked-key-value-1234',
      format: 'auto',
      abuse: true,
      location: 'gist',
      bus: undefined,
      dryRun: false,
    });
  });

  it('reads a report with --from and --format', async () => {
    const { calls } = await run(['report-leak', '--from', 'gitleaks.json', '--format', 'gitleaks']);

    expect(calls[0]?.options).toMatchObject({ from: 'gitleaks.json', format: 'gitleaks' });
  });

  it('wants exactly one of --key-stdin and --from', async () => {
    const neither = await run(['report-leak']);
    const both = await run(['report-leak', '--key-stdin', '--from', 'x.json'], 'k');
    const badFormat = await run(['report-leak', '--from', 'x.json', '--format', 'csv']);

    expect([neither.code, both.code, badFormat.code]).toEqual([2, 2, 2]);
    expect(neither.out.stderr[0]).toBe('rekey: give exactly one of --key-stdin and --from FILE');
  });
});

describe('rekey runbook', () => {
  it('prints one topic without needing a deployment', async () => {
    const { code, calls } = await run(['runbook', 'exposed']);

    expect(code).toBe(0);
    expect(calls).toEqual([{ command: 'runbook', options: { topic: 'exposed' } }]);
  });
});

describe('errors and exit codes', () => {
  it('prints what went wrong and what to do next, and exits 1', async () => {
    const cli = fakeCli();
    const resolveContext = async () => {
      throw new LocalStateMissingError('.rekey/local.json');
    };

    const code = await main(['node', 'rekey', 'status', '--local'], { ...cli.deps, resolveContext });

    expect(code).toBe(1);
    expect(cli.out.stderr[0]).toBe('rekey: no local rekey is running: .rekey/local.json does not exist');
    expect(cli.out.stderr[1]).toContain('npm start -- --serve');
  });

  it('explains an SDK credentials error with AWS_PROFILE', async () => {
    const cli = fakeCli();
    const status = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
    };

    const code = await main(['node', 'rekey', 'status'], { ...cli.deps, commands: { ...cli.deps.commands, status } });

    expect(code).toBe(1);
    expect(cli.out.stderr[0]).toBe('rekey: no usable AWS credentials: Could not load credentials from any providers');
    expect(cli.out.stderr[1]).toContain('AWS_PROFILE');
    expect(new NoCredentialsError('x').exitCode).toBe(1);
  });

  it('exits 0 for --help and 2 for an unknown command', async () => {
    const help = await run(['--help']);
    const unknown = await run(['rotat', 'k']);

    expect(help.code).toBe(0);
    expect(help.out.stdout.join('\n')).toContain('Exit codes: 0 ok, 1 failure (scan: keys found), 2 usage error.');
    expect(unknown.code).toBe(2);
    expect(unknown.out.stderr[0]).toContain("unknown command 'rotat'");
  });
});
