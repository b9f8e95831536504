import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { findingBusPolicy } from '../../lib/exposure-intake';

/**
 * Findings forwarded from an organisation's security account, evaluated as AWS evaluates a cross-account PutEvents:
 * the caller's own account must allow it (its identity policy) and so must rekey's bus (its resource policy). The
 * local stack runs one account, so this boundary is proved here, on the bus policy the construct emits, with the
 * same evaluator the local stack uses (@cloud-copilot/iam-simulate).
 */
const REKEY_ACCOUNT = '111111111111';
const SECURITY_ACCOUNT = '222222222222';
const OTHER_ACCOUNT = '333333333333';
const BUS_ARN = `arn:aws:events:us-east-1:${REKEY_ACCOUNT}:event-bus/RekeyIntakeFindings`;

function busPolicy(forwardingAccounts: string[]): unknown {
  const stack = new Stack(undefined, 'Policy');
  const doc = stack.resolve(findingBusPolicy({ busArn: BUS_ARN, scannerRoles: [], forwardingAccounts }).toJSON());
  return inPartition(doc);
}

/** The account principals' `arn:${AWS::Partition}:iam::…:root`, as CloudFormation resolves them in the aws partition. */
function inPartition(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inPartition);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record.Ref === 'AWS::Partition') return 'aws';
  const join = record['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map(inPartition).join(join[0]);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, inPartition(v)]));
}

/** A role in `account` whose own policy allows PutEvents on rekey's bus (the forwarding rule's role, or anyone's). */
async function putEvents(account: string, policy: unknown, source: string, detailType = 'Secret Exposed') {
  const principal = `arn:aws:iam::${account}:role/forward-findings`;
  const result = await runSimulation(
    {
      request: {
        principal,
        action: 'events:PutEvents',
        resource: { resource: BUS_ARN, accountId: REKEY_ACCOUNT },
        contextVariables: {
          'aws:PrincipalAccount': account,
          'aws:PrincipalArn': principal,
          'aws:SecureTransport': 'true',
          'events:source': [source],
          'events:detail-type': [detailType],
        },
      },
      identityPolicies: [
        {
          name: 'forward',
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS_ARN }],
          },
        },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policy as never,
    },
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

describe("findings forwarded from another account to rekey's bus", () => {
  it('admits the configured security account putting rekey findings', async () => {
    const policy = busPolicy([SECURITY_ACCOUNT]);

    expect(await putEvents(SECURITY_ACCOUNT, policy, 'rekey.scanner')).toBe('Allowed');
    expect(await putEvents(SECURITY_ACCOUNT, policy, 'rekey.github')).toBe('Allowed');
  });

  it('refuses the security account anything but a rekey finding: an AWS source or another detail-type', async () => {
    const policy = busPolicy([SECURITY_ACCOUNT]);

    expect(await putEvents(SECURITY_ACCOUNT, policy, 'aws.health')).not.toBe('Allowed');
    expect(await putEvents(SECURITY_ACCOUNT, policy, 'rekey.scanner', 'Rotate Now')).not.toBe('Allowed');
  });

  it('refuses an account that is not configured, even with its own policy allowing PutEvents', async () => {
    expect(await putEvents(OTHER_ACCOUNT, busPolicy([SECURITY_ACCOUNT]), 'rekey.scanner')).not.toBe('Allowed');
  });

  it('refuses every other account when no forwarding account is configured', async () => {
    expect(await putEvents(SECURITY_ACCOUNT, busPolicy([]), 'rekey.scanner')).not.toBe('Allowed');
  });
});
