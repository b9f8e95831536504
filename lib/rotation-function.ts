import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { RekeyFunction } from './rekey-function';
import { secretNamePatternArn } from './secret-grants';

export interface RotationFunctionProps {
  /** Environment the rotation function needs (inventory table, topics, state machine, secret prefix). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Concurrent rotations at most (1 to 100), the function's reserved concurrency. The shared rate limit keeps
   * Secrets Manager's write quota whatever this is (lambdas/common/rate-limit.ts); this sets how many rotations
   * are in flight, so how fast a mass exposure can go: about the quota's rotations per second (45 writes a second
   * at 4 writes a rotation: 11) times one rotation's seconds. The default is sized for rotations of 2.5 s; it keeps
   * 30 of the account's concurrent executions (1,000 by default) for rekey. @default 30
   */
  readonly maxConcurrentRotations?: number;
  /**
   * Prefix of the names of the secrets it rotates. Secrets Manager may then invoke it only for those (the Lambda
   * permission's SourceArn), not for another secret of the same account. @default - any secret of this account
   */
  readonly secretPrefix?: string;
}

/**
 * The Secrets Manager rotation function (createSecret / setSecret / testSecret / finishSecret). Secrets Manager
 * may invoke it for secrets of this account only (the Lambda permission's SourceAccount), and only for those under
 * the secret prefix when one is given (its SourceArn); each managed key's rotation schedule grants the function the
 * rights on that secret.
 */
export class RotationFunction extends Construct {
  readonly handler: RekeyFunction;

  constructor(scope: Construct, id: string, props: RotationFunctionProps) {
    super(scope, id);
    const concurrency = props.maxConcurrentRotations ?? 30;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
      throw new Error(`maxConcurrentRotations must be an integer from 1 to 100, got ${concurrency}`);
    }
    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'rotation',
      description: 'rekey rotation function for Secrets Manager',
      environment: props.environment,
      timeout: Duration.minutes(2),
      reservedConcurrentExecutions: concurrency,
    });
    this.allowSecretsManagerOfThisAccount(props.secretPrefix);
  }

  /**
   * Each RotationSchedule grants `secretsmanager.amazonaws.com` invoke with `grantInvoke`, a Lambda permission with
   * no SourceAccount or SourceArn: a secret in any account could then name this function as its rotation function
   * (the confused deputy). The same grant is made here first and its permission given this account as
   * SourceAccount, and the secrets under the prefix as SourceArn (Secrets Manager sets it to the rotating secret's
   * ARN); `grantInvoke` hands every schedule that cached grant, so no unconditioned permission is made.
   */
  private allowSecretsManagerOfThisAccount(secretPrefix: string | undefined): void {
    const fn = this.handler.function;
    const before = new Set(fn.node.children);
    fn.grantInvoke(new iam.ServicePrincipal('secretsmanager.amazonaws.com'));
    const permission = fn.node.children.find((c) => !before.has(c) && c instanceof lambda.CfnPermission);
    if (!(permission instanceof lambda.CfnPermission)) {
      throw new Error(`grantInvoke made no Lambda permission on ${fn.node.path}`);
    }
    permission.sourceAccount = Stack.of(this).account;
    if (secretPrefix) permission.sourceArn = secretNamePatternArn(this, `${secretPrefix}*`);
  }
}
