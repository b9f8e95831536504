// Shared test setup: quiet the AWS SDK's Node 20 support warning and give every SDK client
// dummy credentials and a region, so no test ever reaches for a real AWS account.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'testing';
process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
process.env.POWERTOOLS_DEV ??= 'false';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// aws-cdk-lib checks each synthesized template against CloudFormation's schemas, at nine tenths of a synthesis's
// cost; test/infra/cloudformation-validation.test.ts runs that check, and every other synthesis skips it.
process.env.CDK_VALIDATION ??= 'false';
