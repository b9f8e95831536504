import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Acknowledge } from '../ack';
import type { Clock } from '../clock';
import { type DeadKeyReporter, DeadKeyReports } from '../dead-key-report';
import type { Liveness } from '../liveness';
import { type ClientLogger, describeError } from '../logger';
import { RotatingSecret } from '../rotating-secret';
import type { ChangeSource } from '../sources/types';
import { FileWriter } from './file-output';
import { ReadRecorder, recordingClient } from './recording-client';
import { RefreshGate } from './refresh-gate';

export interface ServedSecretProps {
  /** The id the sidecar was configured with (name or ARN). */
  readonly secretId: string;
  readonly client: SecretsManagerClient;
  readonly sources: readonly ChangeSource[];
  readonly pollIntervalMs: number;
  readonly notificationDelayMs: number;
  readonly refreshCooldownMs: number;
  /** Cache lifetime of versions other than AWSCURRENT (the AWS agent's TTL). */
  readonly otherVersionTtlMs: number;
  readonly acknowledge: Acknowledge | undefined;
  /** Announces this sidecar as a live agent on the version it holds (the revocation's fleet check). */
  readonly liveness: Liveness | undefined;
  readonly agentId: string;
  /** Told when a refreshNow read returns the version already served (see SidecarOptions.deadKeyReporter). */
  readonly deadKeyReporter?: DeadKeyReporter;
  readonly deadKeyReportIntervalMs?: number;
  readonly files: readonly string[];
  readonly logger: ClientLogger;
  readonly clock: Clock;
}

export interface VersionRequest {
  readonly versionId?: string;
  readonly versionStage?: string;
  readonly refreshNow: boolean;
  /** When the request arrived (refreshNow answers with a value read after this). */
  readonly at: number;
}

interface Cached {
  readonly output: GetSecretValueCommandOutput;
  readonly at: number;
}

/**
 * One secret the sidecar serves: a RotatingSecret (push, polling fallback, acks) reading through a recording client,
 * so the whole GetSecretValue answer of the version it holds is served; the refreshNow gate; the files it writes.
 * Versions other than the one held (another stage, an old VersionId) are read through, cached for the AWS agent's
 * TTL.
 */
export class ServedSecret {
  static async open(props: ServedSecretProps): Promise<ServedSecret> {
    const recorder = new ReadRecorder();
    const secret = await RotatingSecret.open({
      secretId: props.secretId,
      client: recordingClient(props.client, recorder, () => props.clock.now()),
      sources: props.sources,
      pollIntervalMs: props.pollIntervalMs,
      notificationDelayMs: props.notificationDelayMs,
      acknowledge: props.acknowledge,
      liveness: props.liveness,
      agentId: props.agentId,
      logger: props.logger,
      clock: props.clock,
    });
    const served = new ServedSecret(props, secret, recorder);
    await served.#writeFiles();
    return served;
  }

  readonly #props: ServedSecretProps;
  readonly #secret: RotatingSecret;
  readonly #recorder: ReadRecorder;
  readonly #gate: RefreshGate;
  readonly #writers: FileWriter[];
  readonly #others = new Map<string, Cached>();
  readonly #unsubscribe: () => void;
  readonly #deadKeys: DeadKeyReports | undefined;
  /** The version last answered from memory: a refreshNow that finds it still current means its key was refused. */
  #servedVersionId: string | undefined;

  private constructor(props: ServedSecretProps, secret: RotatingSecret, recorder: ReadRecorder) {
    this.#props = props;
    this.#secret = secret;
    this.#recorder = recorder;
    this.#gate = new RefreshGate(
      () => secret.refresh(),
      () => recorder.latestStartedAt,
      props.refreshCooldownMs,
      props.clock,
    );
    this.#writers = props.files.map((path) => new FileWriter(path));
    this.#deadKeys =
      props.deadKeyReporter === undefined
        ? undefined
        : new DeadKeyReports({
            reporter: props.deadKeyReporter,
            agentId: props.agentId,
            intervalMs: props.deadKeyReportIntervalMs ?? 60_000,
            clock: props.clock,
            logger: props.logger,
            description: props.secretId,
          });
    this.#unsubscribe = secret.on('rotated', () => {
      this.#writeFiles().catch(() => undefined);
    });
  }

  get secretId(): string {
    return this.#props.secretId;
  }

  /** The version held now. */
  get versionId(): string {
    return this.#secret.versionId;
  }

  /** GetSecretValue calls made for the held version (opening, push, polling, refreshNow). */
  get reads(): number {
    return this.#recorder.calls;
  }

  /** True if `id` names this secret: the configured id, or the Name or ARN Secrets Manager reported. */
  matches(id: string): boolean {
    if (id === this.#props.secretId || id === this.#secret.secretName) return true;
    return this.#current().output.ARN === id;
  }

  /** The GetSecretValue answer for the request (throws Secrets Manager's error on a failed read). */
  async get(request: VersionRequest): Promise<GetSecretValueCommandOutput> {
    const { versionId, versionStage } = request;
    const held = versionId === undefined || versionId === this.#secret.versionId;
    if (held && (versionStage === undefined || versionStage === 'AWSCURRENT')) {
      const served = this.#servedVersionId;
      if (request.refreshNow) await this.#gate.freshSince(request.at);
      if (versionId !== undefined && versionId !== this.#secret.versionId) return this.#readThrough(request);
      const output = this.#current().output;
      if (request.refreshNow && served === output.VersionId) this.#reportDead();
      this.#servedVersionId = output.VersionId;
      return output;
    }
    return this.#readThrough(request);
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    await this.#deadKeys?.idle();
    await this.#secret.close();
    await Promise.all(this.#writers.map((w) => w.idle().catch(() => undefined)));
  }

  /** A caller asked for a fresh read and got back the version it was already given: report that key. */
  #reportDead(): void {
    const secretName = this.#secret.secretName;
    if (this.#deadKeys === undefined || secretName === undefined) return;
    this.#deadKeys.report({ secretName, versionId: this.#secret.versionId, key: this.#secret.current() });
  }

  #current() {
    const read = this.#recorder.get(this.#secret.versionId);
    // The RotatingSecret holds only versions read through the recorder.
    if (read === undefined) throw new Error(`no recorded read of ${this.#props.secretId} ${this.#secret.versionId}`);
    return read;
  }

  async #readThrough(request: VersionRequest): Promise<GetSecretValueCommandOutput> {
    const key = `${request.versionId ?? ''}|${request.versionStage ?? ''}`;
    const now = this.#props.clock.now();
    const cached = this.#others.get(key);
    const maxAge = request.refreshNow ? this.#props.refreshCooldownMs : this.#props.otherVersionTtlMs;
    if (cached !== undefined && now - cached.at < maxAge) return cached.output;
    const output = await this.#props.client.send(
      new GetSecretValueCommand({
        SecretId: this.#props.secretId,
        ...(request.versionId !== undefined ? { VersionId: request.versionId } : {}),
        ...(request.versionStage !== undefined ? { VersionStage: request.versionStage } : {}),
      }),
    );
    if (this.#others.size >= 16) this.#others.clear();
    this.#others.set(key, { output, at: now });
    return output;
  }

  async #writeFiles(): Promise<void> {
    if (this.#writers.length === 0) return;
    const value = this.#secret.current();
    const versionId = this.#secret.versionId;
    await Promise.all(
      this.#writers.map((w) =>
        w.write(`${value}\n`).then(
          () => this.#props.logger.info({ secret: this.#props.secretId, versionId, file: w.path }, 'key file written'),
          (err: unknown) =>
            this.#props.logger.error(
              { secret: this.#props.secretId, versionId, file: w.path, ...describeError(err) },
              'key file write failed; the previous file stays',
            ),
        ),
      ),
    );
  }
}
