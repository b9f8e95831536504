import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RekeyConfigInput } from '../../lib/config';
import type { LocalEnvironment } from '../emulator/environment';
import type { PumpRecord } from '../emulator/event-bridge';
import { declaredFunctionUrls, type FunctionUrl, startFunctionUrl } from '../emulator/lambda/function-url';
import { localOutputs, startLocalStack } from '../emulator/local-stack';
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

/** A function URL served on loopback, by the function (handler folder) it reaches. */
export interface ServedFunctionUrl extends FunctionUrl {
  /** Handler folder (`github-webhook`). */
  readonly functionId: string;
  /** The `AWS::Lambda::Url` resource's logical id. */
  readonly logicalId: string;
}

/**
 * Writes the state file `rekey --local` reads: the endpoint, region and stack outputs of a local environment, this
 * process's pid and the verification settings (for the deadlines `status` shows). An output that names a function
 * URL served here (the GitHub webhook's payload URL) gives the local URL, and `functionUrls` lists them.
 */
export function writeLocalState(
  env: LocalEnvironment,
  file: string,
  functionUrls: readonly ServedFunctionUrl[] = [],
): void {
  const outputs = localOutputs(env);
  const declared = (env.deployment.template.Outputs ?? {}) as Record<string, { Value: unknown }>;
  for (const [name, output] of Object.entries(declared)) {
    const urlId = (output.Value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
    const served = urlId?.[1] === 'FunctionUrl' ? functionUrls.find((u) => u.logicalId === urlId[0]) : undefined;
    if (served) outputs[name] = served.url;
  }
  const state = {
    endpoint: env.endpoint,
    region: env.deployment.region,
    stackName: env.deployment.config.stackName,
    outputs,
    functionUrls: Object.fromEntries(functionUrls.map((u) => [u.functionId, u.url])),
    // Each function's ARN, for `aws lambda invoke --function-name` (a scheduled function run on demand).
    functions: Object.fromEntries(Object.entries(env.functions).map(([id, fn]) => [id, fn.arn])),
    pid: process.pid,
    verification: env.deployment.config.verification,
    credentials: {
      operator: env.operatorCredentials,
      agents: Object.fromEntries(env.deployment.config.fleets.map((f) => [f.name, env.agentCredentials(f.name)])),
      admin: env.adminClientConfig.credentials,
    },
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
    onFinding: (r) => timeline.log(describeFinding(r)),
  });
  const { env } = stack;
  let functionUrls: ServedFunctionUrl[];
  try {
    functionUrls = await serveFunctionUrls(env);
  } catch (err) {
    await stack.stop();
    throw err;
  }
  writeLocalState(env, options.stateFile, functionUrls);
  write(`
endpoint:  ${env.endpoint}   (region ${env.deployment.region}; IAM is enforced)
credentials (access key ids below; each principal's pair is in the state file under "credentials"):
  admin      ${env.adminClientConfig.credentials.accessKeyId}   (secret key local: the deployer, allowed what rekey's own policies do not deny)
  operator   ${env.operatorCredentials.accessKeyId}   (the operator policy; \`rekey --local\` uses it)
${env.deployment.config.fleets.map((f) => `  agent      ${env.agentCredentials(f.name).accessKeyId}   (fleet ${f.name}'s agent policy)`).join('\n')}
state:     ${options.stateFile}
keys:      ${Object.values(env.deployment.secrets)
    .map((s) => s.name)
    .join(', ')}
finding bus: ${env.deployment.findingBusName}   (rekey.scanner and rekey.github findings go here; AWS's own to the default bus)
${functionUrls.map((u) => `function URL ${u.url}   (${u.functionId}: POST a delivery here, as to the deployed function URL)`).join('\n')}

Try:
  npm run rekey -- --local status
  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --endpoint-url ${env.endpoint} events put-events --entries file://docs/examples/put-events-finding.json
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
  await Promise.all(functionUrls.map((u) => u.close()));
  await stack.stop();
  write('stopped.');
}

/**
 * Serves each function URL the template declares with auth type NONE (the GitHub webhook's) on its own loopback
 * port, in front of the deployed function: Lambda's invoke rules and the function's role apply (local/emulator/lambda/).
 * An AWS_IAM function URL would need SigV4 checked at the URL; the stack declares none, and none is served.
 */
export async function serveFunctionUrls(env: LocalEnvironment): Promise<ServedFunctionUrl[]> {
  const served: ServedFunctionUrl[] = [];
  try {
    for (const declared of declaredFunctionUrls(env.deployment.template)) {
      if (declared.authType !== 'NONE') continue;
      const fn = Object.values(env.functions).find((f) => f.logicalId === declared.functionLogicalId);
      if (!fn) continue;
      const url = await startFunctionUrl(fn, { region: env.deployment.region });
      served.push({ ...url, functionId: fn.id, logicalId: declared.logicalId });
    }
    return served;
  } catch (err) {
    await Promise.all(served.map((u) => u.close()));
    throw err;
  }
}

/**
 * One serve log line for a finding event: what the intake did with it. Ids, secret names and short version ids
 * only (the intake's result carries no key material; error messages are left out, their names kept).
 */
export function describeFinding(record: PumpRecord): string {
  const head = `finding ${record.source}/${record.detailType} → ${record.outcome}`;
  if (record.outcome === 'filtered')
    return `${head} (the rule's whole pattern does not match; not given to the intake)`;
  if (record.outcome === 'failed') {
    const where =
      record.deadLetter?.kind === 'rule-target'
        ? "the rule target's DLQ"
        : record.deadLetter?.kind === 'function'
          ? "the intake's DLQ"
          : 'dropped';
    const attempts = record.attempts ? ` after ${record.attempts} attempt(s)` : '';
    return `${head}${attempts}: the intake threw ${errorName(record.error)} → ${where}`;
  }
  const result = record.result as IntakeResult | undefined;
  if (result?.status === 'dead-lettered') return `${head}: invalid (${errorName(result.error)}) → DLQ, ops told`;
  if (result?.status !== 'processed') return head;
  const parts = (result.findings ?? []).map(describeProcessed);
  const ignored = result.ignored?.length ?? 0;
  if (ignored > 0) parts.push(`${ignored} item(s) ignored`);
  return `${head}: ${parts.length > 0 ? parts.join('; ') : 'no finding in it'}`;
}

/** The intake's EventResult (lambdas/intake/intake-event.ts), read defensively: the pump hands it over as unknown. */
type IntakeResult =
  | { status: 'processed'; findings?: ProcessedFindingResult[]; ignored?: unknown[] }
  | { status: 'dead-lettered'; error?: string };

interface ProcessedFindingResult {
  findingKey?: string;
  ambiguous?: boolean;
  duplicate?: 'completed' | 'in-progress';
  outcomes?: { action?: string; secretName?: string; versionId?: string; newVersionId?: string; mode?: string }[];
}

function describeProcessed(finding: ProcessedFindingResult): string {
  const key = String(finding.findingKey ?? '?').slice(0, 80);
  if (finding.duplicate === 'in-progress') return `${key}: duplicate (its first delivery is still being handled)`;
  const outcomes = (finding.outcomes ?? []).map(describeOutcome).join(', ') || 'nothing to do';
  const ambiguous = finding.ambiguous ? ' (hint matched several versions)' : '';
  return finding.duplicate === 'completed'
    ? `${key}: duplicate, nothing started (first delivery: ${outcomes})`
    : `${key}: ${outcomes}${ambiguous}`;
}

function describeOutcome(o: NonNullable<ProcessedFindingResult['outcomes']>[number]): string {
  const secret = o.secretName ?? '?';
  const mode = o.mode ? ` (${o.mode})` : '';
  switch (o.action) {
    case 'rotation-started':
      return `rotation started: ${secret} ${shortVersion(o.versionId)} → ${shortVersion(o.newVersionId)}${mode}`;
    case 'in-flight-escalated':
      return `in-flight rotation of ${secret} (→ ${shortVersion(o.newVersionId)}) escalated${mode}`;
    case 'revocation-started':
      return `revocation started: ${secret} ${shortVersion(o.versionId)}${mode}`;
    case 'pending-abandoned':
      return `pending ${secret} ${shortVersion(o.versionId)} abandoned and revoked, rotation → ${shortVersion(o.newVersionId)}${mode}`;
    case 'already-revoked':
      return `already revoked: ${secret} ${shortVersion(o.versionId)}`;
    case 'not-managed':
      return `not managed: ${secret}`;
    case 'unmatched':
      return 'unmatched → ops';
    default:
      return String(o.action ?? 'unknown');
  }
}

/** `Name: message` → `Name` (a message could quote the event). */
function errorName(error: string | undefined): string {
  return (error ?? 'Error').split(':')[0]?.trim() || 'Error';
}
