import type { FleetNotification } from '../notification';

/** What a change source talks to: one RotatingSecret. */
export interface SecretSink {
  /** Hands over a fleet notification; the secret ignores those for other secrets and versions it holds. */
  notify(notification: FleetNotification): void;
  /** The secret's backing store changed (a watched file): re-read it now. */
  invalidate(reason: string): void;
}

/**
 * A source of change notifications. One source may serve many secrets (one SQS queue or one SNS endpoint per
 * process, fanned out to every RotatingSecret attached to it); it runs while at least one is attached.
 */
export interface ChangeSource {
  readonly kind: string;
  attach(sink: SecretSink): void;
  /** Detaches; the source stops (and resolves once stopped) when its last sink leaves. */
  detach(sink: SecretSink): Promise<void>;
}
