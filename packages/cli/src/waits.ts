import { DescribeStateMachineCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { VERIFICATION_DEFAULTS } from '../../../contract';
import type { RotationMode } from '../../../lambdas/common/inventory';
import type { RekeyConfig } from '../../../lib/config';

/** How long the revocation workflow waits before it first verifies, per mode, and how many rounds it runs. */
export interface RevocationWaits {
  readonly seconds: Readonly<Record<RotationMode, number>>;
  readonly maxRounds: number;
}

/** The deployment's defaults (contract/verification.ts: the config's and the revocation workflow's). */
export const DEFAULT_WAITS: RevocationWaits = {
  seconds: {
    scheduled: VERIFICATION_DEFAULTS.scheduledWaitSeconds,
    emergency: VERIFICATION_DEFAULTS.emergencyWaitSeconds,
    abuse: 0,
  },
  maxRounds: VERIFICATION_DEFAULTS.maxRounds,
};

/**
 * Reads the waits from the deployed state machine's definition (states `WaitScheduled` and `WaitEmergency`, and the
 * `maxRounds` the `Verify` task passes; lib/revocation-workflow.ts REVOCATION_STATES), else from the config file.
 */
export async function resolveWaits(
  sfn: SFNClient,
  stateMachineArn: string,
  config?: RekeyConfig,
): Promise<RevocationWaits> {
  try {
    const out = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    const fromDefinition = waitsFromDefinition(out.definition);
    if (fromDefinition) return fromDefinition;
  } catch {
    // not readable here (the local rehearsal runs executions without a state machine resource)
  }
  return config ? waitsFromSettings(config.verification) : DEFAULT_WAITS;
}

/** Waits from the config's `verification` settings (missing ones take the schema's defaults). */
export function waitsFromSettings(v: {
  readonly scheduledWaitSeconds?: number;
  readonly emergencyWaitSeconds?: number;
  readonly maxRounds?: number;
}): RevocationWaits {
  return {
    seconds: {
      scheduled: v.scheduledWaitSeconds ?? DEFAULT_WAITS.seconds.scheduled,
      emergency: v.emergencyWaitSeconds ?? DEFAULT_WAITS.seconds.emergency,
      abuse: 0,
    },
    maxRounds: v.maxRounds ?? DEFAULT_WAITS.maxRounds,
  };
}

export function waitsFromDefinition(definition: string | undefined): RevocationWaits | undefined {
  if (!definition) return undefined;
  try {
    const states = (JSON.parse(definition) as { States?: Record<string, Record<string, unknown>> }).States ?? {};
    const scheduled = states.WaitScheduled?.Seconds;
    const emergency = states.WaitEmergency?.Seconds;
    if (typeof scheduled !== 'number' || typeof emergency !== 'number') return undefined;
    const params = states.Verify?.Parameters as { Payload?: { maxRounds?: unknown } } | undefined;
    const maxRounds =
      typeof params?.Payload?.maxRounds === 'number' ? params.Payload.maxRounds : DEFAULT_WAITS.maxRounds;
    return { seconds: { scheduled, emergency, abuse: 0 }, maxRounds };
  } catch {
    return undefined;
  }
}
