import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryLog } from '../../../lambdas/github-webhook/deliveries';
import { cachedSecret } from '../../../lambdas/github-webhook/secrets';
import { handleDelivery, type WebhookDeps } from '../../../lambdas/github-webhook/webhook';
import type { RekeyConfigInput } from '../../../lib/config';
import { type FakeGitHub, signedDelivery, startFakeGitHub } from '../../unit/github-webhook/support';
import { fixture, fixtureText, GITHUB_LEAKED, GITLEAKS_LEAKED } from '../../unit/intake/support';
import { deliverAll, executions, type Harness, plantKey, putEvents, stagesOf, startHarness } from './harness';

/**
 * Duplicates rotate once: EventBridge's at-least-once delivery (one finding delivered 100 times), and GitHub
 * (a signed delivery, its replay, a forged one, the same alert under a new delivery id), against moto.
 */
const CONFIG: RekeyConfigInput = {
  keys: [
    { name: 'dup/scanner', provider: 'generated' },
    { name: 'dup/github', provider: 'generated' },
  ],
  github: { webhookSecretName: 'rekey-github/webhook', tokenSecretName: 'rekey-github/token' },
};
const WEBHOOK_SECRET = 'whsec-integration-0123456789abcdef';

let h: Harness;
let github: FakeGitHub;
beforeAll(async () => {
  h = await startHarness(CONFIG);
  github = await startFakeGitHub(fixture('github-secret-scanning-alert-rest.json'));
}, 60_000);
afterAll(async () => {
  await github?.close();
  await h?.stop();
});

describe('one finding delivered 100 times', () => {
  it('causes exactly one rotation', async () => {
    const { secretName, versionId } = await plantKey(h, 'dup/scanner', {
      apiKey: GITLEAKS_LEAKED,
      provider: 'generated',
    });
    const event = fixture('scanner-custom-event.json');
    await putEvents(
      h,
      Array.from({ length: 100 }, () => event),
    );

    const started = Date.now();
    const records = await deliverAll(h);
    const ms = Date.now() - started;

    expect(records).toHaveLength(100);
    expect(records.every((r) => r.outcome === 'handled')).toBe(true);
    // One rotation is one ClientRequestToken. A RotateSecret the SDK retried (a slow or failed first answer on a
    // loaded machine) names the same token, which Secrets Manager treats as the same rotation.
    const calls = h.rotationsStarted.filter((r) => r.secretName === secretName);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(new Set(calls.map((r) => r.token)).size).toBe(1);
    const stages = await stagesOf(h, secretName);
    expect(Object.keys(stages)).toHaveLength(3); // the deployed placeholder, the exposed key, its one replacement
    expect(stages[versionId]).toEqual(['AWSPREVIOUS']);
    expect((await executions(h)).filter((e) => e.input.oldVersionId === versionId)).toHaveLength(1);
    type Processed = { duplicate?: string; outcomes: { newVersionId?: string }[] };
    const findings = records.flatMap((r) => (r.result as { findings: Processed[] }).findings);
    // Handled afresh once; again only where the first handling outlived its in-progress record (the intake's 30 s,
    // as in Lambda) on a loaded machine, and then it acted on the same rotation: one replacement version.
    const processed = findings.filter((f) => f.duplicate === undefined);
    expect(processed.length).toBeGreaterThanOrEqual(1);
    expect(new Set(processed.flatMap((f) => f.outcomes.map((o) => o.newVersionId)).filter(Boolean)).size).toBe(1);
    expect(findings.filter((f) => f.duplicate !== undefined)).toHaveLength(100 - processed.length);
    console.log(
      `100 deliveries of one finding: 1 rotation, ${100 - processed.length} duplicates, ${ms} ms through moto`,
    );
  });
});

describe('GitHub deliveries', () => {
  it('rotate once for a signed alert, refuse forged and unsigned ones (401) and replays (409)', async () => {
    const { secretName, versionId } = await plantKey(h, 'dup/github', { apiKey: GITHUB_LEAKED, provider: 'generated' });
    await h.sm.send(new CreateSecretCommand({ Name: 'rekey-github/webhook', SecretString: WEBHOOK_SECRET }));
    await h.sm.send(
      new CreateSecretCommand({
        Name: 'rekey-github/token',
        SecretString: '{"token":"ghs_integrationToken0123456789"}',
      }),
    );
    const deps: WebhookDeps = {
      webhookSecret: cachedSecret(h.sm, 'rekey-github/webhook', ['secret']),
      githubToken: cachedSecret(h.sm, 'rekey-github/token', ['token']),
      deliveries: new DeliveryLog(h.doc, h.deployment.tableName),
      events: h.events,
      eventBusName: h.bridge.busFor('rekey.github'),
      apiBaseUrl: github.baseUrl,
    };
    const body = fixtureText('github-secret-scanning-alert-created.json');
    const send = async (headers: Record<string, string>, b = body) =>
      (await handleDelivery({ method: 'POST', headers, body: b, isBase64Encoded: false }, deps)).statusCode;
    const signed = await signedDelivery(body, WEBHOOK_SECRET, { deliveryId: 'd-1' });
    const { 'x-hub-signature-256': _, ...unsigned } = signed.headers;
    const forgedBody = body.replace('"number": 42', '"number": 7');

    const statuses = [
      await send(signed.headers),
      await send(signed.headers), // a replay of the same delivery
      await send(unsigned),
      await send(signed.headers, forgedBody), // signature of another body
      await send((await signedDelivery(body, 'another-secret', { deliveryId: 'd-2' })).headers),
      // The same verified body under a new delivery id: a replay too (the body is claimed by its hash).
      await send((await signedDelivery(body, WEBHOOK_SECRET, { deliveryId: 'd-3' })).headers),
    ];

    expect(statuses).toEqual([202, 409, 401, 401, 401, 409]);
    expect(github.requests).toHaveLength(1);
    const records = await deliverAll(h);
    expect(records.map((r) => [r.outcome, r.source])).toEqual([['handled', 'rekey.github']]);
    // One rotation is one ClientRequestToken. A RotateSecret the SDK retried (a slow or failed first answer on a
    // loaded machine) names the same token, which Secrets Manager treats as the same rotation.
    const calls = h.rotationsStarted.filter((r) => r.secretName === secretName);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(new Set(calls.map((r) => r.token)).size).toBe(1);
    expect((await stagesOf(h, secretName))[versionId]).toEqual(['AWSPREVIOUS']);
    const seen = await h.doc.send(
      new GetCommand({ TableName: h.deployment.tableName, Key: { pk: 'DELIVERY#d-1', sk: 'DELIVERY' } }),
    );
    expect(seen.Item).toMatchObject({ deliveryStatus: 'done', outcome: 'published' });
    expect(seen.Item?.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });
});
