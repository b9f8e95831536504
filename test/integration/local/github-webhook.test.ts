import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RekeyConfigInput } from '../../../lib/config';
import { serveLocally } from '../../../local/rehearsal/serve';
import { type FakeAlertsApi, listedAlert, startFakeAlertsApi } from '../../unit/github-backstop/support';
import { type FakeGitHub, signedDelivery, startFakeGitHub } from '../../unit/github-webhook/support';
import { captureOutput, fixture, fixtureText } from '../../unit/intake/support';

/**
 * The GitHub webhook as `npm start -- --serve` runs it: the stack's function URL served on loopback, each POST made
 * the function URL event Lambda sends (payload format 2.0) and handed to the real handler through Lambda's invoke
 * rules, signed as IntakeGitHubWebhook's role with IAM enforced. A signed `secret_scanning_alert` delivery goes
 * webhook → the stack's event bus → the GitHub finding rule → the intake, which rotates the matching key; a forged
 * one is refused and rotates nothing.
 */
const KEY = 'agents/support/internal';
const WEBHOOK_SECRET = 'whsec-rekey-local-0123456789abcdef';
const GITHUB_TOKEN = 'github_pat_11LOCAL0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW';
const config: RekeyConfigInput = {
  keys: [{ name: KEY, provider: 'generated', fleets: ['support'] }],
  fleets: [{ name: 'support' }],
  // The names the least-privilege suite's template uses (test/least-privilege/reasons.ts labels).
  github: {
    webhookSecretName: 'rekey-github/webhook',
    tokenSecretName: 'rekey-github/token',
    backstop: { orgs: ['example-org'] },
  },
};

interface State {
  endpoint: string;
  region: string;
  outputs: Record<string, string>;
  functionUrls: Record<string, string>;
  functions: Record<string, string>;
  credentials: {
    admin: { accessKeyId: string; secretAccessKey: string };
    agents: Record<string, { accessKeyId: string; secretAccessKey: string }>;
  };
}

const lines: string[] = [];
let stop: () => void = () => undefined;
let served: Promise<void>;
let dir: string;
let state: State;
let sm: SecretsManagerClient;
let github: FakeGitHub;
let alertsApi: FakeAlertsApi;
/** The REST API's alert, its `secret` set to the managed key once the stack has made it. */
const alert = fixture<Record<string, unknown>>('github-secret-scanning-alert-rest.json');
const body = fixtureText('github-secret-scanning-alert-created.json');
const previousApiBase = process.env.REKEY_GITHUB_API_BASE_URL;

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; serve log:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  github = await startFakeGitHub(alert);
  alertsApi = await startFakeAlertsApi();
  dir = mkdtempSync(join(tmpdir(), 'rekey-webhook-'));
  const stateFile = join(dir, 'local.json');
  served = serveLocally({
    config,
    stateFile,
    write: (line) => lines.push(line),
    until: new Promise<void>((resolve) => (stop = resolve)),
  });
  await Promise.race([
    until(() => existsSync(stateFile), 'the state file', 120_000),
    served.then(() => Promise.reject(new Error('serve ended early'))),
  ]);
  state = JSON.parse(readFileSync(stateFile, 'utf8')) as State;
  sm = new SecretsManagerClient({
    endpoint: state.endpoint,
    region: state.region,
    credentials: state.credentials.admin,
  });
  // What the operator makes before deploying: the webhook's shared secret and a token that reads alerts.
  await sm.send(new CreateSecretCommand({ Name: 'rekey-github/webhook', SecretString: WEBHOOK_SECRET }));
  await sm.send(
    new CreateSecretCommand({ Name: 'rekey-github/token', SecretString: JSON.stringify({ token: GITHUB_TOKEN }) }),
  );
  // The function's REKEY_GITHUB_API_BASE_URL, pointed at the fake GitHub as changing the function's environment
  // would (the config takes only https:// API URLs; the fake listens on loopback http).
  process.env.REKEY_GITHUB_API_BASE_URL = github.baseUrl;
  alert.secret = (await current()).apiKey;
}, 180_000);

afterAll(async () => {
  stop();
  await served?.catch(() => undefined);
  await github?.close();
  await alertsApi?.close();
  if (previousApiBase === undefined) delete process.env.REKEY_GITHUB_API_BASE_URL;
  else process.env.REKEY_GITHUB_API_BASE_URL = previousApiBase;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const secretName = () => `rekey/${KEY}`;

async function current(): Promise<{ versionId: string; apiKey: string }> {
  const out = await sm.send(new GetSecretValueCommand({ SecretId: secretName(), VersionStage: 'AWSCURRENT' }));
  return { versionId: out.VersionId ?? '', apiKey: JSON.parse(out.SecretString ?? '{}').apiKey as string };
}

async function versionCount(): Promise<number> {
  const out = await sm.send(new ListSecretVersionIdsCommand({ SecretId: secretName(), IncludeDeprecated: true }));
  return out.Versions?.length ?? 0;
}

async function post(delivery: { headers: Record<string, string>; body: string }) {
  const res = await fetch(webhookUrl(), { method: 'POST', headers: delivery.headers, body: delivery.body });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const webhookUrl = () => state.functionUrls['github-webhook'] ?? '';

/** Lets the pump take anything that reached the bus to the intake (it polls every second). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2500));

describe('the GitHub webhook behind its function URL in the local stack', () => {
  it('serves the function URL on loopback and gives it as the webhook payload URL output', () => {
    expect(webhookUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const output = Object.entries(state.outputs).find(([name]) => name.includes('GitHubWebhookUrl'));
    expect(output?.[1]).toBe(webhookUrl());
    expect(lines.some((l) => l.includes(`function URL ${webhookUrl()}`) && l.includes('github-webhook'))).toBe(true);
  });

  it('refuses a forged delivery with 401 and rotates nothing', async () => {
    const before = await current();
    const versions = await versionCount();
    const forged = await signedDelivery(body, 'not-the-webhook-secret', { deliveryId: 'forged-0001' });

    const res = await post(forged);
    await settle();

    expect(res.status).toBe(401);
    expect(res.body.status).toBe('refused');
    expect(github.requests).toEqual([]);
    expect(await current()).toEqual(before);
    expect(await versionCount()).toBe(versions);
    expect(lines.filter((l) => l.includes('finding rekey.github'))).toEqual([]);
  });

  it("answers 502 while GitHub's API fails, releasing the delivery, counts it for the alarm, and rotates nothing", async () => {
    const before = await current();
    github.status = 500;
    const delivery = await signedDelivery(body, WEBHOOK_SECRET, { deliveryId: 'redelivered-0001' });

    const { result: res, output } = await captureOutput(() => post(delivery));
    github.status = 200;
    await settle();

    expect(res.status).toBe(502);
    // The webhook's metrics only: the stack's other functions run in this process too (a revocation round's metrics
    // may land in the same moment).
    const emf = output
      .split('\n')
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((m) => m.service === 'rekey-github-webhook');
    expect(emf).toEqual([expect.objectContaining({ GitHubDeliveriesFailed: 1 })]);
    expect(github.requests.map((r) => r.authorization)).toEqual([`Bearer ${GITHUB_TOKEN}`]);
    expect(await current()).toEqual(before);
    expect(lines.filter((l) => l.includes('finding rekey.github'))).toEqual([]);
  });

  it('takes the redelivered signed delivery to the intake, which rotates the exposed key', async () => {
    const exposed = await current();
    const delivery = await signedDelivery(body, WEBHOOK_SECRET, { deliveryId: 'redelivered-0001' });

    const res = await post(delivery);
    await until(async () => (await current()).versionId !== exposed.versionId, 'the rotation of the exposed key');
    await until(() => lines.some((l) => l.includes(`${secretName()} rotated to`)), 'the rotation in the serve log');

    expect(res).toEqual({
      status: 202,
      body: { status: 'accepted', deliveryId: 'redelivered-0001', findingId: 'example-org/agents#42' },
    });
    const finding = lines.find((l) => l.includes('finding rekey.github/Secret Exposed'));
    expect(finding).toContain('→ handled');
    expect(finding).toContain(`rotation started: ${secretName()}`);
    expect((await current()).apiKey).not.toBe(exposed.apiKey);
    expect(lines.join('\n')).not.toContain(exposed.apiKey);
  });

  it('refuses the same verified body under a fresh X-GitHub-Delivery (409) and rotates nothing more', async () => {
    const before = await current();
    const versions = await versionCount();
    const replay = await signedDelivery(body, WEBHOOK_SECRET, { deliveryId: 'captured-and-replayed-0002' });

    const res = await post(replay);
    await settle();

    expect(res).toEqual({
      status: 409,
      body: {
        status: 'duplicate',
        message: 'delivery captured-and-replayed-0002 repeats the body of a delivery already received',
      },
    });
    expect(await current()).toEqual(before);
    expect(await versionCount()).toBe(versions);
    expect(lines.filter((l) => l.includes('finding rekey.github/Secret Exposed'))).toHaveLength(1);
  });

  it('throttles a flood beyond its reserved concurrency (429), then takes the next delivery to the intake', async () => {
    // Signed deliveries for alerts GitHub answers slowly: each holds one of the function's 10 concurrent executions.
    github.delayMs = 1500;
    const flood = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        signedDelivery(body.replace('"number": 42', `"number": ${1000 + i}`), WEBHOOK_SECRET, {
          deliveryId: `flood-${String(i).padStart(4, '0')}`,
        }),
      ),
    );

    const answers = await Promise.all(flood.map((d) => post(d).then((r) => r.status)));
    github.delayMs = 0;

    expect(answers.filter((s) => s === 429)).toHaveLength(15);
    expect(answers.filter((s) => s !== 429)).toEqual(Array(10).fill(502));

    // The alert is reopened; GitHub's API now serves the key that is current, which the intake rotates.
    const exposed = await current();
    alert.secret = exposed.apiKey;
    const reopened = body.replace('"action": "created"', '"action": "reopened"');
    const res = await post(await signedDelivery(reopened, WEBHOOK_SECRET, { deliveryId: 'after-flood-0001' }));
    await until(async () => (await current()).versionId !== exposed.versionId, 'the rotation after the flood');

    expect(res.status).toBe(202);
    expect((await current()).apiKey).not.toBe(exposed.apiKey);
  });
});

describe('the GitHub backstop in the local stack', () => {
  it('is invoked as its schedule would invoke it, and rotates the key of an alert whose delivery was lost', async () => {
    // Alert 42 reached the intake through the webhook above; alert 43's delivery never arrived.
    const exposed = await current();
    const rest = fixture<Record<string, unknown>>('github-secret-scanning-alert-rest.json');
    alertsApi.orgs.set('example-org', [
      listedAlert(rest, 43, exposed.apiKey),
      listedAlert(rest, 42, 'github_pat_11LOCALOLD0000000000_rotatedlongago0000000000000000000000000000000'),
    ]);
    // The function's REKEY_GITHUB_API_BASE_URL, pointed at the fake list endpoints (read when it first runs).
    process.env.REKEY_GITHUB_API_BASE_URL = alertsApi.baseUrl;
    const lambda = new LambdaClient({
      endpoint: state.endpoint,
      region: state.region,
      credentials: state.credentials.admin,
    });

    const out = await lambda.send(
      new InvokeCommand({ FunctionName: state.functions['github-backstop'], Payload: JSON.stringify({}) }),
    );
    await until(async () => (await current()).versionId !== exposed.versionId, 'the rotation the backstop started');

    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8'))).toEqual({
      open: 2,
      recovered: ['example-org/agents#43'],
      failures: [],
    });
    expect(alertsApi.requests.map((r) => [r.path.split('?')[0], r.authorization])).toEqual([
      ['/orgs/example-org/secret-scanning/alerts', `Bearer ${GITHUB_TOKEN}`],
    ]);
    expect((await current()).apiKey).not.toBe(exposed.apiKey);
    expect(lines.join('\n')).not.toContain(exposed.apiKey);
  });

  it('is refused to a fleet agent, whose role may not invoke it, and recovers nothing', async () => {
    const before = await current();
    const agent = state.credentials.agents.support;
    const lambda = new LambdaClient({ endpoint: state.endpoint, region: state.region, credentials: agent });

    const refused = lambda.send(new InvokeCommand({ FunctionName: state.functions['github-backstop'] }));

    await expect(refused).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(await current()).toEqual(before);
  });
});
