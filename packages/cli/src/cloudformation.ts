import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { StackNotFoundError } from './errors';

/** What the credential chain resolves to. */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface DescribeStackOutputsOptions {
  readonly stackName: string;
  readonly region: string;
  /** The normal credential chain, as an SDK client resolves it (`client.config.credentials`). */
  readonly credentials: () => Promise<AwsCredentialIdentity>;
  /** @default - the regional CloudFormation endpoint (or AWS_ENDPOINT_URL*) */
  readonly endpoint?: string;
  /** @default - a client made from the options above */
  readonly client?: CloudFormationClient;
}

/** Reads a deployed rekey stack's outputs (the resource names the CLI needs) with CloudFormation DescribeStacks. */
export async function describeStackOutputs(options: DescribeStackOutputsOptions): Promise<Record<string, string>> {
  const client =
    options.client ??
    new CloudFormationClient({
      region: options.region,
      credentials: options.credentials,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: options.stackName }));
    const outputs: Record<string, string> = {};
    for (const o of out.Stacks?.[0]?.Outputs ?? []) if (o.OutputKey) outputs[o.OutputKey] = o.OutputValue ?? '';
    return outputs;
  } catch (err) {
    const e = err as Error;
    if (e.name === 'ValidationError' && /does not exist/.test(e.message)) {
      throw new StackNotFoundError(options.stackName, options.region);
    }
    throw err;
  }
}
