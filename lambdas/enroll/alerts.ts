import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { scrub } from '../common/logger';

export type EnrollmentAlertKind = 'enrollment-orphaned' | 'enrollment-stuck' | 'enrollment-rolled-back';

/** Tells operators on the ops topic what reconcile found: names and reasons only, scrubbed like every ops alert. */
export async function publishEnrollmentAlert(
  sns: SNSClient,
  topicArn: string,
  alert: { kind: EnrollmentAlertKind; secretName: string; summary: string; reason?: string },
): Promise<void> {
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: `rekey: ${alert.kind}`,
      Message: scrub(JSON.stringify({ ...alert, at: new Date().toISOString() })),
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: alert.kind },
        secretName: { DataType: 'String', StringValue: alert.secretName },
      },
    }),
  );
}
