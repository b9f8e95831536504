import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

export interface InternalApiOptions {
  /** Secrets Manager client (straight to the emulator: the service's own reads are not the agents' calls). */
  readonly sm: SecretsManagerClient;
  /** The managed secrets whose tokens this service accepts. */
  readonly secretNames: readonly string[];
  /** How often the service re-reads which versions are live. @default 100 */
  readonly refreshMs?: number;
}

export interface InternalApi {
  readonly url: string;
  /** Requests answered, and how many were refused for a dead token. */
  readonly stats: { requests: number; rejected: number };
  /** True if the service accepts this token right now. */
  isLive(token: string): boolean;
  /** Re-reads the live tokens now. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The in-house API that rekey's generated tokens unlock, for the rehearsal: it accepts a bearer token only while
 * the secret version holding it carries a label (AWSCURRENT, AWSPENDING or AWSPREVIOUS), so a retired version's
 * token is refused at once. `GET /whoami` answers 200 with the secret's name, or 401.
 */
export async function startInternalApi(options: InternalApiOptions): Promise<InternalApi> {
  let live = new Map<string, string>();
  const stats = { requests: 0, rejected: 0 };
  const readLive = async () => {
    const next = new Map<string, string>();
    for (const secretName of options.secretNames) {
      const versions = await options.sm.send(new ListSecretVersionIdsCommand({ SecretId: secretName }));
      for (const version of versions.Versions ?? []) {
        const stage = version.VersionStages?.[0];
        if (!version.VersionId || !stage) continue;
        const value = await options.sm.send(
          new GetSecretValueCommand({ SecretId: secretName, VersionId: version.VersionId, VersionStage: stage }),
        );
        const apiKey = (JSON.parse(value.SecretString ?? '{}') as { apiKey?: string }).apiKey;
        if (apiKey) next.set(apiKey, secretName);
      }
    }
    live = next;
  };
  // One read at a time; callers that arrive meanwhile share it.
  let reading: Promise<void> | undefined;
  const refresh = () => {
    reading ??= readLive().finally(() => {
      reading = undefined;
    });
    return reading;
  };
  await refresh();
  const timer = setInterval(() => {
    refresh().catch(() => undefined);
  }, options.refreshMs ?? 100);
  timer.unref();

  const server: Server = createServer(async (req, res) => {
    stats.requests += 1;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    // A token it does not know may be one minted since its last read: read the secret again before refusing,
    // as a real service checking its cache would.
    if (token && !live.has(token)) await refresh().catch(() => undefined);
    const secretName = token ? live.get(token) : undefined;
    if (!secretName) {
      stats.rejected += 1;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'invalid_token', message: 'The token is not valid.' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ secretName }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    isLive: (token) => live.has(token),
    refresh,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
