import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '../../contract';
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

  it("lets each fleet's agents invoke that one function and no other Lambda action or function", () => {
    const fn = reportFunctionId();
    const policies = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) =>
      id.includes('AgentPolicy'),
    );

    expect(policies.length).toBe(2);
    for (const [, policy] of policies) {
      const lambda = statementsOf(policy as never).filter((s) =>
        [s.Action].flat().some((a) => a.startsWith('lambda:')),
      );
      expect(lambda).toEqual([
        {
          Sid: 'ReportDeadKeys',
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: { 'Fn::GetAtt': [fn, 'Arn'] },
        },
      ]);
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

  it('is named in the stack outputs agents find it by', () => {
    template.hasOutput(STACK_OUTPUTS.keyReportFunctionName, { Value: { Ref: reportFunctionId() } });
  });
});
