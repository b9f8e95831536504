import { CreateUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../../contract/env';
import { HAND_BACKS_ATTRIBUTE, RESERVE_MS } from '../../../lambdas/intake/fan-out';
import type { RekeyConfigInput } from '../../../lib/config';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/emulator/environment';
import { invokeFunction } from '../../../local/emulator/lambda/invoke';
import { setRateShare } from '../../../local/emulator/rate-share';
import { revocationRunner } from '../../../local/emulator/state-machine';

/**
 * A mass exposure that cannot be started within one intake invocation, on the local stack with IAM enforced and the
 * queues' redrive policy (five receives, then the dead-letter queue) enforced by moto. RotateSecret's share is cut to
 * one a second and the intake's timeout to RESERVE_MS + 2 s, so each invocation has two seconds in which to take a
 * rate slot: most findings of a batch are put back, several times over. Before, each hand-back used up one of a
 * message's five receives, and a finding never started could be dead-lettered.
 */
const KEYS = Array.from({ length: 10 }, (_, i) => `handback/key-${i}`);
/**
 * The IAM users of the suite's other ten-key aws-iam stack: each key's grants name its user, and the least-privilege
 * check (test/least-privilege) counts them over the whole suite, so new names would be grants of their own.
 */
const userOf = (i: number) => `fleet-${i}`;

let env: LocalEnvironment;
let iam: IAMClient;

beforeAll(async () => {
  const config: RekeyConfigInput = {
    keys: KEYS.map((name, i) => ({
      name,
      provider: 'aws-iam' as const,
      options: { userName: userOf(i) },
      fleets: ['agents'],
    })),
    fleets: [{ name: 'agents' }],
    verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 60, maxRounds: 1, deleteGraceSeconds: 0 },
  };
  env = await startLocalEnvironment({ config, executionRunner: (d) => revocationRunner(d, { waitScale: 0 }) });
  iam = new IAMClient(env.adminClientConfig);
  for (let i = 0; i < KEYS.length; i++) await iam.send(new CreateUserCommand({ UserName: userOf(i) }));
  for (const key of KEYS) await env.secretsManager.send(new RotateSecretCommand({ SecretId: secretName(key) }));
  await env.idle();
}, 180_000);

afterAll(async () => {
  await setRateShare(env, ['secretsmanager:rotation'], undefined).catch(() => undefined);
  await env?.idle();
  await env?.stop();
});

const secretName = (key: string) => env.deployment.secrets[key]?.name ?? '';

async function current(key: string): Promise<{ versionId: string; keyId: string }> {
  const out = await env.secretsManagerDirect.send(
    new GetSecretValueCommand({ SecretId: secretName(key), VersionStage: 'AWSCURRENT' }),
  );
  return { versionId: out.VersionId ?? '', keyId: (JSON.parse(out.SecretString ?? '{}') as { keyId: string }).keyId };
}

/** Messages on a queue, visible, in flight or delayed. */
async function depth(queueUrl: string): Promise<number> {
  const sqs = new SQSClient(env.adminClientConfig);
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  sqs.destroy();
  return Object.values(out.Attributes ?? {}).reduce((n, v) => n + Number(v), 0);
}

describe('a mass exposure that one intake invocation cannot start', () => {
  it('puts what it cannot start back on the work queue: every key rotated and revoked, no receive used up, none dead-lettered', async () => {
    // Arrange
    const intake = env.functions.intake;
    if (!intake) throw new Error('no intake function');
    Object.assign(intake, { timeoutMs: RESERVE_MS + 2_000 });
    await setRateShare(env, ['secretsmanager:rotation'], 1);
    const exposed = await Promise.all(KEYS.map(current));
    const receives: number[] = [];
    const handBacks: number[] = [];
    let putBack = 0;
    let failed = 0;
    for (const poller of env.eventSources) {
      poller.onResponse((batch: SQSEvent, response) => {
        for (const r of batch.Records) {
          receives.push(Number(r.attributes.ApproximateReceiveCount));
          handBacks.push(Number(r.messageAttributes[HAND_BACKS_ATTRIBUTE]?.stringValue ?? 0));
        }
        const out = response as { putBack?: number; batchItemFailures?: unknown[] } | null;
        putBack += out?.putBack ?? 0;
        failed += out?.batchItemFailures?.length ?? 0;
      });
    }
    const event = {
      version: '0',
      id: 'hand-backs-1',
      'detail-type': 'AWS Health Event',
      source: 'aws.health',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: {
        eventArn:
          'arn:aws:health:global::event/RISK/AWS_RISK_CREDENTIALS_EXPOSED/AWS_RISK_CREDENTIALS_EXPOSED_handbacks',
        service: 'RISK',
        eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED',
        eventTypeCategory: 'issue',
        statusCode: 'open',
        affectedAccount: '000000000000',
        affectedEntities: exposed.map((e) => ({ entityValue: e.keyId })),
      },
    };

    // Act: the event as the intake's rule would deliver it; its findings fan out to the work queue.
    const result = await invokeFunction(intake, event);
    await env.idle();

    // Assert: handled in full, and no message was received more than once.
    expect(result).toMatchObject({ status: 'fanned-out', queued: KEYS.length });
    const after = await Promise.all(KEYS.map(current));
    expect(after.filter((v, i) => v.versionId !== exposed[i]?.versionId)).toHaveLength(KEYS.length);
    for (let i = 0; i < KEYS.length; i++) {
      const keys = (await iam.send(new ListAccessKeysCommand({ UserName: userOf(i) }))).AccessKeyMetadata ?? [];
      expect(keys.filter((k) => k.AccessKeyId === exposed[i]?.keyId && k.Status === 'Active')).toEqual([]);
    }
    expect(putBack).toBeGreaterThanOrEqual(KEYS.length - 3);
    expect(Math.max(...handBacks)).toBeGreaterThanOrEqual(1);
    expect(receives.every((n) => n === 1)).toBe(true);
    expect(failed).toBe(0);
    expect(await depth(env.deployment.env.intake?.[ENV.intakeDeadLetterQueueUrl] ?? '')).toBe(0);
    expect(env.deployment.iam.denials.map((d) => d.message)).toEqual([]);
  }, 180_000);
});
