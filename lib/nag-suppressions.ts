import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag (AwsSolutions) findings rekey accepts, each narrowed to the construct and the exact permission, with
 * its reason. Everything else cdk-nag reports fails the synth. test/infra checks that every `Resource: *`
 * statement holds only the actions named here.
 */

const logicalId = (element: IConstruct): string => Stack.of(element).getLogicalId(element as CfnElement);

/** The acknowledgements made so far, by construct: a grant made once per key acknowledges its finding once. */
const made = new WeakMap<IConstruct, Set<string>>();
const acknowledgeOnce = (scope: IConstruct, rule: { id: string; reason: string }): void => {
  const ids = made.get(scope) ?? new Set<string>();
  made.set(scope, ids);
  if (ids.has(rule.id)) return;
  ids.add(rule.id);
  Validations.of(scope).acknowledge(rule);
};

/**
 * A rekey role whose only `Resource: *` statements are for actions AWS defines without resource-level permissions:
 * X-Ray tracing, secretsmanager:GetRandomPassword, and (state machine) CloudWatch Logs vended log delivery.
 */
export function acknowledgeFunctionRole(role: IConstruct): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only actions AWS defines without resource-level permissions: xray:PutTraceSegments/PutTelemetryRecords, secretsmanager:GetRandomPassword and logs:*LogDelivery/PutResourcePolicy for Step Functions logging.',
  });
}

/** A role that reads the inventory through its indexes and publishes to rekey's encrypted topics. */
export function acknowledgeInventoryAndTopics(role: IConstruct, inventoryTable: IConstruct): void {
  acknowledgeInventoryIndexes(role, inventoryTable);
  acknowledgeEncryptedTopicPublish(role);
}

/** A role that queries the inventory's indexes (`<table ARN>/index/*`, KeyInventory.grantItems). */
export function acknowledgeInventoryIndexes(role: IConstruct, inventoryTable: IConstruct): void {
  acknowledgeOnce(role, {
    id: `AwsSolutions-IAM5[Resource::<${logicalId(inventoryTable)}.Arn>/index/*]`,
    reason: "The inventory's own indexes (byFingerprint, byKeyId, byHint), used to match findings to keys.",
  });
}

/** A role that describes the revocation workflow's executions (`…:execution:<name>:*`, grantStartRevocation). */
export function acknowledgeExecutionDescribe(role: IConstruct, executionsArn: string): void {
  acknowledgeOnce(role, {
    id: `AwsSolutions-IAM5[Resource::${nagResource(role, executionsArn)}]`,
    reason:
      "DescribeExecution on the revocation workflow's own executions, named per revocation (`<name>:*`): a closed execution of a name is told from a running one only by its status.",
  });
}

/** A role that publishes to a KMS-encrypted topic (CDK's grantPublish adds `kms:GenerateDataKey*` on its key). */
export function acknowledgeEncryptedTopicPublish(role: IConstruct): void {
  acknowledgeOnce(role, {
    id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    reason: "CDK's grantPublish on an encrypted topic; scoped to the one key that encrypts rekey's topics.",
  });
}

/** A role allowed to invoke one function, which IAM expresses as the function ARN and its versions (`:*`). */
export function acknowledgeInvoke(role: IConstruct, fn: lambda.IFunction): void {
  acknowledgeOnce(role, {
    id: `AwsSolutions-IAM5[Resource::<${logicalId(fn.node.defaultChild as IConstruct)}.Arn>:*]`,
    reason: 'Invoking one named function covers its versions and aliases; no other function is reachable.',
  });
}

/** A queue that is a dead-letter queue of something cdk-nag cannot see (an EventBridge target, a Lambda). */
export function acknowledgeDeadLetterQueue(queue: sqs.IQueue): void {
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is itself a dead-letter queue (of an EventBridge target); a DLQ for a DLQ adds nothing.',
  });
}

/**
 * A role granted on enrolled keys by name pattern (`…:secret:<enrolledPrefix>*`, or a fleet's `<prefix><fleet>/*`):
 * keys enrolled at run time are not resources of the stack, so the pattern is the narrowest grant there is.
 */
export function acknowledgeEnrolledKeys(scope: IConstruct, arns: readonly string[]): void {
  for (const arn of arns) {
    acknowledgeOnce(scope, {
      id: `AwsSolutions-IAM5[Resource::${nagResource(scope, arn)}]`,
      reason:
        'Keys enrolled at run time (rekey enroll) are not stack resources: granted on the enrolled prefix (a fleet on its own `<prefix><fleet>/`), never on other secrets.',
    });
  }
}

/**
 * How cdk-nag names a resource in a finding id: literal parts as they are, `Ref`s as `<Name>` and `Fn::GetAtt`s as
 * `<LogicalId.Attribute>` (so the id is right whether the stack's region and account are concrete or not).
 */
function nagResource(scope: IConstruct, arn: string): string {
  const render = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const o = value as { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] };
    if (o.Ref) return `<${o.Ref}>`;
    if (o['Fn::GetAtt']) return `<${o['Fn::GetAtt'].join('.')}>`;
    if (o['Fn::Join']) return o['Fn::Join'][1].map(render).join(o['Fn::Join'][0]);
    throw new Error(`cannot name ${JSON.stringify(value)} as cdk-nag does`);
  };
  return render(Stack.of(scope).resolve(arn));
}

/**
 * The operator policy (lib/operator-policy.ts): ListSecrets, which AWS grants only on `*`; the revocation workflow's
 * executions (`<its name>:*`: executions are named per revocation), for Describe/StopExecution; and, where given,
 * DescribeSecret on the managed prefix (`<prefix>*`), so that an unknown key name is reported as unknown.
 */
export function acknowledgeOperatorPolicy(policy: IConstruct, executionsArn: string, lookUpArn?: string): void {
  if (lookUpArn) {
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResource(policy, lookUpArn)}]`,
      reason:
        'DescribeSecret only (metadata, never a value) under the managed prefix: a mistyped key name gets "no managed key named" and the known keys, not AccessDenied.',
    });
  }
  Validations.of(policy).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only secretsmanager:ListSecrets, which has no resource-level permissions (`rekey status` lists the keys).',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${nagResource(policy, executionsArn)}]`,
      reason:
        "The revocation workflow's executions, named per revocation, for DescribeExecution/StopExecution; no other state machine's.",
    },
  );
}
