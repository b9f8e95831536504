import { randomUUID } from 'node:crypto';
import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AwsApiError } from './gateway';

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStepName = (typeof ROTATION_STEPS)[number];

export interface RotationRun {
  readonly secretName: string;
  readonly token: string;
  readonly startedAt: number;
  readonly steps: { step: RotationStepName; ms: number; ok: boolean }[];
  status: 'running' | 'succeeded' | 'failed';
  /** Error name and message only (no key material reaches here: handlers' errors name ids). */
  error?: string;
  readonly done: Promise<void>;
}

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
 */
export class LocalRotationService {
  readonly runs: RotationRun[] = [];
  private readonly active = new Map<string, RotationRun>();

  constructor(private readonly options: RotationServiceOptions) {}

  /** The RotateSecret operation (request and response as in the Secrets Manager API). */
  readonly rotateSecret = async (body: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const secretId = String(body.SecretId ?? '');
    let described: DescribeSecretCommandOutput;
    try {
      described = await this.options.sm.send(new DescribeSecretCommand({ SecretId: secretId }));
    } catch (err) {
      if (err instanceof ResourceNotFoundException) {
        throw new AwsApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      }
      throw err;
    }
    const name = described.Name ?? secretId;
    if (this.active.has(name)) {
      throw new AwsApiError(
        'InvalidRequestException',
        "A previous rotation isn't complete. That rotation will be reattempted.",
      );
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
      status: 'running',
      done: Promise.resolve(),
    };
    const done = (async () => {
      // Like AWS, the function is invoked after RotateSecret has answered.
      await new Promise((resolve) => setImmediate(resolve));
      const rotationToken = randomUUID();
      try {
        for (const step of ROTATION_STEPS) {
          const t0 = Date.now();
          try {
            await this.options.invokeRotation({
              Step: step,
              SecretId: secretArn,
              ClientRequestToken: token,
              RotationToken: rotationToken,
            });
            steps.push({ step, ms: Date.now() - t0, ok: true });
            this.options.onEvent?.({ type: 'rotation-step', run, step });
          } catch (err) {
            steps.push({ step, ms: Date.now() - t0, ok: false });
            run.error = `${(err as Error).name}: ${(err as Error).message}`;
            throw err;
          }
        }
        run.status = 'succeeded';
        this.options.onEvent?.({ type: 'rotation-succeeded', run });
      } catch {
        run.status = 'failed';
        this.options.onEvent?.({ type: 'rotation-failed', run });
      } finally {
        this.active.delete(secretName);
      }
    })();
    Object.assign(run, { done });
    this.active.set(secretName, run);
    this.runs.push(run);
    return run;
  }
}
