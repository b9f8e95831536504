import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import { ExposureIntake } from '../../lib/exposure-intake';
import { RekeyStack } from '../../lib/rekey-stack';
import { TEST_CONFIG } from '../support/synth';

/**
 * The confused deputy: a service principal allowed on a resource with no source condition acts for any account
 * that points the service at it (another account's rule publishing to the ops topic, another account's secret
 * naming the rotation function). Every resource policy statement in the synthesized templates that allows a
 * service principal must name its source: `aws:SourceAccount` or `aws:SourceArn` in its Condition, or, for a
 * Lambda permission, its SourceAccount or SourceArn property. Role trust policies (`lambda.amazonaws.com`,
 * `states.amazonaws.com` assuming rekey's own roles) are not resource policies on shared resources and are left out.
 */

const outdir = mkdtempSync(join(tmpdir(), 'rekey-service-principals-'));
const newApp = () => new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Resource = { Type: string; Properties?: Record<string, unknown> };
interface Grant {
  readonly resource: string;
  readonly type: string;
  readonly services: string[];
  readonly sourced: boolean;
}

const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn'];
const servicesOf = (principal: unknown): string[] => {
  const service = (principal as { Service?: unknown } | undefined)?.Service;
  return service === undefined ? [] : [service].flat().map(String);
};
const conditionNamesSource = (condition: unknown): boolean =>
  Object.values((condition ?? {}) as Record<string, Record<string, unknown>>).some((byKey) =>
    Object.keys(byKey ?? {}).some((k) => SOURCE_KEYS.includes(k.toLowerCase())),
  );

/** Every Allow statement of every policy document anywhere in a resource's properties. */
function statementsIn(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(statementsIn);
  if (!value || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const own = Array.isArray(o.Statement) ? (o.Statement as Record<string, unknown>[]) : [];
  return [...own, ...Object.entries(o).flatMap(([k, v]) => (k === 'Statement' ? [] : statementsIn(v)))];
}

/** Every grant to a service principal in a template's resource policies and Lambda permissions. */
function serviceGrants(template: Template): Grant[] {
  const grants: Grant[] = [];
  for (const [id, r] of Object.entries(template.toJSON().Resources as Record<string, Resource>)) {
    const props = r.Properties ?? {};
    if (r.Type === 'AWS::Lambda::Permission') {
      const principal = String(props.Principal ?? '');
      if (principal.endsWith('.amazonaws.com')) {
        grants.push({
          resource: id,
          type: r.Type,
          services: [principal],
          sourced: props.SourceAccount !== undefined || props.SourceArn !== undefined,
        });
      }
      continue;
    }
    // Identity policies name no principal; a role's trust policy is not a resource policy on a shared resource.
    if (r.Type.startsWith('AWS::IAM::')) continue;
    for (const s of statementsIn(props)) {
      const services = servicesOf(s.Principal);
      if (s.Effect !== 'Allow' || services.length === 0) continue;
      grants.push({ resource: id, type: r.Type, services, sourced: conditionNamesSource(s.Condition) });
    }
  }
  return grants;
}

const unsourced = (template: Template) => serviceGrants(template).filter((g) => !g.sourced);

function rekeyTemplate(config = TEST_CONFIG): Template {
  const stack = new RekeyStack(newApp(), 'Rekey', {
    config: parseConfig(config),
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  return Template.fromStack(stack);
}

describe('service principals in resource policies', () => {
  it("name their source in rekey's stack: topics, queues, keys, the finding bus and every Lambda permission", () => {
    const template = rekeyTemplate();

    const grants = serviceGrants(template);

    // The walk sees the grants that matter (so an empty list below is not an empty walk).
    const seen = new Set(grants.map((g) => `${g.type} ${g.services.join(',')}`));
    for (const expected of [
      'AWS::Lambda::Permission secretsmanager.amazonaws.com',
      'AWS::SNS::TopicPolicy events.amazonaws.com',
      'AWS::SNS::TopicPolicy cloudwatch.amazonaws.com',
      'AWS::KMS::Key events.amazonaws.com',
      'AWS::KMS::Key cloudwatch.amazonaws.com',
      'AWS::SQS::QueuePolicy sns.amazonaws.com',
      'AWS::SQS::QueuePolicy events.amazonaws.com',
    ]) {
      expect(seen).toContain(expected);
    }
    expect(grants.filter((g) => !g.sourced)).toEqual([]);
  });

  it('name their source with GitHub configured (the webhook, its backstop and their permissions)', () => {
    const template = rekeyTemplate({
      ...TEST_CONFIG,
      github: { webhookSecretName: 'rekey/github/webhook', tokenSecretName: 'rekey/github/token' },
    });

    expect(unsourced(template)).toEqual([]);
  });

  it('name their source in an exposure intake used on its own with an encrypted alarm topic', () => {
    const stack = new Stack(newApp(), 'Own', { env: { account: '111111111111', region: 'eu-west-1' } });
    const key = new kms.Key(stack, 'AlarmKey');
    const topic = new sns.Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true });
    new ExposureIntake(stack, 'Intake', { environment: {}, alarmTopic: topic, alarmTopicKey: key });

    const template = Template.fromStack(stack);

    expect(serviceGrants(template).some((g) => g.type === 'AWS::KMS::Key')).toBe(true);
    expect(unsourced(template)).toEqual([]);
  });

  it('would report a service principal granted with no source (the checks above can fail)', () => {
    const stack = new Stack(newApp(), 'Bad', { env: { account: '111111111111', region: 'eu-west-1' } });
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
    topic.grantPublish(new iam.ServicePrincipal('events.amazonaws.com'));

    const found = unsourced(Template.fromStack(stack));

    expect(found).toEqual([
      expect.objectContaining({ type: 'AWS::SNS::TopicPolicy', services: ['events.amazonaws.com'], sourced: false }),
    ]);
  });
});
