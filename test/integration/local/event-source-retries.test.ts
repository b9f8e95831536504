import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RekeyConfigInput } from '../../../lib/config';
import { deployLocally, type LocalDeployment, onFindingBus } from '../../../local/emulator/deploy';
import {
  drainOnce,
  type InstalledFindingRules,
  installFindingRules,
  type PumpOptions,
  TargetDeliveryError,
} from '../../../local/emulator/event-bridge';
import { LambdaServiceException, RequestEntityTooLargeError } from '../../../local/emulator/lambda/errors';
import { invokeFunction, type LocalFunction } from '../../../local/emulator/lambda/invoke';
import { type Moto, startMoto } from '../../../local/emulator/moto';
import { LocalRotationService } from '../../../local/emulator/rotation-service';

/**
 * Lambda's event sources on moto: the stack's finding rules delivering to their queue target with EventBridge's
 * retries, the same rules pointed at the function itself (a user's own rule may target the intake directly) with
 * EventBridge's and Lambda's, and Secrets Manager's rotation steps as synchronous invocations with the function's
 * timeout.
 */
const config: RekeyConfigInput = {
  keys: [{ name: 'agents/support/internal', provider: 'generated', fleets: ['support'] }],
  fleets: [{ name: 'support' }],
};

let moto: Moto;
let deployment: LocalDeployment;
let bridge: InstalledFindingRules;
/** The same rules with the intake function as their target, in place of its event queue. */
let functionBridge: InstalledFindingRules;
let sqs: SQSClient;

/** The template with every rule that targets the intake's event queue targeting the intake function instead. */
function targetingTheFunction(template: LocalDeployment['template'], intakeId: string) {
  const copy = structuredClone(template);
  for (const r of Object.values(copy.Resources)) {
    if (r.Type !== 'AWS::Events::Rule') continue;
    for (const t of (r.Properties?.Targets ?? []) as { Arn?: unknown }[]) {
      if (JSON.stringify(t.Arn).includes('IntakeEventQueue')) t.Arn = { 'Fn::GetAtt': [intakeId, 'Arn'] };
    }
  }
  return copy;
}

beforeAll(async () => {
  moto = await startMoto();
  deployment = await deployLocally({ endpoint: moto.endpoint, config, region: 'us-east-1' });
  bridge = await installFindingRules({
    endpoint: moto.endpoint,
    template: deployment.template,
    region: 'us-east-1',
    resolve: (v) => deployment.resolver.resolve(v),
  });
  functionBridge = await installFindingRules({
    endpoint: moto.endpoint,
    template: targetingTheFunction(deployment.template, deployment.functions.intake ?? ''),
    region: 'us-east-1',
    prefix: 'rekey-fn',
    resolve: (v) => deployment.resolver.resolve(v),
  });
  sqs = new SQSClient(moto.clientConfig);
});
afterAll(() => moto.stop());

/** Empties a queue (both bridges get every finding; each test drains one). */
async function clear(queueUrl: string): Promise<void> {
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    if (!out.Messages?.length) return;
    for (const m of out.Messages) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

/** Puts one scanner finding on the default bus, with both bridges empty first; returns its findingId. */
async function putFinding(): Promise<string> {
  await clear(bridge.queueUrl);
  await clear(functionBridge.queueUrl);
  const findingId = randomUUID();
  const events = new EventBridgeClient(moto.clientConfig);
  const detail = { findingId, source: 'gitleaks', fingerprint: 'f'.repeat(64) };
  await events.send(
    new PutEventsCommand({
      Entries: onFindingBus(deployment, [
        { Source: 'rekey.scanner', DetailType: 'Secret Exposed', Detail: JSON.stringify(detail) },
      ]),
    }),
  );
  return findingId;
}

/** The DLQ's messages about one finding, with their attributes. */
async function deadLetters(queueUrl: string, findingId: string) {
  const found: { body: Record<string, unknown>; attributes: Record<string, string | undefined> }[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    if (!out.Messages?.length) return found;
    for (const m of out.Messages) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
      const body = JSON.parse(m.Body ?? '{}') as { detail?: { findingId?: string } };
      if (body.detail?.findingId !== findingId) continue;
      const attributes = Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]),
      );
      found.push({ body, attributes });
    }
  }
}

/** Drains a bridge into `handle`, noting when each attempt started. */
async function deliver(handle: PumpOptions['handle'], msPerSecond: number, through = functionBridge) {
  const times: number[] = [];
  const records = await drainOnce({
    endpoint: moto.endpoint,
    queueUrl: through.queueUrl,
    msPerSecond,
    random: () => 1,
    handle: (event, target) => {
      times.push(Date.now());
      return handle(event, target);
    },
  });
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  return { records, gaps };
}

describe("EventBridge delivering to the intake's event queue (the stack's rules)", () => {
  it('sends each event to the queue as the rule, and nothing else happens at delivery', async () => {
    await putFinding();
    const targets: string[] = [];

    const { records } = await deliver(
      async (_event, target) => {
        targets.push(`${target.kind} ${target.arn} ${target.ruleArn.split('/').pop()}`);
        return { messageId: 'm-1' };
      },
      0,
      bridge,
    );

    expect(records).toEqual([
      expect.objectContaining({ outcome: 'handled', attempts: 1, result: { messageId: 'm-1' } }),
    ]);
    const queueArn = String(deployment.resolver.resolve({ 'Fn::GetAtt': [eventQueueId(), 'Arn'] }));
    expect(targets).toEqual([expect.stringMatching(new RegExp(`^sqs ${queueArn} IntakeScannerFindingRule`))]);
  });

  it("retries a SendMessage that failed under the target's retry policy, then dead-letters it with EventBridge's attributes", async () => {
    const findingId = await putFinding();

    const { records, gaps } = await deliver(
      () => Promise.reject(new TargetDeliveryError(500, 'ERROR_FROM_TARGET', 'InternalError')),
      10,
      bridge,
    );

    expect(records).toEqual([expect.objectContaining({ outcome: 'failed', attempts: 5 })]);
    expect(records[0]?.deadLetter).toEqual({
      kind: 'rule-target',
      queueUrl: deployment.env.intake?.REKEY_INTAKE_DLQ_URL,
    });
    expect(gaps.map((gap, i) => gap >= 10 * 2 ** i - 2)).toEqual([true, true, true, true]);
    const dead = await deadLetters(bridge.deadLetterQueueUrl, findingId);
    expect(dead.map((d) => [d.attributes.TARGET_ARN, d.attributes.ERROR_CODE, d.attributes.RETRY_ATTEMPTS])).toEqual([
      [String(deployment.resolver.resolve({ 'Fn::GetAtt': [eventQueueId(), 'Arn'] })), 'ERROR_FROM_TARGET', '4'],
    ]);
  });

  it("dead-letters an event the queue's policy refuses at once, without retries (NO_PERMISSIONS)", async () => {
    const findingId = await putFinding();

    const { records } = await deliver(
      () => Promise.reject(new TargetDeliveryError(403, 'NO_PERMISSIONS', 'AccessDenied')),
      0,
      bridge,
    );

    expect(records).toEqual([expect.objectContaining({ outcome: 'failed', attempts: 1 })]);
    const dead = await deadLetters(bridge.deadLetterQueueUrl, findingId);
    expect(dead.map((d) => [d.attributes.ERROR_CODE, d.attributes.RETRY_ATTEMPTS])).toEqual([['NO_PERMISSIONS', '0']]);
  });
});

/** The intake's event queue, by logical id. */
const eventQueueId = () =>
  Object.keys(deployment.template.Resources).find(
    (id) => id.includes('IntakeEventQueue') && deployment.template.Resources[id]?.Type === 'AWS::SQS::Queue',
  ) ?? '';

describe('EventBridge delivering to the intake function (a rule that targets it directly)', () => {
  it("retries an Invoke call that failed under the target's retry policy, then dead-letters it with EventBridge's attributes", async () => {
    const findingId = await putFinding();

    const { records, gaps } = await deliver(() => Promise.reject(new LambdaServiceException()), 10);

    expect(records).toEqual([expect.objectContaining({ outcome: 'failed', attempts: 5 })]);
    expect(records[0]?.deadLetter).toEqual({
      kind: 'rule-target',
      queueUrl: deployment.env.intake?.REKEY_INTAKE_DLQ_URL,
    });
    // Backoff with jitter (the jitter pinned to its top here): 1, 2, 4 and 8 seconds at 10 ms a second.
    expect(gaps.map((gap, i) => gap >= 10 * 2 ** i - 2)).toEqual([true, true, true, true]);
    const dead = await deadLetters(bridge.deadLetterQueueUrl, findingId);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.attributes).toEqual({
      RULE_ARN: expect.stringMatching(/^arn:aws:events:us-east-1:\d{12}:rule\/IntakeScannerFindingRule/),
      TARGET_ARN: String(deployment.resolver.resolve({ 'Fn::GetAtt': [deployment.functions.intake, 'Arn'] })),
      ERROR_CODE: 'ERROR_FROM_TARGET',
      ERROR_MESSAGE: 'Lambda was unable to complete the request.',
      RETRY_ATTEMPTS: '4',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
    });
  });

  it('dead-letters an event Lambda refuses as too large at once, without retries', async () => {
    const findingId = await putFinding();

    const { records } = await deliver(() => Promise.reject(new RequestEntityTooLargeError(1_048_576, 2_000_000)), 0);

    expect(records).toEqual([expect.objectContaining({ outcome: 'failed', attempts: 1 })]);
    const dead = await deadLetters(bridge.deadLetterQueueUrl, findingId);
    expect(dead.map((d) => [d.attributes.RETRY_ATTEMPTS, d.attributes.EXHAUSTED_RETRY_CONDITION])).toEqual([
      ['0', undefined],
    ]);
  });

  it("leaves a function error to Lambda: two retries a minute and two minutes apart, then the function's DLQ", async () => {
    const findingId = await putFinding();

    const { records, gaps } = await deliver(() => Promise.reject(new Error('boom')), 1);

    expect(records).toEqual([expect.objectContaining({ outcome: 'failed', attempts: 3, error: 'Error: boom' })]);
    expect(records[0]?.deadLetter?.kind).toBe('function');
    expect(gaps[0]).toBeGreaterThanOrEqual(58);
    expect(gaps[1]).toBeGreaterThanOrEqual(118);
    const dead = await deadLetters(records[0]?.deadLetter?.queueUrl ?? '', findingId);
    expect(dead.map((d) => d.attributes.ErrorMessage)).toEqual(['boom']);
  });

  it('keeps a throttled event in Lambda until the function has a free execution', async () => {
    await putFinding();
    let release: () => void = () => undefined;
    const intake = scripted({ reservedConcurrency: 1 }, (event) =>
      (event as { hold?: boolean }).hold ? new Promise((resolve) => (release = () => resolve('held'))) : 'ok',
    );
    const holder = invokeFunction(intake, { hold: true });
    let attempts = 0;

    // The held invocation keeps the only execution until the first delivery has been throttled.
    const { records } = await deliver(async (event) => {
      attempts += 1;
      try {
        return await invokeFunction(intake, event, { invocationType: 'Event' });
      } finally {
        if (attempts === 1) release();
      }
    }, 10);
    await holder;

    expect(records).toEqual([expect.objectContaining({ outcome: 'handled', result: 'ok' })]);
    expect(records[0]?.attempts).toBeGreaterThan(1);
  });
});

describe('Secrets Manager invoking the rotation function', () => {
  const sm = () => new SecretsManagerClient(moto.clientConfig);

  it("fails the rotation with Lambda's Sandbox.Timedout once every retry's step outran the function's timeout", async () => {
    const name = `timeout-${randomUUID()}`;
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: '{}' }));
    const rotation = scripted({ timeoutMs: 100 }, (event) =>
      (event as { Step: string }).Step === 'setSecret' ? new Promise(() => undefined) : undefined,
    );
    const service = new LocalRotationService({ sm: sm(), invokeRotation: (e) => invokeFunction(rotation, e) });

    await service.rotateSecret({ SecretId: name });
    await service.idle();

    // Secrets Manager's default: the first attempt and five retries, each from createSecret.
    const run = service.runs[0];
    expect(run?.status).toBe('failed');
    expect(run?.attempts).toBe(6);
    expect(run?.steps.map((s) => [s.step, s.ok])).toEqual(
      Array.from({ length: 6 }, () => [
        ['createSecret', true],
        ['setSecret', false],
      ]).flat(),
    );
    expect(run?.error).toMatch(/^Sandbox\.Timedout: RequestId: \S+ Error: Task timed out after 0\.10 seconds$/);
  });

  it('ends the rotation at its first failure when retries are turned off', async () => {
    const name = `no-retry-${randomUUID()}`;
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: '{}' }));
    const steps: string[] = [];
    const rotation = scripted({}, (event) => {
      steps.push((event as { Step: string }).Step);
      if ((event as { Step: string }).Step === 'testSecret') throw new Error('provider not ready');
      return undefined;
    });
    const service = new LocalRotationService({
      sm: sm(),
      invokeRotation: (e) => invokeFunction(rotation, e),
      retry: false,
    });

    await service.rotateSecret({ SecretId: name });
    await service.idle();

    expect(service.runs[0]).toMatchObject({ status: 'failed', attempts: 1, error: 'Error: provider not ready' });
    expect(steps).toEqual(['createSecret', 'setSecret', 'testSecret']);
  });

  it('refuses a retry count that is not a whole number of attempts, naming the value', () => {
    expect(
      () => new LocalRotationService({ sm: sm(), invokeRotation: async () => undefined, retry: { attempts: 1.5 } }),
    ).toThrow('retry.attempts must be a whole number of attempts, got 1.5');
    expect(
      () =>
        new LocalRotationService({
          sm: sm(),
          invokeRotation: async () => undefined,
          retry: { attempts: 1, delayMs: -1 },
        }),
    ).toThrow('retry.delayMs must be a non-negative number of milliseconds, got -1');
  });

  it('retries a failed rotation from createSecret with the same token, as Secrets Manager does', async () => {
    const name = `retry-${randomUUID()}`;
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: '{}' }));
    const seen: string[] = [];
    const rotation = scripted({}, (event) => {
      const { Step, ClientRequestToken } = event as { Step: string; ClientRequestToken: string };
      seen.push(`${Step} ${ClientRequestToken}`);
      if (Step === 'testSecret' && seen.length === 3) throw new Error('provider not ready');
      return undefined;
    });
    const service = new LocalRotationService({
      sm: sm(),
      invokeRotation: (e) => invokeFunction(rotation, e),
      retry: { attempts: 1 },
    });

    const { VersionId } = await service.rotateSecret({ SecretId: name });
    await service.idle();

    expect(service.runs[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(seen).toEqual(
      ['createSecret', 'setSecret', 'testSecret', 'createSecret', 'setSecret', 'testSecret', 'finishSecret'].map(
        (step) => `${step} ${VersionId}`,
      ),
    );
  });
});

/** A function with a scripted handler (its role signs nothing here: the handlers make no AWS calls). */
function scripted(overrides: Partial<LocalFunction>, handler: (event: unknown) => unknown): LocalFunction {
  return {
    id: `scripted-${randomUUID()}`,
    logicalId: 'ScriptedFunction',
    arn: `arn:aws:lambda:us-east-1:123456789012:function:Scripted-${randomUUID()}`,
    timeoutMs: 2000,
    role: deployment.iam.roleOfFunction(deployment.functions.intake ?? ''),
    handler: async (event) => handler(event),
    ...overrides,
  };
}
