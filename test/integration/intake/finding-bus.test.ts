import { randomBytes } from 'node:crypto';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RekeyConfigInput } from '../../../lib/config';
import { type LocalPrincipal, principal } from '../../../local/emulator/iam/account';
import { LOCAL_ACCOUNT } from '../../../local/emulator/resolve';
import { createOperatorContext, makeClients, type StackOutputs } from '../../../packages/cli/src/context';
import { memoryWriter } from '../../../packages/cli/src/output';
import { reportLeakCommand } from '../../../packages/cli/src/report-leak-command';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { fixture, GITHUB_LEAKED, GITLEAKS_LEAKED } from '../../unit/intake/support';
import { allowedFor, deliverAll, type Harness, plantKey, putEvents, stagesOf, startHarness } from './harness';

/**
 * Who may put findings on rekey's own bus, with IAM enforced: every call below is evaluated against the synthesized
 * bus policy and identity policies (local/emulator/iam), as AWS evaluates a same-account PutEvents.
 */

const CI_ROLE = `arn:aws:iam::${LOCAL_ACCOUNT}:role/ci/secret-scanner`;
/** The role the local stack's operator signs as (local/emulator/iam/index.ts): named so `report-leak` works. */
const OPERATOR_ROLE = `arn:aws:iam::${LOCAL_ACCOUNT}:role/rekey-local-operator`;

const CONFIG: RekeyConfigInput = {
  keys: [
    { name: 'bus/github', provider: 'generated' },
    { name: 'bus/scanner', provider: 'generated' },
    { name: 'bus/cli', provider: 'generated' },
  ],
  fleets: [{ name: 'support' }],
  github: { webhookSecretName: 'rekey-github/webhook', tokenSecretName: 'rekey-github/token' },
  intake: { scannerPrincipals: [CI_ROLE, OPERATOR_ROLE] },
};

let h: Harness;
let busName: string;
beforeAll(async () => {
  h = await startHarness(CONFIG);
  busName = h.bridge.busFor('rekey.github');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const finding = (source: 'rekey.github' | 'rekey.scanner', key: string, findingId: string) => ({
  source,
  'detail-type': 'Secret Exposed',
  detail: {
    findingId,
    source: source === 'rekey.github' ? 'github' : 'gitleaks',
    fingerprint: fingerprint(key),
  },
});

/** The PutEvents call as the gateway maps it, evaluated for a principal the gateway does not sign for. */
const putEventsAllowed = (who: LocalPrincipal, source: string) =>
  allowedFor(h, who, {
    service: 'events',
    operation: 'PutEvents',
    params: { Entries: [{ EventBusName: busName, Source: source, DetailType: 'Secret Exposed', Detail: '{}' }] },
  });

/** A developer role of the account whose own policy allows `events:*` on every resource. */
const developer = principal('developer', 'developer', LOCAL_ACCOUNT, [
  {
    name: 'PowerUser',
    policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:*', Resource: '*' }] },
  },
]);
/** The configured CI role: no identity policy of its own names the bus; the bus policy admits it. */
const ciRole: LocalPrincipal = {
  ...principal('secret-scanner', 'ci/secret-scanner', LOCAL_ACCOUNT, []),
  // A session's ARN leaves out the role's path.
  sessionArn: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/secret-scanner/ci-run-7`,
};

describe("a forged rekey.github finding on rekey's bus", () => {
  it('put by a principal the bus policy does not name is refused by its explicit Deny, even with events:* on *', async () => {
    const outcome = await putEventsAllowed(developer, 'rekey.github');

    expect(outcome).toBe('explicit');
  });

  it('put by the operator, who is named for rekey.scanner only, is refused with AccessDenied and rotates nothing', async () => {
    const { secretName, versionId } = await plantKey(h, 'bus/github', { apiKey: GITHUB_LEAKED, provider: 'generated' });
    const asOperator = { ...h.gateway.adminClientConfig, credentials: h.deployment.iam.operator.credentials };

    const refused = putEvents(h, [finding('rekey.github', GITHUB_LEAKED, 'example-org/agents#43')], asOperator);

    await expect(refused).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(await deliverAll(h)).toEqual([]);
    expect((await stagesOf(h, secretName))[versionId]).toEqual(['AWSCURRENT']);
  });

  it('put by a fleet agent is refused with AccessDenied', async () => {
    const asAgent = { ...h.gateway.adminClientConfig, credentials: h.deployment.iam.agent('support').credentials };

    const refused = putEvents(h, [finding('rekey.github', GITHUB_LEAKED, 'example-org/agents#44')], asAgent);

    await expect(refused).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('put by the webhook’s own role is accepted and rotates the key (the only way a rekey.github finding exists)', async () => {
    const key = `rk_${randomBytes(20).toString('hex')}`;
    const { secretName, versionId } = await plantKey(h, 'bus/github', { apiKey: key, provider: 'generated' });

    await putEvents(
      h,
      [finding('rekey.github', key, 'example-org/agents#45')],
      h.gateway.clientConfigFor('github-webhook'),
    );
    const records = await deliverAll(h);

    expect(records.map((r) => [r.outcome, r.source])).toEqual([['handled', 'rekey.github']]);
    expect((await stagesOf(h, secretName))[versionId]).toEqual(['AWSPREVIOUS']);
  });

  it('cannot come from the webhook’s role dressed as rekey.scanner', async () => {
    const refused = putEvents(
      h,
      [finding('rekey.scanner', GITHUB_LEAKED, 'as-scanner')],
      h.gateway.clientConfigFor('github-webhook'),
    );

    await expect(refused).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe("a rekey.scanner finding on rekey's bus", () => {
  it('from a configured CI role is accepted by the bus policy alone', async () => {
    expect(await putEventsAllowed(ciRole, 'rekey.scanner')).toBe('allowed');
  });

  it('from the configured CI role is refused when it claims to be GitHub', async () => {
    expect(await putEventsAllowed(ciRole, 'rekey.github')).toBe('explicit');
  });

  it('from a developer with events:* on * is refused: only named principals put findings', async () => {
    expect(await putEventsAllowed(developer, 'rekey.scanner')).toBe('explicit');
  });

  it('from the operator (rekey report-leak), named in scannerPrincipals, is accepted and rotates the key', async () => {
    const { secretName, versionId } = await plantKey(h, 'bus/scanner', {
      apiKey: GITLEAKS_LEAKED,
      provider: 'generated',
    });
    const asOperator = { ...h.gateway.adminClientConfig, credentials: h.deployment.iam.operator.credentials };

    await putEvents(h, [finding('rekey.scanner', GITLEAKS_LEAKED, 'ci-run-7:config/agents.env:3')], asOperator);
    const records = await deliverAll(h);

    expect(records.map((r) => [r.outcome, r.source])).toEqual([['handled', 'rekey.scanner']]);
    expect((await stagesOf(h, secretName))[versionId]).toEqual(['AWSPREVIOUS']);
  });

  it('sent by rekey report-leak goes to the FindingBusName output, as the operator, and rotates the key', async () => {
    const key = `rk_${randomBytes(20).toString('hex')}`;
    const { secretName, versionId } = await plantKey(h, 'bus/cli', { apiKey: key, provider: 'generated' });
    const declared = (h.deployment.template.Outputs ?? {}) as Record<string, { Value: unknown }>;
    const outputs = Object.fromEntries(
      Object.entries(declared).map(([name, o]) => [name, String(h.deployment.resolver.resolve(o.Value))]),
    ) as unknown as StackOutputs;
    const clientConfig = {
      region: h.deployment.region,
      endpoint: h.gateway.endpoint,
      credentials: h.deployment.iam.operator.credentials,
    };
    const ctx = createOperatorContext({
      clients: makeClients(clientConfig),
      clientConfig,
      outputs,
      target: { kind: 'endpoint', region: h.deployment.region, endpoint: h.gateway.endpoint },
    });
    const writer = memoryWriter();

    const result = await reportLeakCommand(ctx, writer, { key, location: 'ticket INC-12' });
    const records = await deliverAll(h);

    expect(outputs.FindingBusName).toBe(busName);
    expect(result.sent?.sent).toBe(1);
    expect(writer.stdout.at(-1)).toBe(
      `Sent 1 finding to exposure intake (event bus ${busName}). Follow with \`rekey status\`.`,
    );
    expect(records.map((r) => [r.outcome, r.source])).toEqual([['handled', 'rekey.scanner']]);
    expect((await stagesOf(h, secretName))[versionId]).toEqual(['AWSPREVIOUS']);
    expect(writer.text()).not.toContain(key);
  });

  it('put on the default bus instead reaches no rule: the scanner rule lives on rekey’s bus only', async () => {
    await h.events.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'rekey.scanner',
            DetailType: 'Secret Exposed',
            Detail: JSON.stringify(finding('rekey.scanner', GITLEAKS_LEAKED, 'default-bus').detail),
          },
        ],
      }),
    );

    expect(await deliverAll(h)).toEqual([]);
  });
});

describe('a Security Hub finding from a product not configured', () => {
  const imported = () => {
    const event = fixture<{ detail: { findings: Record<string, unknown>[] } }>('security-hub-iam-access-key.json');
    const product = `arn:aws:securityhub:us-east-1:${LOCAL_ACCOUNT}:product/${LOCAL_ACCOUNT}/default`;
    return {
      ...event,
      detail: { ...event.detail, findings: event.detail.findings.map((f) => ({ ...f, ProductArn: product })) },
    };
  };

  it('is not routed by the Security Hub rule', async () => {
    await putEvents(h, [imported()]);

    const records = await deliverAll(h);

    expect(records.map((r) => r.outcome)).toEqual(['filtered']);
  });

  it('is refused by the intake where it reaches it anyway, and recorded on the dead-letter queue with the reason', async () => {
    const result = await h.intake(imported());

    expect(result).toEqual({ status: 'dead-lettered', error: 'UntrustedProductError' });
    const dlq = h.deployment.env.intake?.REKEY_INTAKE_DLQ_URL ?? '';
    const got = await h.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    const names = (got.Messages ?? []).map((m) => m.MessageAttributes?.errorName?.StringValue);
    expect(names).toContain('UntrustedProductError');
  });
});
