import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AWS_HEALTH_EVENT,
  FINDING_EVENTS,
  GITHUB_EVENT,
  GUARDDUTY_EVENT,
  SCANNER_EVENT,
  SECURITY_HUB_EVENT,
} from '../../../contract';
import { resetAwsClients } from '../../../lambdas/common/clients';
import { fromEnvironment as webhookDeps } from '../../../lambdas/github-webhook/index';
import { handleDelivery } from '../../../lambdas/github-webhook/webhook';
import { NORMALISERS, normaliseEvent } from '../../../lambdas/intake/sources';
import { FINDING_PATTERNS } from '../../../lib/exposure-intake';
import {
  SCANNER_EVENT as CLI_SCANNER_EVENT,
  findingEntries,
  findingFromKey,
} from '../../../packages/cli/src/report-leak';
import { signedDelivery } from '../github-webhook/support';
import { fixture, fixtureText } from '../intake/support';
import { fullTemplate, functionsByHandler } from './support';

type Pattern = { source?: string[]; 'detail-type'?: string[]; detail?: Record<string, unknown> };
const pairs = (events: readonly { source: string; detailTypes: readonly string[] }[]) =>
  events.flatMap((e) => e.detailTypes.map((d) => `${e.source} / ${d}`)).sort();

const template = fullTemplate();
const intakeId = functionsByHandler(template).get('intake')?.logicalId;
/** The queue the intake consumes that the finding rules target (its event queue). */
const eventQueueId = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))
  .filter((m) => m.Properties.FunctionName?.Ref === intakeId)
  .map((m) => m.Properties.EventSourceArn?.['Fn::GetAtt']?.[0] as string)
  .find((id) => id.includes('EventQueue'));
/** The event patterns of the rules that target the intake (through its event queue). */
const intakePatterns: Pattern[] = Object.values(template.findResources('AWS::Events::Rule'))
  .filter((r) => JSON.stringify(r.Properties.Targets).includes(`"${eventQueueId}"`))
  .map((r) => r.Properties.EventPattern as Pattern);
const patternOf = (source: string) => intakePatterns.find((p) => p.source?.includes(source));
const routed = (entry: PutEventsRequestEntry) =>
  intakePatterns.some(
    (p) => p.source?.includes(entry.Source ?? '') && p['detail-type']?.includes(entry.DetailType ?? ''),
  );
const asDelivered = (entry: PutEventsRequestEntry) => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  source: entry.Source,
  account: '111111111111',
  time: '2026-11-25T10:00:00Z',
  region: 'eu-west-1',
  resources: [],
  'detail-type': entry.DetailType,
  detail: JSON.parse(entry.Detail ?? '{}'),
});

/** The statements of a policy (a role's or a managed one) whose conditions name an events:source. */
function eventsSourceConditions(): Record<string, unknown>[] {
  return Object.values({
    ...template.findResources('AWS::IAM::Policy'),
    ...template.findResources('AWS::IAM::ManagedPolicy'),
  }).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as { Condition?: Record<string, Record<string, unknown>> }[])
      .map((s) => Object.values(s.Condition ?? {})[0])
      .filter((c): c is Record<string, unknown> => c !== undefined && 'events:source' in c),
  );
}

describe('the finding events between the rules and the intake', () => {
  it("routes to the intake exactly the contract's sources and detail-types", () => {
    const fromRules = intakePatterns.flatMap((p) => (p['detail-type'] ?? []).map((d) => `${p.source?.[0]} / ${d}`));

    expect(intakePatterns.every((p) => p.source?.length === 1)).toBe(true);
    expect(fromRules.sort()).toEqual(pairs(FINDING_EVENTS));
  });

  it("has the intake claim exactly the contract's sources and detail-types, one normaliser each", () => {
    expect(pairs(NORMALISERS.map((n) => ({ source: n.eventSource, detailTypes: n.detailTypes })))).toEqual(
      pairs(FINDING_EVENTS),
    );
  });

  it("narrows the AWS sources' rules by the contract's type code and resource types", () => {
    expect(patternOf(AWS_HEALTH_EVENT.source)?.detail).toEqual({ eventTypeCode: [AWS_HEALTH_EVENT.eventTypeCode] });
    expect(patternOf(SECURITY_HUB_EVENT.source)?.detail).toMatchObject({
      findings: { Resources: { Type: [SECURITY_HUB_EVENT.resourceType] } },
    });
    expect(patternOf(GUARDDUTY_EVENT.source)?.detail).toMatchObject({
      resource: { resourceType: [GUARDDUTY_EVENT.resourceType] },
    });
    expect(FINDING_PATTERNS.scanner.source).toEqual([SCANNER_EVENT.source]);
  });
});

describe('the finding events rekey puts itself', () => {
  const sm = mockClient(SecretsManagerClient);
  const ddb = mockClient(DynamoDBDocumentClient);
  const eb = mockClient(EventBridgeClient);
  const alerts: string[] = [];
  /** GitHub's REST API, serving the one alert the delivery names. */
  const fakeGitHub: typeof fetch = async (input) => {
    alerts.push(String(input));
    return new Response(JSON.stringify(fixture('github-secret-scanning-alert-rest.json')), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };

  beforeAll(() => {
    // The receiver's environment as the template sets it (the values resolve at deploy time).
    const env = functionsByHandler(template).get('github-webhook')?.env ?? {};
    for (const [name, value] of Object.entries(env)) {
      if (name.startsWith('REKEY_')) process.env[name] = typeof value === 'string' ? value : `placeholder-${name}`;
    }
    resetAwsClients();
  });
  afterAll(() => {
    for (const name of Object.keys(process.env)) if (name.startsWith('REKEY_')) delete process.env[name];
    resetAwsClients();
  });

  it('has the GitHub receiver put an event a rule routes, the intake claims and its role may put', async () => {
    const secret = 'whsec-rekey-contract-0123456789';
    sm.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => ({
      SecretString: input.SecretId.includes('webhook') ? secret : JSON.stringify({ token: 'ghp_contract' }),
    }));
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-1' }] });
    const delivery = await signedDelivery(fixtureText('github-secret-scanning-alert-created.json'), secret, {});

    const res = await handleDelivery(
      { method: 'POST', headers: delivery.headers, body: delivery.body, isBase64Encoded: false },
      { ...webhookDeps(), fetch: fakeGitHub },
    );

    expect(res.statusCode).toBe(202);
    expect(alerts).toEqual(['https://api.github.com/repos/example-org/agents/secret-scanning/alerts/42']);
    const entries = eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries.map((e) => [e.Source, e.DetailType])).toEqual([[GITHUB_EVENT.source, GITHUB_EVENT.detailType]]);
    expect(entries.every(routed)).toBe(true);
    expect(entries.flatMap((e) => normaliseEvent(asDelivered(e)).findings)).toHaveLength(1);
    expect(eventsSourceConditions()).toContainEqual({ 'events:source': [GITHUB_EVENT.source] });
  });

  it('has `rekey report-leak` put an event a rule routes, the intake claims and the operator policy allows', () => {
    const entries = findingEntries([findingFromKey('rk_ContractLeak00000000000000000000000000000a')]);

    expect(CLI_SCANNER_EVENT).toEqual(SCANNER_EVENT);
    expect(entries.map((e) => [e.Source, e.DetailType])).toEqual([[SCANNER_EVENT.source, SCANNER_EVENT.detailType]]);
    expect(entries.every(routed)).toBe(true);
    expect(entries.flatMap((e) => normaliseEvent(asDelivered(e)).findings)).toHaveLength(1);
    expect(eventsSourceConditions()).toContainEqual({
      'events:source': [SCANNER_EVENT.source],
      'events:detail-type': [SCANNER_EVENT.detailType],
    });
  });
});
