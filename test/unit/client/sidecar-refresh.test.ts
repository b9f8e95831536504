import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VersionAck } from '../../../packages/client/src/ack';
import type { Sidecar } from '../../../packages/client/src/sidecar';
import { CANARY_1, CANARY_2, MockSecretsManager, SECRET_NAME, startTestSidecar } from './support/sidecar-harness';

/** How the served key changes: refreshNow (the 401 path, rate-limited), push notifications, acks. */

const q = encodeURIComponent(SECRET_NAME);
const sqs = mockClient(SQSClient);
let sm: MockSecretsManager;
let sidecar: Sidecar | undefined;

beforeEach(() => {
  sm = new MockSecretsManager(CANARY_1);
  sqs.reset();
});

afterEach(async () => {
  await sidecar?.close();
  sidecar = undefined;
  sm.restore();
});

const versionOf = (body: string) => JSON.parse(body).VersionId as string;

describe('refreshNow=true', () => {
  it('returns the version made current since the key was read (the 401 path)', async () => {
    // Arrange
    const t = await startTestSidecar(sm, { refreshCooldownMs: 50 });
    sidecar = t.sidecar;
    const v2 = sm.rotate(CANARY_2);

    // Act
    const stale = await t.get(`/secretsmanager/get?secretId=${q}`);
    const fresh = await t.get(`/secretsmanager/get?secretId=${q}&refreshNow=true`);
    const after = await t.get(`/v1/${SECRET_NAME}`);

    // Assert
    expect(versionOf(stale.body)).toBe(sm.versions[0]?.id);
    expect(versionOf(fresh.body)).toBe(v2);
    expect(JSON.parse(fresh.body).SecretString).toContain(CANARY_2);
    expect(versionOf(after.body)).toBe(v2);
  });

  it('costs one GetSecretValue per cooldown, not one per request, for a burst of 50 concurrent refreshNow requests', async () => {
    // Arrange
    const cooldownMs = 1000;
    const t = await startTestSidecar(sm, { refreshCooldownMs: cooldownMs });
    sidecar = t.sidecar;
    const v2 = sm.rotate(CANARY_2);
    const before = sm.calls;
    const started = Date.now();

    // Act
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => t.get(`/secretsmanager/get?secretId=${q}&refreshNow=true`)),
    );
    const elapsed = Date.now() - started;

    // Assert: one read, plus one after the cooldown for those who asked while it ran (more only on a machine slow
    // enough to spread the burst over several cooldowns).
    expect(answers.every((a) => a.status === 200 && versionOf(a.body) === v2)).toBe(true);
    expect(sm.calls - before).toBeGreaterThanOrEqual(1);
    expect(sm.calls - before).toBeLessThanOrEqual(1 + Math.ceil(elapsed / cooldownMs));
    expect(sm.calls - before).toBeLessThan(5);
  });

  it('holds a hot loop of refreshNow to one GetSecretValue per cooldown, each answer read after it was asked', async () => {
    // Arrange
    const cooldownMs = 100;
    const t = await startTestSidecar(sm, { refreshCooldownMs: cooldownMs });
    sidecar = t.sidecar;
    const before = sm.calls;
    const started = Date.now();

    // Act: one caller, as fast as it can, for 600 ms.
    let requests = 0;
    while (Date.now() - started < 600) {
      const res = await t.get(`/secretsmanager/get?secretId=${q}&refreshNow=1`);
      expect(res.status).toBe(200);
      requests++;
    }
    const elapsed = Date.now() - started;

    // Assert
    const calls = sm.calls - before;
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(Math.ceil(elapsed / cooldownMs) + 1);
    expect(requests).toBeLessThanOrEqual(calls + 1);
  });
});

describe('push', () => {
  it('switches on an SQS notification, acknowledges the version as one agent, and answers without refreshNow', async () => {
    // Arrange: a queue that delivers one notification, after the rotation.
    const acks: VersionAck[] = [];
    const v2 = sm.rotate(CANARY_2);
    const body = JSON.stringify({
      event: 'rotated',
      secretName: SECRET_NAME,
      versionId: v2,
      previousVersionId: sm.versions[0]?.id,
      mode: 'scheduled',
      at: new Date().toISOString(),
    });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: 'm-1', ReceiptHandle: 'r-1', Body: body }] })
      .resolves({ Messages: [] });
    sqs.on(DeleteMessageCommand).resolves({});

    // Act
    const t = await startTestSidecar(sm, {
      sqs: { client: new SQSClient({ region: 'us-east-1' }), queueUrl: 'http://127.0.0.1:1/q', waitTimeSeconds: 1 },
      notificationDelayMs: 0,
      acknowledge: async (ack) => void acks.push(ack),
      agentId: 'support/pod-7',
    });
    sidecar = t.sidecar;

    // Assert
    await vi.waitFor(() => expect(t.sidecar.versions()[SECRET_NAME]).toBe(v2), { timeout: 5000 });
    expect(versionOf((await t.get(`/v1/${SECRET_NAME}`)).body)).toBe(v2);
    await vi.waitFor(() => expect(acks.map((a) => a.versionId)).toContain(v2), { timeout: 5000 });
    expect(new Set(acks.map((a) => a.agentId))).toEqual(new Set(['support/pod-7']));
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(1);
  });

  it('logs a malformed notification by its message id, drops it, and keeps serving the key it holds', async () => {
    // Arrange
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: 'm-bad', ReceiptHandle: 'r-bad', Body: `{"apiKey":"${CANARY_2}"` }] })
      .resolves({ Messages: [] });
    sqs.on(DeleteMessageCommand).resolves({});

    // Act
    const t = await startTestSidecar(sm, {
      sqs: { client: new SQSClient({ region: 'us-east-1' }), queueUrl: 'http://127.0.0.1:1/q', waitTimeSeconds: 1 },
    });
    sidecar = t.sidecar;
    await vi.waitFor(() => expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(1), { timeout: 5000 });

    // Assert
    const warning = t.logger.entries.find((e) => e.msg.startsWith('malformed fleet message'));
    expect(warning?.obj.messageId).toBe('m-bad');
    expect(t.logger.text()).not.toContain(CANARY_2);
    expect((await t.get(`/v1/${SECRET_NAME}`)).status).toBe(200);
    expect(sm.calls).toBe(1);
  });
});
