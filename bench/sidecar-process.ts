// One `rekey agent` sidecar for bench/sidecar-convergence.ts, in its own process with the agent request loops it
// serves: startSidecar (the core the CLI runs) with the fleet's credentials from the environment, and BENCH_AGENTS
// loops that GET /secretsmanager/get every BENCH_INTERVAL_MS (keep-alive), as code written for the AWS agent does.
// Prints {"url"} once listening; answers each stdin line with {"reads", "failed", "switches"}: GetSecretValue calls
// for held versions so far, failed agent requests, and per version the wall-clock times (Date.now) at which each
// agent was first served it. Exits when stdin closes.
// Usage: node --import tsx bench/sidecar-process.ts <secretId> <queueUrl>
import '../local/rehearsal/quiet';
import { createInterface } from 'node:readline';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { silentLogger, startSidecar } from '../packages/client/src';

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function main(): Promise<void> {
  const [secretId, queueUrl] = process.argv.slice(2);
  if (!secretId || !queueUrl) throw new Error('usage: sidecar-process.ts <secretId> <queueUrl>');
  const token = process.env.BENCH_TOKEN ?? 'bench-token';
  const sidecar = await startSidecar({
    secrets: [secretId],
    secretsManager: new SecretsManagerClient({}),
    sqs: { client: new SQSClient({}), queueUrl, waitTimeSeconds: Number(process.env.BENCH_WAIT_SECONDS ?? 20) },
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
        const res = await fetch(path, { headers: { 'X-Aws-Parameters-Secrets-Token': token } });
        const body = (await res.json()) as { VersionId?: string };
        if (!res.ok || !body.VersionId) failed++;
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
  lines.on('line', () => process.stdout.write(`${JSON.stringify({ reads: sidecar.reads(), failed, switches })}\n`));
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
