import { Command, CommanderError, Option } from 'commander';
import { registerAgentCommand } from './agent-command';
import { type ContextOptions, DEFAULT_STATE_FILE, type OperatorContext, OUTPUT_NAMES, resolveContext } from './context';
import { type EnrollOptions, enrollCommand, unenrollCommand } from './enroll';
import { explainError, UsageError } from './errors';
import { consoleWriter, type OutputWriter } from './output';
import { putCommand, putSpareCommand } from './put';
import { type ReportLeakOptions, reportLeakCommand } from './report-leak-command';
import { type CancelOptions, cancelCommand, type RevokeOptions, revokeCommand } from './revoke';
import { type RotateOptions, rotateCommand } from './rotate';
import { runbookCommand } from './runbook';
import { type ScanOptions, scanCommand } from './scan';
import { type StatusOptions, statusCommand } from './status';
import { type KeySource, readKey } from './stdin';

/**
 * `rekey`, the operator CLI's command tree. This file only parses arguments: each command is a function in this
 * directory that takes a context (AWS clients and the stack's outputs, ./context.ts) and a writer. Exit codes: 0 ok,
 * 1 failure (or, for `scan`, keys found), 2 usage error. The process entry is ./main.ts (the built bin, dist/rekey.js)
 * and, in the repository, bin/rekey.ts (`npm run rekey`).
 */

export interface CliDeps {
  readonly writer: OutputWriter;
  /** Where `put` and `report-leak --key-stdin` read a key. */
  readonly stdin: KeySource;
  /** Where the hidden-input prompt goes (no newline added). */
  readonly prompt: (text: string) => void;
  readonly resolveContext: (options: ContextOptions) => Promise<OperatorContext>;
  readonly commands: {
    readonly status: typeof statusCommand;
    readonly rotate: typeof rotateCommand;
    readonly put: typeof putCommand;
    /** `put --spare`. @default putSpareCommand */
    readonly putSpare?: typeof putSpareCommand;
    readonly revoke: typeof revokeCommand;
    readonly cancel: typeof cancelCommand;
    readonly scan: typeof scanCommand;
    readonly reportLeak: typeof reportLeakCommand;
    readonly runbook: typeof runbookCommand;
    /** `enroll`. @default enrollCommand */
    readonly enroll?: typeof enrollCommand;
    /** `unenroll`. @default unenrollCommand */
    readonly unenroll?: typeof unenrollCommand;
  };
}

export function defaultDeps(): CliDeps {
  return {
    writer: consoleWriter(),
    stdin: process.stdin,
    prompt: (text) => process.stderr.write(text),
    resolveContext,
    commands: {
      status: statusCommand,
      rotate: rotateCommand,
      put: putCommand,
      putSpare: putSpareCommand,
      revoke: revokeCommand,
      cancel: cancelCommand,
      scan: scanCommand,
      reportLeak: reportLeakCommand,
      runbook: runbookCommand,
      enroll: enrollCommand,
      unenroll: unenrollCommand,
    },
  };
}

interface GlobalFlags {
  config?: string;
  stack?: string;
  region?: string;
  profile?: string;
  local?: string | boolean;
  endpoint?: string;
  outputsFile?: string;
  output?: string[];
}

const EXAMPLES = `
Examples:
  rekey status                                   every managed key: versions, schedule, revocations, acks
  rekey rotate agents/support/internal-api --emergency --reason "key in a public gist"
  pbpaste | rekey put agents/research/anthropic  hand over a key made in the Anthropic console
  rekey revoke agents/support/internal-api --version 3f2a9c1e --now
  rekey scan ./logs ./src --rotate               find keys in files; rotate the managed ones found
  rekey runbook exposed                          what to do when a key is exposed
  rekey enroll billing-bot --provider internal --fleet support  a new key, no deploy

Deployment: --stack NAME (default: "stackName" in ${'`'}-c${'`'} rekey.config.json, else Rekey) and --region (default:
AWS_REGION or the profile's); credentials from the normal AWS chain (AWS_PROFILE, SSO, environment, role).
Local rehearsal: --local (reads ${DEFAULT_STATE_FILE}, written by ${'`'}npm start -- --serve${'`'}).
Exit codes: 0 ok, 1 failure (scan: keys found), 2 usage error.`;

/** The flags of `rekey put`. */
interface PutFlags {
  readonly interactive?: boolean;
  readonly waitRevocation?: boolean;
  readonly spare?: boolean;
}

/** Builds the command tree; `onExit` receives each action's exit code. */
export function createProgram(deps: CliDeps, onExit: (code: number) => void = () => {}): Command {
  const { writer } = deps;
  const program = new Command('rekey')
    .description('Operate rekey: zero-downtime API-key rotation for agent fleets.')
    .configureOutput({
      writeOut: (str) => writer.out(str.replace(/\n$/, '')),
      writeErr: (str) => writer.err(str.replace(/\n$/, '')),
    })
    .exitOverride()
    .showHelpAfterError('(run `rekey --help` for usage)')
    .option('-c, --config <file>', 'config file (stack name, region, verification waits)', 'rekey.config.json')
    .option('--stack <name>', 'CloudFormation stack to operate (default: the config file\'s "stackName")')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE)')
    .option('--local [stateFile]', `the local rehearsal (state file, default ${DEFAULT_STATE_FILE})`)
    .option('--endpoint <url>', 'an AWS-compatible endpoint (with --outputs-file or --output)')
    .option('--outputs-file <file>', 'stack outputs as `cdk deploy --outputs-file` writes them')
    .addOption(
      new Option('--output <name=value>', `a stack output (${OUTPUT_NAMES.join(', ')}); repeatable`).argParser(
        (value: string, previous: string[] = []) => [...previous, value],
      ),
    )
    .addHelpText('after', EXAMPLES);

  const context = async (cmd: Command): Promise<OperatorContext> => {
    const g = cmd.optsWithGlobals<GlobalFlags>();
    const outputs: Record<string, string> = {};
    for (const pair of g.output ?? []) {
      const m = /^([A-Za-z]+)=(.+)$/.exec(pair);
      if (!m?.[1] || !m[2] || !(OUTPUT_NAMES as readonly string[]).includes(m[1])) {
        throw new UsageError(`--output ${pair} is not NAME=VALUE`, `NAME is one of ${OUTPUT_NAMES.join(', ')}.`);
      }
      outputs[m[1]] = m[2];
    }
    const configGiven = cmd.getOptionValueSourceWithGlobals('config') === 'cli';
    return deps.resolveContext({
      ...(g.local !== undefined ? { local: g.local } : {}),
      ...(g.endpoint ? { endpoint: g.endpoint } : {}),
      ...(g.stack ? { stack: g.stack } : {}),
      ...(configGiven && g.config ? { config: g.config } : {}),
      ...(g.region ? { region: g.region } : {}),
      ...(g.profile ? { profile: g.profile } : {}),
      ...(g.outputsFile ? { outputsFile: g.outputsFile } : {}),
      ...(Object.keys(outputs).length > 0 ? { outputs } : {}),
    });
  };

  program
    .command('status')
    .description('managed keys: provider, current version and age, next rotation, pending revocations, exposure, acks')
    .argument('[key]', 'one key (its details); default: a table of every key')
    .option('--json', 'machine-readable output')
    .action(async (key: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      const options: StatusOptions = { ...(key ? { key } : {}), json: opts.json === true };
      await deps.commands.status(await context(cmd), writer, options);
    });

  program
    .command('rotate')
    .description('rotate a key now and follow it: new key, test, AWSCURRENT, fleet told, old key revoked')
    .argument('<key>', 'key name (as in the config), secret name or ARN')
    .option('--emergency', 'the key is exposed: revoke the old key after the short wait, not the scheduled one')
    .option('--reason <text>', 'why, for the audit trail')
    .option('--no-wait', 'return once the rotation has started')
    .option('--wait-revocation', "also wait out a scheduled rotation's revocation (about an hour)")
    .option('--timeout <seconds>', 'how long to wait for the rotation itself', parsePositiveInt, 600)
    .action(async (key: string, opts: Record<string, unknown>, cmd: Command) => {
      const options: RotateOptions = {
        key,
        emergency: opts.emergency === true,
        ...(typeof opts.reason === 'string' ? { reason: opts.reason } : {}),
        wait: opts.wait !== false,
        waitRevocation: opts.waitRevocation === true,
        timeoutSeconds: opts.timeout as number,
      };
      await deps.commands.rotate(await context(cmd), writer, options);
    });

  program
    .command('put')
    .description('supply a key made by hand (Anthropic) to the rotation waiting for it; reads the key from stdin')
    .argument('<key>', 'key name, secret name or ARN')
    .option('--interactive', 'type or paste the key at the terminal, echo off')
    .option('--wait-revocation', "also wait out a scheduled rotation's revocation")
    .option('--spare', "add the key to the key's spare pool (set inactive) for an emergency to activate")
    .allowExcessArguments(true)
    .action(async (key: string, opts: PutFlags, cmd: Command) => {
      if (cmd.args.length > 1) {
        throw new UsageError(
          'rekey put takes the new key on stdin, never as an argument (arguments stay in shell history and ps)',
          `Pipe it: \`pbpaste | rekey put ${key}\`, or \`rekey put ${key} --interactive\`.`,
        );
      }
      const ctx = await context(cmd);
      const apiKey = await readKey({
        source: deps.stdin,
        interactive: opts.interactive === true,
        prompt: deps.prompt,
        label: opts.spare ? `the spare key for ${key}` : `the new key for ${key}`,
      });
      if (opts.spare) {
        await (deps.commands.putSpare ?? putSpareCommand)(ctx, writer, { key, apiKey });
        return;
      }
      await deps.commands.put(ctx, writer, { key, apiKey, waitRevocation: opts.waitRevocation === true });
    });

  program
    .command('enroll')
    .description('enroll a key at run time (no deploy): its secret, tags, rotation and inventory record')
    .argument('<key>', 'key name (its secret is <enrolled prefix><fleet>/<key>)')
    .requiredOption(
      '--provider <profile>',
      'the provider profile (config "enrollment.profiles"; --profile is the AWS one)',
    )
    .requiredOption('--fleet <name>', 'the fleet whose agents read it and hear of its rotations')
    .option('--schedule <expression>', "rate(N days), rate(N hours) or cron(...) (default: the profile's)")
    .action(async (key: string, opts: { provider: string; fleet: string; schedule?: string }, cmd: Command) => {
      const options: EnrollOptions = {
        key,
        profile: opts.provider,
        fleet: opts.fleet,
        ...(opts.schedule ? { schedule: opts.schedule } : {}),
      };
      await (deps.commands.enroll ?? enrollCommand)(await context(cmd), writer, options);
    });

  program
    .command('unenroll')
    .description('unenroll a key: cancel its rotation and schedule its secret for deletion (generated keys)')
    .argument('<key>', '<fleet>/<key>, or the enrolled secret name')
    .action(async (key: string, _opts: unknown, cmd: Command) => {
      await (deps.commands.unenroll ?? unenrollCommand)(await context(cmd), writer, { key });
    });

  program
    .command('revoke')
    .description('revoke an old key version: follow or retry its revocation, or force it with --now')
    .argument('<key>', 'key name, secret name or ARN')
    .requiredOption('--version <id>', 'the old version (full id or its first 8+ characters)')
    .option('--now', 'revoke at once: no wait, no fleet check (the new key is still verified first)')
    .option('--reason <text>', 'why, for the audit trail')
    .option('--no-wait', 'return once the workflow has started')
    .action(async (key: string, opts: Record<string, unknown>, cmd: Command) => {
      const options: RevokeOptions = {
        key,
        version: String(opts.version),
        now: opts.now === true,
        ...(typeof opts.reason === 'string' ? { reason: opts.reason } : {}),
        wait: opts.wait !== false,
      };
      await deps.commands.revoke(await context(cmd), writer, options);
    });

  program
    .command('cancel')
    .description("stop a key's running revocations (the old key stays valid)")
    .argument('<key>', 'key name, secret name or ARN')
    .option('--version <id>', 'only this old version')
    .option('--reason <text>', 'why, for the audit trail')
    .action(async (key: string, opts: { version?: string; reason?: string }, cmd: Command) => {
      const options: CancelOptions = {
        key,
        ...(opts.version ? { version: opts.version } : {}),
        ...(opts.reason ? { reason: opts.reason } : {}),
      };
      await deps.commands.cancel(await context(cmd), writer, options);
    });

  program
    .command('scan')
    .description('find keys in files and logs (secretlint rules + managed-key fingerprints); prints where, never what')
    .argument('<paths...>', 'files or directories')
    .option('--rotate', 'rotate (emergency) every managed key found; revoke found old versions at once')
    .option('--json', 'machine-readable output')
    .action(async (paths: string[], opts: { rotate?: boolean; json?: boolean }, cmd: Command) => {
      const options: ScanOptions = { paths, rotate: opts.rotate === true, json: opts.json === true };
      const result = await deps.commands.scan(await context(cmd), writer, options);
      if (result.findings.length > 0) onExit(1);
    });

  program
    .command('report-leak')
    .description('report an exposed key to exposure intake, from stdin or from a scanner report')
    .option('--key-stdin', 'read the leaked key from stdin (only its fingerprint is sent)')
    .option('--interactive', 'with --key-stdin: type or paste it at the terminal, echo off')
    .option('--from <file>', 'a scanner report')
    .addOption(
      new Option('--format <format>', 'the report format')
        .choices(['auto', 'gitleaks', 'trufflehog', 'secretlint', 'sarif'])
        .default('auto'),
    )
    .option('--abuse', 'someone else is using the key: revoke without waiting for the fleet')
    .option('--location <text>', 'where it was found')
    .option('--reason <text>', 'why, for the audit trail')
    .option('--bus <name>', 'the event bus intake listens on (default: the stack output FindingBusName)')
    .option('--dry-run', 'show what would be sent and what it matches; send nothing')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      if ((opts.keyStdin === true) === (typeof opts.from === 'string')) {
        throw new UsageError(
          'give exactly one of --key-stdin and --from FILE',
          'e.g. `pbpaste | rekey report-leak --key-stdin`',
        );
      }
      const ctx = await context(cmd);
      const key =
        opts.keyStdin === true
          ? await readKey({
              source: deps.stdin,
              interactive: opts.interactive === true,
              prompt: deps.prompt,
              label: 'the leaked key',
            })
          : undefined;
      const options: ReportLeakOptions = {
        ...(key !== undefined ? { key } : {}),
        ...(typeof opts.from === 'string' ? { from: opts.from } : {}),
        format: opts.format as ReportLeakOptions['format'],
        abuse: opts.abuse === true,
        ...(typeof opts.location === 'string' ? { location: opts.location } : {}),
        ...(typeof opts.reason === 'string' ? { reason: opts.reason } : {}),
        bus: opts.bus === undefined ? undefined : String(opts.bus),
        dryRun: opts.dryRun === true,
      };
      await deps.commands.reportLeak(ctx, writer, options);
    });

  program
    .command('runbook')
    .description('print the incident runbook (docs/RUNBOOK.md), or one topic of it')
    .argument('[topic]', 'exposed, rotation-failed, revocation-failed, anthropic-due, verify, permissions')
    .action(async (topic: string | undefined) => {
      deps.commands.runbook(writer, topic ? { topic } : {});
    });

  registerAgentCommand(program, writer);

  return program;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`expected a positive whole number, got "${value}"`);
  return n;
}

/**
 * `--local` takes an optional state file, so `rekey rotate --local my/key` would read `my/key` as the file. A value
 * that does not end in `.json` is left to be the next argument.
 */
export function normaliseArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (arg === '--local' && next !== undefined && !next.startsWith('-') && !next.endsWith('.json')) {
      out.push(`--local=${DEFAULT_STATE_FILE}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Runs the CLI; resolves to the exit code. `argv` is `process.argv` (node and the script first). */
export async function main(argv: readonly string[] = process.argv, deps: CliDeps = defaultDeps()): Promise<number> {
  let code = 0;
  const program = createProgram(deps, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(normaliseArgs(argv.slice(2)), { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code)) return 0;
      return 2;
    }
    const e = explainError(err);
    deps.writer.err(`rekey: ${e.message}`);
    if (e.hint) deps.writer.err(`  next: ${e.hint}`);
    if (process.env.REKEY_DEBUG && e.cause instanceof Error && e.cause.stack) deps.writer.err(e.cause.stack);
    return e.exitCode;
  }
}

/**
 * The process entry's body (dist/rekey.js, bin/rekey.ts): runs `main` on `process.argv` and sets the exit code. Ctrl-C
 * stops the watching, not what was started; a closed stdout (a pipe into `head`) is not an error.
 */
export function run(argv: readonly string[] = process.argv): void {
  // `rekey status | head`: the reader left; what is left to print goes nowhere, and the exit code stays the command's.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  process.once('SIGINT', () => {
    process.stderr.write('\nStopped watching. What was started keeps going in AWS; follow it with `rekey status`.\n');
    process.exit(130);
  });
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`rekey: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
