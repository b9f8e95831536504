// One `rekey agent` sidecar for bench/sidecar-convergence.ts, in its own process with the agent request loops it
// serves: startSidecar (the core the CLI runs) with the fleet's credentials from the environment, and BENCH_AGENTS
// loops that GET /secretsmanager/get every BENCH_INTERVAL_MS (node:http, keep-alive), as code written for the AWS
// agent does.
// Prints {"url"} once listening; answers each stdin line with {"reads", "failed", "switches", "received", "fetches"}:
// GetSecretValue calls for held versions so far, failed agent requests, per version the wall-clock times (Date.now)
// at which each agent was first served it, when a ReceiveMessage answered with messages, and when each
// GetSecretValue began and ended (for the bench's breakdown). Exits when stdin closes.
// Usage: node --import tsx bench/sidecar-process.ts <secretId> <queueUrl>
import '../local/rehearsal/quiet';
import { Agent, get } from 'node:http';
import { createInterface } from 'node:readline';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type ReceiveMessageCommandOutput, SQSClient } from '@aws-sdk/client-sqs';
import { silentLogger, startSidecar } from '../packages/client/src';

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

// node:http with keep-alive rather than fetch: undici's per-request CPU, times 1,000 loops on 2 shared CPUs, starved
// the local stack (AWS's side) and the sidecars alike; the agents' own HTTP client is not what the bench measures.
const keepAlive = new Agent({ keepAlive: true });
function request(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: keepAlive, headers: { 'X-Aws-Parameters-Secrets-Token': token } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const [secretId, queueUrl] = process.argv.slice(2);
  if (!secretId || !queueUrl) throw new Error('usage: sidecar-process.ts <secretId> <queueUrl>');
  const token = process.env.BENCH_TOKEN ?? 'bench-token';
  // When the fleet notification reached this sidecar, and when each read of the secret began and ended.
  const received: number[] = [];
  const fetches: { startedAt: number; endedAt: number }[] = [];
  const sqs = new SQSClient({});
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const messages = (out.output as ReceiveMessageCommandOutput).Messages;
      if (context.commandName === 'ReceiveMessageCommand' && messages?.length) received.push(Date.now());
      return out;
    },
    { step: 'initialize', name: 'benchTimesReceives' },
  );
  const sm = new SecretsManagerClient({});
  sm.middlewareStack.add(
    (next, context) => async (args) => {
      const startedAt = Date.now();
      const out = await next(args);
      if (context.commandName === 'GetSecretValueCommand') fetches.push({ startedAt, endedAt: Date.now() });
      return out;
    },
    { step: 'initialize', name: 'benchTimesReads' },
  );
  const sidecar = await startSidecar({
    secrets: [secretId],
    secretsManager: sm,
    sqs: { client: sqs, queueUrl, waitTimeSeconds: Number(process.env.BENCH_WAIT_SECONDS ?? 20) },
    port: 0,
    token,
    pollIntervalMs: 0,
    notificationDelayMs: Number(process.env.BENCH_NOTIFICATION_DELAY_MS ?? 250),
    logger: silentLogger,
  });
  const agents = Number(process.env.BENCH_AGENTS ?? 0);
  const interval = Number(process.env.BENCH_INTERVAL_MS ?? 200);
  const switches: Record<string, number[]> = {};
  let failed = 0;
  let stop = false;
  const path = `${sidecar.url}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
  const loops = Array.from({ length: agents }, async (_, i) => {
    let version = '';
    await sleep((i / agents) * interval);
    while (!stop) {
      try {
        const res = await request(path, token);
        const body = JSON.parse(res.body) as { VersionId?: string };
        if (res.status !== 200 || !body.VersionId) failed++;
        else if (body.VersionId !== version) {
          version = body.VersionId;
          const seen = switches[version] ?? [];
          seen.push(Date.now());
          switches[version] = seen;
        }
      } catch {
        failed++;
      }
      await sleep(interval);
    }
  });
  process.stdout.write(`${JSON.stringify({ url: sidecar.url })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', () =>
    process.stdout.write(`${JSON.stringify({ reads: sidecar.reads(), failed, switches, received, fetches })}\n`),
  );
  lines.on('close', () => {
    stop = true;
    void Promise.all(loops)
      .then(() => sidecar.close())
      .finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`sidecar-process: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
