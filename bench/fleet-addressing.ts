// Fleet notifications addressed by fleet: F fleets × K keys each, one publish through rekey's real publisher per
// sampled key, every fleet's queue checked. Run: npx tsx bench/fleet-addressing.ts [fleets=100] [keysPerFleet=100]
// [samples=200]
//
// moto holds the fleet topic, one queue per fleet subscribed with exactly the filter policy FleetNotifications
// synthesizes for that fleet (read from the template, not retyped), and F × K secrets tagged for their fleets
// (contract/fleets.ts). Every tenth key is shared with a second fleet. For each sampled key the fleets are read back
// from DescribeSecret's tags and publishFleetEvent (lambdas/common/notify.ts) sends the notification; then every
// queue is drained and each delivery checked: delivered to exactly the key's fleets, nothing to any other.
// It also counts CloudFormation resources and outputs per fleet and per key in the full stack, to say how many
// config-declared fleets and keys fit CloudFormation's limits (500 resources, 200 outputs per stack).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { FLEET_TAG, fleetsFromTags, fleetTagKey } from '../contract';
import { publishFleetEvent } from '../lambdas/common/notify';
import { FleetNotifications } from '../lib/fleet-notifications';
import { startMoto } from '../local/emulator/moto';
import type { Template } from '../local/emulator/synth';
import { synthesize } from '../local/emulator/synth-app';
import { conditions } from './conditions';

const CFN_LIMITS = { resources: 500, outputs: 200 } as const;

const fleetName = (i: number) => `fleet-${String(i).padStart(3, '0')}`;
const keyName = (i: number) => `rekey/bench/key-${String(i).padStart(5, '0')}`;

/** Key i serves fleet i mod F; every tenth key also serves a second fleet. */
function fleetsOfKey(i: number, fleets: number): string[] {
  const own = i % fleets;
  return i % 10 === 0 && fleets > 1 ? [fleetName(own), fleetName((own + 37) % fleets)] : [fleetName(own)];
}

/** The filter policy of each fleet's queue subscription, as FleetNotifications synthesizes it, by fleet. */
function synthesizedFilterPolicies(fleets: number): { policies: Map<string, unknown>; resources: number } {
  const outdir = mkdtempSync(join(tmpdir(), 'rekey-bench-fleets-'));
  try {
    // 100 fleets' notifications alone pass CloudFormation's 500 resources: the limit is lifted for this synth (the
    // bench prints the count), as bench:mass-exposure does.
    const app = new App({ outdir, context: { '@aws-cdk/core:stackResourceLimit': 0 } });
    const stack = new Stack(app, 'Fleets', { env: { account: '111111111111', region: 'us-east-1' } });
    const notifications = new FleetNotifications(stack, 'Notifications', {
      fleets: Array.from({ length: fleets }, (_, f) => ({
        name: fleetName(f),
        secrets: [
          {
            secret: secretsmanager.Secret.fromSecretNameV2(stack, `Secret${f}`, keyName(f)),
            secretName: keyName(f),
          },
        ],
      })),
    });
    const template = (stack.node.root as App).synth().getStackByName('Fleets').template as Template;
    const queueIds = new Map(
      Object.entries(notifications.queues).map(([fleet, q]) => [
        stack.getLogicalId(q.node.defaultChild as never),
        fleet,
      ]),
    );
    const policies = new Map<string, unknown>();
    for (const r of Object.values(template.Resources)) {
      if (r.Type !== 'AWS::SNS::Subscription') continue;
      const p = r.Properties as { Endpoint?: { 'Fn::GetAtt'?: [string, string] }; FilterPolicy?: unknown };
      const fleet = queueIds.get(p.Endpoint?.['Fn::GetAtt']?.[0] ?? '');
      if (fleet) policies.set(fleet, p.FilterPolicy);
    }
    return { policies, resources: Object.keys(template.Resources).length };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Resources and outputs the full stack adds per fleet and per key (two synths, one fleet or key apart). */
function perFleetAndKey(): {
  base: number;
  perFleet: number;
  perKey: number;
  outputsPerFleet: number;
  baseOutputs: number;
} {
  const count = (fleets: number, keys: number) => {
    const { template } = synthesize({
      keys: Array.from({ length: keys }, (_, k) => ({
        name: `k${k}`,
        provider: 'generated' as const,
        fleets: [`f${k % fleets}`],
      })),
      fleets: Array.from({ length: fleets }, (_, f) => ({ name: `f${f}` })),
    });
    return {
      resources: Object.keys(template.Resources).length,
      outputs: Object.keys((template.Outputs as Record<string, unknown> | undefined) ?? {}).length,
    };
  };
  const a = count(1, 2);
  const b = count(2, 2);
  const c = count(2, 3);
  const perFleet = b.resources - a.resources;
  const perKey = c.resources - b.resources;
  const outputsPerFleet = b.outputs - a.outputs;
  return {
    base: a.resources - perFleet - 2 * perKey,
    perFleet,
    perKey,
    outputsPerFleet,
    baseOutputs: a.outputs - outputsPerFleet,
  };
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function main(): Promise<void> {
  const fleets = Number(process.argv[2] ?? 100);
  const keysPerFleet = Number(process.argv[3] ?? 100);
  const samples = Number(process.argv[4] ?? 200);
  const keys = fleets * keysPerFleet;

  const started = performance.now();
  const { policies, resources: notificationResources } = synthesizedFilterPolicies(fleets);
  const synthMs = performance.now() - started;
  const sizes = perFleetAndKey();

  const moto = await startMoto();
  try {
    const config = {
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    };
    const sns = new SNSClient(config);
    const sqs = new SQSClient(config);
    const sm = new SecretsManagerClient(config);
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'rekey-fleet' }))).TopicArn ?? '';
    const queues = new Map<string, string>();
    await inBatches(
      Array.from({ length: fleets }, (_, f) => fleetName(f)),
      10,
      async (fleet) => {
        const url = (await sqs.send(new CreateQueueCommand({ QueueName: fleet }))).QueueUrl ?? '';
        const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })))
          .Attributes?.QueueArn;
        const policy = policies.get(fleet);
        if (!policy) throw new Error(`the synthesized template has no subscription for ${fleet}`);
        await sns.send(
          new SubscribeCommand({
            TopicArn: topicArn,
            Protocol: 'sqs',
            Endpoint: arn,
            Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(policy) },
          }),
        );
        queues.set(fleet, url);
      },
    );

    const createStarted = performance.now();
    // One at a time: moto's Secrets Manager answers 500 to concurrent CreateSecret calls now and then.
    await inBatches(
      Array.from({ length: keys }, (_, i) => i),
      1,
      async (i) => {
        await sm.send(
          new CreateSecretCommand({
            Name: keyName(i),
            SecretString: '{}',
            Tags: fleetsOfKey(i, fleets).map((f) => ({ Key: fleetTagKey(f), Value: FLEET_TAG.value })),
          }),
        );
      },
    );
    const createMs = performance.now() - createStarted;

    // Sampled keys spread over the range, shared ones included; one publish each through the real publisher.
    // (offset by s mod 10, so about a tenth of them are keys shared by two fleets)
    const sampled = Array.from({ length: Math.min(samples, keys) }, (_, s) =>
      Math.min(keys - 1, Math.floor((s * keys) / samples) + (s % 10)),
    );
    const expected = new Map<string, Set<string>>(); // fleet -> secret names it must hear of
    const publishMs: number[] = [];
    for (const i of sampled) {
      const t = performance.now();
      const described = await sm.send(new DescribeSecretCommand({ SecretId: keyName(i) }));
      const to = fleetsFromTags(described.Tags);
      await publishFleetEvent(
        sns,
        topicArn,
        { event: 'rotated', secretName: keyName(i), versionId: `v-${i}`, at: new Date().toISOString() },
        to,
      );
      publishMs.push(performance.now() - t);
      for (const f of to) {
        if (!expected.has(f)) expected.set(f, new Set());
        expected.get(f)?.add(keyName(i));
      }
    }

    // Every queue drained: what each fleet heard.
    const heard = new Map<string, string[]>();
    await inBatches([...queues], 10, async ([fleet, url]) => {
      const got: string[] = [];
      for (let empty = 0; empty < 2; ) {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) {
          empty += 1;
          continue;
        }
        for (const m of messages) got.push((JSON.parse(m.Body ?? '{}') as { secretName: string }).secretName);
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: messages.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      }
      heard.set(fleet, got);
    });

    let right = 0;
    let extra = 0;
    let missing = 0;
    let duplicates = 0;
    let fleetsExact = 0;
    for (const fleet of queues.keys()) {
      const want = expected.get(fleet) ?? new Set<string>();
      const got = heard.get(fleet) ?? [];
      const gotSet = new Set(got);
      duplicates += got.length - gotSet.size;
      const r = [...gotSet].filter((n) => want.has(n)).length;
      right += r;
      extra += gotSet.size - r;
      missing += want.size - r;
      if (r === want.size && gotSet.size === r && got.length === gotSet.size) fleetsExact += 1;
    }
    const deliveriesExpected = [...expected.values()].reduce((n, s) => n + s.size, 0);
    const shared = sampled.filter((i) => fleetsOfKey(i, fleets).length > 1).length;
    const sortedMs = [...publishMs].sort((a, b) => a - b);
    const pct = (p: number) => sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))] ?? 0;
    const filterValues = Math.max(
      ...[...policies.values()].map((p) => Object.values(p as Record<string, unknown[]>).flat().length),
    );
    const maxFleetsByResources = Math.floor((CFN_LIMITS.resources - sizes.base - sizes.perKey) / sizes.perFleet);
    const maxFleetsByOutputs = Math.floor((CFN_LIMITS.outputs - sizes.baseOutputs) / sizes.outputsPerFleet);
    const maxKeysOneFleet = Math.floor((CFN_LIMITS.resources - sizes.base - sizes.perFleet) / sizes.perKey);

    console.log(
      `Fleet addressing: ${fleets} fleets × ${keysPerFleet} keys = ${keys.toLocaleString('en-US')} tagged secrets`,
    );
    console.log(
      `  ${sampled.length} publishes (${shared} of keys shared by two fleets): ${right} of ${deliveriesExpected} expected deliveries, ${extra} to a fleet not tagged, ${missing} missing, ${duplicates} duplicated; ${fleetsExact} of ${fleets} fleets heard exactly their keys`,
    );
    console.log(
      `  filter policy per fleet: ${filterValues} value (the fleet's name), whatever its key count; SNS allows 150 values, which a filter on key names would reach at 150 keys per fleet`,
    );
    console.log(
      `  DescribeSecret + publish per key: p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${(sortedMs.at(-1) ?? 0).toFixed(1)} ms (moto, loopback)`,
    );
    console.log(
      `  setup: FleetNotifications for ${fleets} fleets synthesized in ${(synthMs / 1000).toFixed(1)} s (${notificationResources} resources: over CloudFormation's ${CFN_LIMITS.resources} on its own, limit lifted for this synth); ${keys.toLocaleString('en-US')} secrets created in moto in ${(createMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `  config-declared size in the full stack: ${sizes.perFleet} resources and ${sizes.outputsPerFleet} outputs per fleet, ${sizes.perKey} resources per key, ${sizes.base} resources and ${sizes.baseOutputs} outputs besides; CloudFormation's ${CFN_LIMITS.resources} resources and ${CFN_LIMITS.outputs} outputs allow at most ${Math.min(maxFleetsByResources, maxFleetsByOutputs)} fleets with one key each (resources: ${maxFleetsByResources}, outputs: ${maxFleetsByOutputs}) or ${maxKeysOneFleet} keys in one fleet. ${fleets} fleets × ${keysPerFleet} keys exist here only as run-time state (tagged secrets, as enrolment makes them).`,
    );
    console.log(`  ${conditions({ fleets, keysPerFleet, samples: sampled.length, moto: moto.endpoint })}`);
    if (extra > 0 || missing > 0 || duplicates > 0) process.exitCode = 1;
  } finally {
    await moto.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
