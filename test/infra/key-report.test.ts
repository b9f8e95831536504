import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { keyReportAlias, keyReportAliasOutputName, STACK_OUTPUTS } from '../../contract';
import { synthStack } from '../support/synth';

/** The dead-key report function: its limits, its grants, and who may invoke it. */
const { template } = synthStack();

function reportFunctionId(): string {
  const [id] = Object.entries(template.findResources('AWS::Lambda::Function')).find(
    ([, fn]) => fn.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'rekey-key-report',
  ) ?? [''];
  return id;
}

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };
const statementsOf = (resource: { Properties: { PolicyDocument: { Statement: Statement[] } } }) =>
  resource.Properties.PolicyDocument.Statement;

describe('the dead-key report function', () => {
  it('runs with a short timeout and a small reserved concurrency', () => {
    expect(reportFunctionId()).not.toBe('');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'rekey-key-report' }) },
      Timeout: 15,
      ReservedConcurrentExecutions: 2,
    });
  });

  it("lets each fleet's agents invoke their own fleet's alias only: no other alias, function or Lambda action", () => {
    const aliases = template.findResources('AWS::Lambda::Alias');
    const policies = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) =>
      id.includes('AgentPolicy'),
    );

    expect(policies.length).toBe(2);
    for (const [id, policy] of policies) {
      const fleet = id.startsWith('NotificationssupportAgentPolicy') ? 'support' : 'research';
      const [aliasId] = Object.entries(aliases).find(([, a]) => a.Properties?.Name === keyReportAlias(fleet)) ?? [];
      const lambda = statementsOf(policy as never).filter((s) =>
        [s.Action].flat().some((a) => a.startsWith('lambda:')),
      );
      expect(aliasId).toBeDefined();
      expect(lambda).toEqual([
        { Sid: 'ReportDeadKeys', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { Ref: aliasId } },
      ]);
    }
  });

  it('gives each fleet an alias of a published version of the function, named fleet-<fleet>', () => {
    const versions = template.findResources('AWS::Lambda::Version');
    const [versionId] = Object.keys(versions);
    expect(Object.keys(versions)).toHaveLength(1);
    expect(versions[versionId ?? '']?.Properties?.FunctionName).toEqual({ Ref: reportFunctionId() });
    for (const fleet of ['support', 'research']) {
      template.hasResourceProperties('AWS::Lambda::Alias', {
        Name: `fleet-${fleet}`,
        FunctionName: { Ref: reportFunctionId() },
        FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
      });
    }
  });

  it("may rotate, read and describe the managed secrets, and list the aws-iam key's user's access keys, and nothing else", () => {
    const role = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) =>
      id.startsWith('KeyReportHandlerRoleDefaultPolicy'),
    )?.[1];
    const actions = new Set(statementsOf(role as never).flatMap((s) => [s.Action].flat()));

    expect([...actions].sort()).toEqual(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'iam:ListAccessKeys',
        'kms:Decrypt',
        'kms:GenerateDataKey*',
        'lambda:InvokeFunction',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:RotateSecret',
        'sns:Publish',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });

  it("is named in the stack outputs, and each fleet's alias ARN is that fleet's output agents find it by", () => {
    template.hasOutput(STACK_OUTPUTS.keyReportFunctionName, { Value: { Ref: reportFunctionId() } });
    const aliasOf = (fleet: string) =>
      Object.entries(template.findResources('AWS::Lambda::Alias')).find(
        ([, a]) => a.Properties?.Name === keyReportAlias(fleet),
      )?.[0];
    template.hasOutput(keyReportAliasOutputName('support'), { Value: { Ref: aliasOf('support') } });
    template.hasOutput(keyReportAliasOutputName('research'), { Value: { Ref: aliasOf('research') } });
  });
});
