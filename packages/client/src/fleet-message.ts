import { NotificationFormatError } from './errors';
import { type FleetNotification, FleetNotificationSchema } from './notification';

/**
 * Parses a fleet notification from the text a subscription delivers: the raw JSON body (SQS with raw message
 * delivery) or the SNS envelope (`{"Type":"Notification","Message":"<json>",...}`) around it. Errors name what is
 * wrong, never quote the text.
 */
export function parseFleetMessage(body: string): FleetNotification {
  let parsed = parseJson(body, 'message body');
  if (isObject(parsed) && parsed.Type === 'Notification' && typeof parsed.Message === 'string') {
    parsed = parseJson(parsed.Message, 'SNS envelope Message');
  }
  const result = FleetNotificationSchema.safeParse(parsed);
  if (!result.success) {
    const where = result.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new NotificationFormatError(`not a fleet notification: invalid ${where}`);
  }
  return result.data;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new NotificationFormatError(`${what} is not JSON`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
