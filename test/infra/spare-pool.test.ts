import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyProvider, ManagedKey } from '../../lib';
import { sparePoolOf } from '../../lib/key-provider';
import { synthStack, TEST_CONFIG } from '../support/synth';

const outdir = mkdtempSync(join(tmpdir(), 'rekey-spare-pool-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** An anthropic ManagedKey alone in a stack: its spare pool secret and who is granted it. */
const setUp = (secretName = 'rekey/agents/claude', spareFloor?: number) => {
  const stack = new Stack(new App({ outdir }), 'Alone', { env: { account: '111111111111', region: 'eu-west-1' } });
  const rotationFunction = new lambda.Function(stack, 'Rotation', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  const adminSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Admin', 'admin/anthropic');
  const key = new ManagedKey(stack, 'Key', {
    secretName,
    provider: KeyProvider.anthropic({ adminSecret, ...(spareFloor !== undefined ? { spareFloor } : {}) }),
    rotationFunction,
  });
  return { stack, key };
};

describe('the spare pool of an anthropic key', () => {
  it('is a secret of its own, named outside the managed prefix', () => {
    const { stack } = setUp();

    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'rekey-spares/rekey/agents/claude',
    });
  });

  it('is read and written by the rotation function on its own full ARN', () => {
    const { stack, key } = setUp();
    const pool = sparePoolOf(key.secret);

    const template = Template.fromStack(stack);

    expect(pool).toBeDefined();
    const poolId = stack.getLogicalId(pool?.node.defaultChild as secretsmanager.CfnSecret);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
            Resource: { Ref: poolId },
          }),
        ]),
      },
    });
  });

  it('is not granted to a revocation grantee', () => {
    const { stack, key } = setUp();
    const grantee = new iam.Role(stack, 'Grantee', { assumedBy: new iam.AccountRootPrincipal() });
    const poolId = stack.getLogicalId(sparePoolOf(key.secret)?.node.defaultChild as secretsmanager.CfnSecret);

    key.grantRevocation(grantee);
    key.grantEmergencyRotation(grantee);

    const granteeId = stack.getLogicalId(grantee.node.defaultChild as iam.CfnRole);
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: granteeId }]),
    );
    expect(policies.length).toBeGreaterThan(0);
    expect(JSON.stringify(policies)).not.toContain(poolId);
  });

  it('names the limit and the value of a spareFloor out of range', () => {
    expect(() => setUp(undefined, 101)).toThrow(
      'KeyProvider.anthropic: spareFloor must be an integer from 0 to 100, got 101',
    );
    expect(() => setUp(undefined, 1.5)).toThrow('spareFloor must be an integer from 0 to 100, got 1.5');
  });

  it('refuses a managed secret named where the spare pools live', () => {
    expect(() => setUp('rekey-spares/claude')).toThrow(
      'KeyProvider.anthropic: a managed secret\'s name must not start with "rekey-spares/" (spare pools live there), got "rekey-spares/claude"',
    );
  });
});

describe('the spare pool of other providers', () => {
  it('does not exist', () => {
    const stack = new Stack(new App({ outdir }), 'Generated');
    const rotationFunction = lambda.Function.fromFunctionArn(
      stack,
      'Rotation',
      'arn:aws:lambda:eu-west-1:111111111111:function:rotation',
    );

    const key = new ManagedKey(stack, 'Key', {
      secretName: 'rekey/g',
      provider: KeyProvider.generated(),
      rotationFunction,
    });

    expect(sparePoolOf(key.secret)).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::Secret', 1);
  });
});

describe('a stack with an anthropic key', () => {
  const synth = synthStack({
    ...TEST_CONFIG,
    keys: [
      ...TEST_CONFIG.keys,
      { name: 'agents/research/claude', provider: 'anthropic', options: {}, adminSecretName: 'admin/anthropic' },
    ],
  });

  it('passes cdk-nag AwsSolutions with the spare pool, whose lack of rotation is acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks(synth.app).validateScope(synth.app);

    expect(report.violations).toEqual([]);
    synth.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'rekey-spares/rekey/agents/research/claude',
    });
  });

  it('grants the operator policy the pool for rekey put --spare', () => {
    const pool = Object.entries(synth.template.findResources('AWS::SecretsManager::Secret')).find(
      ([, r]) => r.Properties.Name === 'rekey-spares/rekey/agents/research/claude',
    )?.[0];

    synth.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'StockSparePools',
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
            Resource: { Ref: pool },
          }),
        ]),
      },
    });
  });

  it("names the pool in no fleet's agent policy", () => {
    const pool = Object.entries(synth.template.findResources('AWS::SecretsManager::Secret')).find(
      ([, r]) => r.Properties.Name === 'rekey-spares/rekey/agents/research/claude',
    )?.[0];
    const policies = Object.values(synth.template.findResources('AWS::IAM::ManagedPolicy'));
    const agentPolicies = policies.filter((p) => !JSON.stringify(p).includes('StockSparePools'));

    expect(pool).toBeDefined();
    expect(agentPolicies.length).toBeGreaterThan(0);
    expect(JSON.stringify(agentPolicies)).not.toContain(`"${pool}"`);
  });
});
