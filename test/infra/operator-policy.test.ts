import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { OPERATOR_POLICY_ID_PREFIX } from '../../local/emulator/iam/index';
import { synthStack } from '../support/synth';
import { managedPolicy, secretId } from './policy-support';

type Synth = ReturnType<typeof synthStack>;
let synth: Synth;

beforeAll(() => {
  // TEST_CONFIG: support has one generated key; research has a generated key and an aws-iam key (user research-agent).
  synth = synthStack();
});

describe('the operator policy', () => {
  it('grants exactly what the CLI calls, each on this deployment’s resources', () => {
    const keys = ['rekey/agents/support/internal', 'rekey/agents/research/internal', 'rekey/agents/research/aws'];
    const secrets = keys.map((k) => ({ Ref: secretId(synth.template, k) }));
    const table = { 'Fn::GetAtt': [Match.stringLikeRegexp('^InventoryTable'), 'Arn'] };
    const machine = Match.stringLikeRegexp('^RevocationStateMachine');
    const findingBusId = Match.stringLikeRegexp('^IntakeFindingBus');

    synth.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Sid: 'FindTheStack', Action: 'cloudformation:DescribeStacks', Resource: { Ref: 'AWS::StackId' } },
          { Sid: 'ListKeys', Action: 'secretsmanager:ListSecrets', Resource: '*' },
          {
            Sid: 'ManagedKeys',
            Action: [
              'secretsmanager:GetSecretValue',
              'secretsmanager:ListSecretVersionIds',
              'secretsmanager:PutSecretValue',
              'secretsmanager:RotateSecret',
              'secretsmanager:UpdateSecretVersionStage',
            ],
            Resource: secrets,
          },
          {
            Sid: 'LookUpKeys',
            Action: 'secretsmanager:DescribeSecret',
            Resource: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:111111111111:secret:rekey/*'],
              ],
            },
          },
          {
            Sid: 'RotateSecretInvokes',
            Action: 'lambda:InvokeFunction',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RotationHandlerFunction'), 'Arn'] },
          },
          {
            Sid: 'Inventory',
            Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
            Resource: table,
            Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': keys.map((k) => `SECRET#${k}`) } },
          },
          {
            Sid: 'InventoryIndexes',
            Action: 'dynamodb:Query',
            Resource: ['byFingerprint', 'byKeyId', 'byHint'].map((i) => ({ 'Fn::Join': ['', [table, `/index/${i}`]] })),
          },
          {
            Sid: 'Revocations',
            Action: ['states:DescribeStateMachine', 'states:ListExecutions', 'states:StartExecution'],
            Resource: { Ref: machine },
          },
          {
            Sid: 'RevocationExecutions',
            Action: ['states:DescribeExecution', 'states:StopExecution'],
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':states:eu-west-1:111111111111:execution:',
                  { 'Fn::GetAtt': [machine, 'Name'] },
                  ':*',
                ],
              ],
            },
          },
          {
            Sid: 'Notify',
            Action: 'sns:Publish',
            Resource: [
              { Ref: Match.stringLikeRegexp('^NotificationsFleetTopic') },
              { Ref: Match.stringLikeRegexp('^NotificationsOpsTopic') },
            ],
          },
          {
            Sid: 'ReportLeak',
            Action: 'events:PutEvents',
            Resource: { 'Fn::GetAtt': [findingBusId, 'Arn'] },
            Condition: {
              'ForAllValues:StringEquals': {
                'events:source': ['rekey.scanner'],
                'events:detail-type': ['Secret Exposed'],
              },
            },
          },
          {
            Sid: 'NotifyEncrypted',
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NotificationsKey'), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com' } },
          },
          {
            Sid: 'AbandonExposedAccessKeys',
            Action: ['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:ListUserTags', 'iam:UntagUser'],
            Resource: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:user/research-agent']],
            },
          },
        ],
      },
    });
  });

  it('has the logical id prefix the local stack finds it by, and the OperatorPolicyArn output', () => {
    const { id } = managedPolicy(synth.template, OPERATOR_POLICY_ID_PREFIX);

    synth.template.hasOutput('OperatorPolicyArn', { Value: { Ref: id } });
  });
});
