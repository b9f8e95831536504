import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RekeyConfigInput } from '../lib/config';
import type { LocalEnvironment } from './environment';
import { localOutputs, startLocalStack } from './local-stack';
import { shortVersion, Timeline } from './timeline';

export interface ServeOptions {
  readonly config: RekeyConfigInput;
  /** Port of the AWS endpoint on 127.0.0.1. @default - a free port */
  readonly port?: number;
  /** Where the endpoint and outputs are written for `rekey --local`. */
  readonly stateFile: string;
  readonly msPerSecond?: number;
  readonly write?: (line: string) => void;
  /** Resolves to stop (tests); by default SIGINT or SIGTERM. */
  readonly until?: Promise<void>;
}

/**
 * Writes the state file `rekey --local` reads: the endpoint, region and stack outputs of a local environment, this
 * process's pid and the verification settings (for the deadlines `status` shows).
 */
export function writeLocalState(env: LocalEnvironment, file: string): void {
  const state = {
    endpoint: env.endpoint,
    region: env.deployment.region,
    stackName: env.deployment.config.stackName,
    outputs: localOutputs(env),
    pid: process.pid,
    verification: env.deployment.config.verification,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * Keeps the local deployment up as an AWS endpoint, like LocalStack: anything sent to it (the AWS CLI with
 * `--endpoint-url`, `rekey --local`, an agent's SDK) is handled by the emulator and the real handlers, finding events
 * included. Ctrl-C or SIGTERM stops everything it started and removes the state file.
 */
export async function serveLocally(options: ServeOptions): Promise<void> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const timeline = new Timeline(write);
  timeline.section(
    'serve',
    'rekey local endpoint (moto on 127.0.0.1 with the synthesized stack and the real handlers)',
  );
  const stack = await startLocalStack({
    config: options.config,
    port: options.port,
    msPerSecond: options.msPerSecond,
    onEvent: (event) => {
      if (event.type === 'rotation-succeeded')
        timeline.log(`${event.run.secretName} rotated to ${shortVersion(event.run.token)}`);
      if (event.type === 'rotation-failed') timeline.log(`${event.run.secretName} rotation FAILED: ${event.run.error}`);
      if (event.type === 'execution-ended')
        timeline.log(`revocation ${event.execution.name} ${event.execution.status}`);
    },
    onFinding: (r) =>
      timeline.log(`finding ${r.source}/${r.detailType} → ${r.outcome}${r.error ? ` (${r.error})` : ''}`),
  });
  const { env } = stack;
  writeLocalState(env, options.stateFile);
  write(`
endpoint:  ${env.endpoint}   (region ${env.deployment.region}, any credentials)
state:     ${options.stateFile}
keys:      ${Object.values(env.deployment.secrets)
    .map((s) => s.name)
    .join(', ')}

Try:
  npm run rekey -- --local status
  aws --endpoint-url ${env.endpoint} events put-events --entries file://docs/examples/put-events-finding.json
  npm run rekey -- --local rotate ${env.deployment.config.keys[0]?.name ?? '<key>'} --emergency
Ctrl-C stops it.`);

  const stop =
    options.until ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
  await stop;
  write('\nstopping…');
  rmSync(options.stateFile, { force: true });
  await stack.stop();
  write('stopped.');
}
