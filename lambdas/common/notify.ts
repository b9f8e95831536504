import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { FLEET_NAME } from '../../contract/fleets';
import {
  type FleetNotification,
  FleetNotificationSchema,
  NOTIFICATION_ATTRIBUTES,
} from '../../packages/client/src/notification';
import { scrub } from './logger';
import * as z from './zod';

/**
 * Publishes a fleet notification to the fleets a secret is tagged for (contract/fleets.ts `fleetsFromTags`): ids and
 * versions only (the schema is strict, so a stray field cannot carry a key), with the `fleets` attribute each fleet's
 * subscription filters on. A secret tagged for no fleet has no one to tell: nothing is published, and the answer is
 * false. Fleet names that are not fleet names are refused (typed error), never sent.
 */
export async function publishFleetEvent(
  sns: SNSClient,
  topicArn: string,
  notification: FleetNotification,
  fleets: readonly string[],
): Promise<boolean> {
  const body = z.parse(FleetNotificationSchema, notification);
  const to = z.parse(FleetsSchema, [...new Set(fleets)].sort());
  if (to.length === 0) return false;
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify(body),
      MessageAttributes: {
        [NOTIFICATION_ATTRIBUTES.secretName]: { DataType: 'String', StringValue: body.secretName },
        [NOTIFICATION_ATTRIBUTES.event]: { DataType: 'String', StringValue: body.event },
        [NOTIFICATION_ATTRIBUTES.version]: { DataType: 'String', StringValue: body.versionId },
        [NOTIFICATION_ATTRIBUTES.fleets]: { DataType: 'String.Array', StringValue: JSON.stringify(to) },
      },
    }),
  );
  return true;
}

/** The fleets a notification goes to: fleet names (contract/fleets.ts), sorted, each once. */
const FleetsSchema = z.array(z.string().check(z.regex(FLEET_NAME)));

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
