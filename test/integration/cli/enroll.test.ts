import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ListExecutionsCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDeps, defaultDeps, main } from '../../../bin/rekey.ts';
import { logger } from '../../../lambdas/common/logger';
import type { RekeyConfigInput } from '../../../lib/config';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/emulator/environment';
import { drainOnce, installFindingRules } from '../../../local/emulator/event-bridge';
import { LOCAL_OPERATOR_ROLE_ARN } from '../../../local/emulator/iam';
import { revocationRunner } from '../../../local/emulator/state-machine';
import { writeLocalState } from '../../../local/rehearsal/serve';
import { resolveContext } from '../../../packages/cli/src/context';
import { memoryWriter } from '../../../packages/cli/src/output';

/**
 * Keys enrolled at run time on the local stack (IAM enforced for every principal): `rekey enroll` makes the secret
 * under its fleet's prefix, rotated and recorded; its fleet's agents read it and no other fleet's do; bad requests
 * change nothing; reconcile notices a secret deleted outside rekey; a leak of an enrolled key rotates it. The
 * config declares no key at all: every fleet's policy comes from enrollment.
 */
const CONFIG: RekeyConfigInput = {
  keys: [],
  fleets: [{ name: 'support' }, { name: 'research' }],
  enrollment: { profiles: [{ name: 'internal', provider: 'generated' }] },
  verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 30, maxRounds: 2, deleteGraceSeconds: 0 },
  intake: { scannerPrincipals: [LOCAL_OPERATOR_ROLE_ARN] },
};
const SECRET = 'rekey/enrolled/support/billing-bot';

let env: LocalEnvironment;
let dir: string;
let stateFile: string;
let admin: SecretsManagerClient;
const logged: string[] = [];
const write = process.stdout.write;

beforeAll(async () => {
  // Every line the handlers log (Powertools writes through console), to check no key reaches a log.
  logger.setLogLevel('INFO');
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logged.push(String(chunk));
    (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
    return true;
  }) as typeof process.stdout.write;
  env = await startLocalEnvironment({
    config: CONFIG,
    executionRunner: (deployment) =>
      revocationRunner(deployment, { waitScale: (state) => (state === 'WaitScheduled' ? 600_000 : 0) }),
  });
  dir = mkdtempSync(join(tmpdir(), 'rekey-enroll-'));
  stateFile = join(dir, 'local.json');
  writeLocalState(env, stateFile);
  admin = new SecretsManagerClient({ ...env.adminClientConfig });
}, 120_000);

afterAll(async () => {
  process.stdout.write = write;
  // Scheduled revocations wait for minutes: stop them so nothing outlives the file.
  const sfn = new SFNClient({ ...env.adminClientConfig });
  const running = await sfn.send(
    new ListExecutionsCommand({ stateMachineArn: env.deployment.stateMachineArn, statusFilter: 'RUNNING' }),
  );
  for (const e of running.executions ?? []) await sfn.send(new StopExecutionCommand({ executionArn: e.executionArn }));
  await env?.executions.idle();
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function rekey(...args: string[]): Promise<{ code: number; text: string }> {
  const out = memoryWriter();
  const deps: CliDeps = {
    ...defaultDeps(),
    writer: out,
    stdin: Readable.from([Buffer.from(args.includes('--key-stdin') ? (args.pop() ?? '') : '')]),
    prompt: (text) => out.err(text),
    resolveContext: (options) => resolveContext({ ...options, cwd: dir, pollMs: 20 }),
  };
  const code = await main(['node', 'rekey', ...args, '--local', stateFile], deps);
  return { code, text: out.text() };
}

const agentSm = (fleet: string) =>
  new SecretsManagerClient({
    endpoint: env.endpoint,
    region: env.deployment.region,
    credentials: env.agentCredentials(fleet),
  });
const current = async (name: string) => {
  const out = await admin.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSCURRENT' }));
  return {
    apiKey: (JSON.parse(out.SecretString ?? '{}') as { apiKey: string }).apiKey,
    versionId: out.VersionId ?? '',
  };
};
const inventory = async () => {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ ...env.adminClientConfig }));
  const out = await doc.send(new ScanCommand({ TableName: env.deployment.tableName }));
  return (out.Items ?? []).filter((i) => String(i.pk).startsWith('SECRET#'));
};
const secretNames = async () =>
  ((await admin.send(new ListSecretsCommand({}))).SecretList ?? []).map((s) => s.Name).sort();
const opsAlerts = async () => {
  const sqs = new SQSClient({ ...env.adminClientConfig });
  const got: string[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: env.deployment.opsQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (!out.Messages?.length) return got;
    for (const m of out.Messages) {
      got.push(m.Body ?? '');
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: env.deployment.opsQueueUrl, ReceiptHandle: m.ReceiptHandle }),
      );
    }
  }
};

describe('rekey enroll', () => {
  it("makes the secret under its fleet's prefix, tagged, rotated at once and recorded; only its fleet reads it", async () => {
    const { code, text } = await rekey('enroll', 'billing-bot', '--provider', 'internal', '--fleet', 'support');
    await env.rotations.idle();

    expect(code, text).toBe(0);
    expect(text).toContain(`enrolled ${SECRET} (profile internal, fleet support)`);
    const described = (await admin.send(new ListSecretsCommand({}))).SecretList?.find((s) => s.Name === SECRET);
    expect(described?.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'rekey:fleet:support', Value: 'true' },
        { Key: 'rekey:profile', Value: 'internal' },
      ]),
    );
    const key = await current(SECRET);
    expect(key.apiKey).toMatch(/^rk_[A-Za-z0-9]{40}$/);
    const items = await inventory();
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pk: `SECRET#${SECRET}`, sk: 'ENROLLMENT', status: 'enrolled', fleet: 'support' }),
        expect.objectContaining({ pk: `SECRET#${SECRET}`, sk: `VERSION#${key.versionId}`, status: 'current' }),
      ]),
    );
    const read = await agentSm('support').send(
      new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' }),
    );
    expect(read.VersionId).toBe(key.versionId);
    await expect(
      agentSm('research').send(new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' })),
    ).rejects.toThrow(/not authorized to perform: secretsmanager:GetSecretValue/);
    expect(logged.join('\n')).toContain('"message":"key enrolled"');
    for (const output of [text, logged.join('')]) expect(output).not.toContain(key.apiKey);
  });

  it("tells the key's fleet that it rotated, by the fleet's own queue and subscription, and no other fleet", async () => {
    const key = await current(SECRET);
    const received = async (fleet: string) => {
      const sqs = new SQSClient({
        endpoint: env.endpoint,
        region: env.deployment.region,
        credentials: env.agentCredentials(fleet),
      });
      const queueUrl = env.deployment.fleetQueueUrls[fleet] ?? '';
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      return (out.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
    };

    const support = await received('support');
    const research = await received('research');

    expect(support).toContainEqual(
      expect.objectContaining({ event: 'rotated', secretName: SECRET, versionId: key.versionId }),
    );
    expect(research).toEqual([]);
    expect(JSON.stringify(support)).not.toContain(key.apiKey);
  });

  it('refuses enrolling twice, an unknown profile or fleet, and a bad name, saying which, changing nothing', async () => {
    const before = { secrets: await secretNames(), items: await inventory() };

    const twice = await rekey('enroll', 'billing-bot', '--provider', 'internal', '--fleet', 'support');
    const profile = await rekey('enroll', 'other-bot', '--provider', 'nope', '--fleet', 'support');
    const fleet = await rekey('enroll', 'other-bot', '--provider', 'internal', '--fleet', 'nope');
    const outside = await rekey('enroll', 'rekey/agents/other-bot', '--provider', 'internal', '--fleet', 'support');
    const malformed = await rekey('enroll', 'bad name!', '--provider', 'internal', '--fleet', 'support');

    expect([twice, profile, fleet, outside, malformed].map((r) => r.code)).toEqual([1, 1, 1, 1, 1]);
    expect(twice.text).toContain(`key ${SECRET} is already enrolled (status enrolled`);
    expect(profile.text).toContain('unknown profile "nope" (profiles: internal)');
    expect(fleet.text).toContain('unknown fleet "nope" (fleets: support, research)');
    expect(outside.text).toContain('is outside the enrolled prefix of fleet support');
    expect(malformed.text).toContain('key "bad name!" must be 1 to 200 letters');
    for (const r of [twice, profile, fleet, outside, malformed]) expect(r.text).not.toMatch(/\n\s+at /);
    expect({ secrets: await secretNames(), items: await inventory() }).toEqual(before);
  });
});

describe('reconcile', () => {
  it('marks a key deleted outside rekey orphaned and tells the ops topic, by name only', async () => {
    const { code } = await rekey('enroll', 'doomed', '--provider', 'internal', '--fleet', 'research');
    await env.rotations.idle();
    const doomed = await current('rekey/enrolled/research/doomed');
    const read = await agentSm('research').send(
      new GetSecretValueCommand({ SecretId: 'rekey/enrolled/research/doomed', VersionStage: 'AWSCURRENT' }),
    );
    expect(read.VersionId).toBe(doomed.versionId);
    await opsAlerts();
    await admin.send(
      new DeleteSecretCommand({ SecretId: 'rekey/enrolled/research/doomed', ForceDeleteWithoutRecovery: true }),
    );

    const answer = (await env.invoke('enroll', { action: 'reconcile' })) as { orphaned: string[] };

    expect(code).toBe(0);
    expect(answer.orphaned).toEqual(['rekey/enrolled/research/doomed']);
    const item = (await inventory()).find(
      (i) => i.pk === 'SECRET#rekey/enrolled/research/doomed' && i.sk === 'ENROLLMENT',
    );
    expect(item).toMatchObject({ status: 'orphaned', reason: 'deleted' });
    const alerts = await opsAlerts();
    expect(alerts.some((a) => a.includes('enrollment-orphaned') && a.includes('rekey/enrolled/research/doomed'))).toBe(
      true,
    );
    expect(alerts.join('')).not.toContain(doomed.apiKey);
  });
});

describe('a leaked enrolled key', () => {
  it('is rotated in emergency mode when a scanner reports it', async () => {
    const leaked = await current(SECRET);

    const rules = await installFindingRules({
      endpoint: env.moto.endpoint,
      template: env.deployment.template,
      region: env.deployment.region,
      resolve: (value) => env.deployment.resolver.resolve(value),
    });

    const { code, text } = await rekey('report-leak', '--key-stdin', leaked.apiKey);
    // The stack's scanner rule, installed with an SQS target, hands the finding to the real intake.
    const records = await drainOnce({
      endpoint: env.moto.endpoint,
      queueUrl: rules.queueUrl,
      handle: (event) => env.invoke('intake', event),
    });
    await env.rotations.idle();

    expect(code, text).toBe(0);
    expect(text).toMatch(/: matches enrolled\/support\/billing-bot version [0-9a-f]{8} \(current\) by fingerprint/);
    const after = await current(SECRET);
    expect(records.map((r) => r.outcome)).toEqual(['handled']);
    expect(after.versionId).not.toBe(leaked.versionId);
    for (const output of [text, logged.join('')]) {
      expect(output).not.toContain(leaked.apiKey);
      expect(output).not.toContain(after.apiKey);
    }
  });
});

describe('rekey unenroll', () => {
  it('cancels rotation and schedules the secret for deletion; its agents can no longer read it', async () => {
    const { code, text } = await rekey('unenroll', 'support/billing-bot');

    expect(code, text).toBe(0);
    expect(text).toContain(`unenrolled ${SECRET}: rotation cancelled, secret scheduled for deletion`);
    const item = (await inventory()).find((i) => i.pk === `SECRET#${SECRET}` && i.sk === 'ENROLLMENT');
    expect(item).toMatchObject({ status: 'unenrolled' });
    await expect(
      agentSm('support').send(new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' })),
    ).rejects.toThrow(/deletion|deleted/i);
  });
});
