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
  Validations.of(role).acknowledge(
    {
      id: `AwsSolutions-IAM5[Resource::<${logicalId(inventoryTable)}.Arn>/index/*]`,
      reason: "The inventory's own indexes (byFingerprint, byKeyId, byHint), used to match findings to keys.",
    },
    {
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: "CDK's grantPublish on an encrypted topic; scoped to the one key that encrypts rekey's topics.",
    },
  );
}

/** A role allowed to invoke one function, which IAM expresses as the function ARN and its versions (`:*`). */
export function acknowledgeInvoke(role: IConstruct, fn: lambda.IFunction): void {
  Validations.of(role).acknowledge({
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
