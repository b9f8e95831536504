import {
  DescribeSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RotationStateError, UnknownSecretError } from '../../../lambdas/common/errors';
import { KeyRejectedError, ManualKeyRequiredError } from '../../../lambdas/providers/errors';
import { parseRotationEvent } from '../../../lambdas/rotation/event';
import { rotate, TESTED_AT } from '../../../lambdas/rotation/rotate';
import {
  MemoryInventory,
  OLD,
  OTHER,
  RecordingProvider,
  rotationDeps,
  SECRET,
  secretString,
  stubSecretsManager,
  TOKEN,
} from './support';

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);

/** What the mocked Secrets Manager holds: version values and labels. */
let values: Map<string, string>;
let stages: Record<string, string[]>;
let rotationEnabled: boolean;
let tags: { Key: string; Value: string }[];
let inventory: MemoryInventory;
let provider: RecordingProvider;

beforeEach(() => {
  sm.reset();
  sns.reset();
  sfn.reset();
  values = new Map([[OLD, secretString('inh_current_key_abcdefghijkl', 'ik_current')]]);
  stages = { [OLD]: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] };
  rotationEnabled = true;
  tags = [
    { Key: 'rekey:fleet:support', Value: 'true' },
    { Key: 'rekey:fleet:research', Value: 'true' },
    { Key: 'team', Value: 'support' },
  ];
  inventory = new MemoryInventory();
  provider = new RecordingProvider();
  stubSecretsManager(sm, {
    values: () => values,
    stages: () => stages,
    rotationEnabled: () => rotationEnabled,
    tags: () => tags,
  });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
});

const deps = () =>
  rotationDeps(
    { sm: new SecretsManagerClient({}), sns: new SNSClient({}), sfn: new SFNClient({}) },
    inventory,
    provider,
  );
const step = (name: string, token = TOKEN) =>
  rotate(parseRotationEvent({ Step: name, SecretId: SECRET, ClientRequestToken: token }), deps());
const stageMoves = () => sm.commandCalls(UpdateSecretVersionStageCommand).map((c) => c.args[0].input);

describe('the rotation protocol', () => {
  it('accepts snake_case step names as well as camelCase', () => {
    expect(parseRotationEvent({ Step: 'finish_secret', SecretId: SECRET, ClientRequestToken: TOKEN }).step).toBe(
      'finishSecret',
    );
  });

  it('refuses a secret whose rotation is disabled', async () => {
    rotationEnabled = false;
    await expect(step('createSecret')).rejects.toBeInstanceOf(RotationStateError);
    expect(provider.calls).toEqual([]);
  });

  it('refuses a secret outside the managed prefix', async () => {
    sm.on(DescribeSecretCommand).resolves({ Name: 'other/secret', RotationEnabled: true, VersionIdsToStages: stages });
    await expect(step('createSecret')).rejects.toBeInstanceOf(UnknownSecretError);
  });

  it('refuses a token that is not a version of the secret on every step after createSecret', async () => {
    delete stages[TOKEN];
    for (const name of ['setSecret', 'testSecret', 'finishSecret']) {
      await expect(step(name)).rejects.toThrow(/has no version/);
    }
  });

  it('refuses a version that is not AWSPENDING', async () => {
    stages = { [OLD]: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT'], [OTHER]: ['AWSPREVIOUS', 'custom'] };
    await expect(step('testSecret', OTHER)).rejects.toThrow(/is not AWSPENDING/);
  });

  it('returns at once for a token that is already AWSCURRENT', async () => {
    stages = { [OLD]: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT'] };
    expect(await step('createSecret')).toBe('already-current');
    expect(provider.calls).toEqual([]);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });
});

describe('createSecret', () => {
  it('mints one key and stores it as AWSPENDING under the token, then records it pending', async () => {
    expect(await step('createSecret')).toBe('created');
    const put = sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ SecretId: SECRET, ClientRequestToken: TOKEN, VersionStages: ['AWSPENDING'] });
    expect(JSON.parse(put?.SecretString ?? '{}')).toMatchObject({ keyId: 'ik_1', provider: 'http' });
    expect(inventory.statusOf(SECRET, TOKEN)).toBe('pending');
    expect(inventory.statusOf(SECRET, OLD)).toBe('current');
  });

  it('on replay finds the stored key and mints nothing', async () => {
    await step('createSecret');
    expect(await step('createSecret')).toBe('already-created');
    expect(provider.calls.filter((c) => c.startsWith('createKey'))).toHaveLength(1);
  });

  it('discards the minted key when it cannot be stored', async () => {
    sm.on(PutSecretValueCommand).rejects(new Error('InternalServiceError'));
    await expect(step('createSecret')).rejects.toThrow('InternalServiceError');
    expect(provider.revoked).toEqual(['ik_1']);
  });

  it('keeps the key when the store happened although its answer was lost', async () => {
    sm.on(PutSecretValueCommand).callsFake((input: { ClientRequestToken: string; SecretString: string }) => {
      values.set(input.ClientRequestToken, input.SecretString);
      throw new Error('socket hang up');
    });
    await expect(step('createSecret')).resolves.toBe('created');
    expect(provider.revoked).toEqual([]);
  });

  it('does not start while another token holds AWSPENDING', async () => {
    stages = { [OLD]: ['AWSCURRENT'], [OTHER]: ['AWSPENDING'] };
    values.set(OTHER, secretString('inh_other_rotation_key_abcdef', 'ik_other'));
    await expect(step('createSecret')).rejects.toThrow(/is in flight/);
    expect(provider.calls).toEqual([]);
  });

  it('asks an operator when the provider cannot mint', async () => {
    provider = new RecordingProvider(false);
    await expect(step('createSecret')).rejects.toBeInstanceOf(ManualKeyRequiredError);
    const alert = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(alert?.TopicArn).toContain(':ops');
    expect(alert?.Message).toContain('rotation-due');
  });
});

describe('testSecret', () => {
  it('marks a key that passes as tested', async () => {
    await step('createSecret');
    expect(await step('testSecret')).toBe('tested');
    expect((await inventory.getVersion(SECRET, TOKEN)) as unknown as Record<string, unknown>).toHaveProperty(TESTED_AT);
  });

  it('on rejection leaves AWSCURRENT alone, revokes the key, drops AWSPENDING and says so', async () => {
    await step('createSecret');
    provider.rejectTests = true;
    await expect(step('testSecret')).rejects.toBeInstanceOf(KeyRejectedError);
    expect(provider.revoked).toEqual(['ik_1']);
    expect(stages[OLD]).toEqual(['AWSCURRENT']);
    expect(stages[TOKEN]).toEqual([]);
    expect(stageMoves().some((m) => m.VersionStage === 'AWSCURRENT')).toBe(false);
    expect(inventory.statusOf(SECRET, TOKEN)).toBe('abandoned');
    expect(sns.commandCalls(PublishCommand).some((c) => c.args[0].input.Message?.includes('rotation-failed'))).toBe(
      true,
    );
  });

  it('a replay after the failure revokes again and never finishes', async () => {
    await step('createSecret');
    provider.rejectTests = true;
    await expect(step('testSecret')).rejects.toBeInstanceOf(KeyRejectedError);
    await expect(step('testSecret')).rejects.toThrow(/no longer AWSPENDING/);
    await expect(step('finishSecret')).rejects.toThrow(/no longer AWSPENDING/);
    expect(stages[OLD]).toEqual(['AWSCURRENT']);
  });
});

describe('finishSecret', () => {
  it('refuses to move AWSCURRENT to a key that has not passed testSecret', async () => {
    await step('createSecret');
    await expect(step('finishSecret')).rejects.toThrow(/has not passed testSecret/);
    expect(stages[OLD]).toEqual(['AWSCURRENT']);
  });

  it('moves AWSCURRENT from the old version, drops AWSPENDING, starts revocation and tells the fleet', async () => {
    await step('createSecret');
    await step('testSecret');
    expect(await step('finishSecret')).toBe('finished');
    expect(stageMoves()).toContainEqual({
      SecretId: SECRET,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: TOKEN,
      RemoveFromVersionId: OLD,
    });
    expect(stages[TOKEN]).toEqual(['AWSCURRENT']);
    expect(stages[OLD]).toEqual(['AWSPREVIOUS']);
    expect(JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}')).toMatchObject({
      oldVersionId: OLD,
      newVersionId: TOKEN,
      mode: 'scheduled',
    });
    expect(inventory.statusOf(SECRET, TOKEN)).toBe('current');
    expect(inventory.statusOf(SECRET, OLD)).toBe('previous');
  });

  it('tells the fleets the secret is tagged for, sorted, in the fleets attribute, and keeps secretName', async () => {
    await step('createSecret');
    await step('testSecret');
    await step('finishSecret');

    const published = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(published).toHaveLength(1);
    expect(published[0]?.MessageAttributes).toEqual({
      secretName: { DataType: 'String', StringValue: SECRET },
      event: { DataType: 'String', StringValue: 'rotated' },
      version: { DataType: 'String', StringValue: TOKEN },
      fleets: { DataType: 'String.Array', StringValue: '["research","support"]' },
    });
  });

  it('tells no fleet of a secret tagged for none, and still records and revokes', async () => {
    tags = [{ Key: 'team', Value: 'support' }];
    await step('createSecret');
    await step('testSecret');

    expect(await step('finishSecret')).toBe('finished');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(inventory.statusOf(SECRET, TOKEN)).toBe('current');
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('is idempotent: a replay publishes nothing twice and moves no label', async () => {
    await step('createSecret');
    await step('testSecret');
    await step('finishSecret');
    const published = sns.commandCalls(PublishCommand).length;
    expect(published).toBe(1);
    const moves = stageMoves().length;
    expect(await step('finishSecret')).toBe('already-current');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(published);
    expect(stageMoves()).toHaveLength(moves);
  });

  it('discards the key of a rotation that lost AWSPENDING to this one', async () => {
    stages = { [OLD]: ['AWSCURRENT'], [OTHER]: ['AWSPENDING'] };
    await step('createSecret', OTHER); // OTHER stores ik_1 as AWSPENDING
    stages[OTHER] = []; // a second RotateSecret gives TOKEN the AWSPENDING label
    stages[TOKEN] = ['AWSPENDING'];
    await step('createSecret');
    await step('testSecret');
    await step('finishSecret');
    expect(provider.revoked).toEqual(['ik_1']);
    expect(inventory.statusOf(SECRET, OTHER)).toBe('abandoned');
    expect(stages[TOKEN]).toEqual(['AWSCURRENT']);
  });
});
