// A user's own CDK app: their stack, with rekey dropped in from the installed @rekey/cdk tarball, checked by cdk-nag.
const { App, Duration, Stack, Validations } = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');
const { AwsSolutionsChecks } = require('cdk-nag');
const { KeyProvider, KeySchedule, Rekey } = require('@rekey/cdk');

const app = new App({ outdir: require('node:path').join(__dirname, 'cdk.out') });
const stack = new Stack(app, 'PlatformStack', { env: { account: '111111111111', region: 'eu-west-1' } });

// Something of the user's own in the stack, next to rekey.
const agents = new iam.Role(stack, 'SupportAgents', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
const openaiAdmin = secretsmanager.Secret.fromSecretNameV2(stack, 'OpenAiAdmin', 'platform/openai-admin');

const rekey = new Rekey(stack, 'Rekey', {
  keys: [
    { name: 'support/tools', provider: KeyProvider.generated(), schedule: Duration.days(30), fleets: ['support'] },
    {
      name: 'support/openai',
      provider: KeyProvider.openai({ projectId: 'proj_123', adminSecret: openaiAdmin }),
      schedule: Duration.days(7),
      fleets: ['support'],
    },
    {
      name: 'ci/aws',
      provider: KeyProvider.awsIam({ userName: 'ci-bot' }),
      schedule: KeySchedule.cron('cron(0 4 ? * MON *)'),
      fleets: ['ci'],
    },
  ],
  fleets: [{ name: 'support' }, { name: 'ci', queue: false }],
  verification: { scheduledWait: Duration.minutes(75), emergencyWait: Duration.seconds(60) },
  github: {
    webhookSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'GitHubWebhook', 'platform/github-webhook'),
    tokenSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'GitHubToken', 'platform/github-token'),
  },
});
agents.addManagedPolicy(rekey.agentPolicy('support'));

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
console.log('synthesized', stack.stackName, 'with', Object.keys(rekey.keys).length, 'managed keys');
