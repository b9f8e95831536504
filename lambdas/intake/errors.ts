import { InvalidEventError, RekeyError } from '../common/errors';
import type { FindingResult } from './intake';

/**
 * Errors of the exposure intake. Messages name sources, event ids, secrets and versions; never key material.
 */

/** An event from a source the intake has no normaliser for (a rule that should not target it). */
export class UnsupportedEventError extends InvalidEventError {
  constructor(
    readonly eventSource: string,
    readonly detailType: string,
  ) {
    super(`no normaliser for events from ${eventSource.slice(0, 64)} / ${detailType.slice(0, 64)}`);
    this.name = 'UnsupportedEventError';
  }
}

/** An event from a supported source whose shape is not the documented one. */
export class MalformedFindingError extends InvalidEventError {
  constructor(
    readonly eventSource: string,
    issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`finding from ${eventSource.slice(0, 64)} is not valid`, issues, options);
    this.name = 'MalformedFindingError';
  }
}

/** The secret changed under the intake faster than it could act (a rotation raced it); the event is retried. */
export class ExposureRaceError extends RekeyError {
  constructor(message: string) {
    super(message);
    this.name = 'ExposureRaceError';
  }
}

/**
 * A Security Hub finding from a product rekey was not configured to take findings from (`securityHubProductArns`):
 * the rule should not have routed it, so the event goes to the dead-letter queue with this reason.
 */
export class UntrustedProductError extends InvalidEventError {
  constructor(
    readonly productArn: string,
    readonly findingRef: string,
  ) {
    super(
      `Security Hub finding ${findingRef.slice(0, 256)} is from ${productArn.slice(0, 256)}, not a configured product`,
      [`detail.findings.ProductArn: ${productArn.slice(0, 256)} is not a configured product`],
    );
    this.name = 'UntrustedProductError';
  }
}

/**
 * Thrown out of the idempotent step when a finding names no managed key, so that Powertools keeps no completed
 * record of it: an unmatched finding is not done, and the same finding id seen again (the real alert after a forged
 * one, or after the key is enrolled) is handled afresh. Carries the result the caller reports.
 */
export class UnmatchedFindingError extends RekeyError {
  constructor(readonly result: FindingResult) {
    super(`finding ${result.findingKey.slice(0, 300)} names no managed key`);
    this.name = 'UnmatchedFindingError';
  }
}

/** An SQS batch reached an intake that has no work queue configured (its construct sets REKEY_INTAKE_WORK_QUEUE_URL). */
export class FanOutNotConfiguredError extends RekeyError {
  constructor() {
    super('the intake received a work-queue batch but has no work queue configured');
    this.name = 'FanOutNotConfiguredError';
  }
}

/** Some findings of an event could not be put on the work queue; the event is retried (queued ones dedupe). */
export class FanOutError extends RekeyError {
  constructor(
    readonly failed: number,
    readonly total: number,
  ) {
    super(`${failed} of ${total} findings could not be put on the intake work queue`);
    this.name = 'FanOutError';
  }
}

/**
 * A message put back on the work queue MAX_HAND_BACKS times and never handled (each time without the time or the
 * rate slot to start it): kept on the dead-letter queue, whose alarm tells the operators, rather than circling on.
 */
export class HandBackLimitError extends RekeyError {
  constructor(
    readonly handBacks: number,
    readonly lastReason: string,
  ) {
    super(`put back on the intake work queue ${handBacks} times without being handled (last: ${lastReason})`);
    this.name = 'HandBackLimitError';
  }
}
