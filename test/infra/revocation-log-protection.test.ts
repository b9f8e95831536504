import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyLogProtection, MANAGED_KEY_FORMATS } from '../../lib/log-data-protection';
import { classifyKey } from '../../packages/client/src/patterns';
import { synthStack } from '../support/synth';

type Policy = {
  Configuration: { CustomDataIdentifier: { Name: string; Regex: string }[] };
  Statement: { DataIdentifier: unknown[]; Operation: Record<string, unknown> }[];
};

const SAMPLES = {
  anthropic: `sk-ant-api03-${'A1b2C3d4E5'.repeat(4)}`,
  anthropicAdmin: `sk-ant-admin01-${'A1b2C3d4E5'.repeat(4)}`,
  openaiProject: `sk-proj-${'a1B2c3D4e5'.repeat(4)}`,
  openaiServiceAccount: `sk-svcacct-${'a1B2c3D4e5'.repeat(4)}`,
  openaiAdmin: `sk-admin-${'a1B2c3D4e5'.repeat(4)}`,
  rekey: `rk_${'Zz9Yy8Xx7W'.repeat(4)}`,
  awsAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
};

const masks = (value: string) => MANAGED_KEY_FORMATS.some((f) => new RegExp(f.regex).test(value));

let template: Template;
beforeAll(() => {
  template = synthStack().template;
});

describe("rekey's log data protection", () => {
  it('puts the key-material policy on every log group rekey creates', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));

    expect(groups.length).toBeGreaterThanOrEqual(4); // three functions and the state machine
    for (const group of groups) {
      const policy = group.Properties?.DataProtectionPolicy as Policy | undefined;
      expect(policy?.Configuration.CustomDataIdentifier.map((c) => c.Name)).toEqual(
        MANAGED_KEY_FORMATS.map((f) => f.name),
      );
      expect(JSON.stringify(policy?.Statement)).toContain('data-identifier/AwsSecretKey');
      expect(policy?.Statement.map((s) => Object.keys(s.Operation)[0])).toEqual(['Audit', 'Deidentify']);
    }
  });

  it('masks every managed key format and leaves ordinary log text alone', () => {
    for (const sample of Object.values(SAMPLES)) expect(masks(sample), sample).toBe(true);
    for (const text of [
      'revocation workflow started',
      'secret rekey/agents/support',
      '11111111-1111-4111-8111-111111111111',
    ]) {
      expect(masks(text), text).toBe(false);
    }
  });

  it('covers each key kind the client redactor knows for the managed providers', () => {
    for (const sample of Object.values(SAMPLES)) {
      expect(['anthropic', 'openai', 'rekey-generated', 'aws-access-key']).toContain(classifyKey(sample));
    }
  });

  it('writes each regex in the subset CloudWatch Logs accepts (no groups, at most 200 characters)', () => {
    for (const f of MANAGED_KEY_FORMATS) {
      expect(f.regex.length).toBeLessThanOrEqual(200);
      expect(f.regex).not.toMatch(/[()]/);
    }
  });
});

describe('KeyLogProtection for a fleet’s own log groups', () => {
  const stack = () => new Stack(new App(), 'Fleet');

  it('protects log groups defined in the app', () => {
    const s = stack();
    const group = new logs.LogGroup(s, 'AgentLogs');

    new KeyLogProtection(s, 'KeyLogs', { logGroups: [group] });

    const [resource] = Object.values(Template.fromStack(s).findResources('AWS::Logs::LogGroup'));
    const policy = resource?.Properties?.DataProtectionPolicy as Policy;
    expect(policy.Configuration.CustomDataIdentifier).toContainEqual({
      Name: 'RekeyGeneratedToken',
      Regex: 'rk_[A-Za-z0-9]{40}',
    });
  });

  it('offers the policy for a log group not yet created, with extra formats', () => {
    const s = stack();
    new logs.LogGroup(s, 'AgentLogs', {
      dataProtectionPolicy: KeyLogProtection.policy({
        additionalFormats: [{ name: 'InternalToken', regex: 'itk_[a-z0-9]{32}' }],
      }),
    });

    const [resource] = Object.values(Template.fromStack(s).findResources('AWS::Logs::LogGroup'));
    expect(
      (resource?.Properties?.DataProtectionPolicy as Policy | undefined)?.Configuration.CustomDataIdentifier,
    ).toContainEqual({
      Name: 'InternalToken',
      Regex: 'itk_[a-z0-9]{32}',
    });
  });

  it('refuses an imported log group, naming it, since it has no resource to carry the policy', () => {
    const s = stack();
    const imported = logs.LogGroup.fromLogGroupName(s, 'Imported', 'agents');

    expect(() => new KeyLogProtection(s, 'KeyLogs', { logGroups: [imported] })).toThrow(
      'logGroups[0] (Fleet/Imported) is not a log group defined in this app',
    );
  });

  it('refuses a log group that already has a policy', () => {
    const s = stack();
    const group = new logs.LogGroup(s, 'AgentLogs', { dataProtectionPolicy: KeyLogProtection.policy() });

    expect(() => new KeyLogProtection(s, 'KeyLogs', { logGroups: [group] })).toThrow(
      'logGroups[0] (Fleet/AgentLogs) already has a data protection policy',
    );
  });

  it.each([
    [
      [{ name: 'Grouped', regex: 'tok_(a|b)' }],
      'key format Grouped: regex uses a character CloudWatch Logs does not accept',
    ],
    [[{ name: 'bad name!', regex: 'x' }], 'key format name must be 1 to 128 letters, digits, _ or -, got "bad name!"'],
    [[{ name: 'RekeyGeneratedToken', regex: 'x' }], 'key format names must be unique, got "RekeyGeneratedToken" twice'],
    [
      Array.from({ length: 4 }, (_, i) => ({ name: `Extra${i}`, regex: `x${i}` })),
      'a data protection policy holds at most 10 custom key formats, got 11',
    ],
  ])('rejects additional formats %#', (additionalFormats, message) => {
    expect(() => KeyLogProtection.policy({ additionalFormats })).toThrow(message);
  });
});
