import { randomBytes } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { UntrustedProductError } from '../../../lambdas/intake/errors';
import { createIntake, type EventResult } from '../../../lambdas/intake/intake-event';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import {
  CURRENT,
  fixture,
  GITLEAKS_LEAKED,
  intakeDeps,
  MemoryInventory,
  MemoryPersistence,
  PREVIOUS,
  RecordingProvider,
  SECRET,
  type SecretState,
  secretString,
  statefulSecretsManager,
} from './support';

/**
 * Findings an attacker who can put one event would forge: one that pre-empts the real alert's idempotency record,
 * and a Security Hub finding imported by a product rekey does not trust.
 */

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);
const sqs = mockClient(SQSClient);

const DLQ = 'http://127.0.0.1:1/123456789012/intake-dlq';
let inventory: MemoryInventory;
let persistence: MemoryPersistence;
let started: { secretName: string; token: string }[];
let state: SecretState;

function intake(options: { securityHubProductArns?: readonly string[] } = {}) {
  const starter = {
    start: async (r: { secretName: string; token: string }) => {
      started.push(r);
      state.stages[r.token] = ['AWSPENDING'];
    },
  };
  return createIntake({
    ...intakeDeps(
      { sm: sm as never, sns: sns as never, sfn: sfn as never },
      inventory,
      new RecordingProvider(),
      starter,
    ),
    persistence,
    sqs: sqs as never,
    deadLetterQueueUrl: DLQ,
    ...(options.securityHubProductArns ? { securityHubProductArns: options.securityHubProductArns } : {}),
  });
}

beforeEach(() => {
  sm.reset();
  sns.reset();
  sfn.reset();
  sqs.reset();
  state = {
    values: new Map([[CURRENT, secretString(GITLEAKS_LEAKED, 'kid-current')]]),
    stages: { [CURRENT]: ['AWSCURRENT'], [PREVIOUS]: ['AWSPREVIOUS'] },
  };
  statefulSecretsManager(sm, state);
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'd' });
  inventory = new MemoryInventory();
  inventory.put(SECRET, CURRENT, GITLEAKS_LEAKED, 'current');
  persistence = new MemoryPersistence();
  started = [];
});

const processed = (r: EventResult) => {
  if (r.status !== 'processed') throw new Error(`expected processed, got ${r.status}`);
  return r.findings;
};

/** The `rekey.github` event the webhook puts for an alert, naming the key by fingerprint. */
function githubEvent(alert: number, keyFingerprint: string, id: string) {
  const base = fixture<Record<string, unknown>>('scanner-custom-event.json');
  return {
    ...base,
    id,
    source: 'rekey.github',
    detail: {
      findingId: `example-org/agents#${alert}`,
      source: 'github',
      fingerprint: keyFingerprint,
      abuse: false,
      secretType: 'rekey-token',
    },
  };
}

describe('a forged finding for the next alert number, with a random fingerprint', () => {
  it('does not pre-empt the real alert: the real one rotates the leaked key', async () => {
    const handle = intake();
    const forged = githubEvent(8, fingerprint(randomBytes(32).toString('hex')), 'forged-event');
    const real = githubEvent(8, fingerprint(GITLEAKS_LEAKED), 'real-event');

    const forgedResult = processed(await handle(forged));
    const realResult = processed(await handle(real));

    expect(forgedResult[0]?.outcomes).toEqual([{ action: 'unmatched' }]);
    expect(realResult[0]?.duplicate).toBeUndefined();
    expect(realResult[0]?.outcomes[0]?.action).toBe('rotation-started');
    expect(started.map((s) => s.secretName)).toEqual([SECRET]);
  });

  it('leaves no idempotency record behind, so the same finding is handled afresh once its key is known', async () => {
    const handle = intake();
    const unknownKey = `rk_${randomBytes(24).toString('hex')}`;
    const event = githubEvent(9, fingerprint(unknownKey), 'first-delivery');

    const first = processed(await handle(event));
    const recordsAfterUnmatched = persistence.records.size;
    inventory.put(SECRET, CURRENT, unknownKey, 'current');
    const again = processed(await handle({ ...event, id: 'redelivery' }));

    expect(first[0]?.outcomes).toEqual([{ action: 'unmatched' }]);
    expect(recordsAfterUnmatched).toBe(0);
    expect(again[0]?.duplicate).toBeUndefined();
    expect(again[0]?.outcomes[0]?.action).toBe('rotation-started');
  });

  it('still rotates once for a true duplicate: the same id with the same content', async () => {
    const handle = intake();
    const real = githubEvent(10, fingerprint(GITLEAKS_LEAKED), 'delivery-1');

    await handle(real);
    const second = processed(await handle({ ...real, id: 'delivery-2' }));

    expect(started).toHaveLength(1);
    expect(second[0]?.duplicate).toBe('completed');
  });

  it('is a different finding when only its abuse flag differs, so a forged abuse: false cannot hold back abuse: true', async () => {
    const handle = intake();
    const calm = githubEvent(11, fingerprint(GITLEAKS_LEAKED), 'calm');
    const abused = { ...calm, id: 'abused', detail: { ...calm.detail, abuse: true } };

    await handle(calm);
    const second = processed(await handle(abused));

    expect(second[0]?.duplicate).toBeUndefined();
    expect(persistence.records.size).toBe(2);
  });
});

describe('a Security Hub finding', () => {
  const withProduct = (productArn: string) => {
    const event = fixture<{ detail: { findings: Record<string, unknown>[] } }>('security-hub-iam-access-key.json');
    return {
      ...event,
      detail: { ...event.detail, findings: event.detail.findings.map((f) => ({ ...f, ProductArn: productArn })) },
    };
  };

  it('from a product not configured is refused: dead-lettered with UntrustedProductError, the ops topic told', async () => {
    const handle = intake();
    const imported = withProduct('arn:aws:securityhub:us-east-1:444455556666:product/444455556666/default');

    const result = await handle(imported);

    expect(result).toEqual({ status: 'dead-lettered', error: 'UntrustedProductError' });
    const sent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(sent?.MessageAttributes?.errorName?.StringValue).toBe('UntrustedProductError');
    const alert = JSON.parse(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '{}');
    expect(alert).toMatchObject({ kind: 'invalid-event', details: { error: 'UntrustedProductError' } });
    expect(alert.details.issues).toContain('444455556666:product/444455556666/default is not a configured product');
    expect(started).toEqual([]);
  });

  it("from AWS's own GuardDuty is taken by default, in any region (cross-Region aggregation keeps each finding's own)", async () => {
    const handle = intake();

    const result = await handle(withProduct('arn:aws:securityhub:eu-west-1::product/aws/guardduty'));

    expect(result.status).toBe('processed');
    expect(sqs.commandCalls(SendMessageCommand)).toEqual([]);
  });

  it('from a configured third-party product is taken, and then AWS products outside the list are not', async () => {
    const partner = 'arn:aws:securityhub:us-east-1::product/partner/scanner';
    const handle = intake({ securityHubProductArns: [partner] });

    const taken = await handle(withProduct(partner));
    const refused = await handle(withProduct('arn:aws:securityhub:us-east-1::product/aws/guardduty'));

    expect(taken.status).toBe('processed');
    expect(refused).toEqual({ status: 'dead-lettered', error: 'UntrustedProductError' });
  });

  it('names the untrusted product in its typed error, never the finding content', () => {
    const error = new UntrustedProductError('arn:aws:securityhub:us-east-1::product/x/y', 'finding-1');

    expect(error).toBeInstanceOf(UntrustedProductError);
    expect(error.name).toBe('UntrustedProductError');
    expect(error.message).toBe(
      'Security Hub finding finding-1 is from arn:aws:securityhub:us-east-1::product/x/y, not a configured product',
    );
  });
});
