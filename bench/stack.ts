import { ENROLLMENT } from '../contract';
import type { RekeyConfigInput } from '../lib/config';
import type { LocalEnvironment } from '../local/emulator/environment';
import { type LocalStack, startLocalStack } from '../local/emulator/local-stack';
import { mapBounded } from '../packages/cli/src/bounded';

export interface BenchStack extends LocalStack {
  /** The managed secrets' names, in config order. */
  readonly secretNames: string[];
  /** The first fleet's queue. */
  readonly queueUrl: string;
}

/**
 * The local stack the benchmarks run on, started the way the rehearsal starts it (local/emulator/local-stack.ts: moto, the
 * synthesized stack's resources, its finding rules pumped to the real intake, the real handlers in this process,
 * every key rotated once as at deploy). By default `keys` generated keys told to fleet `bench`, and revocation
 * waits skipped (`msPerSecond` 0). Entry points import `../local/quiet` first, as `npm start` does.
 */
export async function startBenchStack(
  keys = 1,
  options: { config?: RekeyConfigInput; msPerSecond?: number } = {},
): Promise<BenchStack> {
  const config: RekeyConfigInput = options.config ?? {
    keys: Array.from({ length: keys }, (_, i) => ({
      name: `bench/key-${i}`,
      provider: 'generated' as const,
      fleets: ['bench'],
    })),
    fleets: [{ name: 'bench' }],
    verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 1, maxRounds: 1, deleteGraceSeconds: 0 },
  };
  const stack = await startLocalStack({ config, msPerSecond: options.msPerSecond ?? 0 });
  await stack.env.idle(); // the deploy-time rotations' revocations too
  const { deployment } = stack.env;
  const firstFleet = deployment.config.fleets[0]?.name ?? '';
  return Object.assign(stack, {
    secretNames: Object.values(deployment.secrets).map((s) => s.name),
    queueUrl: deployment.fleetQueueUrls[firstFleet] ?? '',
  });
}

/** An enrollment a bench asks for, and what the enroll function answered. */
export interface BenchEnrollment {
  readonly key: string;
  readonly profile: string;
  readonly fleet: string;
}
export interface EnrollAnswer {
  readonly refused?: boolean;
  readonly message?: string;
  readonly secretName?: string;
}

/**
 * Enrolls keys through the real enroll function, as many at a time as its reserved concurrency (as Lambda would run
 * a CLI's invocations), and answers each enrollment's reply in the order asked.
 */
export async function enrollAll(
  env: Pick<LocalEnvironment, 'invoke'>,
  enrollments: readonly BenchEnrollment[],
  onEnrolled?: (done: number) => void,
): Promise<EnrollAnswer[]> {
  let done = 0;
  return mapBounded(enrollments, ENROLLMENT.concurrency, async (enrollment) => {
    const answer = (await env.invoke('enroll', { action: 'enroll', ...enrollment })) as EnrollAnswer;
    onEnrolled?.(++done);
    return answer;
  });
}
