import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../../lambdas/common/clients';
import { handler } from '../../../lambdas/github-webhook/index';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { captureOutput, fixture, fixtureText, GITHUB_LEAKED } from '../intake/support';
import { type FakeGitHub, functionUrlEvent, signedDelivery, startFakeGitHub } from './support';

const WEBHOOK_SECRET = 'whsec-rekey-fixture-0123456789';
const GITHUB_TOKEN = 'github_pat_11FIXTURE0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV';

const sm = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBDocumentClient);
const eb = mockClient(EventBridgeClient);
let github: FakeGitHub;
let deliveries: Set<string>;
const body = fixtureText('github-secret-scanning-alert-created.json');

beforeAll(async () => {
  github = await startFakeGitHub(fixture('github-secret-scanning-alert-rest.json'));
  Object.assign(process.env, {
    REKEY_INVENTORY_TABLE: 'inventory',
    REKEY_EVENT_BUS_NAME: 'default',
    REKEY_GITHUB_WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gh/webhook-AbCdEf',
    REKEY_GITHUB_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gh/token-AbCdEf',
    REKEY_GITHUB_API_BASE_URL: github.baseUrl,
  });
  resetAwsClients();
});
afterAll(async () => {
  await github.close();
});

beforeEach(() => {
  sm.reset();
  ddb.reset();
  eb.reset();
  github.requests.length = 0;
  github.status = 200;
  deliveries = new Set();
  sm.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => ({
    SecretString: input.SecretId.includes('webhook') ? WEBHOOK_SECRET : JSON.stringify({ token: GITHUB_TOKEN }),
  }));
  ddb.on(PutCommand).callsFake((input: { Item: { pk: string }; ConditionExpression?: string }) => {
    // As DynamoDB does: only a conditional put fails on an existing item; a plain put replaces it.
    if (input.ConditionExpression && deliveries.has(input.Item.pk)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    deliveries.add(input.Item.pk);
    return {};
  });
  ddb.on(DeleteCommand).callsFake((input: { Key: { pk: string } }) => {
    deliveries.delete(input.Key.pk);
    return {};
  });
  ddb.on(UpdateCommand).resolves({});
  eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-1' }] });
});

async function deliver(
  options: { base64?: boolean; secret?: string; deliveryId?: string; event?: string; payload?: string } = {},
) {
  const d = await signedDelivery(options.payload ?? body, options.secret ?? WEBHOOK_SECRET, options);
  const res = await handler(functionUrlEvent(d.headers, d.body, { base64: options.base64 }));
  return { ...res, json: JSON.parse(res.body) as Record<string, string> };
}

const published = () => eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);

describe('a signed secret_scanning_alert delivery', () => {
  it('is accepted: the alert is fetched and only its fingerprint goes on the bus', async () => {
    const res = await deliver();

    expect(res.statusCode).toBe(202);
    expect(res.json).toMatchObject({ status: 'accepted', findingId: 'example-org/agents#42' });
    expect(github.requests).toEqual([
      {
        method: 'GET',
        path: '/repos/example-org/agents/secret-scanning/alerts/42',
        authorization: `Bearer ${GITHUB_TOKEN}`,
        apiVersion: '2022-11-28',
      },
    ]);
    const [entry] = published();
    expect(entry).toMatchObject({ Source: 'rekey.github', DetailType: 'Secret Exposed', EventBusName: 'default' });
    expect(JSON.parse(entry?.Detail ?? '{}')).toEqual({
      findingId: 'example-org/agents#42',
      source: 'github',
      fingerprint: fingerprint(GITHUB_LEAKED),
      abuse: false,
      location: 'https://github.com/example-org/agents/security/secret-scanning/42',
      reason: 'GitHub secret scanning alert (example_org_rekey_token)',
      secretType: 'example_org_rekey_token',
      detectedAt: '2026-11-20T09:00:52Z',
    });
    expect(JSON.stringify(published())).not.toContain(GITHUB_LEAKED);
  });

  it('is verified over the raw bytes when the function URL hands the body over base64-encoded', async () => {
    const res = await deliver({ base64: true });
    expect(res.statusCode).toBe(202);
    expect(published()).toHaveLength(1);
  });

  it('records the delivery id with a conditional put and a TTL', async () => {
    await deliver({ deliveryId: 'aaaa-1111' });
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      TableName: 'inventory',
      Item: { pk: 'DELIVERY#aaaa-1111', sk: 'DELIVERY', deliveryStatus: 'processing' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(put?.Item?.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('deliveries that are refused', () => {
  it('401 when unsigned', async () => {
    const d = await signedDelivery(body, WEBHOOK_SECRET);
    const { 'x-hub-signature-256': _, ...unsigned } = d.headers;
    const res = await handler(functionUrlEvent(unsigned, body));
    expect(res.statusCode).toBe(401);
    expect(github.requests).toEqual([]);
    expect(ddb.calls()).toEqual([]);
  });

  it('401 when forged: a signature of another body', async () => {
    const d = await signedDelivery(body, WEBHOOK_SECRET);
    const tampered = body.replace('"number": 42', '"number": 43');
    const res = await handler(functionUrlEvent(d.headers, tampered));
    expect(res.statusCode).toBe(401);
    expect(published()).toEqual([]);
  });

  it('401 when signed with another secret', async () => {
    const res = await deliver({ secret: 'not-the-webhook-secret' });
    expect(res.statusCode).toBe(401);
    expect(github.requests).toEqual([]);
  });

  it('409 when a delivery id comes again (a replay), and nothing is published twice', async () => {
    expect((await deliver({ deliveryId: 'dup-1' })).statusCode).toBe(202);
    const replay = await deliver({ deliveryId: 'dup-1' });
    expect(replay.statusCode).toBe(409);
    expect(replay.json.status).toBe('replayed');
    expect(published()).toHaveLength(1);
  });

  it('400 when signed but not JSON, or without a delivery id', async () => {
    expect((await deliver({ payload: 'payload=not-json' })).statusCode).toBe(400);
    const d = await signedDelivery(body, WEBHOOK_SECRET);
    const { 'x-github-delivery': _, ...noId } = d.headers;
    expect((await handler(functionUrlEvent(noId, body))).statusCode).toBe(400);
  });

  it('400 when the request is not a function URL event, 405 when it is not a POST', async () => {
    expect((await handler({ hello: 'world' })).statusCode).toBe(400);
    const d = await signedDelivery(body, WEBHOOK_SECRET);
    expect((await handler(functionUrlEvent(d.headers, body, { method: 'GET' }))).statusCode).toBe(405);
  });
});

describe('deliveries that need no rotation', () => {
  it('answer ping and other events with 202 and publish nothing', async () => {
    expect(
      (await deliver({ event: 'ping', deliveryId: 'p-1', payload: '{"zen":"Keep it logically awesome."}' })).json,
    ).toMatchObject({
      status: 'pong',
    });
    expect((await deliver({ event: 'push', deliveryId: 'p-2' })).json).toMatchObject({ status: 'ignored' });
    expect(published()).toEqual([]);
  });

  it('ignore a resolved alert and a validity check that found the secret inactive, without calling GitHub', async () => {
    const resolved = body.replace('"action": "created"', '"action": "resolved"');
    const inactive = body
      .replace('"action": "created"', '"action": "validated"')
      .replace('"validity": "unknown"', '"validity": "inactive"');
    expect((await deliver({ payload: resolved, deliveryId: 'r-1' })).json.status).toBe('ignored');
    expect((await deliver({ payload: inactive, deliveryId: 'r-2' })).json.status).toBe('ignored');
    expect(github.requests).toEqual([]);
  });
});

describe('failures on our side', () => {
  it('502 when GitHub fails, and the delivery id is released so a redelivery is taken', async () => {
    github.status = 500;
    const failed = await deliver({ deliveryId: 'retry-1' });
    expect(failed.statusCode).toBe(502);
    expect(failed.json.message).toContain('GitHub answered 500');
    github.status = 200;
    const redelivered = await deliver({ deliveryId: 'retry-1' });
    expect(redelivered.statusCode).toBe(202);
  });

  it('502 when EventBridge refuses the finding', async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    expect((await deliver({ deliveryId: 'eb-1' })).statusCode).toBe(502);
  });
});

describe('a verified body replayed under a fresh X-GitHub-Delivery', () => {
  it('is refused with 409 "duplicate", and the finding is published once', async () => {
    const first = await deliver({ deliveryId: 'orig-0001' });

    const replay = await deliver({ deliveryId: 'fresh-0002' });

    expect(first.statusCode).toBe(202);
    expect(replay.statusCode).toBe(409);
    expect(replay.json.status).toBe('duplicate');
    expect(published()).toHaveLength(1);
    expect(github.requests).toHaveLength(1);
  });

  it('is taken again after the first delivery failed on our side (its body claim is released)', async () => {
    github.status = 500;
    expect((await deliver({ deliveryId: 'fail-0001' })).statusCode).toBe(502);
    github.status = 200;

    const retried = await deliver({ deliveryId: 'other-0002' });

    expect(retried.statusCode).toBe(202);
    expect(published()).toHaveLength(1);
  });

  it('is a new delivery when the alert changes (another action has another body)', async () => {
    const reopened = body.replace('"action": "created"', '"action": "reopened"');
    expect((await deliver({ deliveryId: 'a-1' })).statusCode).toBe(202);

    const res = await deliver({ deliveryId: 'a-2', payload: reopened });

    expect(res.statusCode).toBe(202);
    expect(published()).toHaveLength(2);
  });

  it('records the alert it published for the backstop, under a DELIVERY# key', async () => {
    await deliver({ deliveryId: 'rec-1' });

    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item ?? {});

    expect(puts.map((i) => String(i.pk))).toEqual([
      'DELIVERY#rec-1',
      expect.stringMatching(/^DELIVERY#BODY#[0-9a-f]{64}$/),
      'DELIVERY#ALERT#example-org/agents#42',
    ]);
    expect(puts[2]).toMatchObject({ publishedBy: 'webhook', alertNumber: 42 });
  });
});

describe('a verified delivery that fails on our side', () => {
  it('emits GitHubDeliveriesFailed in the Rekey namespace with the webhook service dimension', async () => {
    github.status = 502;
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    try {
      const { result, output } = await captureOutput(() => deliver({ deliveryId: 'metric-1' }));

      expect(result.statusCode).toBe(502);
      const emf = output
        .split('\n')
        .filter((l) => l.includes('"_aws"'))
        .map((l) => JSON.parse(l) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Emf[] } });
      expect(emf).toHaveLength(1);
      expect(emf[0]?._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: 'Rekey',
        Dimensions: [['service']],
        Metrics: [{ Name: 'GitHubDeliveriesFailed', Unit: 'Count' }],
      });
      expect(emf[0]).toMatchObject({ service: 'rekey-github-webhook', GitHubDeliveriesFailed: 1 });
    } finally {
      delete process.env.POWERTOOLS_METRICS_DISABLED;
    }
  });

  it('emits no metric for a forged delivery (nothing was verified, nothing was lost)', async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    try {
      const { result, output } = await captureOutput(() => deliver({ secret: 'forged', deliveryId: 'forged-1' }));

      expect(result.statusCode).toBe(401);
      expect(output).not.toContain('GitHubDeliveriesFailed');
    } finally {
      delete process.env.POWERTOOLS_METRICS_DISABLED;
    }
  });

  it('logs the refusal with its reason under `reason` (the Logger keeps `message` for the line itself)', async () => {
    github.status = 500;

    const { output } = await captureOutput(() => deliver({ deliveryId: 'log-1' }));

    const line = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === 'webhook delivery refused');
    expect(line).toMatchObject({
      level: 'ERROR',
      errorName: 'GitHubApiError',
      statusCode: 502,
      reason: 'GitHub answered 500 for secret scanning alert example-org/agents#42',
    });
    expect(output).not.toContain(GITHUB_TOKEN);
    expect(output).not.toContain(WEBHOOK_SECRET);
  });
});

interface Emf {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}
