import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Acknowledge } from './ack';
import { defaultAgentId, MAX_AGENT_ID_LENGTH } from './agent-id';
import { type Clock, type Random, systemClock } from './clock';
import { DEFAULT_DEAD_KEY_REPORT_INTERVAL_MS, type DeadKeyReporter } from './dead-key-report';
import { ClientConfigError } from './errors';
import { isInvalidKeyError } from './invalid-key';
import type { Liveness } from './liveness';
import { envLoader } from './loaders/env';
import { fileLoader } from './loaders/file';
import { secretsManagerLoader } from './loaders/secrets-manager';
import type { SecretLoader } from './loaders/types';
import { type ClientLogger, stderrLogger } from './logger';
import { fileWatchSource } from './sources/file';
import type { ChangeSource } from './sources/types';

export interface RotatingSecretOptions {
  /**
   * Name or ARN of the Secrets Manager secret. Takes precedence over `file` and `env`; leave it undefined (for
   * example `process.env.REKEY_SECRET_ID` unset on a laptop) to fall back to them.
   * @default - no Secrets Manager secret; `file` or `env` must be given
   */
  readonly secretId?: string;
  /**
   * The JSON field that holds the key. A secret that is not a JSON object is a plain-string key.
   * @default 'apiKey'
   */
  readonly field?: string;
  /**
   * The Secrets Manager client (point it at an emulator with `endpoint`).
   * @default - `new SecretsManagerClient({})` (region and credentials from the environment)
   */
  readonly client?: SecretsManagerClient;
  /**
   * A file holding the secret, e.g. a Kubernetes-mounted secret. Its directory is watched (the kubelet swaps a
   * `..data` symlink atomically) and the file re-read on every change.
   * @default - no file
   */
  readonly file?: string;
  /**
   * Quiet time after the last change in the watched directory before the file is re-read.
   * @default 100
   */
  readonly fileDebounceMs?: number;
  /**
   * An environment variable holding the secret, for local development.
   * @default - no variable
   */
  readonly env?: string;
  /**
   * Delete `env` from `process.env` once the secret is open (read from the variable, or from `secretId`/`file`
   * when those win), so child processes and diagnostic reports do not carry it.
   * @default false
   */
  readonly removeFromEnv?: boolean;
  /**
   * Push sources: `sqsSource(...)`, `snsHttpSource(...)`. One source can serve many secrets.
   * @default - none (polling only)
   */
  readonly sources?: readonly ChangeSource[];
  /**
   * Polling fallback: how often to call GetSecretValue even when no notification came. 0 turns polling off.
   * @default 3_600_000 (one hour)
   */
  readonly pollIntervalMs?: number;
  /**
   * Spread of each polling interval, as a fraction (0.1 = ±10%), so a fleet started together does not poll
   * together.
   * @default 0.1
   */
  readonly pollJitter?: number;
  /**
   * Upper bound of the random delay between a `rotated` notification and the refresh it causes, so a large fleet
   * spreads its GetSecretValue calls. The delay is uniform in [0, notificationDelayMs).
   * @default 2000
   */
  readonly notificationDelayMs?: number;
  /**
   * Records that this agent uses a version (see `dynamoDbAcknowledger`). Failures are logged, never thrown.
   * @default - no acknowledgement
   */
  readonly acknowledge?: Acknowledge;
  /**
   * Announces that this agent is alive and which version it holds (see `dynamoDbLiveness`): when it opens, whenever it
   * switches version, every `livenessTtlMs / 3` (±10%), and expired when it closes. The revocation's fleet check
   * counts live agents only, so a process that died or restarted never holds a revocation back, and one still live
   * on the old key always holds a scheduled one back. Its acks then say so (`VersionAck.liveness`). Failures are
   * logged, never thrown.
   * @default - no liveness record; acks alone speak for this agent
   */
  readonly liveness?: Liveness;
  /**
   * How long a liveness record lasts without renewal. Renewed every third of it, so two failed renewals in a row
   * still leave the agent live.
   * @default 90_000 (90 seconds)
   */
  readonly livenessTtlMs?: number;
  /**
   * This agent's id in acknowledgements and liveness records. Keep it stable across restarts of the same agent, and
   * unique per process.
   * @default - `REKEY_AGENT_ID`; else the pod name in Kubernetes (`POD_NAME`, else `HOSTNAME`), the task and container
   * from `ECS_CONTAINER_METADATA_URI_V4` in ECS, the log stream on Lambda; else `<hostname>:<pid>`
   */
  readonly agentId?: string;
  /**
   * Decides which errors from `withKey`'s function mean the key is no longer valid.
   * @default isInvalidKeyError
   */
  readonly isInvalidKeyError?: (err: unknown) => boolean;
  /**
   * After a rejected key, `withKey` calls GetSecretValue only if the last refresh is older than this; otherwise it
   * retries with what it holds. Bounds the calls a burst of rejections can cause.
   * @default 1000
   */
  readonly retryCooldownMs?: number;
  /**
   * The cooldown instead of `retryCooldownMs` (when shorter) once the key held has been found dead (refused again right after a
   * refresh returned it): the agent then re-reads at most this often, so it moves to the replacement within this
   * long of it becoming current, even before the notification arrives. Concurrent calls share one read.
   * @default 250
   */
  readonly deadKeyRetryCooldownMs?: number;
  /**
   * Tells rekey when `withKey`'s retry is refused too with the key a refresh just returned: the provider has killed
   * the current key (see `lambdaDeadKeyReporter`). Ids and the key's fingerprint only; failures are logged.
   * @default - no reports
   */
  readonly deadKeyReporter?: DeadKeyReporter;
  /**
   * One report per secret version per this many ms at most, in this process.
   * @default 60_000
   */
  readonly deadKeyReportIntervalMs?: number;
  /**
   * Where the client logs (pino and compatible loggers fit).
   * @default - warnings and errors as redacted JSON lines on stderr
   */
  readonly logger?: ClientLogger;
  /**
   * Time and timers.
   * @default - the system clock, with unref'd timers
   */
  readonly clock?: Clock;
  /**
   * Random numbers in [0, 1) for jitter.
   * @default Math.random
   */
  readonly random?: Random;
}

/** Options with defaults applied and the loader chosen. */
export interface ResolvedOptions {
  readonly description: string;
  /** The variable to delete from `process.env` once open. */
  readonly removeEnv: string | undefined;
  readonly secretId: string | undefined;
  readonly field: string;
  readonly loader: SecretLoader;
  readonly sources: readonly ChangeSource[];
  readonly pollIntervalMs: number;
  readonly pollJitter: number;
  readonly notificationDelayMs: number;
  readonly acknowledge: Acknowledge | undefined;
  readonly liveness: Liveness | undefined;
  readonly livenessTtlMs: number;
  readonly agentId: string;
  readonly isInvalidKeyError: (err: unknown) => boolean;
  readonly retryCooldownMs: number;
  readonly deadKeyRetryCooldownMs: number;
  readonly deadKeyReporter: DeadKeyReporter | undefined;
  readonly deadKeyReportIntervalMs: number;
  readonly logger: ClientLogger;
  readonly clock: Clock;
  readonly random: Random;
}

export function resolveOptions(options: RotatingSecretOptions): ResolvedOptions {
  const field = options.field ?? 'apiKey';
  if (field.length === 0) throw new ClientConfigError('field must be a non-empty string, got ""');
  const pollIntervalMs = options.pollIntervalMs ?? 3_600_000;
  if (!(pollIntervalMs === 0 || pollIntervalMs >= 1000)) {
    throw new ClientConfigError(`pollIntervalMs must be 0 (off) or at least 1000 ms, got ${pollIntervalMs}`);
  }
  const pollJitter = options.pollJitter ?? 0.1;
  if (!(pollJitter >= 0 && pollJitter < 1)) {
    throw new ClientConfigError(`pollJitter must be at least 0 and below 1, got ${pollJitter}`);
  }
  const notificationDelayMs = nonNegative('notificationDelayMs', options.notificationDelayMs ?? 2000);
  const retryCooldownMs = nonNegative('retryCooldownMs', options.retryCooldownMs ?? 1000);
  const fileDebounceMs = nonNegative('fileDebounceMs', options.fileDebounceMs ?? 100);
  const livenessTtlMs = options.livenessTtlMs ?? 90_000;
  if (!(livenessTtlMs >= 3000)) {
    throw new ClientConfigError(`livenessTtlMs must be at least 3000 ms, got ${livenessTtlMs}`);
  }
  const agentId = options.agentId ?? defaultAgentId();
  if (agentId.length === 0 || agentId.length > MAX_AGENT_ID_LENGTH) {
    throw new ClientConfigError(
      `agentId must be 1 to ${MAX_AGENT_ID_LENGTH} characters long, got ${agentId.length} characters`,
    );
  }
  const logger = options.logger ?? stderrLogger();
  const clock = options.clock ?? systemClock;

  const sources = [...(options.sources ?? [])];
  let loader: SecretLoader;
  if (options.secretId !== undefined && options.secretId.length > 0) {
    const client = options.client ?? new SecretsManagerClient({});
    loader = secretsManagerLoader({ client, secretId: options.secretId, field });
  } else if (options.file !== undefined) {
    loader = fileLoader(options.file, field);
    sources.push(fileWatchSource({ path: options.file, debounceMs: fileDebounceMs, logger, clock }));
  } else if (options.env !== undefined) {
    loader = envLoader(options.env, field, options.removeFromEnv ?? false);
  } else {
    throw new ClientConfigError('one of secretId, file or env is required, got none');
  }

  return {
    description: loader.description,
    removeEnv: options.removeFromEnv ? options.env : undefined,
    secretId: options.secretId || undefined,
    field,
    loader,
    sources,
    pollIntervalMs,
    pollJitter,
    notificationDelayMs,
    acknowledge: options.acknowledge,
    liveness: options.liveness,
    livenessTtlMs,
    agentId,
    isInvalidKeyError: options.isInvalidKeyError ?? isInvalidKeyError,
    retryCooldownMs,
    deadKeyRetryCooldownMs: nonNegative('deadKeyRetryCooldownMs', options.deadKeyRetryCooldownMs ?? 250),
    deadKeyReporter: options.deadKeyReporter,
    deadKeyReportIntervalMs: nonNegative(
      'deadKeyReportIntervalMs',
      options.deadKeyReportIntervalMs ?? DEFAULT_DEAD_KEY_REPORT_INTERVAL_MS,
    ),
    logger,
    clock,
    random: options.random ?? Math.random,
  };
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0)) throw new ClientConfigError(`${name} must be at least 0, got ${value}`);
  return value;
}
