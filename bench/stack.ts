import { RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { logger } from '../lambdas/common/logger';
import type { RekeyConfigInput } from '../lib/config';
import { type LocalEnvironment, startLocalEnvironment } from '../local/environment';
import { revocationRunner } from '../local/state-machine';

/**
 * The local stack the benchmarks run on: moto, the synthesized stack's resources, the real handlers in this process,
 * revocations with waits skipped. `keys` generated keys, all told to fleet `bench`.
 */
export async function startBenchStack(
  keys = 1,
): Promise<{ env: LocalEnvironment; secretNames: string[]; queueUrl: string }> {
  logger.setLogLevel('ERROR');
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const config: RekeyConfigInput = {
    keys: Array.from({ length: keys }, (_, i) => ({
      name: `bench/key-${i}`,
      provider: 'generated' as const,
      fleets: ['bench'],
    })),
    fleets: [{ name: 'bench' }],
    verification: { scheduledWaitSeconds: 60, emergencyWaitSeconds: 1, maxRounds: 1, deleteGraceSeconds: 0 },
  };
  const env = await startLocalEnvironment({ config, executionRunner: (d) => revocationRunner(d, { waitScale: 0 }) });
  const secretNames = Object.values(env.deployment.secrets).map((s) => s.name);
  // The deployment's first rotation replaces the placeholder, as `cdk deploy` does.
  for (const name of secretNames)
    await env.secretsManager.send(new RotateSecretCommand({ SecretId: name, RotateImmediately: true }));
  await env.idle();
  return { env, secretNames, queueUrl: env.deployment.fleetQueueUrls.bench ?? '' };
}
