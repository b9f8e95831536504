import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../../contract/env';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/emulator/environment';
import { revocationRunner } from '../../../local/emulator/state-machine';

/**
 * A mass exposure through the local stack, with IAM, Lambda's timeouts and reserved concurrency and the quotas
 * enforced: the intake receives one AWS Health event naming many access keys, puts each finding on its work queue,
 * and its SQS event source (the local mapping, polling as the intake's role) hands them to workers. The keys here
 * are not managed, so each finding ends on the ops topic; bench/mass-exposure.ts rotates 1,000 managed ones.
 */
const ENTITIES = 12;
let env: LocalEnvironment;

beforeAll(async () => {
  env = await startLocalEnvironment({
    config: { keys: [{ name: 'mass/one', provider: 'generated', fleets: ['a'] }], fleets: [{ name: 'a' }] },
    executionRunner: (d) => revocationRunner(d, { waitScale: 0 }),
  });
}, 120_000);
afterAll(async () => {
  await env?.idle();
  await env?.stop();
});

const admin = () => new SQSClient(env.adminClientConfig);

async function drain(queueUrl: string): Promise<{ body: string; attributes: Record<string, string> }[]> {
  const out: { body: string; attributes: Record<string, string> }[] = [];
  for (;;) {
    const got = await admin().send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    if (!got.Messages?.length) return out;
    for (const m of got.Messages) {
      const attributes = Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? '']),
      );
      out.push({ body: m.Body ?? '', attributes });
    }
  }
}

function healthEvent(entities: unknown[]) {
  const path = join(__dirname, '..', '..', 'fixtures', 'findings', 'aws-health-credentials-exposed.json');
  const event = JSON.parse(readFileSync(path, 'utf8')) as { detail: { affectedEntities: unknown[] } };
  event.detail.affectedEntities = entities;
  return event;
}

describe('one event that names many keys, through the local stack', () => {
  it('fans out to the work queue, is handled by the workers as the intake role, and dead-letters the bad entry with its reason', async () => {
    // Arrange
    const keyIds = Array.from({ length: ENTITIES }, (_, i) => `AKIA${String(i).padStart(16, 'Z')}`);
    const event = healthEvent([...keyIds.map((entityValue) => ({ entityValue })), { entityValue: 7 }]);
    const [poller] = env.eventSources;

    // Act
    const result = (await env.invoke('intake', event)) as { status: string; queued?: number; rejected?: number };
    await env.idle();

    // Assert: the receiving invocation only queued; the workers handled every finding.
    expect(result).toMatchObject({ status: 'fanned-out', queued: ENTITIES, rejected: 1 });
    // SQS delivers at least once: a duplicate would be handled again, and an unmatched finding is never stored as
    // done, so it could alert twice; none is lost. Nothing is handed back: a finding's second delivery while the
    // first runs would be (moto_server.py keeps moto's concurrent receives from sharing a message, the race that
    // once made this count 1).
    expect(poller?.counts.deleted).toBeGreaterThanOrEqual(ENTITIES);
    expect(poller?.counts.handedBack).toBe(0);
    const alerts = (await drain(env.deployment.opsQueueUrl)).map((m) => m.body);
    const unmatched = alerts.filter((a) => a.includes('unmatched'));
    expect(unmatched.length).toBeGreaterThanOrEqual(ENTITIES);
    expect(unmatched.length).toBeLessThanOrEqual(poller?.counts.deleted ?? 0);
    const dlqUrl = String(process.env[ENV.intakeDeadLetterQueueUrl]);
    const dead = await drain(dlqUrl);
    expect(dead.map((d) => d.attributes.errorIssues)).toEqual([
      expect.stringContaining(`detail.affectedEntities.${ENTITIES}.entityValue`),
    ]);
  }, 180_000);
});
