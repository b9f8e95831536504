import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DEFAULT_STACK_NAME, OUTPUT_NAMES, type OutputName } from '../../../contract';
import { OPTIONAL_OUTPUT_NAMES, type OptionalOutputName } from '../../../contract/outputs';
import { Inventory } from '../../../lambdas/common/inventory';
import { ConfigError, loadConfig, type RekeyConfig } from '../../../lib/config';
import { describeStackOutputs } from './cloudformation';
import {
  explainError,
  InvalidStateFileError,
  LocalEnvironmentStoppedError,
  LocalStateMissingError,
  NoRegionError,
  StackOutputsMissingError,
  UsageError,
} from './errors';
import { type RevocationWaits, resolveWaits, waitsFromSettings } from './waits';

export { DEFAULT_WAITS, type RevocationWaits, waitsFromDefinition, waitsFromSettings } from './waits';

/** The stack outputs the CLI finds a deployment by (contract/outputs.ts; lib/rekey-stack.ts declares them). */
export { OUTPUT_NAMES, type OutputName };
/** Every output the CLI needs, and those it reads when the deployment declares them (`FindingBusName`). */
export type StackOutputs = Readonly<Record<OutputName, string>> & Readonly<Partial<Record<OptionalOutputName, string>>>;

/** Where `npm start -- --serve` writes what the CLI needs to reach the local rehearsal. */
export const DEFAULT_STATE_FILE = '.rekey/local.json';
export const DEFAULT_CONFIG_FILE = 'rekey.config.json';

/** The local rehearsal's state file. */
export const LocalStateSchema = z
  .object({
    endpoint: z.string().url(),
    region: z.string().min(1),
    stackName: z.string().optional(),
    outputs: z
      .object(Object.fromEntries(OUTPUT_NAMES.map((n) => [n, z.string().min(1)])) as Record<OutputName, z.ZodString>)
      .extend(
        Object.fromEntries(OPTIONAL_OUTPUT_NAMES.map((n) => [n, z.string().min(1).optional()])) as Record<
          OptionalOutputName,
          z.ZodOptional<z.ZodString>
        >,
      ),
    pid: z.number().int().positive().optional(),
    /**
     * Credentials of the local account's principals (the local stack enforces IAM): the operator's, under the
     * operator policy the stack emits (what `rekey --local` signs with), and each fleet's agents'.
     */
    credentials: z
      .object({
        operator: z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }),
        agents: z.record(z.string(), z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) })),
        admin: z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }).optional(),
      })
      .optional(),
    /** The deployment's verification settings (as in the config), for the deadlines `status` shows. */
    verification: z
      .object({
        scheduledWaitSeconds: z.number().int().min(0),
        emergencyWaitSeconds: z.number().int().min(0),
        maxRounds: z.number().int().min(1),
      })
      .partial()
      .passthrough()
      .optional(),
  })
  .passthrough();
export type LocalState = z.infer<typeof LocalStateSchema>;

export interface OperatorClients {
  readonly sm: SecretsManagerClient;
  /** DynamoDB document client (the inventory). */
  readonly ddb: DynamoDBDocumentClient;
  readonly sfn: SFNClient;
  readonly sns: SNSClient;
  readonly events: EventBridgeClient;
}

export interface Target {
  readonly kind: 'aws' | 'local' | 'endpoint';
  readonly region: string;
  readonly stackName?: string;
  readonly endpoint?: string;
}

/** Everything a command needs: AWS clients for one deployment, its outputs, and the clock it waits with. */
export interface OperatorContext {
  readonly clients: OperatorClients;
  readonly outputs: StackOutputs;
  readonly secretPrefix: string;
  readonly inventory: Inventory;
  readonly target: Target;
  /** How the clients were made: for any further client a command needs. */
  readonly clientConfig: ClientConfig;
  /** The config file, where one was read. */
  readonly config?: RekeyConfig;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** How often commands that follow an operation poll. */
  readonly pollMs: number;
  /** The deployment's verification waits (read once: state machine definition, else config, else defaults). */
  waits(): Promise<RevocationWaits>;
}

export interface ContextOptions {
  /** `--local [stateFile]`: true for the default file. */
  readonly local?: string | boolean;
  /** `--endpoint URL`: any AWS-compatible endpoint (the local gateway, moto); outputs then come from a file or flags. */
  readonly endpoint?: string;
  readonly stack?: string;
  /** `-c/--config`. @default 'rekey.config.json' when it exists */
  readonly config?: string;
  readonly region?: string;
  readonly profile?: string;
  /** `cdk deploy --outputs-file` output, or a flat `{ OutputName: value }` object. */
  readonly outputsFile?: string;
  /** `--output NAME=VALUE`, over whatever else supplied outputs. */
  readonly outputs?: Readonly<Partial<Record<OutputName, string>>>;
  /** @default process.cwd() */
  readonly cwd?: string;
  /** @default 1000 */
  readonly pollMs?: number;
  /** @default - `process.kill(pid, 0)` */
  readonly isProcessAlive?: (pid: number) => boolean;
  /** Reads stack outputs from CloudFormation. @default describeStackOutputs */
  readonly describeStack?: typeof describeStackOutputs;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** How every client of a context is configured (more clients, e.g. IAM for the aws-iam provider, are made with it). */
export interface ClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * An operator's command runs while rekey's functions draw on the same quotas, and a mass exposure is when both are
 * busiest: `rekey status` then describes a thousand running revocations against DescribeExecution's 15 a second. The
 * SDK's adaptive retry slows each client to what AWS admits after a throttle, and 10 attempts see a throttled call
 * through instead of failing the command.
 */
const OPERATOR_RETRY = { retryMode: 'adaptive', maxAttempts: 10 } as const;

/** Builds clients for one region and endpoint (the SDK's own chain supplies credentials unless given). */
export function makeClients(config: ClientConfig): OperatorClients {
  const base = { ...clientOptions(config), ...OPERATOR_RETRY };
  const ddb = new DynamoDBClient(base);
  return {
    sm: new SecretsManagerClient(base),
    ddb: DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } }),
    sfn: new SFNClient(base),
    sns: new SNSClient(base),
    events: new EventBridgeClient(base),
  };
}

/** SDK client options for a ClientConfig (only the fields that are set). */
export function clientOptions(config: ClientConfig) {
  return {
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.profile ? { profile: config.profile } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  };
}

/** Assembles a context from parts (tests pass fake clients here). */
export function createOperatorContext(parts: {
  clients: OperatorClients;
  outputs: StackOutputs;
  target: Target;
  clientConfig?: ClientConfig;
  config?: RekeyConfig;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  waits?: RevocationWaits;
}): OperatorContext {
  let waits: Promise<RevocationWaits> | undefined = parts.waits ? Promise.resolve(parts.waits) : undefined;
  const now = parts.now ?? (() => new Date());
  const ctx: OperatorContext = {
    clients: parts.clients,
    outputs: parts.outputs,
    secretPrefix: parts.outputs.SecretPrefix,
    inventory: new Inventory(parts.clients.ddb, parts.outputs.InventoryTableName, now),
    target: parts.target,
    clientConfig: parts.clientConfig ?? { region: parts.target.region },
    config: parts.config,
    now,
    sleep: parts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    pollMs: parts.pollMs ?? 1000,
    waits() {
      waits ??= resolveWaits(parts.clients.sfn, parts.outputs.RevocationStateMachineArn, parts.config);
      return waits;
    },
  };
  return ctx;
}

/**
 * Resolves which deployment the command talks to: `--local` (the rehearsal's state file), `--endpoint` (outputs from
 * a file or flags), or real AWS (the stack's CloudFormation outputs; stack name from --stack or the config file;
 * region from --region, the config file's `env.region`, or the SDK's chain; credentials from the SDK's chain).
 */
export async function resolveContext(options: ContextOptions = {}): Promise<OperatorContext> {
  const cwd = options.cwd ?? process.cwd();
  if (options.local !== undefined && options.local !== false && options.endpoint) {
    throw new UsageError(
      '--local and --endpoint cannot be used together',
      'Use --local for the rehearsal, or --endpoint URL.',
    );
  }
  if (options.local !== undefined && options.local !== false) {
    const path = resolve(cwd, typeof options.local === 'string' ? options.local : DEFAULT_STATE_FILE);
    const state = readLocalState(path, options.isProcessAlive ?? processAlive);
    const outputs = completeOutputs({ ...state.outputs, ...options.outputs }, path);
    const clientConfig = {
      region: state.region,
      endpoint: state.endpoint,
      credentials: state.credentials?.operator ?? LOCAL_CREDENTIALS,
    };
    return createOperatorContext({
      clients: makeClients(clientConfig),
      clientConfig,
      outputs,
      target: { kind: 'local', region: state.region, endpoint: state.endpoint, stackName: state.stackName },
      pollMs: options.pollMs ?? 250,
      config: readConfig(options.config, cwd),
      ...(state.verification ? { waits: waitsFromSettings(state.verification) } : {}),
    });
  }

  const config = readConfig(options.config, cwd);
  const stackName = options.stack ?? config?.stackName ?? DEFAULT_STACK_NAME;
  const fileOutputs = options.outputsFile ? readOutputsFile(resolve(cwd, options.outputsFile), stackName) : {};

  if (options.endpoint) {
    const region = options.region ?? process.env.AWS_REGION ?? config?.env?.region ?? 'us-east-1';
    const where = options.outputsFile ?? '--output flags';
    const outputs = completeOutputs({ ...fileOutputs, ...options.outputs }, where);
    const clientConfig: ClientConfig = {
      region,
      endpoint: options.endpoint,
      ...(options.profile ? { profile: options.profile } : { credentials: LOCAL_CREDENTIALS }),
    };
    return createOperatorContext({
      clients: makeClients(clientConfig),
      clientConfig,
      outputs,
      target: { kind: 'endpoint', region, endpoint: options.endpoint, stackName },
      pollMs: options.pollMs,
      config,
    });
  }

  const region = await resolveRegion(options.region, options.profile, config);
  const clientConfig: ClientConfig = { region, ...(options.profile ? { profile: options.profile } : {}) };
  const clients = makeClients(clientConfig);
  let outputs: Partial<Record<string, string>> = { ...fileOutputs };
  const have = OUTPUT_NAMES.every((n) => options.outputs?.[n] ?? outputs[n]);
  if (!have) {
    try {
      const fromStack = await (options.describeStack ?? describeStackOutputs)({
        stackName,
        region,
        credentials: () => clients.sm.config.credentials(),
      });
      outputs = { ...fromStack, ...outputs };
    } catch (err) {
      throw explainError(err);
    }
  }
  return createOperatorContext({
    clients,
    clientConfig,
    outputs: completeOutputs({ ...outputs, ...options.outputs }, `stack ${stackName} (${region})`),
    target: { kind: 'aws', region, stackName },
    pollMs: options.pollMs,
    config,
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLocalState(path: string, isAlive: (pid: number) => boolean = processAlive): LocalState {
  if (!existsSync(path)) throw new LocalStateMissingError(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InvalidStateFileError(path, (err as Error).message);
  }
  const parsed = LocalStateSchema.safeParse(json);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new InvalidStateFileError(path, `bad or missing ${missing}`);
  }
  if (parsed.data.pid !== undefined && !isAlive(parsed.data.pid)) {
    throw new LocalEnvironmentStoppedError(path, parsed.data.pid);
  }
  return parsed.data;
}

/** `cdk deploy --outputs-file` writes `{ "<stack>": { "<OutputKey>": "<value>" } }`; a flat object works too. */
export function readOutputsFile(path: string, stackName: string): Partial<Record<string, string>> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InvalidStateFileError(path, (err as Error).message);
  }
  if (json === null || typeof json !== 'object') throw new InvalidStateFileError(path, 'not a JSON object');
  const obj = json as Record<string, unknown>;
  if (OUTPUT_NAMES.some((n) => typeof obj[n] === 'string')) return obj as Record<string, string>;
  const stacks = Object.entries(obj).filter(([, v]) => v !== null && typeof v === 'object');
  const picked = obj[stackName] ?? (stacks.length === 1 ? stacks[0]?.[1] : undefined);
  if (!picked || typeof picked !== 'object') {
    throw new InvalidStateFileError(
      path,
      `no outputs for stack ${stackName} (it holds ${stacks.map(([k]) => k).join(', ') || 'nothing'}); pass --stack`,
    );
  }
  return picked as Record<string, string>;
}

function completeOutputs(outputs: Partial<Record<string, string>>, where: string): StackOutputs {
  const missing = OUTPUT_NAMES.filter((n) => !outputs[n]);
  if (missing.length > 0) throw new StackOutputsMissingError(where, missing);
  const optional = OPTIONAL_OUTPUT_NAMES.flatMap((n) => (outputs[n] ? [[n, outputs[n]]] : []));
  return Object.fromEntries([...OUTPUT_NAMES.map((n) => [n, outputs[n] as string]), ...optional]) as StackOutputs;
}

function readConfig(path: string | undefined, cwd: string): RekeyConfig | undefined {
  const file = resolve(cwd, path ?? DEFAULT_CONFIG_FILE);
  if (!path && !existsSync(file)) return undefined;
  try {
    return loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new UsageError(err.message, 'Fix the config file, or pass another with -c/--config.');
    }
    throw err;
  }
}

/** --region, else the region the config file pins the stack to, else the SDK's chain (AWS_REGION, the profile). */
async function resolveRegion(flag: string | undefined, profile: string | undefined, config?: RekeyConfig) {
  if (flag) return flag;
  if (config?.env?.region) return config.env.region;
  try {
    const probe = new SecretsManagerClient(profile ? { profile } : {});
    const region = await probe.config.region();
    if (region) return region;
  } catch {
    // no region in the environment or the profile
  }
  throw new NoRegionError();
}
