import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type Acknowledge, defaultAgentId, type Liveness } from '../ack';
import { type Clock, systemClock } from '../clock';
import { DEFAULT_DEAD_KEY_REPORT_INTERVAL_MS, type DeadKeyReporter } from '../dead-key-report';
import { type ClientLogger, describeError, stderrLogger } from '../logger';
import { type SnsHttpSource, type SnsHttpSourceProps, snsHttpSource } from '../sources/sns-http';
import { sqsSource } from '../sources/sqs';
import type { ChangeSource } from '../sources/types';
import { SidecarConfigError } from './errors';
import { handleAgentRequest } from './handler';
import { isLoopbackAddress } from './loopback';
import { ServedSecret } from './served-secret';
import { resolveSsrfToken } from './token';

/** The AWS agent's default port (config.rs `DEFAULT_HTTP_PORT`). */
export const DEFAULT_SIDECAR_PORT = 2773;
/** The AWS agent's default TTL (config.rs `DEFAULT_TTL_SECONDS`); here only the polling fallback and other versions. */
export const DEFAULT_SIDECAR_POLL_MS = 300_000;

export interface SidecarOptions {
  /** The secrets served (names or ARNs); a request for any other is refused without calling Secrets Manager. */
  readonly secrets: readonly string[];
  readonly secretsManager: SecretsManagerClient;
  /** @default 2773 (0 picks a free port) */
  readonly port?: number;
  /** The address listened on. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Listen on a non-loopback `host` and answer non-loopback peers. Off, such a host is refused at start and such a
   * peer gets 403.
   * @default false
   */
  readonly allowNonLoopback?: boolean;
  /** The SSRF token. @default - resolveSsrfToken({ tokenFile, createTokenFile }) */
  readonly token?: string;
  /** A file holding the SSRF token. @default - AWS_TOKEN, AWS_SESSION_TOKEN, AWS_CONTAINER_AUTHORIZATION_TOKEN */
  readonly tokenFile?: string;
  /** Create `tokenFile` with a random token if it does not exist. @default false */
  readonly createTokenFile?: boolean;
  /** Push over the fleet's SQS queue (a queue per sidecar). @default - none */
  readonly sqs?: { readonly client: SQSClient; readonly queueUrl: string; readonly waitTimeSeconds?: number };
  /** Push over SNS HTTP(S): an endpoint on its own port for the fleet topic's subscription. @default - none */
  readonly sns?: Omit<SnsHttpSourceProps, 'logger'> & { readonly port: number; readonly host?: string };
  /** Polling fallback interval; 0 turns it off. @default 300_000 */
  readonly pollIntervalMs?: number;
  /** Upper bound of the random delay between a notification and the read it causes. @default 250 */
  readonly notificationDelayMs?: number;
  /** refreshNow starts at most one GetSecretValue per secret per this many ms. @default 1000 */
  readonly refreshCooldownMs?: number;
  /** Files each secret's key is written to (atomic swap, mode 0600), by configured secret id. @default - none */
  readonly files?: readonly { readonly secretId: string; readonly path: string }[];
  /** Acknowledges each version switched to (`dynamoDbAcknowledger`). @default - none */
  readonly acknowledge?: Acknowledge;
  /**
   * Announces the sidecar as a live agent of its fleet, renewed with a TTL (`dynamoDbLiveness`), so a sidecar that
   * died never holds a revocation back and a live one on the old key always does. @default - none
   */
  readonly liveness?: Liveness;
  /**
   * Tells rekey when a `refreshNow=true` read returns the very version the sidecar had already served (its callers
   * were refused that key, and Secrets Manager still holds it current): `lambdaDeadKeyReporter`. Ids and the key's
   * fingerprint only, one report per secret version per `deadKeyReportIntervalMs`. @default - no reports
   */
  readonly deadKeyReporter?: DeadKeyReporter;
  /** @default 60_000 */
  readonly deadKeyReportIntervalMs?: number;
  /** This sidecar's agent id in acknowledgements. @default - the client's `<hostname>:<pid>` */
  readonly agentId?: string;
  /** Concurrent requests answered before 429, as the AWS agent's `max_conn`. @default 800 */
  readonly maxConnections?: number;
  /** @default - redacting JSON lines on stderr, info and above */
  readonly logger?: ClientLogger;
  readonly clock?: Clock;
}

export interface Sidecar {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The SNS endpoint's URL, when `sns` was given. */
  readonly snsUrl: string | undefined;
  /** The served secrets' configured ids and the versions held. */
  versions(): Record<string, string>;
  /** GetSecretValue calls made so far for held versions, summed over the served secrets. */
  reads(): number;
  close(): Promise<void>;
}

/**
 * Starts `rekey agent`: opens every served secret (failing if one cannot be read), writes its files, starts the push
 * sources and polling, then listens. It answers the AWS Secrets Manager Agent's API (see handler.ts) from memory:
 * the held version is replaced when a push notification or poll finds a new one, or on `refreshNow=true`.
 */
export async function startSidecar(options: SidecarOptions): Promise<Sidecar> {
  const host = options.host ?? '127.0.0.1';
  const allowNonLoopback = options.allowNonLoopback ?? false;
  const port = options.port ?? DEFAULT_SIDECAR_PORT;
  validate(options, host, allowNonLoopback, port);
  const logger = options.logger ?? stderrLogger('info');
  const clock = options.clock ?? systemClock;
  const token =
    options.token ??
    (await resolveSsrfToken({ tokenFile: options.tokenFile, createIfMissing: options.createTokenFile }));

  const sources: ChangeSource[] = [];
  if (options.sqs) sources.push(sqsSource({ ...options.sqs, logger, clock }));
  let sns: SnsHttpSource | undefined;
  if (options.sns) {
    sns = snsHttpSource({ ...options.sns, logger });
    sources.push(sns);
  }
  const secrets: ServedSecret[] = [];
  const closeAll = async () => {
    await Promise.allSettled(secrets.map((s) => s.close()));
  };
  try {
    for (const secretId of options.secrets) {
      secrets.push(
        await ServedSecret.open({
          secretId,
          client: options.secretsManager,
          sources,
          pollIntervalMs: options.pollIntervalMs ?? DEFAULT_SIDECAR_POLL_MS,
          notificationDelayMs: options.notificationDelayMs ?? 250,
          refreshCooldownMs: options.refreshCooldownMs ?? 1000,
          otherVersionTtlMs: DEFAULT_SIDECAR_POLL_MS,
          acknowledge: options.acknowledge,
          liveness: options.liveness,
          agentId: options.agentId ?? defaultAgentId(),
          deadKeyReporter: options.deadKeyReporter,
          deadKeyReportIntervalMs: options.deadKeyReportIntervalMs ?? DEFAULT_DEAD_KEY_REPORT_INTERVAL_MS,
          files: (options.files ?? []).filter((f) => f.secretId === secretId).map((f) => f.path),
          logger,
          clock,
        }),
      );
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  let inFlight = 0;
  const props = {
    secrets,
    token,
    allowNonLoopback,
    inFlight: () => inFlight,
    maxConnections: options.maxConnections ?? 800,
    logger,
    now: () => clock.now(),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    handleAgentRequest(
      { method: req.method, url: req.url, headers: req.headers, remoteAddress: req.socket.remoteAddress },
      props,
    )
      .then(
        (answer) => {
          res.writeHead(answer.status, { 'content-length': Buffer.byteLength(answer.body) });
          res.end(answer.body);
        },
        (err: unknown) => {
          logger.error(describeError(err), 'sidecar request failed');
          res.writeHead(500);
          res.end('{"__type":"InternalFailure"}');
        },
      )
      .finally(() => {
        inFlight--;
      });
  });
  // The AWS agent gives a connection 61 s (constants.rs MAX_REQ_TIME_SEC).
  server.requestTimeout = 61_000;
  let snsServer: Server | undefined;
  try {
    await listen(server, port, host);
    if (sns && options.sns) {
      snsServer = createServer(sns.handler);
      await listen(snsServer, options.sns.port, options.sns.host ?? '127.0.0.1');
    }
  } catch (err) {
    await closeServer(server);
    await closeAll();
    throw err;
  }
  const bound = (server.address() as AddressInfo).port;
  const snsPort = snsServer ? (snsServer.address() as AddressInfo).port : undefined;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  logger.info(
    { url, secrets: options.secrets, push: sources.map((s) => s.kind), agentId: options.agentId },
    'rekey agent listening',
  );
  return {
    url,
    port: bound,
    snsUrl: snsPort === undefined ? undefined : `http://${options.sns?.host ?? '127.0.0.1'}:${snsPort}`,
    versions: () => Object.fromEntries(secrets.map((s) => [s.secretId, s.versionId])),
    reads: () => secrets.reduce((n, s) => n + s.reads, 0),
    async close() {
      await closeServer(server);
      if (snsServer) await closeServer(snsServer);
      await closeAll();
    },
  };
}

function validate(options: SidecarOptions, host: string, allowNonLoopback: boolean, port: number): void {
  if (options.secrets.length === 0) throw new SidecarConfigError('secrets must name at least one secret, got none');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SidecarConfigError(`port must be 0 to 65535, got ${port}`);
  }
  if (!allowNonLoopback && !isLoopbackAddress(host)) {
    throw new SidecarConfigError(
      `host must be a loopback address (127.0.0.0/8 or ::1) unless allowNonLoopback is set, got ${host}`,
    );
  }
  const snsHost = options.sns?.host ?? '127.0.0.1';
  if (options.sns && !allowNonLoopback && !isLoopbackAddress(snsHost)) {
    throw new SidecarConfigError(
      `sns.host must be a loopback address (put a TLS proxy in front) unless allowNonLoopback is set, got ${snsHost}`,
    );
  }
  for (const file of options.files ?? []) {
    if (!options.secrets.includes(file.secretId)) {
      throw new SidecarConfigError(`files names ${file.secretId}, which is not among the served secrets`);
    }
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
