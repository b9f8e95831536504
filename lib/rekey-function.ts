import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { KeyLogProtection } from './log-data-protection';
import { acknowledgeFunctionRole } from './nag-suppressions';

/** Root of the runtime code; constructs name handler entry paths, never import them. */
export const LAMBDAS_DIR = path.join(__dirname, '..', 'lambdas');

/** The newest Node.js runtime this CDK version offers, pinned (not NODEJS_LATEST, which moves under a deployed stack). */
export const REKEY_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface RekeyFunctionProps {
  /** Folder under lambdas/ holding the handler's `index.ts`. */
  readonly handlerDir: 'rotation' | 'intake' | 'revocation' | 'github-webhook';
  /** What the function does, shown in the console. */
  readonly description: string;
  /** Environment variables (never secrets: functions read secrets from Secrets Manager). @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default Duration.seconds(60) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** How long the function's logs are kept. @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Concurrency cap; keeps writes to Secrets Manager within its quota. @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Where Lambda puts an asynchronous event (an EventBridge delivery) that still fails after its own two retries.
   * An EventBridge target's DLQ only gets events whose Invoke call failed, never those the handler threw on.
   * @default - none: Lambda drops the event after its retries
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /** Masks key material that reaches the function's log group anyway. @default KeyLogProtection.policy() */
  readonly dataProtectionPolicy?: logs.DataProtectionPolicy;
}

/**
 * rekey's function defaults, fixed once: newest Node.js runtime on ARM_64, X-Ray tracing, source maps, an
 * explicit log group with retention, and a minified, tree-shaken bundle made by the local esbuild (no Docker).
 */
export class RekeyFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: RekeyFunctionProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.seconds(60);
    if (timeout.toSeconds() < 3 || timeout.toSeconds() > 900) {
      throw new Error(`timeout must be between 3 and 900 seconds, got ${timeout.toSeconds()} seconds`);
    }
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
      dataProtectionPolicy: props.dataProtectionPolicy ?? KeyLogProtection.policy(),
    });
    // An explicit role that may write only to this function's log group (no AWS managed policy with logs:* on *).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `rekey ${props.handlerDir} function`,
    });
    this.role = role;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    acknowledgeFunctionRole(role);
    this.function = new NodejsFunction(this, 'Function', {
      role,
      entry: path.join(LAMBDAS_DIR, props.handlerDir, 'index.ts'),
      handler: 'handler',
      description: props.description,
      runtime: REKEY_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `rekey-${props.handlerDir}`,
        ...props.environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        format: OutputFormat.CJS,
        mainFields: ['module', 'main'],
        forceDockerBundling: false,
        // The AWS SDK v3 ships with the runtime; leaving it out keeps each bundle small and quick to load.
      },
    });
  }
}
