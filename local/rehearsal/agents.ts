import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  type ChangeSource,
  type DeadKeyReporter,
  dynamoDbAcknowledger,
  dynamoDbLiveness,
  RotatingSecret,
  silentLogger,
  sqsSource,
} from '../../packages/client/src';

export interface FleetOptions {
  /** The AWS endpoint the agents use (the local gateway). */
  readonly endpoint: string;
  readonly region: string;
  /** The agents' credentials: their fleet's, under the agent policy the stack emits (`env.agentCredentials`). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly secretName: string;
  /** The fleet's queue, subscribed to the fleet topic. @default - no push (polling only) */
  readonly queueUrl?: string;
  /** The inventory table the agents acknowledge versions in. @default - no acknowledgements */
  readonly inventoryTable?: string;
  /** The API the agents call with their key (`GET /whoami`, bearer token). */
  readonly apiUrl: string;
  /** Number of agents. */
  readonly agents: number;
  /** Pause between one agent's requests. @default 50 */
  readonly requestIntervalMs?: number;
  /** Spread of refreshes after a notification. @default 250 */
  readonly notificationDelayMs?: number;
  /** Polling fallback. @default 0 (off) */
  readonly pollIntervalMs?: number;
  /** Where an agent reports a key refused right after a refresh (the key-report function). @default - no reports */
  readonly deadKeyReporter?: DeadKeyReporter;
  /** `withKey` refreshes after a rejected key only if its last read is older than this. @default 1000 (the client's) */
  readonly retryCooldownMs?: number;
  readonly name?: string;
}

export interface FleetStats {
  requests: number;
  /** Requests that failed even after `withKey`'s refresh-and-retry: what an agent's user would see. */
  failed: number;
  /** Requests that met a dead key and were healed by one refresh and retry. */
  retried: number;
  /** GetSecretValue calls the agents made (what rekey costs in Secrets Manager API calls). */
  getSecretValueCalls: number;
  /** When each failed request began and ended (epoch ms): which failures a scenario may cost, and which not. */
  failures: { startedAt: number; endedAt: number }[];
}

/**
 * Simulated agents, each holding its key with the real client library (one RotatingSecret per agent, one SQS
 * poller shared by the process, as the client recommends), each making requests in a loop through `withKey`.
 */
export class SimulatedFleet {
  readonly stats: FleetStats = { requests: 0, failed: 0, retried: 0, getSecretValueCalls: 0, failures: [] };
  readonly keys: RotatingSecret[] = [];
  private running = false;
  private stopping: Promise<void> | undefined;
  private loops: Promise<void>[] = [];
  private readonly source: ChangeSource | undefined;

  private constructor(private readonly options: FleetOptions) {
    const config = { endpoint: options.endpoint, region: options.region, credentials: options.credentials };
    this.source = options.queueUrl
      ? sqsSource({ client: new SQSClient(config), queueUrl: options.queueUrl, waitTimeSeconds: 1 })
      : undefined;
  }

  static async start(options: FleetOptions): Promise<SimulatedFleet> {
    const fleet = new SimulatedFleet(options);
    await fleet.open();
    return fleet;
  }

  private async open(): Promise<void> {
    const config = {
      endpoint: this.options.endpoint,
      region: this.options.region,
      credentials: this.options.credentials,
    };
    const sm = new SecretsManagerClient(config);
    sm.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetSecretValueCommand') this.stats.getSecretValueCalls += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countGetSecretValue' },
    );
    // Each agent acknowledges the versions it switches to and keeps a liveness record, as the client recommends.
    const table = this.options.inventoryTable;
    const ddb = table ? new DynamoDBClient(config) : undefined;
    const acknowledge = ddb && table ? dynamoDbAcknowledger({ client: ddb, tableName: table }) : undefined;
    const liveness = ddb && table ? dynamoDbLiveness({ client: ddb, tableName: table }) : undefined;
    // Opened together, as a fleet's processes start: each reads its key once.
    const settled = await Promise.allSettled(
      Array.from({ length: this.options.agents }, (_, i) =>
        RotatingSecret.open({
          secretId: this.options.secretName,
          client: sm,
          sources: this.source ? [this.source] : [],
          pollIntervalMs: this.options.pollIntervalMs ?? 0,
          notificationDelayMs: this.options.notificationDelayMs ?? 250,
          ...(this.options.retryCooldownMs === undefined ? {} : { retryCooldownMs: this.options.retryCooldownMs }),
          deadKeyReporter: this.options.deadKeyReporter,
          acknowledge,
          liveness,
          agentId: `${this.options.name ?? 'agent'}-${i}`,
          logger: silentLogger,
        }),
      ),
    );
    const opened = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(opened.map((key) => key.close()));
      throw failed.reason;
    }
    this.keys.push(...opened);
    this.running = true;
    this.loops = this.keys.map((key) => this.loop(key));
  }

  private async loop(key: RotatingSecret): Promise<void> {
    const interval = this.options.requestIntervalMs ?? 50;
    // Stagger the agents so the fleet's load is even.
    await new Promise((r) => setTimeout(r, Math.random() * interval));
    while (this.running) {
      this.stats.requests += 1;
      const startedAt = Date.now();
      let attempts = 0;
      try {
        await key.withKey(async (apiKey) => {
          attempts += 1;
          const res = await fetch(`${this.options.apiUrl}/whoami`, { headers: { authorization: `Bearer ${apiKey}` } });
          await res.arrayBuffer();
          if (!res.ok) throw Object.assign(new Error(`API answered ${res.status}`), { status: res.status });
        });
        if (attempts > 1) this.stats.retried += 1;
      } catch {
        this.stats.failed += 1;
        this.stats.failures.push({ startedAt, endedAt: Date.now() });
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  }

  /** How many agents hold each version right now. */
  versions(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const key of this.keys) counts.set(key.versionId, (counts.get(key.versionId) ?? 0) + 1);
    return counts;
  }

  /** True when every agent holds `versionId`. */
  allOn(versionId: string): boolean {
    return this.keys.every((key) => key.versionId === versionId);
  }

  /** Stops every agent and closes its key (safe to call more than once). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.running = false;
      await Promise.all(this.loops);
      await Promise.all(this.keys.map((key) => key.close()));
    })();
    return this.stopping;
  }
}
