import type { RekeyConfigInput } from '../lib/config';
import { type LocalStack, startLocalStack } from '../local/emulator/local-stack';

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
