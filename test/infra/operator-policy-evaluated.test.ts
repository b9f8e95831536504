import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest, AuthCheck } from '../../local/emulator/iam/requests';
import {
  at,
  type EvaluationWorld,
  evaluationWorld,
  REGION,
  ROTATION_FUNCTION,
  STACK_ID,
  STATE_MACHINE,
  TOPIC_KEY,
} from './policy-evaluation';

/** The operator policy, evaluated as AWS evaluates it on AWS-form ARNs (test/infra/policy-evaluation.ts). */
let world: EvaluationWorld;

beforeAll(() => {
  world = evaluationWorld();
});

const SUPPORT = 'rekey/agents/support/internal';

describe('the operator, under the operator policy', () => {
  const machineArn = `arn:aws:states:${at}:stateMachine:${STATE_MACHINE}`;
  const item = (pk: string): ApiRequest => ({
    service: 'dynamodb',
    operation: 'UpdateItem',
    params: {
      TableName: 'rekey-inventory',
      Key: { pk: { S: pk }, sk: { S: 'VERSION#v' } },
      UpdateExpression: 'SET #mode = :m',
      ExpressionAttributeNames: { '#mode': 'mode' },
    },
  });

  it('finds the stack and lists and rotates the managed keys (invoking the rotation function)', async () => {
    const rotate: ApiRequest = {
      service: 'secretsmanager',
      operation: 'RotateSecret',
      params: { SecretId: SUPPORT, RotateImmediately: true },
    };
    const invoke: AuthCheck = { action: 'lambda:InvokeFunction', resource: ROTATION_FUNCTION, context: {} };
    const op = world.principals.operator;

    expect(
      await world.allowed(op, {
        service: 'cloudformation',
        operation: 'DescribeStacks',
        params: { StackName: STACK_ID },
      }),
    ).toBe(true);
    expect(await world.allowed(op, { service: 'secretsmanager', operation: 'ListSecrets', params: {} })).toBe(true);
    expect(await world.allowed(op, rotate, [invoke])).toBe(true);
    expect(await world.allowed(op, { ...rotate, params: { SecretId: 'other/secret' } }, [invoke])).toBe(false);
  });

  it('looks up any name under the prefix, so an unknown key is reported unknown, but reads only managed keys', async () => {
    const describe = (secretId: string): ApiRequest => ({
      service: 'secretsmanager',
      operation: 'DescribeSecret',
      params: { SecretId: secretId },
    });
    const get = (secretId: string): ApiRequest => ({
      service: 'secretsmanager',
      operation: 'GetSecretValue',
      params: { SecretId: secretId, VersionStage: 'AWSCURRENT' },
    });
    const op = world.principals.operator;

    expect(await world.allowed(op, describe(SUPPORT))).toBe(true);
    expect(await world.allowed(op, describe('rekey/agents/nope'))).toBe(true);
    expect(await world.allowed(op, describe('other/secret'))).toBe(false);
    expect(await world.allowed(op, get(SUPPORT))).toBe(true);
    expect(await world.allowed(op, get('rekey/agents/nope'))).toBe(false);
  });

  it("updates the managed keys' inventory items, not findings or deliveries", async () => {
    expect(await world.allowed(world.principals.operator, item(`SECRET#${SUPPORT}`))).toBe(true);
    expect(await world.allowed(world.principals.operator, item('FINDING#rekey-scan:abc'))).toBe(false);
    expect(
      await world.allowed(world.principals.operator, {
        service: 'dynamodb',
        operation: 'Query',
        params: { TableName: 'rekey-inventory', IndexName: 'byFingerprint', KeyConditionExpression: '#a = :v' },
      }),
    ).toBe(true);
  });

  it("starts, follows and stops the revocation workflow's executions, and no other state machine's", async () => {
    const execution = (machine: string): ApiRequest => ({
      service: 'states',
      operation: 'StopExecution',
      params: { executionArn: `arn:aws:states:${at}:execution:${machine}:revoke-abc` },
    });

    expect(
      await world.allowed(world.principals.operator, {
        service: 'states',
        operation: 'StartExecution',
        params: { stateMachineArn: machineArn },
      }),
    ).toBe(true);
    expect(await world.allowed(world.principals.operator, execution(STATE_MACHINE))).toBe(true);
    expect(await world.allowed(world.principals.operator, execution('SomeoneElsesMachine'))).toBe(false);
  });

  it('publishes to the ops topic, using the topic key only through SNS', async () => {
    const topic = world.opsTopicArn;
    const viaSns = { 'kms:ViaService': `sns.${REGION}.amazonaws.com` };
    const key = (context: Record<string, string>): AuthCheck[] => [
      { action: 'kms:GenerateDataKey', resource: TOPIC_KEY, context },
      { action: 'kms:Decrypt', resource: TOPIC_KEY, context },
    ];
    const publish: ApiRequest = { service: 'sns', operation: 'Publish', params: { TopicArn: topic, Message: '{}' } };

    expect(await world.allowed(world.principals.operator, publish, key(viaSns))).toBe(true);
    expect(
      await world.allowed(world.principals.operator, publish, key({ 'kms:ViaService': `s3.${REGION}.amazonaws.com` })),
    ).toBe(false);
  });

  it("puts scanner findings on rekey's finding bus, and no other kind of event, nor on the default bus", async () => {
    const put = (source: string, bus = world.findingBusName): ApiRequest => ({
      service: 'events',
      operation: 'PutEvents',
      params: { Entries: [{ Source: source, DetailType: 'Secret Exposed', Detail: '{}', EventBusName: bus }] },
    });

    expect(await world.allowed(world.principals.operator, put('rekey.scanner'))).toBe(true);
    expect(await world.allowed(world.principals.operator, put('rekey.github'))).toBe(false);
    expect(await world.allowed(world.principals.operator, put('rekey.scanner', 'default'))).toBe(false);
  });

  it("deactivates the aws-iam key's user's access keys, and no other user's", async () => {
    const update = (user: string): ApiRequest => ({
      service: 'iam',
      operation: 'UpdateAccessKey',
      params: { UserName: user, AccessKeyId: 'AKIAEXAMPLE', Status: 'Inactive' },
    });

    expect(await world.allowed(world.principals.operator, update('research-agent'))).toBe(true);
    expect(await world.allowed(world.principals.operator, update('admin'))).toBe(false);
  });
});
