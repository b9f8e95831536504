import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENV } from '../../../contract';
import { logger } from '../../../lambdas/common/logger';
import { ProviderThrottledError } from '../../../lambdas/providers/errors';
import { handler } from '../../../lambdas/rotation';
import { captureOutput } from '../intake/support';

const sm = mockClient(SecretsManagerClient);
const EVENT = {
  Step: 'createSecret',
  SecretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rekey/agents/a-AbCdEf',
  ClientRequestToken: '8e3f0c52-6f0a-4d3b-9a57-0a6f5e1c2b3d',
};
const saved = { ...process.env };

beforeAll(() => {
  process.env[ENV.inventoryTable] = 'rekey-inventory';
  process.env[ENV.fleetTopicArn] = 'arn:aws:sns:us-east-1:123456789012:fleet';
  process.env[ENV.opsTopicArn] = 'arn:aws:sns:us-east-1:123456789012:ops';
  process.env[ENV.revocationStateMachineArn] = 'arn:aws:states:us-east-1:123456789012:stateMachine:revocation';
  process.env[ENV.secretPrefix] = 'rekey/';
  logger.setLogLevel('INFO');
});
afterAll(() => {
  process.env = saved;
});
beforeEach(() => sm.reset());

describe("the rotation function's log of a step that did not finish", () => {
  it('is a warning for a throttle, which Secrets Manager retries, and an error for anything else', async () => {
    sm.on(DescribeSecretCommand).rejectsOnce(new ProviderThrottledError('http', 'the key service answered 429', 1000));
    const throttled = await captureOutput(() => handler(EVENT).catch((err: Error) => err.name));
    sm.on(DescribeSecretCommand).rejectsOnce(new Error('InternalServiceError'));
    const failed = await captureOutput(() => handler(EVENT).catch((err: Error) => err.name));

    expect(throttled.result).toBe('ProviderThrottledError');
    expect(throttled.output).toMatch(/"level":"WARN","message":"rotation step throttled; it will be retried"/);
    expect(throttled.output).not.toContain('rotation step failed');
    expect(failed.output).toMatch(/"level":"ERROR","message":"rotation step failed"/);
  });
});
