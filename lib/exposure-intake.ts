import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeDeadLetterQueue } from './nag-suppressions';
import { RekeyFunction } from './rekey-function';

/** The custom finding event any scanner or CI job can put on the bus. Documented in docs/scanner-events.md. */
export const SCANNER_EVENT = { source: 'rekey.scanner', detailType: 'Secret Exposed' } as const;

export interface ExposureIntakeProps {
  /** Environment the intake function needs (inventory table, topics, state machine, secret prefix). */
  readonly environment: Readonly<Record<string, string>>;
  /** Bus the finding rules listen on. @default - the account's default event bus */
  readonly eventBus?: events.IEventBus;
}

/**
 * Turns secret-scanner findings into emergency rotations: EventBridge rules for each finding source, and the
 * intake function they target, which validates the finding, matches it to a managed key and rotates it.
 * Events the function cannot take land on a dead-letter queue.
 */
export class ExposureIntake extends Construct {
  readonly handler: RekeyFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly rules: readonly events.Rule[];

  constructor(scope: Construct, id: string, props: ExposureIntakeProps) {
    super(scope, id);
    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'intake',
      description: 'rekey exposure intake: match a scanner finding to a managed key and rotate it now',
      environment: props.environment,
      timeout: Duration.seconds(30),
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(this.deadLetterQueue);
    const target = new targets.LambdaFunction(this.handler.function, {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 4,
      maxEventAge: Duration.hours(2),
    });
    const custom = new events.Rule(this, 'ScannerFindingRule', {
      description: 'rekey: a scanner reports an exposed key (custom event)',
      eventBus: props.eventBus,
      eventPattern: { source: [SCANNER_EVENT.source], detailType: [SCANNER_EVENT.detailType] },
      targets: [target],
    });
    this.rules = [custom];
  }
}
