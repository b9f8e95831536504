import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MalformedFindingError } from '../../../lambdas/intake/errors';
import { createIntake, type EventResult } from '../../../lambdas/intake/intake-event';
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

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);
const sqs = mockClient(SQSClient);

const DLQ = 'http://127.0.0.1:1/123456789012/intake-dlq';
let inventory: MemoryInventory;
let persistence: MemoryPersistence;
let started: { secretName: string; token: string }[];
let state: SecretState;

function intake(options: { deadLetters?: boolean; slowStart?: number } = {}) {
  const starter = {
    start: async (r: { secretName: string; token: string }) => {
      if (options.slowStart) await new Promise((resolve) => setTimeout(resolve, options.slowStart));
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
    ...(options.deadLetters ? { sqs: sqs as never, deadLetterQueueUrl: DLQ } : {}),
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

describe('duplicate deliveries of one finding', () => {
  it('rotate once; the second delivery returns the first result, marked as a duplicate', async () => {
    const handle = intake();
    const event = fixture('scanner-custom-event.json');

    const first = processed(await handle(event));
    const second = processed(await handle({ ...event, id: 'another-eventbridge-id' }));

    expect(started).toHaveLength(1);
    expect(first[0]?.outcomes[0]?.action).toBe('rotation-started');
    expect(first[0]?.duplicate).toBeUndefined();
    expect(second[0]).toMatchObject({ duplicate: 'completed', outcomes: first[0]?.outcomes });
    expect(persistence.records.size).toBe(1);
  });

  it('rotate once when twenty arrive at the same time', async () => {
    const handle = intake({ slowStart: 20 });
    const event = fixture('scanner-custom-event.json');

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => handle({ ...event, id: `e-${i}` })));

    expect(started).toHaveLength(1);
    const all = results.flatMap(processed);
    expect(all.filter((f) => f.duplicate === undefined)).toHaveLength(1);
    expect(all.filter((f) => f.duplicate === 'in-progress').length).toBeGreaterThan(0);
  });

  it('are told apart by source: the same id from two scanners is two findings', async () => {
    const handle = intake();
    const event = fixture<{ detail: Record<string, unknown> }>('scanner-custom-event.json');
    await handle(event);
    await handle({ ...event, detail: { ...event.detail, source: 'trufflehog' } });
    expect(persistence.records.size).toBe(2);
  });
});

describe('an event the intake cannot take', () => {
  it('goes to the dead-letter queue at once, with the error named, and the ops topic hears of it', async () => {
    const handle = intake({ deadLetters: true });
    const bad: Record<string, unknown> = { ...fixture('scanner-custom-event.json'), detail: { findingId: 'x' } };

    const result = await handle(bad);

    expect(result).toEqual({ status: 'dead-lettered', error: 'MalformedFindingError' });
    const sent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(sent?.QueueUrl).toBe(DLQ);
    expect(sent?.MessageAttributes?.errorName?.StringValue).toBe('MalformedFindingError');
    expect(JSON.parse(sent?.MessageBody ?? '{}')).toMatchObject({ id: bad.id, detail: { findingId: 'x' } });
    const alert = JSON.parse(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '{}');
    expect(alert).toMatchObject({ kind: 'invalid-event', details: { error: 'MalformedFindingError' } });
    expect(started).toEqual([]);
  });

  it('throws its typed error where no dead-letter queue is configured (EventBridge retries, then its DLQ)', async () => {
    const handle = intake();
    await expect(handle({ ...fixture('scanner-custom-event.json'), detail: {} })).rejects.toBeInstanceOf(
      MalformedFindingError,
    );
  });

  it('keeps no key a malformed event carried in what it dead-letters', async () => {
    const handle = intake({ deadLetters: true });
    const key = 'rk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ABCD';
    await handle({ ...fixture('scanner-custom-event.json'), detail: { findingId: 'x', key } });
    const sent = JSON.stringify(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input));
    expect(sent).not.toContain(key);
  });
});
