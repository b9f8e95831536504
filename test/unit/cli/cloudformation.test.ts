import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeStackOutputs } from '../../../packages/cli/src/cloudformation';
import { StackNotFoundError } from '../../../packages/cli/src/errors';

const cfn = mockClient(CloudFormationClient);
const credentials = async () => ({ accessKeyId: 'local', secretAccessKey: 'local' });

describe('CloudFormation outputs', () => {
  beforeEach(() => cfn.reset());

  it("reads a deployed stack's outputs by name", async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'Rekey' }).resolves({
      Stacks: [
        {
          StackName: 'Rekey',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'SecretPrefix', OutputValue: 'rekey/' },
            { OutputKey: 'FleetTopicArn', OutputValue: 'arn:aws:sns:us-east-1:1:fleet' },
          ],
        },
      ],
    });

    const outputs = await describeStackOutputs({ stackName: 'Rekey', region: 'us-east-1', credentials });

    expect(outputs).toEqual({ SecretPrefix: 'rekey/', FleetTopicArn: 'arn:aws:sns:us-east-1:1:fleet' });
  });

  it('names the stack and region when the stack does not exist', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id Missing does not exist'), { name: 'ValidationError' }));

    const err = await describeStackOutputs({ stackName: 'Missing', region: 'eu-west-1', credentials }).catch(
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(StackNotFoundError);
    expect((err as Error).message).toBe('stack Missing was not found in eu-west-1');
  });
});
