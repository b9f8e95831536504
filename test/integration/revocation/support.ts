import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, DescribeSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { vi } from 'vitest';
import { Inventory } from '../../../lambdas/common/inventory';
import type { RekeyConfigInput } from '../../../lib/config';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/emulator/environment';
import type { LocalExecution } from '../../../local/emulator/execution-service';
import { revocationRunner } from '../../../local/emulator/state-machine';
import { fingerprint, keyHint } from '../../../packages/client/src/fingerprint';

/** A key value that must never show up in a history, a message or a log line. */
export const canary = (prefix = 'rk_') => `${prefix}CANARY${randomUUID().replaceAll('-', '').slice(0, 34)}`;

/**
 * A tiny in-house key service speaking the `http` provider's contract (lambdas/providers/http.ts): GET /whoami
 * answers 200 for a live key and 401 otherwise; DELETE /keys/{id} revokes, or answers 503 while `down`.
 */
export class FakeKeyService {
  readonly live = new Map<string, string>(); // key → id
  down = false;
  deletes = 0;
  private server?: Server;
  baseUrl = '';

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (req.method === 'GET' && req.url === '/whoami') {
        const id = this.live.get(bearer);
        res.writeHead(id ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(id ? { id } : {}));
        return;
      }
      const del = /^\/keys\/(.+)$/.exec(req.url ?? '');
      if (req.method === 'DELETE' && del && bearer === 'admin-token') {
        this.deletes += 1;
        if (this.down) return void res.writeHead(503).end();
        for (const [key, id] of this.live) if (id === decodeURIComponent(del[1] ?? '')) this.live.delete(key);
        return void res.writeHead(204).end();
      }
      res.writeHead(404).end();
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export interface Harness {
  readonly env: LocalEnvironment;
  readonly sfn: SFNClient;
  readonly sqs: SQSClient;
  readonly inventory: Inventory;
  readonly ddb: DynamoDBClient;
  /** Everything written to stdout and stderr while the suite ran (log lines). */
  readonly output: string[];
  /** Milliseconds a WaitScheduled lasts (0 unless a test needs an execution to stay pending). */
  scheduledWaitMs: number;
  stop(): Promise<void>;
}

/**
 * rekey on moto (local/emulator/environment.ts) with revocations run by local/emulator/state-machine.ts and the real handlers:
 * waits and retry intervals take no time, except WaitScheduled when a test sets `scheduledWaitMs`.
 */
export async function startHarness(config: RekeyConfigInput): Promise<Harness> {
  const output: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    return vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      output.push(String(chunk));
      return write(chunk as string, ...rest);
    }) as typeof stream.write);
  });
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const harness = { scheduledWaitMs: 0 } as { scheduledWaitMs: number };
  const env = await startLocalEnvironment({
    config,
    executionRunner: (deployment) =>
      revocationRunner(deployment, {
        waitScale: (state) => (state === 'WaitScheduled' ? harness.scheduledWaitMs : 0),
      }),
  });
  const clientConfig = {
    endpoint: env.endpoint,
    region: env.deployment.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const ddb = new DynamoDBClient(clientConfig);
  return Object.assign(harness, {
    env,
    sfn: new SFNClient(clientConfig),
    sqs: new SQSClient(clientConfig),
    ddb,
    inventory: new Inventory(DynamoDBDocumentClient.from(ddb), env.deployment.tableName),
    output,
    async stop() {
      await env.stop();
      for (const spy of spies) spy.mockRestore();
    },
  });
}

export interface PlantedKey {
  readonly versionId: string;
  readonly apiKey: string;
  readonly keyId: string;
}

/**
 * Gives a managed key's secret an old version (AWSPREVIOUS) and a new one (AWSCURRENT), as a finished rotation
 * leaves them, and records both in the inventory.
 */
export async function plantRotation(
  h: Harness,
  keyName: string,
  keys: { old: string; new: string; provider?: 'generated' | 'http'; options?: Record<string, unknown> },
): Promise<{ secretName: string; old: PlantedKey; new: PlantedKey }> {
  const secret = h.env.deployment.secrets[keyName];
  if (!secret) throw new Error(`no managed key ${keyName}`);
  const provider = keys.provider ?? 'generated';
  const planted: PlantedKey[] = [];
  for (const apiKey of [keys.old, keys.new]) {
    const versionId = randomUUID();
    const keyId = provider === 'generated' ? versionId : `id-${versionId.slice(0, 8)}`;
    const value = {
      apiKey,
      keyId,
      provider,
      createdAt: new Date().toISOString(),
      options: keys.options ?? {},
      ...(provider === 'http' ? { adminSecretId: 'it/http-admin' } : {}),
    };
    await h.env.secretsManager.send(
      new PutSecretValueCommand({
        SecretId: secret.name,
        ClientRequestToken: versionId,
        SecretString: JSON.stringify(value),
      }),
    );
    await h.inventory.recordVersion(
      {
        secretName: secret.name,
        versionId,
        keyId,
        provider,
        fingerprint: fingerprint(apiKey),
        keyHint: keyHint(apiKey),
        createdAt: value.createdAt,
      },
      planted.length === 0 ? 'previous' : 'current',
    );
    planted.push({ versionId, apiKey, keyId });
  }
  return { secretName: secret.name, old: planted[0] as PlantedKey, new: planted[1] as PlantedKey };
}

export async function createAdminSecret(h: Harness): Promise<void> {
  await h.env.secretsManager.send(new CreateSecretCommand({ Name: 'it/http-admin', SecretString: 'admin-token' }));
}

export async function stagesOf(h: Harness, secretName: string, versionId: string): Promise<string[]> {
  const out = await h.env.secretsManager.send(new DescribeSecretCommand({ SecretId: secretName }));
  return out.VersionIdsToStages?.[versionId] ?? [];
}

/** Messages read so far from each queue (queues are shared by the tests of a file, so read all, then filter). */
const seen = new Map<string, string[]>();

export async function messages(h: Harness, queueUrl: string): Promise<string[]> {
  const list = seen.get(queueUrl) ?? [];
  seen.set(queueUrl, list);
  for (;;) {
    const out = await h.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const received = out.Messages ?? [];
    if (received.length === 0) return list;
    list.push(...received.map((m) => m.Body ?? ''));
    await h.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: received.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
}

/** Every message read from any queue so far. */
export const allMessages = (): string[] => [...seen.values()].flat();

/** Fleet notifications (raw delivery) about one secret. */
export async function fleetNotifications(h: Harness, secretName: string): Promise<Record<string, unknown>[]> {
  const url = Object.values(h.env.deployment.fleetQueueUrls)[0] ?? '';
  return (await messages(h, url))
    .map((body) => JSON.parse(body) as Record<string, unknown>)
    .filter((n) => n.secretName === secretName);
}

/** Operator alerts (SNS envelopes on the ops observer queue) about one secret. */
export async function opsAlerts(h: Harness, secretName: string): Promise<Record<string, unknown>[]> {
  return (await messages(h, h.env.deployment.opsQueueUrl))
    .map((body) => JSON.parse(JSON.parse(body).Message as string) as Record<string, unknown>)
    .filter((a) => a.secretName === secretName);
}

/** The executions started for one secret (names carry its readable tail). */
export function executionsOf(h: Harness, secretName: string): LocalExecution[] {
  const tail = secretName.replace(/[^A-Za-z0-9_-]/g, '-').slice(-30);
  return [...h.env.executions.executions.values()].filter((e) => e.name.includes(`-${tail}-`));
}

/** Everything an execution exposes: its input, output, error, cause and full history. */
export const executionText = (e: LocalExecution): string =>
  JSON.stringify([e.input, e.output, e.error, e.cause, e.events]);

/** The state names an execution entered, in order. */
export const statesEntered = (e: LocalExecution): string[] =>
  (e.events as { type: string; state?: { name: string } }[])
    .filter((ev) => ev.type === 'StateEntered')
    .map((ev) => ev.state?.name ?? '');
