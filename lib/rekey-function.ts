import { existsSync } from 'node:fs';
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

/**
 * Where the installed package keeps each handler prebuilt (`assets/<handlerDir>/index.js`, made by
 * packages/cdk/build.mjs with the bundling options below). The package's compiled code sits in `dist/lib/`, so the
 * folder is two levels up. Run from this repository's `lib/` there is none, and the handler is bundled from
 * `lambdas/` instead.
 */
export const PREBUILT_ASSETS_DIR =
  path.basename(path.dirname(__dirname)) === 'dist' ? path.join(__dirname, '..', '..', 'assets') : undefined;

/** The esbuild options every handler is bundled with, here by NodejsFunction and in the package by its build. */
export const BUNDLING = {
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node24',
  format: OutputFormat.CJS,
  mainFields: ['module', 'main'],
} as const;

/** The prebuilt handler folder for `handlerDir` when this code runs from the built package; none from the sources. */
export function prebuiltAsset(handlerDir: HandlerDir): string | undefined {
  if (PREBUILT_ASSETS_DIR === undefined) return undefined;
  const dir = path.join(PREBUILT_ASSETS_DIR, handlerDir);
  if (!existsSync(path.join(dir, 'index.js'))) {
    throw new Error(`the prebuilt handler ${path.join(dir, 'index.js')} is missing: rebuild @rekey/cdk (build.mjs)`);
  }
  return dir;
}

/** The newest Node.js runtime this CDK version offers, pinned (not NODEJS_LATEST, which moves under a deployed stack). */
export const REKEY_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** rekey's handlers, by their folder under lambdas/ (and under the package's assets/). */
export const HANDLER_DIRS = [
  'rotation',
  'intake',
  'revocation',
  'github-webhook',
  'github-backstop',
  'key-report',
  'enroll',
] as const;
export type HandlerDir = (typeof HANDLER_DIRS)[number];

export interface RekeyFunctionProps {
  /** Folder under lambdas/ holding the handler's `index.ts`. */
  readonly handlerDir: HandlerDir;
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
 * explicit log group with retention, and a minified, tree-shaken bundle. Installed as `@rekey/cdk`, the bundle is the
 * one the package ships prebuilt (no esbuild, no Docker); in this repository NodejsFunction makes it with the local
 * esbuild.
 */
export class RekeyFunction extends Construct {
  readonly function: lambda.Function;
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
    const common: lambda.FunctionOptions = {
      role,
      description: props.description,
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
    };
    const prebuilt = prebuiltAsset(props.handlerDir);
    this.function = prebuilt
      ? new lambda.Function(this, 'Function', {
          ...common,
          runtime: REKEY_RUNTIME,
          code: lambda.Code.fromAsset(prebuilt),
          handler: 'index.handler',
        })
      : new NodejsFunction(this, 'Function', {
          ...common,
          runtime: REKEY_RUNTIME,
          entry: path.join(LAMBDAS_DIR, props.handlerDir, 'index.ts'),
          handler: 'handler',
          // The AWS SDK v3 ships with the runtime: NodejsFunction leaves `@aws-sdk/*` out for Node.js 18 and later,
          // which keeps each bundle small and quick to load.
          bundling: { ...BUNDLING, mainFields: [...BUNDLING.mainFields], forceDockerBundling: false },
        });
  }
}
