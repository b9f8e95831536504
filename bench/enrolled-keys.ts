// Enrolled keys: the stack stays one size however many keys are enrolled. Prints the synthesized template's size
// and resource count with keys declared in the config (1 and DECLARED) against a stack that enrols them (which is
// the same template for 0 or 10,000 enrolled keys: enrolling writes no resource), the local deploy time of that
// stack, the enrollment throughput of SAMPLE keys through the real enroll function under the enforced quotas (each
// enrollment: item, CreateSecret, RotateSecret, the four rotation steps), the projection for 10,000 from the
// Secrets Manager quotas each enrollment draws on, and the steady-state cost per enrolled key per hour.
// Run: npm run bench:enrolled [-- sample declared]
import '../local/rehearsal/quiet';
import { ENROLLMENT } from '../contract';
import type { RekeyConfigInput } from '../lib/config';
import { startLocalEnvironment } from '../local/emulator/environment';
import { DEFAULT_QUOTAS } from '../local/emulator/quotas';
import { revocationRunner } from '../local/emulator/state-machine';
import { synthesize } from '../local/emulator/synth-app';
import { conditions } from './conditions';
import { enrollAll } from './stack';

const SAMPLE = Number(process.argv[2] ?? 25);
const DECLARED = Number(process.argv[3] ?? 20);
const TARGET = 10_000;
const FLEETS = [{ name: 'bench' }];
const VERIFICATION = { scheduledWaitSeconds: 60, emergencyWaitSeconds: 1, maxRounds: 1, deleteGraceSeconds: 0 };
const declared = (n: number): RekeyConfigInput => ({
  keys: Array.from({ length: n }, (_, i) => ({
    name: `bench/key-${i}`,
    provider: 'generated' as const,
    fleets: ['bench'],
  })),
  fleets: FLEETS,
  verification: VERIFICATION,
});
const ENROLLING: RekeyConfigInput = {
  keys: [],
  fleets: FLEETS,
  enrollment: { profiles: [{ name: 'internal', provider: 'generated' }] },
  verification: VERIFICATION,
};

/**
 * AWS list prices (us-east-1), as the pricing pages state them; checked 2026-12-01 from the pages as last read, not
 * fetched by this script (it runs offline). Secrets Manager: https://aws.amazon.com/secrets-manager/pricing/ ;
 * Lambda (Arm): https://aws.amazon.com/lambda/pricing/ ; DynamoDB on-demand:
 * https://aws.amazon.com/dynamodb/pricing/on-demand/ .
 */
const PRICES = {
  secretPerMonth: 0.4,
  per10kApiCalls: 0.05,
  lambdaPerGbSecondArm: 0.0000133334,
  lambdaPerRequest: 0.2 / 1e6,
  ddbPerReadUnit: 0.125 / 1e6,
  ddbPerWriteUnit: 0.625 / 1e6,
  hoursPerMonth: 730,
} as const;

function templateFigures(config: RekeyConfigInput) {
  const t0 = performance.now();
  const { template } = synthesize(config);
  return {
    bytes: JSON.stringify(template).length,
    resources: Object.keys(template.Resources).length,
    ms: performance.now() - t0,
  };
}

async function main(): Promise<void> {
  const one = templateFigures(declared(1));
  const many = templateFigures(declared(DECLARED));
  const enrolling = templateFigures(ENROLLING);
  const row = (label: string, f: ReturnType<typeof templateFigures>) =>
    `  ${label.padEnd(44)} ${String(f.resources).padStart(5)} resources ${(f.bytes / 1024).toFixed(0).padStart(6)} KiB`;
  console.log('Synthesized template');
  console.log(row('1 declared key', one));
  console.log(row(`${DECLARED} declared keys`, many));
  console.log(
    `  (+${((many.resources - one.resources) / (DECLARED - 1)).toFixed(1)} resources and ${((many.bytes - one.bytes) / (DECLARED - 1) / 1024).toFixed(1)} KiB per declared key; CloudFormation allows 500 resources and 1 MiB)`,
  );
  console.log(row(`enrollment, 0 or ${TARGET.toLocaleString('en')} enrolled keys`, enrolling));

  const t0 = performance.now();
  const env = await startLocalEnvironment({
    config: ENROLLING,
    executionRunner: (deployment) => revocationRunner(deployment, { waitScale: 0 }),
  });
  const deployMs = performance.now() - t0;
  try {
    env.apiCalls.clear();
    env.quotas.reset();
    const names = Array.from({ length: SAMPLE }, (_, i) => `key-${i}`);
    const t1 = performance.now();
    const answers = await enrollAll(
      env,
      names.map((key) => ({ key, profile: 'internal', fleet: 'bench' })),
    );
    const refused = names.filter((_, i) => answers[i]?.refused);
    const enrolledMs = performance.now() - t1;
    await env.rotations.idle();
    const rotatedMs = performance.now() - t1;
    const failed = env.rotations.runs.filter((r) => r.status !== 'succeeded').length;

    console.log(
      `\nLocal deploy of the enrolling stack: ${(deployMs / 1000).toFixed(1)} s (the same for any number enrolled)`,
    );
    console.log(
      `Enrolled ${SAMPLE - refused.length}/${SAMPLE} keys in ${(enrolledMs / 1000).toFixed(1)} s (${((SAMPLE / enrolledMs) * 1000).toFixed(1)}/s), every first rotation done after ${(rotatedMs / 1000).toFixed(1)} s (${((SAMPLE / rotatedMs) * 1000).toFixed(1)} keys/s); ${failed} rotations failed`,
    );
    // The floor for 10,000: each quota an enrollment draws on, at its calls per key, at rekey's 90 % share.
    console.log(
      `Projection for ${TARGET.toLocaleString('en')} enrolled keys, from the quotas (calls per key in this sample):`,
    );
    let floor = 0;
    for (const [id, q] of Object.entries(DEFAULT_QUOTAS)) {
      if (q.service !== 'secretsmanager') continue;
      const calls = q.operations.reduce((n, op) => n + (env.apiCalls.get(`secretsmanager.${op}`) ?? 0), 0);
      if (calls === 0) continue;
      const perKey = calls / SAMPLE;
      const seconds = (perKey * TARGET) / (q.rate * 0.9);
      floor = Math.max(floor, seconds);
      console.log(`  ${id.padEnd(28)} ${perKey.toFixed(2)} calls/key at ${q.rate}/s: at least ${seconds.toFixed(0)} s`);
    }
    const measured = (TARGET / SAMPLE) * rotatedMs;
    console.log(
      `  floor ${(floor / 60).toFixed(1)} min; at this sample's rate ${(measured / 60_000).toFixed(1)} min (one CLI, the enroll function's ${ENROLLMENT.concurrency} concurrent executions)`,
    );

    // Steady state per enrolled key per hour: the secret; agents' GetSecretValue (1 hourly poll per agent, AGENTS
    // agents); reconcile's DescribeSecret and its share of the hourly Scan; a 30-day rotation's calls and Lambda time.
    const AGENTS = 10;
    const rotationCallsPerKey = 10;
    const secret = PRICES.secretPerMonth / PRICES.hoursPerMonth;
    const api = ((AGENTS + 1 + rotationCallsPerKey / (30 * 24)) * PRICES.per10kApiCalls) / 10_000;
    const lambda =
      (4 * (0.25 * 0.2 * PRICES.lambdaPerGbSecondArm + PRICES.lambdaPerRequest)) / (30 * 24) +
      0.25 * 0.02 * PRICES.lambdaPerGbSecondArm;
    // ~14 inventory items per key after a year of 30-day rotations, ~0.5 KB each: 7 KB read per Scan, eventually consistent.
    const ddb = (7 / 4 / 2) * PRICES.ddbPerReadUnit + (4 / (30 * 24)) * PRICES.ddbPerWriteUnit;
    const total = secret + api + lambda + ddb;
    console.log(`\nSteady-state cost per enrolled key per hour (us-east-1 list prices, ${AGENTS} agents per key):`);
    for (const [label, usd] of [
      ['Secrets Manager secret ($0.40/month)', secret],
      [`Secrets Manager API ($0.05/10k calls: ${AGENTS} agent polls + reconcile)`, api],
      ['Lambda (rotation every 30 days, reconcile hourly)', lambda],
      ['DynamoDB on-demand (reconcile Scan, rotation writes)', ddb],
      ['total', total],
    ] as const) {
      console.log(`  ${label.padEnd(66)} $${usd.toFixed(7)}`);
    }
    console.log(
      `  ${TARGET.toLocaleString('en')} keys: $${(total * TARGET).toFixed(2)}/hour, $${(total * TARGET * PRICES.hoursPerMonth).toFixed(0)}/month`,
    );
    console.log(`\nConditions: ${conditions({ sample: SAMPLE, declared: DECLARED }, env)}`);
  } finally {
    await env.executions.idle();
    await env.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
