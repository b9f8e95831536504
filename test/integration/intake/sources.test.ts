import {
  CreateEventBusCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RekeyConfigInput } from '../../../lib/config';
import { matchesEventPattern, type PumpRecord, pumpEvents } from '../../../local/emulator/event-bridge';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { fixture, GITHUB_LEAKED, GITLEAKS_LEAKED } from '../../unit/intake/support';
import {
  currentKey,
  deliverAll,
  executions,
  type Harness,
  plantAccessKey,
  plantKey,
  putEvents,
  stagesOf,
  startHarness,
  statusOf,
} from './harness';

/**
 * Every source's sample payload (test/fixtures/findings), put on moto's bus, through the stack's real event pattern
 * (installed from the synthesized template), into the real intake handler, against moto: each one rotates the key
 * it names.
 */
const CONFIG: RekeyConfigInput = {
  keys: [
    { name: 'src/github', provider: 'generated' },
    { name: 'src/scanner', provider: 'generated' },
    { name: 'src/health', provider: 'aws-iam', options: { userName: 'health-user' } },
    { name: 'src/securityhub', provider: 'aws-iam', options: { userName: 'sechub-user' } },
    { name: 'src/guardduty', provider: 'aws-iam', options: { userName: 'guardduty-user' } },
  ],
  github: { webhookSecretName: 'rekey-github/webhook', tokenSecretName: 'rekey-github/token' },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness(CONFIG);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

/** A fixture with its sample access key id swapped for one moto knows. */
const withKeyId = (name: string, keyId: string) =>
  JSON.parse(JSON.stringify(fixture(name)).replaceAll('AKIAIOSFODNN7EXAMPLE', keyId)) as Record<string, unknown>;

describe('the stack’s finding rules, installed in moto', () => {
  it('are the five rules that target the intake, Security Hub’s checked again in-process', () => {
    expect(h.bridge.rules.map((r) => r.logicalId.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(
      [
        'IntakeGitHubFindingRule',
        'IntakeGuardDutyFindingRule',
        'IntakeHealthFindingRule',
        'IntakeScannerFindingRule',
        'IntakeSecurityHubFindingRule',
      ].sort(),
    );
    expect(h.bridge.rules.filter((r) => r.checkedLocally).map((r) => r.logicalId)).toEqual([
      expect.stringMatching(/^IntakeSecurityHubFindingRule/),
    ]);
  });

  it('are evaluated the same way in-process as by moto wherever moto can evaluate them', async () => {
    // moto has no TestEventPattern: each pattern goes on a probe bus with a queue target, and each sample is put there.
    await h.events.send(new CreateEventBusCommand({ Name: 'probe' }));
    const probeQueue = (await h.sqs.send(new CreateQueueCommand({ QueueName: 'probe' }))).QueueUrl ?? '';
    const probeArn =
      (await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: probeQueue, AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn ?? '';
    const rules = h.bridge.rules.filter((r) => !r.checkedLocally);
    for (const [i, rule] of rules.entries()) {
      await h.events.send(
        new PutRuleCommand({ Name: `probe-${i}`, EventBusName: 'probe', EventPattern: JSON.stringify(rule.pattern) }),
      );
      await h.events.send(
        new PutTargetsCommand({
          Rule: `probe-${i}`,
          EventBusName: 'probe',
          Targets: [
            { Id: 'q', Arn: probeArn, InputTransformer: { InputPathsMap: {}, InputTemplate: `{"rule":${i}}` } },
          ],
        }),
      );
    }
    const samples: Record<string, unknown>[] = [
      fixture('aws-health-credentials-exposed.json'),
      fixture('guardduty-access-key.json'),
      fixture('scanner-custom-event.json'),
      { ...fixture('scanner-custom-event.json'), source: 'rekey.github' },
      withKeyId('guardduty-access-key.json', 'ASIAIOSFODNN7EXAMPLE'),
      { ...fixture('aws-health-credentials-exposed.json'), 'detail-type': 'AWS Health Abuse Event' },
      { ...fixture('aws-health-credentials-exposed.json'), detail: { eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE' } },
      { ...fixture('scanner-custom-event.json'), 'detail-type': 'Secret Rotated' },
    ];
    let matches = 0;
    for (const event of samples) {
      const entry = {
        Source: String(event.source),
        DetailType: String(event['detail-type']),
        Detail: JSON.stringify(event.detail),
        EventBusName: 'probe',
      };
      await h.events.send(new PutEventsCommand({ Entries: [entry] }));
      const got = await h.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: probeQueue, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      for (const m of got.Messages ?? [])
        await h.sqs.send(new DeleteMessageCommand({ QueueUrl: probeQueue, ReceiptHandle: m.ReceiptHandle }));
      const byMoto = (got.Messages ?? []).map((m) => (JSON.parse(m.Body ?? '{}') as { rule: number }).rule).sort();
      const inProcess = rules.flatMap((r, i) => (matchesEventPattern(r.pattern, event) ? [i] : []));
      expect(inProcess, `${String(event.source)} / ${String(event['detail-type'])}`).toEqual(byMoto);
      matches += byMoto.length;
    }
    // Five samples match one rule each; the other three match none, in moto and in-process alike.
    expect(matches).toBe(5);
  });
});

describe('each source’s sample payload', () => {
  it('GitHub (rekey.github, as the webhook puts it) rotates the key the alert names', async () => {
    const { secretName, versionId } = await plantKey(h, 'src/github', { apiKey: GITHUB_LEAKED, provider: 'generated' });
    const detail = {
      ...fixture<{ detail: object }>('scanner-custom-event.json').detail,
      findingId: 'example-org/agents#42',
      source: 'github',
      fingerprint: fingerprint(GITHUB_LEAKED),
    };
    await putEvents(h, [{ source: 'rekey.github', 'detail-type': 'Secret Exposed', detail }]);

    const records = await deliverAll(h);

    expect(records.map((r) => [r.outcome, r.source])).toEqual([['handled', 'rekey.github']]);
    await expectRotatedAway(secretName, versionId, 'emergency');
  });

  it('the custom rekey.scanner event rotates the key it names by fingerprint', async () => {
    const { secretName, versionId } = await plantKey(h, 'src/scanner', {
      apiKey: GITLEAKS_LEAKED,
      provider: 'generated',
    });
    await putEvents(h, [fixture('scanner-custom-event.json')]);
    expect((await deliverAll(h)).map((r) => r.outcome)).toEqual(['handled']);
    await expectRotatedAway(secretName, versionId, 'emergency');
  });

  it('AWS Health AWS_RISK_CREDENTIALS_EXPOSED rotates the IAM access key (emergency)', async () => {
    const { secretName, versionId, accessKeyId } = await plantAccessKey(h, 'src/health', 'health-user');
    await putEvents(h, [withKeyId('aws-health-credentials-exposed.json', accessKeyId)]);
    expect((await deliverAll(h)).map((r) => r.outcome)).toEqual(['handled']);
    await expectRotatedAway(secretName, versionId, 'emergency');
    expect((await currentKey(h, secretName)).apiKey).not.toBe('');
  });

  it('Security Hub (ASFF, AwsIamAccessKey) rotates the key in abuse mode', async () => {
    const { secretName, versionId, accessKeyId } = await plantAccessKey(h, 'src/securityhub', 'sechub-user');
    const archived = withKeyId('security-hub-iam-access-key.json', accessKeyId);
    ((archived.detail as { findings: Record<string, unknown>[] }).findings[0] as Record<string, unknown>).RecordState =
      'ARCHIVED';
    await putEvents(h, [withKeyId('security-hub-iam-access-key.json', accessKeyId), archived]);

    const records = await deliverAll(h);

    // moto lets both through on source and detail-type; the whole pattern, checked in-process, drops the archived one.
    expect(records.map((r) => r.outcome).sort()).toEqual(['filtered', 'handled']);
    await expectRotatedAway(secretName, versionId, 'abuse');
  });

  it('GuardDuty (AccessKey resource) rotates the key in abuse mode; temporary credentials never reach the intake', async () => {
    const { secretName, versionId, accessKeyId } = await plantAccessKey(h, 'src/guardduty', 'guardduty-user');
    await putEvents(h, [
      withKeyId('guardduty-access-key.json', accessKeyId),
      withKeyId('guardduty-access-key.json', 'ASIAIOSFODNN7EXAMPLE'),
    ]);
    expect((await deliverAll(h)).map((r) => r.outcome)).toEqual(['handled']);
    await expectRotatedAway(secretName, versionId, 'abuse');
  });

  it('events from elsewhere never reach the intake', async () => {
    await putEvents(h, [
      {
        ...fixture('aws-health-credentials-exposed.json'),
        detail: {
          ...fixture<{ detail: object }>('aws-health-credentials-exposed.json').detail,
          eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
        },
      },
      { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'running' } },
      { ...fixture('scanner-custom-event.json'), 'detail-type': 'Secret Rotated' },
    ]);
    expect(await deliverAll(h)).toEqual([]);
  });
});

describe('the pump', () => {
  it("long-polls, hands each event to its queue target, and after EventBridge's retries puts one it could not send in the rules' DLQ", async () => {
    const controller = new AbortController();
    const seen: PumpRecord[] = [];
    const pump = pumpEvents({
      endpoint: h.endpoint,
      queueUrl: h.bridge.queueUrl,
      waitTimeSeconds: 1,
      signal: controller.signal,
      onRecord: (r) => seen.push(r),
      handle: async (event) => {
        if ((event.detail as { findingId?: string }).findingId === 'boom') throw new Error('queue unavailable');
        return 'ok';
      },
    });
    const ok = fixture('scanner-custom-event.json');
    await putEvents(h, [ok, { ...ok, detail: { ...(ok.detail as object), findingId: 'boom' } }]);
    for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    const records = await pump;

    expect(records.map((r) => r.outcome).sort()).toEqual(['failed', 'handled']);
    expect(records.find((r) => r.outcome === 'failed')?.error).toBe('TargetDeliveryError: queue unavailable');
    const dead = await h.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: h.bridge.deadLetterQueueUrl,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    expect(dead.Messages?.map((m) => JSON.parse(m.Body ?? '{}').detail.findingId)).toEqual(['boom']);
    // The target's retry policy (4 retries), then its DLQ with EventBridge's attributes.
    expect(records.find((r) => r.outcome === 'failed')).toMatchObject({
      attempts: 5,
      deadLetter: { kind: 'rule-target' },
    });
    expect(dead.Messages?.[0]?.MessageAttributes?.ERROR_CODE?.StringValue).toBe('ERROR_FROM_TARGET');
    expect(dead.Messages?.[0]?.MessageAttributes?.ERROR_MESSAGE?.StringValue).toBe('queue unavailable');
  });
});

/** The exposed version is AWSPREVIOUS, a new key is AWSCURRENT, and its revocation started in `mode`. */
async function expectRotatedAway(secretName: string, exposedVersionId: string, mode: 'emergency' | 'abuse') {
  const stages = await stagesOf(h, secretName);
  expect(stages[exposedVersionId]).toEqual(['AWSPREVIOUS']);
  const current = await currentKey(h, secretName);
  expect(current.versionId).not.toBe(exposedVersionId);
  expect(await statusOf(h, secretName, current.versionId)).toBe('current');
  expect(await statusOf(h, secretName, exposedVersionId)).toBe('previous');
  const item = await h.inventory.getVersion(secretName, exposedVersionId);
  expect(item?.exposedAt).toBeDefined();
  expect((await executions(h)).filter((e) => e.input.oldVersionId === exposedVersionId)).toEqual([
    {
      name: expect.stringMatching(new RegExp(`^${mode}-`)),
      input: expect.objectContaining({
        secretName,
        oldVersionId: exposedVersionId,
        newVersionId: current.versionId,
        mode,
      }),
    },
  ]);
}
