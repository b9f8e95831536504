import '../local/quiet';
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { MotoNotInstalledError } from '../local/moto';
import { RehearsalFailedError, runRehearsal } from '../local/rehearsal';

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

const program = new Command('rehearse')
  .description('Run the whole rekey workflow on this machine: moto on 127.0.0.1, no AWS account, no Docker')
  .option('-c, --config <file>', 'configuration to deploy locally', 'rekey.config.json')
  .option('-a, --agents <n>', 'simulated agents on the rehearsed key', positiveInt, 30)
  .option('--ms-per-second <ms>', 'how long one second of a configured wait lasts here, in ms', Number, 0.5)
  .action(async (opts: { config: string; agents: number; msPerSecond: number }) => {
    process.stdout.write('rekey rehearsal: a scheduled rotation, then a scanner finding, against simulated agents\n');
    const report = await runRehearsal({
      config: JSON.parse(readFileSync(opts.config, 'utf8')),
      agents: opts.agents,
      msPerSecond: opts.msPerSecond,
    });
    if (report.failedRequests > 0) throw new RehearsalFailedError(`${report.failedRequests} agent requests failed`);
    if (!report.exposedKeyRevoked) throw new RehearsalFailedError('the exposed key is still accepted');
    process.stdout.write('\nrehearsal passed: zero failed requests, the exposed key is dead.\n');
  });

program.parseAsync().catch((err: unknown) => {
  const e = err as Error;
  if (e instanceof MotoNotInstalledError || e instanceof RehearsalFailedError) {
    process.stderr.write(`\nrehearsal failed: ${e.message}\n`);
  } else {
    process.stderr.write(`\nrehearsal failed: ${e.name}: ${e.message}\n`);
  }
  process.exitCode = 1;
});
