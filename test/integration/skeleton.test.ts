import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../lambdas/common/inventory';
import type { RekeyConfigInput } from '../../lib/config';
import { onFindingBus } from '../../local/emulator/deploy';
import { type LocalEnvironment, startLocalEnvironment } from '../../local/emulator/environment';
import { drainOnce, installFindingRules } from '../../local/emulator/event-bridge';
import { revocationRunner } from '../../local/emulator/state-machine';
import { fingerprint } from '../../packages/client/src/fingerprint';

/**
 * The walking skeleton end to end on moto: the synthesized stack deployed locally, RotateSecret answered as AWS does
 * (the real rotation handler runs the four steps), the fleet notified through SNS → SQS, a scanner event delivered
 * through the stack's own EventBridge pattern to the real intake, and the synthesized state machine revoking the
 * old key with the real task handler.
 */
const config: RekeyConfigInput = {
  keys: [
    { name: 'agents/support/internal', provider: 'generated', fleets: ['support'] },
    { name: 'agents/research/internal', provider: 'generated', fleets: ['research'] },
    { name: 'agents/shared', provider: 'generated', fleets: ['support', 'research'] },
    { name: 'agents/untold', provider: 'generated' },
  ],
  fleets: [{ name: 'support' }, { name: 'research' }],
  verification: { scheduledWaitSeconds: 4500, emergencyWaitSeconds: 60, maxRounds: 3, deleteGraceSeconds: 0 },
};
const SECRET = 'rekey/agents/support/internal';

let env: LocalEnvironment;
let sqs: SQSClient;

async function stagesOf(secretId = SECRET): Promise<Record<string, string[]>> {
  const out = await env.secretsManagerDirect.send(new DescribeSecretCommand({ SecretId: secretId }));
  return out.VersionIdsToStages ?? {};
}
const withStage = (stages: Record<string, string[]>, stage: string) =>
  Object.entries(stages).find(([, s]) => s.includes(stage))?.[0];

async function drain(queueUrl: string): Promise<{ body: string; attributes: Record<string, string | undefined> }[]> {
  const out: { body: string; attributes: Record<string, string | undefined> }[] = [];
  for (;;) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    if (!res.Messages?.length) return out;
    for (const m of res.Messages) {
      out.push({
        body: m.Body ?? '',
        attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue])),
      });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

beforeAll(async () => {
  env = await startLocalEnvironment({
    config,
    executionRunner: (deployment) => revocationRunner(deployment, { waitScale: 0 }),
  });
  sqs = new SQSClient(env.adminClientConfig);
}, 60_000);

afterAll(async () => {
  await env?.stop();
});

describe('the walking skeleton on the local emulator', () => {
  let firstVersion: string;
  let rotatedVersion: string;

  it('rotates a managed secret through the four steps: AWSCURRENT moved, AWSPREVIOUS kept, no AWSPENDING left', async () => {
    firstVersion = withStage(await stagesOf(), 'AWSCURRENT') ?? '';

    const out = await env.secretsManager.send(new RotateSecretCommand({ SecretId: SECRET }));
    await env.rotations.idle();

    rotatedVersion = out.VersionId ?? '';
    const stages = await stagesOf();
    expect(env.rotations.runs.at(-1)?.steps.map((s) => s.step)).toEqual([
      'createSecret',
      'setSecret',
      'testSecret',
      'finishSecret',
    ]);
    expect(withStage(stages, 'AWSCURRENT')).toBe(rotatedVersion);
    expect(stages[firstVersion]).toEqual(['AWSPREVIOUS']);
    expect(withStage(stages, 'AWSPENDING')).toBeUndefined();
  });

  it('records both versions in the inventory with fingerprint, key id and status', async () => {
    const inventory = new Inventory(
      DynamoDBDocumentClient.from(new DynamoDBClient(env.adminClientConfig)),
      env.deployment.tableName,
    );
    const current = await env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' }),
    );
    const key = JSON.parse(current.SecretString ?? '{}').apiKey as string;

    const item = await inventory.getVersion(SECRET, rotatedVersion);

    expect(key).toMatch(/^rk_[A-Za-z0-9]{40}$/);
    expect(item).toMatchObject({
      fingerprint: fingerprint(key),
      keyId: rotatedVersion,
      provider: 'generated',
      status: 'current',
    });
    expect((await inventory.getVersion(SECRET, firstVersion))?.status).toMatch(/previous|revoked/);
    expect(JSON.stringify(item)).not.toContain(key);
  });

  it("tells the fleet's queue, with ids and versions and no key material", async () => {
    const current = await env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' }),
    );
    const key = JSON.parse(current.SecretString ?? '{}').apiKey as string;

    const messages = await drain(env.deployment.fleetQueueUrls.support ?? '');

    const rotated = messages
      .map((m) => ({ ...m, json: JSON.parse(m.body) }))
      .find((m) => m.json.event === 'rotated' && m.json.versionId === rotatedVersion);
    expect(rotated?.json).toMatchObject({ secretName: SECRET, previousVersionId: firstVersion });
    expect(rotated?.attributes).toEqual({
      secretName: SECRET,
      event: 'rotated',
      version: rotatedVersion,
      fleets: '["support"]',
    });
    expect(messages.map((m) => m.body).join('\n')).not.toContain(key);
  });

  it('runs the synthesized state machine to revoke the old key once the new one is verified', async () => {
    await env.idle();

    const execution = env.executions.find((e) => JSON.parse(e.input).oldVersionId === firstVersion);

    expect(execution?.status).toBe('SUCCEEDED');
    expect((await stagesOf())[firstVersion] ?? []).toEqual([]);
  });

  it('delivers a scanner event through the stack pattern to the intake, which rotates the exposed key at once', async () => {
    const rules = await installFindingRules({ endpoint: env.moto.endpoint, template: env.deployment.template });
    const current = await env.secretsManagerDirect.send(
      new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' }),
    );
    const key = JSON.parse(current.SecretString ?? '{}').apiKey as string;

    await new EventBridgeClient(env.adminClientConfig).send(
      new PutEventsCommand({
        Entries: onFindingBus(env.deployment, [
          {
            Source: 'rekey.scanner',
            DetailType: 'Secret Exposed',
            Detail: JSON.stringify({ findingId: 'skeleton-1', source: 'gitleaks', fingerprint: fingerprint(key) }),
          },
        ]),
      }),
    );
    const records = await drainOnce({
      endpoint: env.moto.endpoint,
      queueUrl: rules.queueUrl,
      handle: (e) => env.invoke('intake', e),
    });
    await env.idle();

    expect(records.map((r) => r.outcome)).toEqual(['handled']);
    const stages = await stagesOf();
    expect(withStage(stages, 'AWSCURRENT')).not.toBe(current.VersionId);
    const emergency = env.executions.find((e) => JSON.parse(e.input).oldVersionId === current.VersionId);
    expect(JSON.parse(emergency?.input ?? '{}').mode).toBe('emergency');
    expect(emergency?.status).toBe('SUCCEEDED');
    expect(stages[current.VersionId ?? ''] ?? []).toEqual([]);
    expect(JSON.stringify(emergency?.events)).not.toContain(key);
  });
});

describe('fleet notifications addressed by fleet (the synthesized filter policies, run by moto)', () => {
  it("tells each fleet of its own keys only, both fleets of a shared key, and no one of an untagged key's", async () => {
    // Arrange: the secrets as deployed, each tagged for the fleets its key names.
    const name = (key: string) => `rekey/${key}`;
    const keys = ['agents/research/internal', 'agents/shared', 'agents/untold'];
    const before = new Map<string, string>();
    for (const key of keys) before.set(key, withStage(await stagesOf(name(key)), 'AWSCURRENT') ?? '');

    // Act: rotate each through the real rotation handler; the revocations run (and publish revoked) too.
    const rotated = new Map<string, string>();
    for (const key of keys) {
      const out = await env.secretsManager.send(new RotateSecretCommand({ SecretId: name(key) }));
      rotated.set(key, out.VersionId ?? '');
    }
    await env.idle();
    const heard = async (fleet: string) =>
      (await drain(env.deployment.fleetQueueUrls[fleet] ?? ''))
        .map((m) => JSON.parse(m.body) as { event: string; secretName: string; versionId: string })
        .filter((n) => keys.some((k) => name(k) === n.secretName))
        .map((n) => `${n.event} ${n.secretName}`)
        .sort();
    const [support, research] = [await heard('support'), await heard('research')];

    // Assert
    expect(support).toEqual(['revoked rekey/agents/shared', 'rotated rekey/agents/shared']);
    expect(research).toEqual([
      'revoked rekey/agents/research/internal',
      'revoked rekey/agents/shared',
      'rotated rekey/agents/research/internal',
      'rotated rekey/agents/shared',
    ]);
    const inventory = new Inventory(
      DynamoDBDocumentClient.from(new DynamoDBClient(env.adminClientConfig)),
      env.deployment.tableName,
    );
    const untold = rotated.get('agents/untold') ?? '';
    expect((await inventory.getVersion(name('agents/untold'), untold))?.status).toBe('current');
    const revocation = env.executions.find((e) => JSON.parse(e.input).oldVersionId === before.get('agents/untold'));
    expect(revocation?.status).toBe('SUCCEEDED');
    expect((await inventory.getVersion(name('agents/untold'), before.get('agents/untold') ?? ''))?.status).toBe(
      'revoked',
    );
  });
});
