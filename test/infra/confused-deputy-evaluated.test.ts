import { beforeAll, describe, expect, it } from 'vitest';
import { readAccountPolicies } from '../../local/emulator/iam/account';
import { LocalAuthorizer } from '../../local/emulator/iam/authorizer';
import type { ResourceDirectory } from '../../local/emulator/iam/requests';
import { TemplateResolver } from '../../local/emulator/resolve';
import type { Template as LocalTemplate } from '../../local/emulator/synth';
import { synthStack } from '../support/synth';
import { ACCOUNT, arn, at, REGION, ROTATION_FUNCTION, TOPIC_KEY } from './policy-evaluation';

/**
 * The confused deputy, attacked: a service acting for another account (its secret naming rekey's rotation
 * function, its rule targeting rekey's ops topic) is refused by the resource policies the stack emits, evaluated
 * as AWS evaluates a service principal's request (@cloud-copilot/iam-simulate through the local stack's
 * authorizer, with the aws:SourceAccount and aws:SourceArn the service sets), and the same service acting for
 * rekey's own account and resources is allowed.
 */
const OTHER_ACCOUNT = '222222222222';
let authorizer: LocalAuthorizer;
let withoutConditions: (resource: string) => LocalAuthorizer;
let opsTopicArn = '';
let ruleArns: string[] = [];
const foreignRule = arn(`events:${REGION}:${OTHER_ACCOUNT}:rule/steal-alerts`);

beforeAll(() => {
  const template = synthStack().template.toJSON() as LocalTemplate;
  const resolver = new TemplateResolver(template, REGION);
  const rules: string[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type === 'AWS::SNS::Topic') {
      const topicArn = arn(`sns:${at}:Rekey-${id}`);
      resolver.bind(id, { ref: topicArn, attributes: {} });
      if (id.startsWith('NotificationsOpsTopic')) opsTopicArn = topicArn;
    }
    if (r.Type === 'AWS::KMS::Key')
      resolver.bind(id, { ref: TOPIC_KEY.split('/')[1] ?? '', attributes: { Arn: TOPIC_KEY } });
    if (r.Type === 'AWS::Lambda::Function' && id.startsWith('RotationHandlerFunction')) {
      resolver.bind(id, { ref: ROTATION_FUNCTION, attributes: { Arn: ROTATION_FUNCTION } });
    }
    if (r.Type === 'AWS::Events::Rule' && id.startsWith('Monitoring')) {
      const ruleArn = arn(`events:${at}:rule/Rekey-${id}`);
      resolver.bind(id, { ref: ruleArn, attributes: { Arn: ruleArn } });
      rules.push(ruleArn);
    }
  }
  ruleArns = rules;
  const directory: ResourceDirectory = {
    region: REGION,
    account: ACCOUNT,
    secretArn: async (id) => id,
    partitionKey: () => 'pk',
    accessKeyUser: async () => undefined,
  };
  const policies = readAccountPolicies(template, resolver, ACCOUNT);
  const authorizerOf = (p: typeof policies) =>
    new LocalAuthorizer({ policies: p, directory, principals: new Map(), administrators: new Set() });
  authorizer = authorizerOf(policies);
  // The same account, with one resource's policy stripped of every Condition: what the grants were before.
  withoutConditions = (resource) => {
    const resourcePolicies = new Map(policies.resourcePolicies);
    const doc = policies.resourcePolicies.get(resource);
    if (doc) {
      resourcePolicies.set(resource, {
        ...doc,
        Statement: doc.Statement.map(({ Condition: _, ...statement }) => statement),
      });
    }
    return authorizerOf({ ...policies, resourcePolicies });
  };
});

const may = async (service: string, action: string, resource: string, context: Record<string, string>) =>
  (await authorizer.serviceMay(service, { action, resource, context })).allowed;

describe('a service acting for another account', () => {
  it("cannot invoke the rotation function for another account's secret", async () => {
    const ours = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': arn(`secretsmanager:${at}:secret:rekey/x-AbCdEf`) };
    const theirs = {
      'aws:SourceAccount': OTHER_ACCOUNT,
      'aws:SourceArn': arn(`secretsmanager:${REGION}:${OTHER_ACCOUNT}:secret:stolen-AbCdEf`),
    };

    expect(await may('secretsmanager.amazonaws.com', 'lambda:InvokeFunction', ROTATION_FUNCTION, ours)).toBe(true);
    expect(await may('secretsmanager.amazonaws.com', 'lambda:InvokeFunction', ROTATION_FUNCTION, theirs)).toBe(false);
  });

  it("cannot invoke the rotation function for a secret of this account outside rekey's prefix", async () => {
    const enrolled = {
      'aws:SourceAccount': ACCOUNT,
      'aws:SourceArn': arn(`secretsmanager:${at}:secret:rekey/enrolled/a/k-AbCdEf`),
    };
    const anotherTeams = {
      'aws:SourceAccount': ACCOUNT,
      'aws:SourceArn': arn(`secretsmanager:${at}:secret:billing/db-AbCdEf`),
    };
    // `rekey/*` as ArnLike: a name that only starts like the prefix is not under it.
    const lookalike = {
      'aws:SourceAccount': ACCOUNT,
      'aws:SourceArn': arn(`secretsmanager:${at}:secret:rekeyed/x-AbCdEf`),
    };

    expect(await may('secretsmanager.amazonaws.com', 'lambda:InvokeFunction', ROTATION_FUNCTION, enrolled)).toBe(true);
    expect(await may('secretsmanager.amazonaws.com', 'lambda:InvokeFunction', ROTATION_FUNCTION, anotherTeams)).toBe(
      false,
    );
    expect(await may('secretsmanager.amazonaws.com', 'lambda:InvokeFunction', ROTATION_FUNCTION, lookalike)).toBe(
      false,
    );
  });

  it("cannot publish to the ops topic from another account's rule, nor from any rule but rekey's", async () => {
    expect(ruleArns).toHaveLength(2);
    for (const rule of ruleArns) {
      expect(await may('events.amazonaws.com', 'sns:Publish', opsTopicArn, { 'aws:SourceArn': rule })).toBe(true);
    }
    const theirs = { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': foreignRule };
    const unknownRuleHere = { 'aws:SourceArn': arn(`events:${at}:rule/someone-elses`) };

    expect(await may('events.amazonaws.com', 'sns:Publish', opsTopicArn, theirs)).toBe(false);
    expect(await may('events.amazonaws.com', 'sns:Publish', opsTopicArn, unknownRuleHere)).toBe(false);
  });

  it("cannot use the topics' key for another account (a statement without its conditions would let it)", async () => {
    // iam-simulate does not evaluate kms:EncryptionContext:… keys, so the statements' StringLike on the topic ARN
    // pattern never matches here and the same account is refused too: what this proves is the account condition.
    const theirs = { 'aws:SourceAccount': OTHER_ACCOUNT };
    const unconditioned = withoutConditions(TOPIC_KEY);

    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      const check = { action: 'kms:GenerateDataKey', resource: TOPIC_KEY, context: theirs };
      expect(await may(service, check.action, check.resource, theirs)).toBe(false);
      expect((await unconditioned.serviceMay(service, check)).allowed).toBe(true);
    }
  });
});
