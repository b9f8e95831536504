import '../local/rehearsal/quiet';
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { MotoNotInstalledError } from '../local/emulator/moto';
import { DeadKeyNotHealedError } from '../local/rehearsal/dead-key';
import { entriesFromFindingFile, FindingFileError } from '../local/rehearsal/findings-file';
import { RehearsalFailedError, runRehearsal } from '../local/rehearsal/rehearsal';
import { writeRehearsalOutputs } from '../local/rehearsal/rehearsal-output';
import { serveLocally } from '../local/rehearsal/serve';

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};
const nonNegativeInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be an integer, 0 or more');
  return n;
};
const nonNegative = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number, 0 or more');
  return n;
};

const program = new Command('rehearse')
  .description('Run the whole rekey workflow on this machine: moto on 127.0.0.1, no AWS account, no Docker')
  .option('-c, --config <file>', 'configuration to deploy locally', 'rekey.config.json')
  .option('-a, --agents <n>', 'simulated agents on the rehearsed key', positiveInt, 30)
  .option(
    '--dead-key-agents <n>',
    'agents on the key that dies under the fleet (0 skips that scenario)',
    nonNegativeInt,
    10,
  )
  .option('--ms-per-second <ms>', 'how long one second of a configured wait lasts here, in ms', nonNegative, 0.5)
  .option('--finding <file>', 'play this scanner event file (EventBridge event(s) or PutEvents entries) as the finding')
  .option('--report <file>', 'write the JSON report here', '.rekey/rehearsal-report.json')
  .option('--picture <file>', 'write the timeline picture (SVG) here', '.rekey/rehearsal-timeline.svg')
  .option('--serve', 'keep the local deployment up as an AWS endpoint until Ctrl-C (like LocalStack)')
  .option('--port <port>', 'port of the local AWS endpoint on 127.0.0.1 (with --serve)', positiveInt)
  .option('--state <file>', 'where --serve writes the endpoint for `rekey --local`', '.rekey/local.json')
  .action(async (opts) => {
    const config = JSON.parse(readFileSync(opts.config, 'utf8'));
    if (opts.serve) {
      await serveLocally({ config, port: opts.port, stateFile: opts.state, msPerSecond: opts.msPerSecond });
      return;
    }
    const findings = opts.finding
      ? entriesFromFindingFile(readFileSync(opts.finding, 'utf8'), opts.finding)
      : undefined;
    process.stdout.write(
      'rekey rehearsal: a scheduled rotation, a scanner finding and a key that dies under the fleet, against simulated agents\n',
    );
    const report = await runRehearsal({
      config,
      agents: opts.agents,
      deadKeyAgents: opts.deadKeyAgents,
      msPerSecond: opts.msPerSecond,
      findings,
    });
    writeRehearsalOutputs(report, { report: opts.report, picture: opts.picture });
    process.stdout.write(`\nreport: ${opts.report}\ntimeline picture: ${opts.picture}\n`);
    if (report.failedRequests > 0) throw new RehearsalFailedError(`${report.failedRequests} agent requests failed`);
    const dead = report.deadKeyFailedRequests;
    if (dead && dead.afterNewKeyCurrent + dead.beforeKill > 0) {
      throw new RehearsalFailedError(
        `${dead.afterNewKeyCurrent + dead.beforeKill} requests failed on the dead-key scenario's key outside the dead key's window`,
      );
    }
    if (!findings && !report.exposedKeyRevoked) throw new RehearsalFailedError('the exposed key is still accepted');
    process.stdout.write(
      findings
        ? '\nrehearsal done: zero failed requests (the dead key: none after the new key was current).\n'
        : '\nrehearsal passed: zero failed requests, the exposed key is dead, the dead key healed.\n',
    );
  });

program.parseAsync().catch((err: unknown) => {
  const e = err as Error;
  const known =
    e instanceof MotoNotInstalledError ||
    e instanceof RehearsalFailedError ||
    e instanceof DeadKeyNotHealedError ||
    e instanceof FindingFileError;
  process.stderr.write(`\nrehearsal failed: ${known ? e.message : `${e.name}: ${e.message}`}\n`);
  process.exitCode = 1;
});
