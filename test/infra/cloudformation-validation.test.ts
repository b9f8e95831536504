import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type RekeyConfigInput } from '../../lib/config';
import { RekeyStack } from '../../lib/rekey-stack';

/**
 * aws-cdk-lib validates every template it synthesizes against CloudFormation's resource schemas
 * (`@aws/cloudformation-validate`). That costs about nine tenths of a synthesis, and the suite synthesizes a few
 * hundred stacks, so test/support/setup.ts turns it off (`CDK_VALIDATION=false`). Here it runs, with the default
 * rules' errors failing the synthesis (`cdk synth` only warns), on a stack with every part rekey can deploy.
 */
const EVERY_PART: RekeyConfigInput = {
  keys: [
    { name: 'agents/support/internal', provider: 'generated', schedule: 'rate(30 days)', fleets: ['support'] },
    { name: 'agents/research/aws', provider: 'aws-iam', options: { userName: 'research-agent' }, fleets: ['research'] },
    {
      name: 'agents/research/openai',
      provider: 'openai',
      options: { projectId: 'proj_abc' },
      adminSecretName: 'admin/openai',
      fleets: ['research'],
    },
    {
      name: 'agents/research/claude',
      provider: 'anthropic',
      options: {},
      adminSecretName: 'admin/anthropic',
      fleets: ['research'],
    },
    {
      name: 'agents/support/tools',
      provider: 'http',
      options: { baseUrl: 'https://keys.internal.example' },
      adminSecretName: 'admin/tools',
      fleets: ['support'],
    },
  ],
  fleets: [{ name: 'support' }, { name: 'research' }],
  enrollment: { profiles: [{ name: 'internal', provider: 'generated' }] },
  github: {
    webhookSecretName: 'rekey-github/webhook',
    tokenSecretName: 'rekey-github/token',
    backstop: { orgs: ['example-org'] },
  },
  opsEmail: 'ops@example.com',
  intake: { scannerPrincipals: ['arn:aws:iam::111111111111:role/operator'] },
};

let saved: string | undefined;
let outdir: string;

beforeAll(() => {
  saved = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  outdir = mkdtempSync(join(tmpdir(), 'rekey-cfn-validate-'));
});

afterAll(() => {
  if (saved === undefined) delete process.env.CDK_VALIDATION;
  else process.env.CDK_VALIDATION = saved;
  rmSync(outdir, { recursive: true, force: true });
});

/** An app whose synthesis fails on any error of the built-in CloudFormation validation. */
const strictApp = (dir: string) =>
  new App({
    outdir: dir,
    context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': true },
  });

describe("CDK's built-in CloudFormation validation", () => {
  it('finds nothing in a stack with every part rekey deploys', () => {
    const app = strictApp(join(outdir, 'rekey'));
    new RekeyStack(app, 'Rekey', {
      config: parseConfig(EVERY_PART),
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    const assembly = app.synth();

    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });

  it('fails a synthesis on a template CloudFormation would refuse (the check above can fail)', () => {
    const app = strictApp(join(outdir, 'bad'));
    // An SQS queue keeps a message for at least 60 seconds.
    new CfnResource(new Stack(app, 'Bad'), 'Queue', {
      type: 'AWS::SQS::Queue',
      properties: { MessageRetentionPeriod: 10 },
    });
    expect(() => app.synth()).toThrow(/MessageRetentionPeriod: 10 is less than the minimum of 60/);
  });
});
