// Fleet convergence and API cost: N agents (one RotatingSecret each, sharing one Secrets Manager client and, with
// push, one SQS poller: the client's recommended shape) on the local stack. A rotation finishes; how long until
// each agent holds the new key, with push (SQS) and with polling only. Also GetSecretValue calls per rotation and
// in steady state. The agents sign as their fleet's principal (the agent policy the stack emits) through the
// enforcing endpoint; the rotation is started as Secrets Manager's schedule would (the account's administrator
// stands in for the service), and the bench watches the stages straight in the emulator (counted by no quota).
// Run: npm run bench:convergence [-- agents pollSeconds steadySeconds]
import '../local/rehearsal/quiet';
import { DescribeSecretCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { RotatingSecret, silentLogger, sqsSource } from '../packages/client/src';
import { conditions, ms, percentiles } from './conditions';
import { startBenchStack } from './stack';

const AGENTS = Number(process.argv[2] ?? 1000);
const POLL_SECONDS = Number(process.argv[3] ?? 10);
const STEADY_SECONDS = Number(process.argv[4] ?? 30);
const NOTIFICATION_DELAY_MS = 250;

async function main(): Promise<void> {
  const stack = await startBenchStack(1);
  const { env, secretNames, queueUrl } = stack;
  const secretId = secretNames[0] as string;
  const aws = { endpoint: env.endpoint, region: env.deployment.region, credentials: env.agentCredentials('bench') };
  let calls = 0;
  const sm = new SecretsManagerClient(aws);
  sm.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetSecretValueCommand') calls++;
      return next(args);
    },
    { step: 'initialize', name: 'countGetSecretValue' },
  );
  const results: string[] = [];
  try {
    for (const mode of ['push', 'poll'] as const) {
      const source =
        mode === 'push' ? sqsSource({ client: new SQSClient(aws), queueUrl, waitTimeSeconds: 1 }) : undefined;
      const agents: RotatingSecret[] = [];
      for (let i = 0; i < AGENTS; i++) {
        agents.push(
          await RotatingSecret.open({
            secretId,
            client: sm,
            sources: source ? [source] : [],
            pollIntervalMs: mode === 'push' ? 3_600_000 : POLL_SECONDS * 1000,
            notificationDelayMs: NOTIFICATION_DELAY_MS,
            logger: silentLogger,
          }),
        );
      }
      const switchedAt = new Array<number>(AGENTS).fill(0);
      agents.forEach((a, i) => {
        a.on('rotated', () => {
          switchedAt[i] = performance.now();
        });
      });
      if (mode === 'push') {
        // Steady state: no rotation, default hourly poll.
        const before = calls;
        await new Promise((r) => setTimeout(r, STEADY_SECONDS * 1000));
        const steady = calls - before;
        results.push(
          `API cost, steady state (push, pollIntervalMs 3600000): ${steady} GetSecretValue calls by ${AGENTS} agents in ${STEADY_SECONDS} s; by construction 1 poll per agent-hour (±10% jitter) => ~1.0 per agent-hour`,
        );
      }
      const before = calls;
      const old =
        (await env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ??
        {};
      const oldCurrent = Object.entries(old).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
      await env.secretsManager.send(new RotateSecretCommand({ SecretId: secretId, RotateImmediately: true }));
      let t0 = 0;
      for (;;) {
        const stages =
          (await env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ??
          {};
        if (!stages[oldCurrent ?? '']?.includes('AWSCURRENT')) {
          t0 = performance.now();
          break;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      const deadline = Date.now() + (mode === 'push' ? 30_000 : POLL_SECONDS * 3000);
      while (switchedAt.some((t) => t === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const done = switchedAt.filter((t) => t > 0).map((t) => Math.max(0, t - t0));
      const p = percentiles(done);
      results.push(
        `convergence (${mode}${mode === 'poll' ? `, every ${POLL_SECONDS} s ±10%` : `, notificationDelayMs ${NOTIFICATION_DELAY_MS}`}): ${done.length}/${AGENTS} agents on the new key; p50 ${ms(p.p50)}, p99 ${ms(p.p99)}, max ${ms(p.max)} after AWSCURRENT moved`,
      );
      if (mode === 'push')
        results.push(
          `API cost per rotation (push): ${calls - before} GetSecretValue calls for ${AGENTS} agents (${((calls - before) / AGENTS).toFixed(2)} per agent)`,
        );
      await Promise.all(agents.map((a) => a.close()));
      await env.idle();
    }
  } finally {
    await stack.stop();
  }
  for (const line of results) console.log(line);
  console.log(
    `  ${conditions({ agents: AGENTS, pollSeconds: POLL_SECONDS, steadySeconds: STEADY_SECONDS, agentShape: 'one RotatingSecret per agent, one SM client, one SQS poller', agentCredentials: 'fleet bench agent policy' }, env)}`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
