import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Command, Option } from 'commander';
import { FLEET_NAME, keyReportAlias } from '../../../contract';
import { defaultAgentId, dynamoDbAcknowledger, dynamoDbLiveness } from '../../client/src/ack';
import { lambdaDeadKeyReporter } from '../../client/src/dead-key-report';
import { stderrLogger } from '../../client/src/logger';
import { DEFAULT_SIDECAR_PORT, type Sidecar, type SidecarOptions, startSidecar } from '../../client/src/sidecar';
import { UsageError } from './errors';
import type { OutputWriter } from './output';

/**
 * `rekey agent`: the sidecar (packages/client/src/sidecar) as a command. It needs no stack outputs and no operator
 * credentials: every resource comes from a flag or its environment variable, and AWS credentials and region from
 * the SDK's normal chain (IRSA, ECS task role, instance profile, AWS_* variables; AWS_ENDPOINT_URL for an emulator).
 */

/** The flags, as commander hands them over. */
export interface AgentFlags {
  readonly secret: string[];
  readonly port: number;
  readonly host: string;
  readonly allowNonLoopback?: boolean;
  readonly queueUrl?: string;
  readonly snsEndpointPort?: number;
  readonly snsTopicArn?: string[];
  readonly pollSeconds: number;
  readonly file?: string[];
  readonly tokenFile?: string;
  readonly createTokenFile?: boolean;
  readonly agentId?: string;
  readonly fleet?: string;
  readonly table?: string;
  /**
   * rekey's dead-key report function as this fleet invokes it: its fleet's alias ARN (the stack output
   * `KeyReportAliasArn<Fleet>`), or the function's name or ARN with `fleet`, which names the alias.
   */
  readonly reportFunction?: string;
  readonly region?: string;
  readonly refreshCooldownMs: number;
  readonly notificationDelayMs: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export interface AgentCommandDeps {
  readonly start: (options: SidecarOptions) => Promise<Sidecar>;
  /** Resolves when the sidecar should stop. @default - SIGTERM or SIGINT */
  readonly until: () => Promise<void>;
  /** Where the sidecar's redacted JSON log lines go. @default - stderr */
  readonly log?: (line: string) => void;
}

const defaultDeps = (): AgentCommandDeps => ({ start: startSidecar, until: untilSignal });

/**
 * The agent id when none is given: the platform's stable id (the pod name in Kubernetes, the ECS task, else
 * `hostname:pid`: packages/client/src/agent-id.ts), under the fleet's name when one is given.
 */
export function defaultSidecarAgentId(fleet: string | undefined): string {
  return `${fleet ? `${fleet}/` : ''}${defaultAgentId()}`;
}

/**
 * What the sidecar invokes to report a dead key: its fleet's alias of the report function (each fleet's agent policy
 * allows its own alias only, and the function refuses an unqualified call). A qualified name or ARN is taken as
 * given; an unqualified one needs `--fleet`, which names the alias (`fleet-<fleet>`).
 */
export function reportTarget(
  reportFunction: string,
  fleet: string | undefined,
): { functionName: string; qualifier?: string } {
  const parts = reportFunction.split(':');
  const qualified = reportFunction.startsWith('arn:') ? parts.length === 8 : parts.length === 2;
  if (qualified) return { functionName: reportFunction };
  if (fleet === undefined) {
    throw new UsageError(
      `--report-function ${reportFunction} names no fleet's alias`,
      "Give the fleet's alias ARN (stack output KeyReportAliasArn<Fleet>), or add --fleet <name>.",
    );
  }
  if (!FLEET_NAME.test(fleet)) {
    throw new UsageError(`--fleet ${fleet} is not a fleet name`, 'Fleet names are 1 to 64 letters, digits, _ and -.');
  }
  return { functionName: reportFunction, qualifier: keyReportAlias(fleet) };
}

/** Turns the flags into the sidecar's options (no AWS call is made here). */
export function sidecarOptions(flags: AgentFlags): SidecarOptions {
  const secrets = [...new Set(flags.secret)];
  const files = (flags.file ?? []).map((pair) => {
    // Secret names and paths may both hold "=": the id is the longest served secret the pair starts with.
    const served = secrets.filter((id) => pair.startsWith(`${id}=`)).sort((x, y) => y.length - x.length)[0];
    const at = served === undefined ? pair.indexOf('=') : served.length;
    const secretId = pair.slice(0, at);
    const path = pair.slice(at + 1);
    if (at <= 0 || path.length === 0) {
      throw new UsageError(
        `--file ${pair} is not SECRET=PATH`,
        'e.g. --file rekey/agents/support/internal-api=/keys/api-key',
      );
    }
    if (served === undefined) {
      throw new UsageError(`--file names ${secretId}, which no --secret serves`, `Add --secret ${secretId}.`);
    }
    return { secretId, path };
  });
  const topicArns = flags.snsTopicArn ?? [];
  if ((flags.snsEndpointPort === undefined) !== (topicArns.length === 0)) {
    throw new UsageError(
      '--sns-endpoint-port and --sns-topic-arn go together',
      'SNS signs every topic with the same certificates: the endpoint must know which topic is the fleet topic.',
    );
  }
  const clientConfig = flags.region ? { region: flags.region } : {};
  const agentId = flags.agentId ?? defaultSidecarAgentId(flags.fleet);
  return {
    secrets,
    secretsManager: new SecretsManagerClient(clientConfig),
    port: flags.port,
    host: flags.host,
    allowNonLoopback: flags.allowNonLoopback === true,
    ...(flags.tokenFile ? { tokenFile: flags.tokenFile, createTokenFile: flags.createTokenFile === true } : {}),
    ...(flags.queueUrl ? { sqs: { client: new SQSClient(clientConfig), queueUrl: flags.queueUrl } } : {}),
    ...(flags.snsEndpointPort !== undefined ? { sns: { port: flags.snsEndpointPort, topicArns } } : {}),
    pollIntervalMs: flags.pollSeconds * 1000,
    notificationDelayMs: flags.notificationDelayMs,
    refreshCooldownMs: flags.refreshCooldownMs,
    files,
    // With the inventory table the sidecar acknowledges the versions it switches to and keeps a liveness record, so
    // the revocation's fleet check counts it while it runs and forgets it once it is gone.
    ...(flags.table ? inventoryWriters(new DynamoDBClient(clientConfig), flags.table) : {}),
    // A refreshNow that returns the version already served means the provider refuses the current key: tell rekey.
    ...(flags.reportFunction
      ? {
          deadKeyReporter: lambdaDeadKeyReporter({
            client: new LambdaClient(clientConfig),
            ...reportTarget(flags.reportFunction, flags.fleet),
          }),
        }
      : {}),
    agentId,
  };
}

function inventoryWriters(client: DynamoDBClient, tableName: string): Pick<SidecarOptions, 'acknowledge' | 'liveness'> {
  return {
    acknowledge: dynamoDbAcknowledger({ client, tableName }),
    liveness: dynamoDbLiveness({ client, tableName }),
  };
}

const repeat = (value: string, previous: string[] = []) => [...previous, value];
const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function int(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

const HELP = `
Serves the AWS Secrets Manager Agent's local API (GET /secretsmanager/get?secretId=ID, GET /v1/ID, /ping) on
127.0.0.1, with the SSRF token in X-Aws-Parameters-Secrets-Token. Keys are refreshed by push (--queue-url or
--sns-endpoint-port) with polling as the fallback; refreshNow=true is the 401 path. Every flag has an environment
variable (shown); repeatable flags take a comma-separated list there. No stack outputs are needed.

Example:
  rekey agent --secret rekey/agents/support/internal-api --queue-url https://sqs.us-east-1.amazonaws.com/1234/support \\
    --token-file /var/run/rekey/token --create-token-file --table RekeyInventory --fleet support \\
    --file rekey/agents/support/internal-api=/var/run/rekey/keys/internal-api

See docs/sidecar.md.`;

/** Adds `rekey agent` to the program. */
export function registerAgentCommand(
  program: Command,
  writer: OutputWriter,
  deps: AgentCommandDeps = defaultDeps(),
): void {
  program
    .command('agent')
    .description('the sidecar: serve rotating keys on the AWS Secrets Manager Agent API, push-refreshed')
    .addOption(
      new Option('--secret <id>', 'a secret to serve (name or ARN); repeatable; others are refused')
        .env('REKEY_SECRETS')
        .argParser((v: string, prev?: string[]) => (prev === undefined && v.includes(',') ? list(v) : repeat(v, prev)))
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--port <port>', 'listening port')
        .env('REKEY_AGENT_PORT')
        .argParser(int(0, 65535))
        .default(DEFAULT_SIDECAR_PORT),
    )
    .addOption(
      new Option('--host <address>', 'listening address (loopback only)').env('REKEY_AGENT_HOST').default('127.0.0.1'),
    )
    .addOption(
      new Option('--allow-non-loopback', 'allow a non-loopback --host and non-loopback peers (not recommended)').env(
        'REKEY_AGENT_ALLOW_NON_LOOPBACK',
      ),
    )
    .addOption(new Option('--queue-url <url>', "push: the fleet's SQS queue, one per sidecar").env('REKEY_QUEUE_URL'))
    .addOption(
      new Option('--sns-endpoint-port <port>', 'push: serve an SNS HTTP(S) subscription endpoint on 127.0.0.1:PORT')
        .env('REKEY_SNS_ENDPOINT_PORT')
        .argParser(int(0, 65535)),
    )
    .addOption(
      new Option('--sns-topic-arn <arn>', 'with --sns-endpoint-port: the fleet topic accepted; repeatable')
        .env('REKEY_SNS_TOPIC_ARNS')
        .argParser((v: string, prev?: string[]) => (prev === undefined && v.includes(',') ? list(v) : repeat(v, prev))),
    )
    .addOption(
      new Option('--poll-seconds <s>', 'polling fallback interval (0: off)')
        .env('REKEY_POLL_SECONDS')
        .argParser(int(0, 86_400))
        .default(300),
    )
    .addOption(
      new Option('--file <id=path>', "write the secret's key to PATH (atomic swap, mode 0600); repeatable")
        .env('REKEY_FILES')
        .argParser((v: string, prev?: string[]) => (prev === undefined && v.includes(',') ? list(v) : repeat(v, prev))),
    )
    .addOption(
      new Option('--token-file <path>', 'SSRF token file (default: AWS_TOKEN, AWS_SESSION_TOKEN, ...)').env(
        'REKEY_TOKEN_FILE',
      ),
    )
    .addOption(
      new Option('--create-token-file', 'create --token-file with a random token if missing').env(
        'REKEY_CREATE_TOKEN_FILE',
      ),
    )
    .addOption(
      new Option(
        '--agent-id <id>',
        'agent id in acknowledgements and liveness (default: [fleet/] the pod name, ECS task id or hostname:pid)',
      ).env('REKEY_AGENT_ID'),
    )
    .addOption(
      new Option('--fleet <name>', 'the fleet this sidecar belongs to (agent id, logs, report alias)').env(
        'REKEY_FLEET',
      ),
    )
    .addOption(new Option('--table <name>', "rekey's inventory table: acknowledge versions there").env('REKEY_TABLE'))
    .addOption(
      new Option(
        '--report-function <arn>',
        "your fleet's alias of rekey's dead-key report function (output KeyReportAliasArn<Fleet>; or the function's name with --fleet): report a current key still refused after refreshNow",
      ).env('REKEY_REPORT_FUNCTION'),
    )
    .addOption(
      new Option('--refresh-cooldown-ms <ms>', 'refreshNow: at most one GetSecretValue per secret per MS')
        .env('REKEY_REFRESH_COOLDOWN_MS')
        .argParser(int(0, 600_000))
        .default(1000),
    )
    .addOption(
      new Option('--notification-delay-ms <ms>', 'spread of reads after a push notification (0 to MS)')
        .env('REKEY_NOTIFICATION_DELAY_MS')
        .argParser(int(0, 600_000))
        .default(250),
    )
    .addOption(
      new Option('--log-level <level>', 'stderr log level')
        .env('REKEY_LOG_LEVEL')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .addHelpText('after', HELP)
    .action(async (flags: AgentFlags, cmd: Command) => {
      // --region is the program's global flag.
      const region = cmd.optsWithGlobals<{ region?: string }>().region;
      const options = sidecarOptions({ ...flags, ...(region ? { region } : {}) });
      const sidecar = await deps.start({
        ...options,
        logger: stderrLogger(flags.logLevel, deps.log),
      });
      writer.err(`rekey agent: serving ${options.secrets.length} secret(s) on ${sidecar.url}`);
      await deps.until();
      await sidecar.close();
    });
}

/** Resolves on the first SIGTERM (Kubernetes stopping the pod) or SIGINT. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve();
    };
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
  });
}
