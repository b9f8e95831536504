import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../../lambdas/common/clients';
import { handler } from '../../../lambdas/github-backstop/index';
import { alertPk } from '../../../lambdas/github-webhook/deliveries';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { captureOutput, fixture } from '../intake/support';
import { type FakeAlertsApi, listedAlert, startFakeAlertsApi } from './support';

const GITHUB_TOKEN = 'github_pat_11BACKSTOP0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST';
/** Canary keys planted in the alerts: they must reach no log line, event or error. */
const MISSED = 'rk_CanaryBackstopMissed0123456789abcdefghij';
const RECORDED = 'rk_CanaryBackstopRecorded0123456789abcdefg';
const rest = fixture<Record<string, unknown>>('github-secret-scanning-alert-rest.json');

const sm = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBDocumentClient);
const eb = mockClient(EventBridgeClient);
let api: FakeAlertsApi;
let records: Map<string, Record<string, unknown>>;

beforeAll(async () => {
  api = await startFakeAlertsApi();
  Object.assign(process.env, {
    REKEY_INVENTORY_TABLE: 'inventory',
    REKEY_EVENT_BUS_NAME: 'rekey-findings',
    REKEY_GITHUB_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gh/token-AbCdEf',
    REKEY_GITHUB_API_BASE_URL: api.baseUrl,
    REKEY_GITHUB_BACKSTOP_SCOPE: JSON.stringify({ orgs: ['example-org'], repos: ['solo-user/tools'] }),
  });
  resetAwsClients();
});
afterAll(async () => {
  await api.close();
  delete process.env.REKEY_GITHUB_BACKSTOP_SCOPE;
});

beforeEach(() => {
  sm.reset();
  ddb.reset();
  eb.reset();
  api.requests.length = 0;
  api.status = 200;
  api.pageSize = 100;
  api.orgs.clear();
  api.repos.clear();
  api.repos.set('solo-user/tools', []);
  records = new Map();
  sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: GITHUB_TOKEN }) });
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: records.get(input.Key.pk) }));
  ddb.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
    records.set(String(input.Item.pk), input.Item);
    return {};
  });
  eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-1' }] });
});

const published = () =>
  eb
    .commandCalls(PutEventsCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .map((e) => ({ ...e, detail: JSON.parse(e.Detail ?? '{}') as Record<string, unknown> }));

describe('the GitHub backstop', () => {
  it('puts on the bus an open alert the webhook never recorded, as the webhook would have, and records it', async () => {
    api.orgs.set('example-org', [listedAlert(rest, 7, MISSED), listedAlert(rest, 8, RECORDED)]);
    records.set(alertPk('example-org/agents', 8), { pk: alertPk('example-org/agents', 8), publishedBy: 'webhook' });

    const { result, output } = await captureOutput(() => handler({ 'detail-type': 'Scheduled Event' }));

    expect(result).toEqual({ open: 2, recovered: ['example-org/agents#7'], failures: [] });
    expect(published()).toHaveLength(1);
    expect(published()[0]).toMatchObject({ Source: 'rekey.github', EventBusName: 'rekey-findings' });
    expect(published()[0]?.detail).toMatchObject({
      findingId: 'example-org/agents#7',
      source: 'github',
      fingerprint: fingerprint(MISSED),
      location: 'https://github.com/example-org/agents/security/secret-scanning/7',
    });
    expect(records.get(alertPk('example-org/agents', 7))).toMatchObject({ publishedBy: 'backstop', alertNumber: 7 });
    const everything = JSON.stringify({
      output,
      events: eb.calls().map((c) => c.args[0].input),
      records: [...records],
    });
    expect(everything).not.toContain(MISSED);
    expect(everything).not.toContain(RECORDED);
    expect(everything).not.toContain(GITHUB_TOKEN);
  });

  it('lists open alerts only, with the token, from the org and the repository endpoints', async () => {
    api.orgs.set('example-org', []);

    await handler({});

    expect(api.requests).toEqual([
      {
        path: '/orgs/example-org/secret-scanning/alerts?state=open&per_page=100',
        authorization: `Bearer ${GITHUB_TOKEN}`,
      },
      {
        path: '/repos/solo-user/tools/secret-scanning/alerts?state=open&per_page=100',
        authorization: `Bearer ${GITHUB_TOKEN}`,
      },
    ]);
  });

  it('follows the Link header to every page', async () => {
    api.pageSize = 2;
    api.orgs.set(
      'example-org',
      [1, 2, 3, 4, 5].map((n) => listedAlert(rest, n, `rk_CanaryPage${n}0123456789abcdefghijklmnopq`)),
    );

    const result = await handler({});

    expect(result.open).toBe(5);
    expect(published().map((e) => e.detail.findingId)).toEqual([1, 2, 3, 4, 5].map((n) => `example-org/agents#${n}`));
    expect(api.requests.filter((r) => r.path.startsWith('/orgs/'))).toHaveLength(3);
  });

  it('names the repository from the scope for the repository endpoint, whose items have no repository', async () => {
    const { repository: _, ...item } = listedAlert(rest, 3, MISSED, { owner: 'solo-user', name: 'tools' });
    api.orgs.set('example-org', []);
    api.repos.set('solo-user/tools', [item]);

    await handler({});

    expect(published().map((e) => e.detail.findingId)).toEqual(['solo-user/tools#3']);
  });

  it('publishes nothing a second time: a run after a run finds every alert recorded', async () => {
    api.orgs.set('example-org', [listedAlert(rest, 7, MISSED)]);
    await handler({});

    const again = await handler({});

    expect(again.recovered).toEqual([]);
    expect(published()).toHaveLength(1);
  });

  it('fails the run (for its alarm) when GitHub fails, after checking the scopes that work', async () => {
    api.orgs.set('example-org', [listedAlert(rest, 7, MISSED)]);
    api.repos.delete('solo-user/tools');

    const run = handler({});

    await expect(run).rejects.toMatchObject({
      name: 'BackstopRunError',
      message: expect.stringContaining(
        'GitHub answered 404 listing secret scanning alerts of repository solo-user/tools',
      ),
    });
    expect(published()).toHaveLength(1);
  });

  it('does not record an alert whose finding EventBridge refused, so the next run tries it again', async () => {
    api.orgs.set('example-org', [listedAlert(rest, 7, MISSED)]);
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });

    await expect(handler({})).rejects.toMatchObject({ name: 'BackstopRunError' });

    expect(records.has(alertPk('example-org/agents', 7))).toBe(false);
  });

  it('emits GitHubAlertsRecovered for each alert it put on the bus', async () => {
    api.orgs.set('example-org', [listedAlert(rest, 7, MISSED)]);
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    try {
      const { output } = await captureOutput(() => handler({}));

      const emf = output
        .split('\n')
        .filter((l) => l.includes('"_aws"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(emf).toEqual([expect.objectContaining({ service: 'rekey-github-backstop', GitHubAlertsRecovered: 1 })]);
    } finally {
      delete process.env.POWERTOOLS_METRICS_DISABLED;
    }
  });

  it('refuses to send the token to a next link on another host', async () => {
    api.orgs.set('example-org', []);
    const fetchElsewhere: typeof fetch = async () =>
      new Response('[]', { headers: { link: '<https://attacker.example/steal?page=2>; rel="next"' } });
    const { runBackstop } = await import('../../../lambdas/github-backstop/backstop');

    const run = runBackstop({
      githubToken: async () => GITHUB_TOKEN,
      deliveries: { hasAlert: async () => false, recordAlert: async () => undefined },
      events: new EventBridgeClient({}),
      eventBusName: 'default',
      scope: { orgs: ['example-org'], repos: [] },
      apiBaseUrl: 'https://api.github.com',
      fetch: fetchElsewhere,
    });

    await expect(run).rejects.toMatchObject({ message: expect.stringContaining('leaves https://api.github.com') });
  });
});
