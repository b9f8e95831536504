import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ExposureIntake, type ExposureIntakeProps } from '../../lib/exposure-intake';

type Github = NonNullable<ExposureIntakeProps['github']>;

/**
 * An ExposureIntake with the GitHub webhook and a backstop, in a stack of its own, synthesized without bundling:
 * the secrets known by name as RekeyStack imports them, a bus of the caller's, an encrypted-at-rest ops topic.
 */
export function githubIntake(outdir: string, github: Partial<Github> = {}, options: { env?: boolean } = {}) {
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(
    app,
    'GitHub',
    options.env === false ? {} : { env: { account: '111111111111', region: 'us-east-1' } },
  );
  const table = new dynamodb.TableV2(stack, 'Inventory', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
  });
  const alarmTopic = new sns.Topic(stack, 'Ops', { enforceSSL: true });
  const construct = new ExposureIntake(stack, 'Intake', {
    environment: {},
    // A bus of the caller's: the intake's own bus and its policy are another suite's subject.
    eventBus: new events.EventBus(stack, 'Findings'),
    inventoryTable: table,
    alarmTopic,
    github: {
      webhookSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Webhook', 'rekey-github/webhook'),
      tokenSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Token', 'rekey-github/token'),
      backstop: { orgs: ['example-org'], repos: ['solo-user/tools'] },
      ...github,
    },
  });
  return {
    app,
    stack,
    construct,
    template: Template.fromStack(stack),
    topicId: stack.getLogicalId(alarmTopic.node.defaultChild as never),
  };
}
