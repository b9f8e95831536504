import { type ClientLogger, describeError } from '../logger';
import type { FleetNotification } from '../notification';
import type { SecretSink } from './types';

/** Hands a notification to every sink; one that throws is logged and does not stop the others. */
export function dispatch(sinks: Iterable<SecretSink>, notification: FleetNotification, logger: ClientLogger): void {
  for (const sink of sinks) {
    try {
      sink.notify(notification);
    } catch (err) {
      logger.warn(
        { secretName: notification.secretName, ...describeError(err) },
        'a secret failed to take a notification',
      );
    }
  }
}
