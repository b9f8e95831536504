import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Clock } from './clock';
import { DeadKeyReportError } from './errors';
import { fingerprint } from './fingerprint';
import { type ClientLogger, describeError } from './logger';

/**
 * What an agent tells rekey when the key it holds is refused right after a refresh returned that same key: ids and
 * the key's fingerprint (SHA-256), never the key. rekey checks it is AWSCURRENT, tests it at the provider and, only if
 * the provider rejects it, rotates in emergency mode.
 */
export interface DeadKeyReport {
  /** The secret's `Name` as GetSecretValue returned it. */
  readonly secretName: string;
  readonly versionId: string;
  /** `fingerprint(key)`: lowercase hex SHA-256. */
  readonly fingerprint: string;
  readonly agentId: string;
}

/** Sends a dead-key report to rekey. RotatingSecret and the sidecar call it, rate-limited; a failure is logged. */
export interface DeadKeyReporter {
  report(report: DeadKeyReport): Promise<void>;
}

export interface LambdaDeadKeyReporterProps {
  readonly client: LambdaClient;
  /**
   * rekey's report function as your fleet invokes it: the fleet's alias ARN, the stack output
   * `KeyReportAliasArn<Fleet>` (or the function's name with `qualifier`).
   */
  readonly functionName: string;
  /** The alias, where `functionName` is unqualified: `fleet-<fleet>`. @default - none (`functionName` is qualified) */
  readonly qualifier?: string;
}

/**
 * Reports by invoking rekey's report function (RequestResponse, so a throttled or failed report is logged).
 *
 * IAM: `lambda:InvokeFunction` on the fleet's alias (the fleet's agent policy allows that alias only; the function
 * refuses a report about a key not tagged for the fleet whose alias was invoked).
 */
export function lambdaDeadKeyReporter({
  client,
  functionName,
  qualifier,
}: LambdaDeadKeyReporterProps): DeadKeyReporter {
  return {
    async report(report) {
      const { InvokeCommand } = await loadInvokeCommand();
      const body: DeadKeyReport = {
        secretName: report.secretName,
        versionId: report.versionId,
        fingerprint: report.fingerprint,
        agentId: report.agentId,
      };
      const out = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          ...(qualifier ? { Qualifier: qualifier } : {}),
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(body)),
        }),
      );
      if (out.FunctionError) throw new DeadKeyReportError(`the report function failed (${out.FunctionError})`);
    },
  };
}

type Invoke = Pick<typeof import('@aws-sdk/client-lambda'), 'InvokeCommand'>;
let invoke: Promise<Invoke> | undefined;

/**
 * Loaded on the first report: `@aws-sdk/client-lambda` is an optional peer dependency, present wherever a
 * `LambdaClient` was made to pass in, and never loaded by an agent that does not report.
 */
function loadInvokeCommand(): Promise<Invoke> {
  invoke ??= import('@aws-sdk/client-lambda');
  return invoke;
}

/** How often one process reports the same secret version at most. @default 60_000 (rekey's own window) */
export const DEFAULT_DEAD_KEY_REPORT_INTERVAL_MS = 60_000;

export interface DeadKeyReportsProps {
  readonly reporter: DeadKeyReporter;
  readonly agentId: string;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly logger: ClientLogger;
  /** For log lines: the secret as configured. */
  readonly description: string;
}

/**
 * The process's side of dead-key reports: one report per secret and version per interval, sent in the background
 * (the caller's request never waits on it, nor fails because of it), with ids only in its log lines.
 */
export class DeadKeyReports {
  readonly #props: DeadKeyReportsProps;
  readonly #lastAt = new Map<string, number>();
  readonly #pending = new Set<Promise<void>>();

  constructor(props: DeadKeyReportsProps) {
    this.#props = props;
  }

  /** Reports `key` of `secretName`/`versionId` dead unless this process did so within the interval. */
  report(held: { readonly secretName: string; readonly versionId: string; readonly key: string }): void {
    const { reporter, agentId, intervalMs, clock, logger, description } = this.#props;
    const id = `${held.secretName}\n${held.versionId}`;
    const now = clock.now();
    const last = this.#lastAt.get(id);
    if (last !== undefined && now - last < intervalMs) return;
    this.#lastAt.set(id, now);
    if (this.#lastAt.size > 64) this.#lastAt.delete(this.#lastAt.keys().next().value as string);
    const ids = { secret: description, versionId: held.versionId, agentId };
    const report: DeadKeyReport = {
      secretName: held.secretName,
      versionId: held.versionId,
      fingerprint: fingerprint(held.key),
      agentId,
    };
    logger.warn(ids, 'key still refused after a refresh; reporting it to rekey');
    const pending: Promise<void> = Promise.resolve()
      .then(() => reporter.report(report))
      .then(
        () => logger.info(ids, 'dead key reported'),
        (err: unknown) => logger.warn({ ...ids, ...describeError(err) }, 'dead-key report failed'),
      )
      .finally(() => this.#pending.delete(pending));
    this.#pending.add(pending);
  }

  /** Waits for reports in flight (close). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
  }
}
