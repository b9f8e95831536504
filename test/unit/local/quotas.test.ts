import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { RequestThrottled, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../../local/emulator/gateway';
import { QuotaThrottledError, ServiceQuotas } from '../../../local/emulator/quotas';

let clock = 0;
const now = () => clock;
const call = (service: string, operation: string) => ({ service, operation });

/** Calls `operation` `times` times; returns how many were admitted and the first refusal. */
function burst(quotas: ServiceQuotas, service: string, operation: string, times: number) {
  let admitted = 0;
  let refusal: unknown;
  for (let i = 0; i < times; i += 1) {
    try {
      quotas.admit(call(service, operation));
      admitted += 1;
    } catch (err) {
      refusal ??= err;
    }
  }
  return { admitted, refusal };
}

beforeEach(() => {
  clock = 0;
});

describe('service quotas', () => {
  it.each([
    ['Secrets Manager', 'PutSecretValue', 50, 'ThrottlingException', 400, 'secretsmanager'],
    ['Secrets Manager', 'GetSecretValue', 10_000, 'ThrottlingException', 400, 'secretsmanager'],
    ['SNS', 'Publish', 30_000, 'Throttled', 429, 'sns'],
    ['Step Functions', 'StartExecution', 1_300, 'ThrottlingException', 400, 'states'],
    ['EventBridge', 'PutEvents', 10_000, 'ThrottlingException', 400, 'events'],
  ] as const)(
    'throttles a %s %s burst above %i calls with %s and HTTP %i',
    (_name, operation, quota, type, status, service) => {
      const quotas = new ServiceQuotas({ now });

      const { admitted, refusal } = burst(quotas, service, operation, quota + 5);

      expect(admitted).toBe(quota);
      expect(refusal).toBeInstanceOf(QuotaThrottledError);
      expect(refusal).toMatchObject({ type, status, message: 'Rate exceeded' });
    },
  );

  it('admits again as the bucket refills, at the documented refill rate', () => {
    const quotas = new ServiceQuotas({ now });
    burst(quotas, 'secretsmanager', 'UpdateSecretVersionStage', 50);
    burst(quotas, 'states', 'StartExecution', 1_300);

    clock = 20; // 50/s refills one write token every 20 ms
    const afterOneToken = burst(quotas, 'secretsmanager', 'UpdateSecretVersionStage', 3);
    clock = 1_020; // StartExecution refills at 300/s, not at its bucket size of 1,300
    const afterASecond = burst(quotas, 'states', 'StartExecution', 1_300);

    expect(afterOneToken.admitted).toBe(1);
    expect(afterASecond.admitted).toBe(306);
  });

  it('keeps reads, writes and rotations in separate buckets, and combines reads', () => {
    const quotas = new ServiceQuotas({ now, overrides: { 'secretsmanager:reads': 2 } });
    burst(quotas, 'secretsmanager', 'PutSecretValue', 50);

    const writes = burst(quotas, 'secretsmanager', 'UpdateSecretVersionStage', 1);
    const rotations = burst(quotas, 'secretsmanager', 'RotateSecret', 1);
    const get = burst(quotas, 'secretsmanager', 'GetSecretValue', 1);
    const describeCall = burst(quotas, 'secretsmanager', 'DescribeSecret', 1);
    const getAgain = burst(quotas, 'secretsmanager', 'GetSecretValue', 1);

    expect(writes.admitted).toBe(0);
    expect(rotations.admitted).toBe(1);
    expect([get.admitted, describeCall.admitted, getAgain.admitted]).toEqual([1, 1, 0]);
  });

  it('measures the peak over sliding one-second windows, not fixed seconds', () => {
    const quotas = new ServiceQuotas({ now, overrides: { 'secretsmanager:reads': 1_000 } });

    clock = 600;
    burst(quotas, 'secretsmanager', 'GetSecretValue', 40);
    clock = 1_400; // fixed seconds would count 40 and 40; the window (400, 1400] holds 80
    burst(quotas, 'secretsmanager', 'GetSecretValue', 40);
    clock = 2_500;
    burst(quotas, 'secretsmanager', 'GetSecretValue', 10);
    burst(quotas, 'secretsmanager', 'PutSecretValue', 60);

    const usage = Object.fromEntries(quotas.peaks().map((u) => [u.quota, u]));
    expect(usage['secretsmanager:reads']).toMatchObject({ admitted: 90, throttled: 0, peak: 80, rate: 1_000 });
    expect(usage['secretsmanager:writes']).toMatchObject({ admitted: 50, throttled: 10, peak: 50, rate: 50 });
    expect(usage['sns:publish']).toMatchObject({ admitted: 0, peak: 0 });
  });

  it('counts standard-queue SQS calls without a limit, as AWS documents none', () => {
    const quotas = new ServiceQuotas({ now });

    const { admitted } = burst(quotas, 'sqs', 'SendMessage', 50_000);

    expect(admitted).toBe(50_000);
    expect(quotas.peaks().find((u) => u.quota === 'sqs:standard-queues')?.peak).toBe(50_000);
  });

  it('admits everything when disabled, and still measures the peak', () => {
    const quotas = new ServiceQuotas({ now, enabled: false });

    const { admitted } = burst(quotas, 'secretsmanager', 'PutSecretValue', 500);

    expect(admitted).toBe(500);
    expect(quotas.peaks().find((u) => u.quota === 'secretsmanager:writes')).toMatchObject({ throttled: 0, peak: 500 });
  });

  it('scales the defaults, applies overrides after, and leaves calls with no quota alone', () => {
    const quotas = new ServiceQuotas({ now, scale: 0.1, overrides: { 'states:start-execution': { burst: 3 } } });

    const writes = burst(quotas, 'secretsmanager', 'PutSecretValue', 10);
    const starts = burst(quotas, 'states', 'StartExecution', 10);
    const dynamo = burst(quotas, 'dynamodb', 'GetItem', 10);
    const unsigned = burst(quotas, '', 'GetSecretValue', 10);

    expect([writes.admitted, starts.admitted, dynamo.admitted, unsigned.admitted]).toEqual([5, 3, 10, 10]);
  });

  it('refuses an override that names no quota or leaves a bucket that can never fill', () => {
    const unknown = () => new ServiceQuotas({ overrides: { 'secretsmanager:write': 1 } as never });
    const tiny = () => new ServiceQuotas({ overrides: { 'sns:publish': { rate: 10, burst: 0.5 } } });

    expect(unknown).toThrow(/overrides names no known quota: secretsmanager:write/);
    expect(tiny).toThrow('quota sns:publish: burst must be at least 1 when the rate is above 0, got 0.5');
  });

  it('lowers a quota from now on when overridden at run time, with a fresh bucket, and leaves the others', () => {
    const quotas = new ServiceQuotas({ now });
    burst(quotas, 'secretsmanager', 'PutSecretValue', 30);
    burst(quotas, 'secretsmanager', 'RotateSecret', 5);

    quotas.override({ 'secretsmanager:writes': 10 });
    const writes = burst(quotas, 'secretsmanager', 'PutSecretValue', 20);
    const rotations = burst(quotas, 'secretsmanager', 'RotateSecret', 50);

    expect([writes.admitted, rotations.admitted]).toEqual([10, 45]);
    expect(writes.refusal).toBeInstanceOf(QuotaThrottledError);
    const peaks = new Map(quotas.peaks().map((p) => [p.quota, p]));
    expect(peaks.get('secretsmanager:writes')).toMatchObject({ rate: 10, burst: 10, admitted: 10, throttled: 10 });
    expect(peaks.get('secretsmanager:rotation')).toMatchObject({ rate: 50, admitted: 50, throttled: 5 });
    expect(() => quotas.override({ 'secretsmanager:write': 1 } as never)).toThrow(/names no known quota/);
  });
});

describe("Step Functions' state transitions and IAM's rate", () => {
  it('admits state transitions up to the bucket, then answers how long the next one must wait', () => {
    const quotas = new ServiceQuotas({ now, overrides: { 'states:state-transitions': { rate: 10, burst: 3 } } });

    const waits = Array.from({ length: 4 }, () => quotas.stateTransition());
    clock += 100;
    const afterRefill = quotas.stateTransition();

    expect(waits).toEqual([0, 0, 0, 100]);
    expect(afterRefill).toBe(0);
    expect(quotas.peaks().find((q) => q.quota === 'states:state-transitions')).toMatchObject({
      admitted: 4,
      throttled: 1,
      rate: 10,
      burst: 3,
    });
  });

  it('has the documented state-transition defaults, and one IAM bucket for every call the aws-iam provider makes', () => {
    const quotas = new ServiceQuotas({ now });
    expect(quotas.peaks().find((q) => q.quota === 'states:state-transitions')).toMatchObject({
      rate: 5000,
      burst: 5000,
    });
    for (const operation of ['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'ListAccessKeys', 'TagUser']) {
      expect(quotas.quotaOf(call('iam', operation))).toBe('iam:calls');
    }
    const over = burst(new ServiceQuotas({ now, overrides: { 'iam:calls': 2 } }), 'iam', 'ListAccessKeys', 3);
    expect(over.admitted).toBe(2);
    expect(over.refusal).toMatchObject({ type: 'Throttling', status: 400 });
  });
});

describe('service quotas behind the gateway', () => {
  let upstream: Server;
  let gateway: Gateway;
  let upstreamCalls = 0;
  const client = { region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'k', secretAccessKey: 's' } };

  beforeEach(async () => {
    upstreamCalls = 0;
    upstream = createServer((_req, res) => {
      upstreamCalls += 1;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Name: 'agents/a', SecretString: 'v1', VersionId: 'v' }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const quotas = new ServiceQuotas({
      now: () => 0,
      overrides: { 'secretsmanager:reads': 1, 'sns:publish': 0, 'states:start-execution': 0, 'sqs:standard-queues': 0 },
    });
    const { port } = upstream.address() as AddressInfo;
    gateway = await startGateway({ upstream: `http://127.0.0.1:${port}`, operations: {}, guard: quotas.guard });
  });

  afterEach(async () => {
    await gateway.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('answers a real Secrets Manager client over its quota with ThrottlingException by name', async () => {
    const sm = new SecretsManagerClient({ ...client, endpoint: gateway.endpoint });
    const get = () => sm.send(new GetSecretValueCommand({ SecretId: 'agents/a', VersionStage: 'AWSCURRENT' }));

    const first = await get();
    const second = await get().catch((err: unknown) => err);

    expect(first.SecretString).toBe('v1');
    expect(upstreamCalls).toBe(1);
    expect(second).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  });

  it("raises each service's own throttling exception in its SDK client", async () => {
    const endpoint = gateway.endpoint;

    const sns = await new SNSClient({ ...client, endpoint })
      .send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Message: 'm' }))
      .catch((err: unknown) => err);
    const sqs = await new SQSClient({ ...client, endpoint })
      .send(new SendMessageCommand({ QueueUrl: `${endpoint}/000000000000/q`, MessageBody: 'm' }))
      .catch((err: unknown) => err);
    const sfn = await new SFNClient({ ...client, endpoint })
      .send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:s' }))
      .catch((err: unknown) => err);

    expect(sns).toBeInstanceOf(ThrottledException);
    expect(sns).toMatchObject({ $metadata: { httpStatusCode: 429 } });
    expect(sqs).toBeInstanceOf(RequestThrottled);
    expect(sfn).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    expect(upstreamCalls).toBe(0);
  });
});
