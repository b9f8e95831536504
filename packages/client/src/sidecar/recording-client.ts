import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** One GetSecretValue answer and when its call started. */
export interface RecordedRead {
  readonly output: GetSecretValueCommandOutput;
  readonly startedAt: number;
}

/** The answers a served secret's RotatingSecret got, by VersionId, and the newest. */
export class ReadRecorder {
  readonly #byVersion = new Map<string, RecordedRead>();
  #latestStartedAt = Number.NEGATIVE_INFINITY;
  calls = 0;

  record(read: RecordedRead): void {
    const versionId = read.output.VersionId;
    if (versionId === undefined) return;
    this.#byVersion.delete(versionId);
    this.#byVersion.set(versionId, read);
    // The current and previous versions are what is served; two more cover late readers.
    while (this.#byVersion.size > 4) this.#byVersion.delete(this.#byVersion.keys().next().value as string);
    this.#latestStartedAt = Math.max(this.#latestStartedAt, read.startedAt);
  }

  get(versionId: string): RecordedRead | undefined {
    return this.#byVersion.get(versionId);
  }

  /** When the newest completed read started: a value read after that instant is what is held. */
  get latestStartedAt(): number {
    return this.#latestStartedAt;
  }
}

/**
 * The client a served secret's RotatingSecret reads with: the given client, with every GetSecretValue answer also
 * kept in `recorder` (the sidecar serves the whole answer, not only the key field the RotatingSecret keeps). A
 * wrapper rather than SDK middleware, so it records whatever `send` the client has (aws-sdk-client-mock stubs
 * included). Only `send` is used by the client library's loader.
 */
export function recordingClient(
  client: SecretsManagerClient,
  recorder: ReadRecorder,
  now: () => number,
): SecretsManagerClient {
  const send = async (command: unknown, options?: unknown): Promise<unknown> => {
    const startedAt = now();
    const isRead = command instanceof GetSecretValueCommand;
    if (isRead) recorder.calls++;
    const out = await (client.send as (c: unknown, o?: unknown) => Promise<unknown>).call(client, command, options);
    if (isRead) recorder.record({ output: out as GetSecretValueCommandOutput, startedAt });
    return out;
  };
  return { send, config: client.config, destroy: () => client.destroy() } as unknown as SecretsManagerClient;
}
