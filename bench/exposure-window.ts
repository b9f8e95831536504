// Exposure window on the local stack: a scanner finding reaches the intake (as EventBridge delivers it) → the new
// key is AWSCURRENT → an agent on the fleet's queue is told and switches. p50/p95/max over N findings.
// With AWS's rules on: the intake runs as Lambda runs it (its container and role, its timeout; invoked
// asynchronously, as EventBridge invokes it), the agent signs as its fleet's principal, and the quotas apply.
// Run: npm run bench:exposure [-- findings]
import '../local/rehearsal/quiet';
import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { invokeFunction } from '../local/emulator/lambda/invoke';
import { fingerprint, RotatingSecret, silentLogger, sqsSource } from '../packages/client/src';
import { conditions, ms, percentiles } from './conditions';
import { startBenchStack } from './stack';

const FINDINGS = Number(process.argv[2] ?? 50);

async function main(): Promise<void> {
  const stack = await startBenchStack(1);
  const { env, secretNames, queueUrl } = stack;
  const secretId = secretNames[0] as string;
  const intake = env.functions.intake;
  if (!intake) throw new Error('the deployment has no intake function');
  // The agent: its fleet's credentials, through the enforcing endpoint.
  const aws = { endpoint: env.endpoint, region: env.deployment.region, credentials: env.agentCredentials('bench') };
  const sm = new SecretsManagerClient(aws);
  // The bench looks at state straight in the emulator: its own reads are no caller's and count against no quota.
  const look = env.secretsManagerDirect;
  const agent = await RotatingSecret.open({
    secretId,
    client: sm,
    sources: [sqsSource({ client: new SQSClient(aws), queueUrl, waitTimeSeconds: 1 })],
    pollIntervalMs: 0,
    notificationDelayMs: 0,
    logger: silentLogger,
  });
  const toCurrent: number[] = [];
  const toFleet: number[] = [];
  try {
    for (let i = 0; i < FINDINGS; i++) {
      const current = await look.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
      const apiKey = JSON.parse(current.SecretString ?? '{}').apiKey as string;
      const switched = new Promise<number>((resolve) => {
        const off = agent.on('rotated', () => {
          off();
          resolve(performance.now());
        });
      });
      const t0 = performance.now();
      await invokeFunction(
        intake,
        {
          version: '0',
          id: randomUUID(),
          'detail-type': 'Secret Exposed',
          source: 'rekey.scanner',
          account: '000000000000',
          time: new Date().toISOString(),
          region: env.deployment.region,
          resources: [],
          detail: { findingId: `bench-${randomUUID()}`, source: 'gitleaks', fingerprint: fingerprint(apiKey) },
        },
        { invocationType: 'Event' },
      );
      for (;;) {
        const stages = (await look.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ?? {};
        if (stages[current.VersionId ?? '']?.includes('AWSCURRENT') !== true) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      toCurrent.push(performance.now() - t0);
      toFleet.push((await switched) - t0);
      await env.idle(); // the emergency revocation of the exposed key finishes before the next finding
    }
  } finally {
    await agent.close();
    await stack.stop();
  }
  const c = percentiles(toCurrent);
  const f = percentiles(toFleet);
  console.log(`exposure window over ${FINDINGS} findings (finding in → ...)`);
  console.log(`  new key AWSCURRENT: p50 ${ms(c.p50)}, p95 ${ms(c.p95)}, max ${ms(c.max)}`);
  console.log(
    `  fleet notified and switched: p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, max ${ms(f.max)}  (target p50 <= 2000 ms)`,
  );
  console.log(
    `  ${conditions({ findings: FINDINGS, provider: 'generated', stack: 'moto + gateway, handlers in-process', agentNotificationDelayMs: 0, intake: 'invoked as EventBridge does (async, its role and timeout)' }, env)}`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
