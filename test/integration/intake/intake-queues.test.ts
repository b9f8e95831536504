import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RekeyConfigInput } from '../../../lib/config';
import { type LocalPrincipal, principal } from '../../../local/emulator/iam/account';
import { LOCAL_ACCOUNT } from '../../../local/emulator/resolve';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { GITLEAKS_LEAKED } from '../../unit/intake/support';
import { allowedFor, type Harness, plantKey, stagesOf, startHarness } from './harness';

/**
 * The intake's two queues are trust boundaries as much as the finding bus: the event queue (what every finding rule
 * targets) and the work queue (one finding per message). A message on either is acted on, so each queue's policy
 * admits only its writers: EventBridge as one of the stack's rules, and the intake itself. Every call below is
 * evaluated against the synthesized queue policies and identity policies (local/emulator/iam).
 */

const CONFIG: RekeyConfigInput = {
  keys: [{ name: 'queues/scanner', provider: 'generated' }],
  fleets: [{ name: 'support' }],
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness(CONFIG);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const resourceId = (prefix: string, type: string) =>
  Object.keys(h.deployment.template.Resources).find(
    (id) => id.startsWith(prefix) && h.deployment.template.Resources[id]?.Type === type,
  ) ?? '';
const queueUrl = (prefix: string) =>
  String(h.deployment.resolver.resolve({ Ref: resourceId(prefix, 'AWS::SQS::Queue') }));
const arnOf = (id: string) => String(h.deployment.resolver.resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
const eventQueue = () => queueUrl('IntakeEventQueue');
const workQueue = () => queueUrl('IntakeWorkQueue');

/** A SendMessage as the gateway maps it, evaluated for a principal. */
const sendAllowed = (who: LocalPrincipal, url: string) =>
  allowedFor(h, who, { service: 'sqs', operation: 'SendMessage', params: { QueueUrl: url, MessageBody: '{}' } });

/** A developer role of the account whose own policy allows `sqs:*` on every resource. */
const developer = principal('developer', 'developer', LOCAL_ACCOUNT, [
  {
    name: 'PowerUser',
    policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] },
  },
]);

/** A scanner event for the key, as EventBridge would deliver it to the queue. */
const forgedEvent = (key: string) =>
  JSON.stringify({
    version: '0',
    id: 'forged-1',
    source: 'rekey.scanner',
    'detail-type': 'Secret Exposed',
    account: LOCAL_ACCOUNT,
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: { findingId: 'forged-1', source: 'gitleaks', fingerprint: fingerprint(key) },
  });

describe("the intake's event queue", () => {
  it('refuses a developer with sqs:* on * by its explicit Deny', async () => {
    expect(await sendAllowed(developer, eventQueue())).toBe('explicit');
  });

  it('refuses the intake itself, which only reads it', async () => {
    const intakeRole = h.deployment.iam.roleOfFunction(h.deployment.functions.intake ?? '');

    expect(await sendAllowed(intakeRole, eventQueue())).toBe('explicit');
  });

  it("admits EventBridge as one of the stack's finding rules, and not as any other rule of the account", async () => {
    const queueArn = arnOf(resourceId('IntakeEventQueue', 'AWS::SQS::Queue'));
    const asRule = (sourceArn: string) =>
      h.deployment.iam.authorizer.serviceMay('events.amazonaws.com', {
        action: 'sqs:SendMessage',
        resource: queueArn,
        context: {},
        sourceArn,
      });

    const own = await asRule(arnOf(resourceId('IntakeScannerFindingRule', 'AWS::Events::Rule')));
    const other = await asRule(`arn:aws:events:us-east-1:${LOCAL_ACCOUNT}:rule/someone-elses-rule`);

    expect(own.allowed).toBe(true);
    expect(other.allowed).toBe(false);
  });

  it('refuses a forged event sent by the operator through the endpoint (AccessDenied), and nothing rotates', async () => {
    const { secretName, versionId } = await plantKey(h, 'queues/scanner', {
      apiKey: GITLEAKS_LEAKED,
      provider: 'generated',
    });
    const asOperator = { ...h.gateway.adminClientConfig, credentials: h.deployment.iam.operator.credentials };

    const refused = new SQSClient(asOperator).send(
      new SendMessageCommand({ QueueUrl: eventQueue(), MessageBody: forgedEvent(GITLEAKS_LEAKED) }),
    );

    await expect(refused).rejects.toMatchObject({ name: expect.stringMatching(/AccessDenied/) });
    expect((await stagesOf(h, secretName))[versionId]).toEqual(['AWSCURRENT']);
  });
});

describe("the intake's work queue", () => {
  it('refuses a developer with sqs:* on * by its explicit Deny', async () => {
    expect(await sendAllowed(developer, workQueue())).toBe('explicit');
  });

  it('refuses a fleet agent and the operator', async () => {
    expect(await sendAllowed(h.deployment.iam.agent('support'), workQueue())).not.toBe('allowed');
    expect(await sendAllowed(h.deployment.iam.operator, workQueue())).not.toBe('allowed');
  });

  it('admits the intake, which fans a mass exposure out to it', async () => {
    const intakeRole = h.deployment.iam.roleOfFunction(h.deployment.functions.intake ?? '');

    expect(await sendAllowed(intakeRole, workQueue())).toBe('allowed');
  });

  it('refuses EventBridge, even as a finding rule (rules send to the event queue only)', async () => {
    const may = await h.deployment.iam.authorizer.serviceMay('events.amazonaws.com', {
      action: 'sqs:SendMessage',
      resource: arnOf(resourceId('IntakeWorkQueue', 'AWS::SQS::Queue')),
      context: {},
      sourceArn: arnOf(resourceId('IntakeScannerFindingRule', 'AWS::Events::Rule')),
    });

    expect(may.allowed).toBe(false);
  });
});
