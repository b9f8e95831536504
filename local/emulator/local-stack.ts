import { RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { RekeyConfig, RekeyConfigInput } from '../../lib/config';
import { type LocalEnvironment, type LocalEvent, startLocalEnvironment } from './environment';
import { type InstalledFindingRules, installFindingRules, type PumpRecord, pumpEvents } from './event-bridge';
import { invokeFunction } from './lambda/invoke';
import { revocationRunner } from './state-machine';

export interface LocalStackOptions {
  readonly config: RekeyConfig | RekeyConfigInput;
  /** Milliseconds here per second of a configured wait and of AWS's retry delays (0 skips waits). @default 0.5 */
  readonly msPerSecond?: number;
  /** Port of the AWS endpoint on 127.0.0.1. @default - a free port */
  readonly port?: number;
  readonly onEvent?: (event: LocalEvent) => void;
  /** Told about each finding event the intake handled. */
  readonly onFinding?: (record: PumpRecord) => void;
  /**
   * Runs once the resources exist and before the deploy-time rotations: the place to create what they need that a
   * user makes by hand before `cdk deploy` (a provider's admin secret, say).
   * @default - nothing
   */
  readonly beforeRotations?: (env: LocalEnvironment) => Promise<void>;
}

export interface LocalStack {
  readonly env: LocalEnvironment;
  readonly rules: InstalledFindingRules;
  /** Every finding event the intake handled so far. */
  readonly findings: PumpRecord[];
  stop(): Promise<void>;
}

/**
 * The local rekey stack as `cdk deploy` leaves it: the environment (moto, resources, gateway, in-process handlers),
 * the stack's finding rules installed in moto's EventBridge and pumped to the real intake, and every key rotated
 * once (CloudFormation rotates on deploy, replacing the placeholder). Used by the rehearsal, `--serve` and benches.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const waitScale = (options.msPerSecond ?? 0.5) / 1000;
  const env = await startLocalEnvironment({
    config: options.config,
    executionRunner: (deployment, { quotas }) => revocationRunner(deployment, { waitScale, quotas }),
    onEvent: options.onEvent,
    port: options.port,
  });
  const abort = new AbortController();
  let pump: Promise<unknown> = Promise.resolve();
  try {
    const { deployment } = env;
    const rules = await installFindingRules({
      endpoint: env.moto.endpoint,
      template: deployment.template,
      region: deployment.region,
      // The targets' own DLQs and the deployment's ARNs.
      resolve: (value) => deployment.resolver.resolve(value),
    });
    const intake = env.functions.intake;
    if (!intake) throw new Error('the deployment has no intake function');
    const findings: PumpRecord[] = [];
    pump = pumpEvents({
      endpoint: env.moto.endpoint,
      queueUrl: rules.queueUrl,
      region: deployment.region,
      // EventBridge invokes a Lambda target asynchronously (the 1 MB limit, no response limit).
      handle: (event) => invokeFunction(intake, event, { invocationType: 'Event' }),
      signal: abort.signal,
      waitTimeSeconds: 1,
      msPerSecond: options.msPerSecond ?? 0.5,
      onRecord: (record) => {
        findings.push(record);
        options.onFinding?.(record);
      },
    }).catch(() => undefined);
    await options.beforeRotations?.(env);
    for (const { name } of Object.values(deployment.secrets)) {
      await env.secretsManager.send(new RotateSecretCommand({ SecretId: name }));
    }
    await env.rotations.idle();
    return {
      env,
      rules,
      findings,
      async stop() {
        abort.abort();
        await pump;
        await env.stop();
      },
    };
  } catch (err) {
    abort.abort();
    await pump;
    await env.stop();
    throw err;
  }
}

/** The stack outputs (as `cdk deploy` prints them) of the local deployment, resolved from the template. */
export function localOutputs(env: LocalEnvironment): Record<string, string> {
  const outputs = (env.deployment.template.Outputs ?? {}) as Record<string, { Value: unknown }>;
  return Object.fromEntries(
    Object.entries(outputs).map(([name, o]) => [name, String(env.deployment.resolver.resolve(o.Value))]),
  );
}
