import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { FleetNotifications, type FleetSubscription } from '../../lib/fleet-notifications';
import { OperatorPolicy } from '../../lib/operator-policy';
import { synthStack } from '../support/synth';

const bareStack = () => new Stack(new App(), 'Bare', { env: { account: '111111111111', region: 'eu-west-1' } });

const notifications = (stack: Stack, fleets: FleetSubscription[], table?: dynamodb.ITable) =>
  new FleetNotifications(stack, 'Notifications', { fleets, inventoryTable: table });

describe('FleetNotifications agent policies, on their own', () => {
  it('decrypts through Secrets Manager with a customer managed key, and grants a secret known by name on its pattern', () => {
    const stack = bareStack();
    const key = new kms.Key(stack, 'SecretKey', { enableKeyRotation: true });
    const owned = new secretsmanager.Secret(stack, 'Owned', { secretName: 'rekey/owned', encryptionKey: key });
    const byName = secretsmanager.Secret.fromSecretNameV2(stack, 'ByName', 'rekey/by-name');

    notifications(stack, [
      {
        name: 'edge',
        queue: false,
        secrets: [
          { secret: owned, secretName: 'rekey/owned' },
          { secret: byName, secretName: 'rekey/by-name' },
        ],
      },
    ]);

    // No queue and no inventory table: no SQS and no acknowledgement statement.
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'ReadFleetKeys',
            Action: 'secretsmanager:GetSecretValue',
            Resource: [
              { Ref: Match.stringLikeRegexp('^Owned') },
              { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':secret:rekey/by-name-\\?{6}$')])] },
            ],
          },
          {
            Sid: 'DecryptFleetKeys',
            Action: 'kms:Decrypt',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecretKey'), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          },
        ],
      },
    });
  });

  it('refuses two fleets whose names differ only in characters logical ids drop', () => {
    const stack = bareStack();
    const secret = new secretsmanager.Secret(stack, 'S', { secretName: 'rekey/s' });
    const secrets = [{ secret, secretName: 'rekey/s' }];

    expect(() =>
      notifications(stack, [
        { name: 'a-b', secrets },
        { name: 'ab', secrets },
      ]),
    ).toThrow(
      'fleets must have names that differ in their letters and digits (logical ids drop the rest), got "a-b" and "ab"',
    );
  });

  it('names the fleets it knows when asked for the policy of another', () => {
    const stack = bareStack();
    const secret = new secretsmanager.Secret(stack, 'S', { secretName: 'rekey/s' });
    const fleetNotifications = notifications(stack, [
      { name: 'support', secrets: [{ secret, secretName: 'rekey/s' }] },
    ]);

    expect(() => fleetNotifications.agentPolicy('research')).toThrow(
      'fleet "research" has no agent policy (fleets with secrets: support)',
    );
    expect(() => fleetNotifications.grantAgent('research', new iam.AnyPrincipal())).toThrow(
      'fleet "research" has no agent policy (fleets with secrets: support)',
    );
  });

  it("grants a role the same statements as the fleet's agent policy", () => {
    const stack = bareStack();
    const secret = new secretsmanager.Secret(stack, 'S', { secretName: 'rekey/s' });
    const table = new dynamodb.TableV2(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const fleetNotifications = notifications(
      stack,
      [{ name: 'support', secrets: [{ secret, secretName: 'rekey/s' }] }],
      table,
    );
    const role = new iam.Role(stack, 'AgentRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    const grant = fleetNotifications.grantAgent('support', role);

    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    const managed = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0];
    const inline = Object.values(template.findResources('AWS::IAM::Policy'))[0];
    const withoutSid = (doc: unknown) =>
      (doc as { Statement: Record<string, unknown>[] }).Statement.map(({ Sid: _sid, ...rest }) => rest);
    expect(withoutSid(inline?.Properties.PolicyDocument)).toEqual(withoutSid(managed?.Properties.PolicyDocument));
    expect(fleetNotifications.agentPolicy('support')).toBe(fleetNotifications.agentPolicies.support);
  });
});

describe('OperatorPolicy, on its own', () => {
  it('refuses to be made for no managed key', () => {
    const stack = bareStack();
    const fn = lambda.Function.fromFunctionName(stack, 'Fn', 'rotation');

    expect(
      () =>
        new OperatorPolicy(stack, 'OperatorPolicy', {
          keys: [],
          inventoryTable: dynamodb.Table.fromTableName(stack, 'T', 'inventory'),
          rotationFunction: fn,
          revocationStateMachine: sfn.StateMachine.fromStateMachineName(stack, 'Sm', 'revocation'),
          fleetTopic: sns.Topic.fromTopicArn(stack, 'F', 'arn:aws:sns:eu-west-1:111111111111:fleet'),
          opsTopic: sns.Topic.fromTopicArn(stack, 'O', 'arn:aws:sns:eu-west-1:111111111111:ops'),
        }),
    ).toThrow('keys must name at least one managed key, got none');
  });

  it("reads a provider's admin secret, known by name, on its -?????? pattern only", () => {
    const { template } = synthStack({
      keys: [
        {
          name: 'agents/support/anthropic',
          provider: 'anthropic',
          options: {},
          adminSecretName: 'rekey-admin/anthropic',
          fleets: ['support'],
        },
      ],
      fleets: [{ name: 'support' }],
    });

    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'ProviderAdminCredentials',
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':secretsmanager:eu-west-1:111111111111:secret:rekey-admin/anthropic-??????',
                ],
              ],
            },
          },
        ]),
      },
    });
  });
});
