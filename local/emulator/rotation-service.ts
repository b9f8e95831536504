import { randomUUID } from 'node:crypto';
import {
  CancelRotateSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  InvalidRequestException,
  ResourceNotFoundException,
  RotateSecretCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { motoRotationRules, type RotationRules } from './fidelity/rotation-rules';
import { AwsApiError } from './gateway';

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStepName = (typeof ROTATION_STEPS)[number];

export interface RotationRun {
  readonly secretName: string;
  readonly token: string;
  /** When RotateSecret answered (epoch ms). */
  readonly startedAt: number;
  /** When the rotation got one of the function's concurrent executions and its first step ran (epoch ms). */
  invokedAt?: number;
  /** When its last step ended (epoch ms). */
  endedAt?: number;
  readonly steps: { step: RotationStepName; ms: number; ok: boolean }[];
  /** Times the four steps were started (1, plus Secrets Manager's retries of a failed rotation). */
  attempts: number;
  status: 'running' | 'succeeded' | 'failed';
  /** Error name and message only (no key material reaches here: handlers' errors name ids). */
  error?: string;
  readonly done: Promise<void>;
}

export interface RotationRetry {
  /** Further attempts after the first. */
  readonly attempts: number;
  /**
   * Milliseconds to wait before each retry. AWS documents no spacing; give one (for example AWS-like minutes scaled
   * by a stack's `msPerSecond`) to let a fault that heals with time heal between attempts. @default 0
   */
  readonly delayMs?: number;
}

/**
 * How the local Secrets Manager retries a failed rotation, and what AWS documents about it (read 2026-12-01):
 *
 * - "If any rotation step fails, Secrets Manager retries the entire rotation process multiple times." (Secrets
 *   Manager User Guide, "Rotation by Lambda function",
 *   https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html)
 * - DescribeSecret's NextRotationDate: "If rotation fails, Secrets Manager retries the entire rotation process
 *   multiple times. If rotation is unsuccessful, this date may be in the past." (the API reference's text, as the
 *   SDK reference carries it: https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/secretsmanager/aws.sdk.kotlin.services.secretsmanager.model/-describe-secret-response/next-rotation-date.html)
 * - RotateSecret: "When rotation is unsuccessful, the AWSPENDING staging label might be attached to an empty
 *   secret version", and a later RotateSecret while AWSPENDING sits on another version than AWSCURRENT "assumes
 *   that a previous rotation request is still in progress and returns an error"
 *   (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html). The retries reuse that
 *   version's token (`rotateSecret` below does the same when a new rotation finds it).
 * - The troubleshooting guide lists "Insufficient concurrent executions for the Lambda function" first among the
 *   causes of failed rotations and says to verify "that all rotation steps (CreateSecret, SetSecret, TestSecret,
 *   FinishSecret) are being attempted"
 *   (https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html).
 * - CloudTrail records RotationStarted, RotationSucceeded and RotationFailed events
 *   (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieve-ct-entries.html); the pages do not say
 *   whether a retry logs its own.
 *
 * AWS documents neither how many retries nor how far apart. "Multiple times" is at least two; the local stack
 * retries 5 times (6 attempts), the count rekey's property model assumes (test/property/support/world.ts,
 * ROTATION_ATTEMPTS), so that a step must survive being replayed that often. It does not wait between attempts
 * (AWS's spacing is unknown and tests stay fast); `delayMs` spaces them, scaled as the caller likes.
 */
export const SECRETS_MANAGER_ROTATION_RETRY: RotationRetry = { attempts: 5, delayMs: 0 };

export interface RotationServiceOptions {
  /** Secrets Manager client against the emulator. */
  readonly sm: SecretsManagerClient;
  /** Runs one rotation step with the real rotation handler, as Secrets Manager invokes it. */
  readonly invokeRotation: (event: {
    Step: RotationStepName;
    SecretId: string;
    ClientRequestToken: string;
    RotationToken: string;
  }) => Promise<unknown>;
  /**
   * Rotations whose steps may run at once: the rotation function's ReservedConcurrentExecutions in the template
   * (see `reservedConcurrency`). Further rotations wait for a free one, as Secrets Manager's invocations of a
   * throttled function are retried until it has room. @default - no limit
   */
  readonly maxConcurrentRotations?: number;
  /**
   * Secrets Manager's retries of a failed rotation (see `SECRETS_MANAGER_ROTATION_RETRY` for what AWS documents):
   * from createSecret again, with the same ClientRequestToken. A throttled step (`TooManyRequestsException`: the
   * rotation function's reserved concurrency is busy) fails its attempt like any other error: the rotation
   * functions guide warns that concurrency below 10 "can cause throttling". `false` turns retries off (the first
   * failure ends the rotation), for a test that looks at one attempt on its own.
   * @default SECRETS_MANAGER_ROTATION_RETRY (5 retries, no wait between them)
   */
  readonly retry?: RotationRetry | false;
  /** Told about every step and outcome (the rehearsal's timeline). */
  readonly onEvent?: (event: {
    type: 'rotation-step' | 'rotation-succeeded' | 'rotation-failed';
    run: RotationRun;
    step?: RotationStepName;
  }) => void;
}

/**
 * Secrets Manager's RotateSecret, done the way AWS does it: pick the version token, answer at once, then invoke
 * the rotation function for createSecret, setSecret, testSecret and finishSecret in order. moto's RotateSecret
 * cannot call a function (it moves AWSCURRENT to an empty version instead), so the gateway answers it with this.
 *
 * Like Lambda, it honours the function's reserved concurrency: at most `maxConcurrentRotations` rotations run
 * their steps at once, and the others wait their turn in order (RotateSecret has already answered them). That
 * limit is what bounds the Secrets Manager write rate when many keys rotate at once. Each step is a synchronous
 * invocation (Secrets Manager needs its outcome before the next step), so the function's Timeout and Lambda's
 * payload and concurrency rules apply to it through `invokeRotation` (local/emulator/lambda/invoke.ts counts the function's
 * running invocations too; this queue keeps rotations from throttling one another).
 */
export class LocalRotationService {
  readonly runs: RotationRun[] = [];
  /** Rotations running their steps now, the most there ever were, and how many had to wait for a free slot. */
  readonly concurrency = { running: 0, peak: 0, throttled: 0 };
  private readonly active = new Map<string, RotationRun>();
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: RotationServiceOptions) {
    const limit = options.maxConcurrentRotations;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
      throw new Error(`maxConcurrentRotations must be a positive integer, got ${limit}`);
    }
    const retries = this.retry.attempts;
    if (!(Number.isInteger(retries) && retries >= 0)) {
      throw new Error(`retry.attempts must be a whole number of attempts, got ${retries}`);
    }
    const delay = this.retry.delayMs ?? 0;
    if (!(Number.isFinite(delay) && delay >= 0)) {
      throw new Error(`retry.delayMs must be a non-negative number of milliseconds, got ${delay}`);
    }
  }

  /** The retries in force (none when `retry` is false). */
  get retry(): RotationRetry {
    const retry = this.options.retry;
    return retry === false ? { attempts: 0 } : (retry ?? SECRETS_MANAGER_ROTATION_RETRY);
  }

  /** The concurrent rotations allowed (Infinity when unlimited). */
  get limit(): number {
    return this.options.maxConcurrentRotations ?? Number.POSITIVE_INFINITY;
  }

  /** DescribeSecret, a missing secret answered with Secrets Manager's own ResourceNotFoundException. */
  private async describe(secretId: string): Promise<DescribeSecretCommandOutput> {
    try {
      return await this.options.sm.send(new DescribeSecretCommand({ SecretId: secretId }));
    } catch (err) {
      if (err instanceof ResourceNotFoundException) {
        throw new AwsApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      }
      throw err;
    }
  }

  /** The RotateSecret operation (request and response as in the Secrets Manager API). */
  readonly rotateSecret = async (body: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const secretId = String(body.SecretId ?? '');
    const described = await this.describe(secretId);
    const name = described.Name ?? secretId;
    if (this.active.has(name)) {
      throw new AwsApiError(
        'InvalidRequestException',
        "A previous rotation isn't complete. That rotation will be reattempted.",
      );
    }
    // A RotateSecret that turns rotation on (a key enrolled at run time, lambdas/enroll): moto records the schedule.
    if (!described.RotationEnabled && body.RotationRules && typeof body.RotationRules === 'object') {
      await this.recordRotationRules(name, body.RotationRules as RotationRules, described.VersionIdsToStages ?? {});
    }
    if (body.RotateImmediately === false) {
      // AWS would only test the rotation configuration here; the schedule is the stack's, not this call's.
      return { ARN: described.ARN, Name: name };
    }
    const stages = described.VersionIdsToStages ?? {};
    // A rotation that failed left its AWSPENDING version behind: AWS reattempts that rotation with its token.
    const stalePending = Object.entries(stages).find(
      ([, s]) => s.includes('AWSPENDING') && !s.includes('AWSCURRENT'),
    )?.[0];
    const token =
      stalePending ?? (typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : randomUUID());
    const run = this.start(name, described.ARN ?? name, token);
    return { ARN: described.ARN, Name: run.secretName, VersionId: run.token };
  };

  /**
   * Turns rotation on in moto with the request's rules, as AWS does for a RotateSecret that names a function and
   * rules. moto 5.2.1 then also "rotates" (a copy of the value made AWSCURRENT, with no function called), so the
   * labels it moved are put back: the rotation itself is the one this service runs next.
   */
  private async recordRotationRules(
    name: string,
    rules: RotationRules,
    before: Readonly<Record<string, readonly string[]>>,
  ): Promise<void> {
    const sm = this.options.sm;
    await sm.send(
      new RotateSecretCommand({ SecretId: name, RotationRules: motoRotationRules(rules), RotateImmediately: false }),
    );
    const after = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).VersionIdsToStages ?? {};
    const holder = (stages: Readonly<Record<string, readonly string[]>>, label: string) =>
      Object.entries(stages).find(([, s]) => s.includes(label))?.[0];
    for (const label of ['AWSCURRENT', 'AWSPREVIOUS']) {
      const was = holder(before, label);
      const now = holder(after, label);
      if (was === now) continue;
      await sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: label,
          ...(was ? { MoveToVersionId: was } : {}),
          ...(now ? { RemoveFromVersionId: now } : {}),
        }),
      );
    }
  }

  /**
   * CancelRotateSecret. moto 5.2.1 refuses it for a secret whose rotation it recorded without a function ARN (it
   * cannot hold one: it looks the function up in its own Lambda, which has none), which is how this service turns
   * rotation on. AWS turns rotation off; here the call answers as AWS's does and the secret is listed in `cancelled`
   * (DescribeSecret still reports moto's RotationEnabled: nothing in rekey reads it after a cancel, which unenroll
   * follows with DeleteSecret).
   */
  readonly cancelRotateSecret = async (body: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const secretId = String(body.SecretId ?? '');
    const described = await this.describe(secretId);
    try {
      await this.options.sm.send(new CancelRotateSecretCommand({ SecretId: secretId }));
    } catch (err) {
      if (!(err instanceof InvalidRequestException) || !/Lambda function ARN/.test(err.message)) throw err;
      this.cancelled.add(described.Name ?? secretId);
    }
    return { ARN: described.ARN, Name: described.Name };
  };

  /** Secrets whose rotation CancelRotateSecret turned off where moto could not (see `cancelRotateSecret`). */
  readonly cancelled = new Set<string>();

  /** Resolves when no rotation is running. */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()].map((r) => r.done));
  }

  private start(secretName: string, secretArn: string, token: string): RotationRun {
    const steps: RotationRun['steps'] = [];
    const run: RotationRun = {
      secretName,
      token,
      startedAt: Date.now(),
      steps,
      attempts: 0,
      status: 'running',
      done: Promise.resolve(),
    };
    const done = (async () => {
      // Like AWS, the function is invoked after RotateSecret has answered.
      await new Promise((resolve) => setImmediate(resolve));
      await this.acquire();
      run.invokedAt = Date.now();
      const rotationToken = randomUUID();
      const { attempts: retries, delayMs = 0 } = this.retry;
      try {
        for (;;) {
          run.attempts += 1;
          try {
            await this.runSteps(run, secretArn, token, rotationToken);
            break;
          } catch (err) {
            if (run.attempts > retries) throw err;
            await new Promise((resolve) => setTimeout(resolve, delayMs));
          }
        }
        run.status = 'succeeded';
        this.options.onEvent?.({ type: 'rotation-succeeded', run });
      } catch {
        run.status = 'failed';
        this.options.onEvent?.({ type: 'rotation-failed', run });
      } finally {
        run.endedAt = Date.now();
        this.release();
        this.active.delete(secretName);
      }
    })();
    Object.assign(run, { done });
    this.active.set(secretName, run);
    this.runs.push(run);
    return run;
  }

  /** The four steps once, in order, each a synchronous invocation of the rotation function. */
  private async runSteps(run: RotationRun, secretArn: string, token: string, rotationToken: string): Promise<void> {
    for (const step of ROTATION_STEPS) {
      const t0 = Date.now();
      try {
        await this.options.invokeRotation({
          Step: step,
          SecretId: secretArn,
          ClientRequestToken: token,
          RotationToken: rotationToken,
        });
        run.steps.push({ step, ms: Date.now() - t0, ok: true });
        this.options.onEvent?.({ type: 'rotation-step', run, step });
      } catch (err) {
        run.steps.push({ step, ms: Date.now() - t0, ok: false });
        // A Lambda timeout reads `Sandbox.Timedout: RequestId: … Error: Task timed out after 120.00 seconds`.
        run.error = `${(err as Error).name}: ${(err as Error).message}`;
        throw err;
      }
    }
  }

  /** Waits for one of the function's concurrent executions (first come, first served). */
  private async acquire(): Promise<void> {
    if (this.concurrency.running >= this.limit) {
      this.concurrency.throttled += 1;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      // release() handed its slot straight to this rotation: `running` already counts it.
    } else {
      this.concurrency.running += 1;
    }
    this.concurrency.peak = Math.max(this.concurrency.peak, this.concurrency.running);
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.concurrency.running -= 1;
  }
}

/**
 * The ReservedConcurrentExecutions of a function in a synthesized template (the rotation function's is its
 * `maxConcurrentRotations`, default 30), or undefined where the template reserves none.
 */
export function reservedConcurrency(
  template: { readonly Resources: Readonly<Record<string, { readonly Properties?: Record<string, unknown> }>> },
  logicalId: string | undefined,
): number | undefined {
  const value = logicalId ? template.Resources[logicalId]?.Properties?.ReservedConcurrentExecutions : undefined;
  return typeof value === 'number' && value >= 1 ? value : undefined;
}
