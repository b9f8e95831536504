import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RekeyFunction } from './rekey-function';

export interface RotationFunctionProps {
  /** Environment the rotation function needs (inventory table, topics, state machine, secret prefix). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Concurrent rotations at most; bounds the write rate to Secrets Manager (50 TPS quota) by design when many
   * keys rotate at once. @default 10
   */
  readonly maxConcurrentRotations?: number;
}

/**
 * The Secrets Manager rotation function (createSecret / setSecret / testSecret / finishSecret). Each managed
 * key's rotation schedule grants Secrets Manager the right to invoke it and the function the rights on that
 * secret.
 */
export class RotationFunction extends Construct {
  readonly handler: RekeyFunction;

  constructor(scope: Construct, id: string, props: RotationFunctionProps) {
    super(scope, id);
    const concurrency = props.maxConcurrentRotations ?? 10;
    if (concurrency < 1 || concurrency > 25) {
      throw new Error(`maxConcurrentRotations must be 1 to 25, got ${concurrency}`);
    }
    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'rotation',
      description: 'rekey rotation function for Secrets Manager',
      environment: props.environment,
      timeout: Duration.minutes(2),
      reservedConcurrentExecutions: concurrency,
    });
  }
}
