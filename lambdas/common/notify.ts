import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  type FleetNotification,
  FleetNotificationSchema,
  NOTIFICATION_ATTRIBUTES,
} from '../../packages/client/src/notification';
import { scrub } from './logger';
import * as z from './zod';

/**
 * Publishes a fleet notification: ids and versions only (the schema is strict, so a stray field cannot carry a
 * key), with the message attributes each fleet's subscription filter policy selects on.
 */
export async function publishFleetEvent(
  sns: SNSClient,
  topicArn: string,
  notification: FleetNotification,
): Promise<void> {
  const body = z.parse(FleetNotificationSchema, notification);
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify(body),
      MessageAttributes: {
        [NOTIFICATION_ATTRIBUTES.secretName]: { DataType: 'String', StringValue: body.secretName },
        [NOTIFICATION_ATTRIBUTES.event]: { DataType: 'String', StringValue: body.event },
        [NOTIFICATION_ATTRIBUTES.version]: { DataType: 'String', StringValue: body.versionId },
      },
    }),
  );
}

export type OpsAlertKind =
  | 'unmatched-exposure'
  | 'exposure-handled'
  | 'rotation-failed'
  | 'rotation-due'
  | 'revocation-failed'
  | 'verification-failed'
  | 'invalid-event';

export interface OpsAlert {
  readonly kind: OpsAlertKind;
  readonly summary: string;
  readonly secretName?: string;
  readonly details?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** Publishes an alert for operators on the ops topic; the text is scrubbed before it leaves. */
export async function publishOpsAlert(sns: SNSClient, topicArn: string, alert: OpsAlert): Promise<void> {
  const message = scrub(JSON.stringify({ ...alert, at: new Date().toISOString() }));
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: `rekey: ${alert.kind}`.slice(0, 100),
      Message: message,
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: alert.kind },
        ...(alert.secretName ? { secretName: { DataType: 'String', StringValue: alert.secretName } } : {}),
      },
    }),
  );
}
