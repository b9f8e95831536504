import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '../lib/config';
import { RekeyStack } from '../lib/rekey-stack';

/**
 * The CDK app: one rekey stack per config file. `cdk deploy -c config=path/to/account.json` picks the file, so each
 * account and region gets its own stack from one repository.
 */
const app = new App();
const configPath = (app.node.tryGetContext('config') as string | undefined) ?? 'rekey.config.json';
const config = loadConfig(configPath);
new RekeyStack(app, config.stackName, {
  config,
  env: config.env ?? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: 'rekey: zero-downtime API-key rotation for agent fleets',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
