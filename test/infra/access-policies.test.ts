import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentPolicyIdPrefix, OPERATOR_POLICY_ID_PREFIX } from '../../local/emulator/iam/index';
import { synthStack } from '../support/synth';
import { managedPolicy, refsIn, secretId } from './policy-support';

type Synth = ReturnType<typeof synthStack>;
let synth: Synth;

beforeAll(() => {
  // TEST_CONFIG: support has one generated key; research has a generated key and an aws-iam key (user research-agent).
  synth = synthStack();
});

describe("each fleet's agent policy", () => {
  it('reads its own secrets, receives from its own queue and acknowledges only its own versions', () => {
    const support = secretId(synth.template, 'rekey/agents/support/internal');

    synth.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'ReadFleetKeys',
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: { Ref: support },
          },
          {
            Sid: 'ReceiveFleetNotifications',
            Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NotificationssupportQueue'), 'Arn'] },
          },
          {
            Sid: 'AcknowledgeFleetVersions',
            Action: 'dynamodb:UpdateItem',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^InventoryTable'), 'Arn'] },
            Condition: {
              'ForAllValues:StringEquals': {
                'dynamodb:LeadingKeys': ['SECRET#rekey/agents/support/internal'],
                // livenessAgents: the ack of an agent that keeps a liveness record (contract/liveness.ts).
                'dynamodb:Attributes': ['pk', 'sk', 'ackAgents', 'lastAckAt', 'livenessAgents'],
              },
              StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
            },
          },
          {
            Sid: 'AnnounceFleetLiveness',
            Action: 'dynamodb:UpdateItem',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^InventoryTable'), 'Arn'] },
            Condition: {
              'ForAllValues:StringEquals': {
                'dynamodb:LeadingKeys': ['LIVE#rekey/agents/support/internal'],
                'dynamodb:Attributes': ['pk', 'sk', 'agentId', 'versionId', 'renewedAt', 'expiresAt'],
              },
              Null: { 'dynamodb:LeadingKeys': 'false' },
              StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
            },
          },
          {
            Sid: 'ReportDeadKeys',
            Action: 'lambda:InvokeFunction',
            Resource: { Ref: Match.stringLikeRegexp('^KeyReportFleetsupport') },
          },
        ],
      },
    });
  });

  it("grants a fleet with two secrets both of them, and the keys' items of both", () => {
    const internal = secretId(synth.template, 'rekey/agents/research/internal');
    const aws = secretId(synth.template, 'rekey/agents/research/aws');

    synth.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'ReadFleetKeys', Resource: [{ Ref: internal }, { Ref: aws }] }),
          Match.objectLike({
            Sid: 'AcknowledgeFleetVersions',
            Condition: Match.objectLike({
              'ForAllValues:StringEquals': Match.objectLike({
                'dynamodb:LeadingKeys': ['SECRET#rekey/agents/research/internal', 'SECRET#rekey/agents/research/aws'],
              }),
            }),
          }),
        ]),
      },
    });
  });

  it("never names another fleet's secret or queue", () => {
    const own: Record<string, string[]> = {
      support: [secretId(synth.template, 'rekey/agents/support/internal')],
      research: [
        secretId(synth.template, 'rekey/agents/research/internal'),
        secretId(synth.template, 'rekey/agents/research/aws'),
      ],
    };
    for (const [fleet, secrets] of Object.entries(own)) {
      const { statements } = managedPolicy(synth.template, agentPolicyIdPrefix(fleet));

      const secretRefs = refsIn(statements).filter((ref) => ref.includes('Secret'));
      const queues = JSON.stringify(statements).match(/Notifications[A-Za-z0-9]+Queue[A-Z0-9]{8}/g) ?? [];

      expect(secretRefs.sort()).toEqual([...secrets].sort());
      expect(new Set(queues.map((q) => q.replace(/Queue.*$/, '')))).toEqual(new Set([`Notifications${fleet}`]));
    }
  });

  it('has the logical id prefix the local stack finds it by, and a stack output per fleet', () => {
    const support = managedPolicy(synth.template, agentPolicyIdPrefix('support'));
    const research = managedPolicy(synth.template, agentPolicyIdPrefix('research'));

    synth.template.hasOutput('AgentPolicyArnSupport', { Value: { Ref: support.id } });
    synth.template.hasOutput('AgentPolicyArnResearch', { Value: { Ref: research.id } });
  });
});

describe('both policies', () => {
  const policies = () => [
    managedPolicy(synth.template, agentPolicyIdPrefix('support')),
    managedPolicy(synth.template, agentPolicyIdPrefix('research')),
    managedPolicy(synth.template, OPERATOR_POLICY_ID_PREFIX),
  ];

  it('name secrets made in the stack by their own ARN, never by a -?????? pattern', () => {
    for (const { statements } of policies()) expect(JSON.stringify(statements)).not.toContain('-??????');
  });

  it('name no wildcard action, and Resource "*" only for ListSecrets', () => {
    for (const { statements } of policies()) {
      for (const s of statements) {
        for (const action of [s.Action].flat()) expect(action).not.toContain('*');
        if ([s.Resource].flat().includes('*')) expect(s.Action).toBe('secretsmanager:ListSecrets');
      }
    }
  });
});

describe('the stack, made keys first so that the fleets get their secrets', () => {
  it("still gives the rotation function the topics' and the state machine's ARNs", () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'rekey rotation function for Secrets Manager',
      Environment: {
        Variables: Match.objectLike({
          REKEY_FLEET_TOPIC_ARN: { Ref: Match.stringLikeRegexp('^NotificationsFleetTopic') },
          REKEY_OPS_TOPIC_ARN: { Ref: Match.stringLikeRegexp('^NotificationsOpsTopic') },
          REKEY_REVOCATION_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('^RevocationStateMachine') },
        }),
      },
    });
  });

  it('refuses two fleets whose agent policy outputs would share a name', () => {
    expect(() =>
      synthStack({
        keys: [{ name: 'k', provider: 'generated', fleets: ['ab', 'Ab'] }],
        fleets: [{ name: 'ab' }, { name: 'Ab' }],
      }),
    ).toThrow('fleets "ab" and "Ab" would share the output AgentPolicyArnAb');
  });
});
