import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  ResourceNotFoundException,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type EnrollDeps, enroll, unenroll } from '../../../lambdas/enroll/enroll';
import { AlreadyEnrolledError, UnenrollRefusedError } from '../../../lambdas/enroll/errors';
import { reconcile } from '../../../lambdas/enroll/reconcile';
import { EnrollmentRecords } from '../../../lambdas/enroll/records';

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBDocumentClient);
const NAME = 'rekey/enrolled/support/bot';
const ARN = `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${NAME}-AbC123`;
const notFound = () => new ResourceNotFoundException({ message: 'not found', $metadata: {} });

const deps = (): EnrollDeps => ({
  sm: new SecretsManagerClient({}),
  sns: new SNSClient({}),
  records: new EnrollmentRecords(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'inventory'),
  settings: {
    secretPrefix: 'rekey/',
    enrolledPrefix: 'rekey/enrolled/',
    profiles: { internal: { provider: 'generated', options: { length: 40 }, schedule: 'rate(30 days)' } },
    fleets: ['support'],
  },
  rotationFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:rotation',
  opsTopicArn: 'arn:aws:sns:eu-west-1:111111111111:ops',
  now: () => new Date('2026-12-01T12:00:00.000Z'),
});
const item = (over: Record<string, unknown> = {}) => ({
  pk: `SECRET#${NAME}`,
  sk: 'ENROLLMENT',
  secretName: NAME,
  fleet: 'support',
  profile: 'internal',
  provider: 'generated',
  schedule: 'rate(30 days)',
  status: 'enrolled',
  requestToken: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
  requestedAt: '2026-12-01T11:00:00.000Z',
  history: [],
  ...over,
});

beforeEach(() => {
  sm.reset();
  sns.reset();
  ddb.reset();
});

describe('enroll', () => {
  it('records the item first, then makes the tagged secret and turns rotation on, rotating at once', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: item({ status: 'enrolling' }) });
    ddb.on(PutCommand).resolves({});
    sm.on(DescribeSecretCommand)
      .rejectsOnce(notFound())
      .rejectsOnce(notFound())
      .resolves({ ARN, RotationEnabled: false });

    const result = await enroll({ action: 'enroll', key: 'bot', profile: 'internal', fleet: 'support' }, deps());

    expect(result).toEqual({ action: 'enroll', secretName: NAME, status: 'enrolled' });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: `SECRET#${NAME}`, sk: 'ENROLLMENT', status: 'enrolling' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    const create = sm.commandCalls(CreateSecretCommand)[0]?.args[0].input;
    expect(create?.Tags).toEqual([
      { Key: 'rekey:fleet:support', Value: 'true' },
      { Key: 'rekey:profile', Value: 'internal' },
      { Key: 'rekey:enrolled', Value: 'true' },
    ]);
    expect(JSON.parse(create?.SecretString ?? '{}')).toMatchObject({ provider: 'generated', keyId: '' });
    expect(sm.commandCalls(RotateSecretCommand)[0]?.args[0].input).toEqual({
      SecretId: NAME,
      RotationLambdaARN: 'arn:aws:lambda:eu-west-1:111111111111:function:rotation',
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediately: true,
    });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':to']).toBe('enrolled');
  });

  it('refuses a key already enrolled, and a secret of that name rekey did not make, writing nothing', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: item() }).resolves({});
    sm.on(DescribeSecretCommand).resolves({ ARN });
    const request = { action: 'enroll', key: 'bot', profile: 'internal', fleet: 'support' } as const;

    await expect(enroll(request, deps())).rejects.toThrow(AlreadyEnrolledError);
    await expect(enroll(request, deps())).rejects.toThrow(/already exists and rekey did not enroll it/);
    expect(ddb.commandCalls(PutCommand)).toEqual([]);
    expect(sm.commandCalls(CreateSecretCommand)).toEqual([]);
  });

  it('resumes an enrollment left in enrolling: no second secret, rotation turned on once', async () => {
    ddb.on(GetCommand).resolves({ Item: item({ status: 'enrolling' }) });
    sm.on(DescribeSecretCommand).resolves({ ARN, RotationEnabled: false, Tags: [] });

    const result = await enroll({ action: 'enroll', key: 'bot', profile: 'internal', fleet: 'support' }, deps());

    expect(result.resumed).toBe(true);
    expect(sm.commandCalls(CreateSecretCommand)).toEqual([]);
    expect(sm.commandCalls(RotateSecretCommand)).toHaveLength(1);
  });

  it('loses a race to a concurrent enroll of the same key without a write of its own', async () => {
    ddb.on(GetCommand).resolves({});
    sm.on(DescribeSecretCommand).rejects(notFound());
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    await expect(
      enroll({ action: 'enroll', key: 'bot', profile: 'internal', fleet: 'support' }, deps()),
    ).rejects.toThrow(/being enrolled by another request/);
    expect(sm.commandCalls(CreateSecretCommand)).toEqual([]);
  });
});

describe('unenroll', () => {
  it('cancels rotation and deletes the secret with a recovery window', async () => {
    ddb.on(GetCommand).resolves({ Item: item() });

    expect(await unenroll({ action: 'unenroll', key: 'support/bot' }, deps())).toMatchObject({ status: 'unenrolled' });
    expect(sm.commandCalls(CancelRotateSecretCommand)).toHaveLength(1);
    expect(sm.commandCalls(DeleteSecretCommand)[0]?.args[0].input).toEqual({ SecretId: NAME, RecoveryWindowInDays: 7 });
  });

  it('refuses a key minted at a provider, which would stay live there', async () => {
    ddb.on(GetCommand).resolves({ Item: item({ provider: 'openai' }) });

    await expect(unenroll({ action: 'unenroll', key: 'support/bot' }, deps())).rejects.toThrow(UnenrollRefusedError);
    expect(sm.commandCalls(DeleteSecretCommand)).toEqual([]);
  });
});

describe('reconcile', () => {
  it('marks keys deleted, untagged or off rotation outside rekey orphaned and alerts, by name only', async () => {
    ddb.on(ScanCommand).resolves({
      Items: [
        item(),
        item({ secretName: 'rekey/enrolled/support/b' }),
        item({ secretName: 'rekey/enrolled/support/c' }),
      ],
    });
    const tags = [
      { Key: 'rekey:fleet:support', Value: 'true' },
      { Key: 'rekey:enrolled', Value: 'true' },
    ];
    sm.on(DescribeSecretCommand, { SecretId: NAME }).rejects(notFound());
    sm.on(DescribeSecretCommand, { SecretId: 'rekey/enrolled/support/b' }).resolves({
      RotationEnabled: true,
      Tags: [],
    });
    sm.on(DescribeSecretCommand, { SecretId: 'rekey/enrolled/support/c' }).resolves({
      RotationEnabled: false,
      Tags: tags,
    });
    ddb.on(UpdateCommand).resolves({});

    const result = await reconcile({ action: 'reconcile' }, deps());

    expect(result.orphaned).toEqual([NAME, 'rekey/enrolled/support/b', 'rekey/enrolled/support/c']);
    const reasons = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':a1']);
    expect(reasons).toEqual(['deleted', 'untagged', 'rotation-disabled']);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(3);
  });

  it('finishes an enrollment stuck part-way, and leaves one in progress alone', async () => {
    ddb.on(ScanCommand).resolves({
      Items: [
        item({ status: 'enrolling' }),
        item({
          status: 'enrolling',
          secretName: 'rekey/enrolled/support/new',
          requestedAt: '2026-12-01T11:58:00.000Z',
        }),
      ],
    });
    sm.on(DescribeSecretCommand).resolves({ ARN, RotationEnabled: false });

    const result = await reconcile({ action: 'reconcile' }, deps());

    expect(result.finished).toEqual([NAME]);
    expect(sm.commandCalls(RotateSecretCommand).map((c) => c.args[0].input.SecretId)).toEqual([NAME]);
  });
});
