import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { REVOCATION_METRICS } from '../../contract';
import type { KeyVersionItem } from '../common/inventory';
import { logger } from '../common/logger';
import type { RevocationInput } from '../common/revocation';
import { describeSecret, readVersionById, readVersionIfPresent, versionWithStage } from '../common/secrets';
import { KeyRejectedError } from '../providers/errors';
import type { KeyProvider } from '../providers/types';
import { nowOf, providerContext, type RevocationDeps } from './keys';

/** What the state machine does after a verification (its `Decide` choice selects on this). */
export type Decision = 'revoke' | 'wait' | 'already-revoked' | 'new-key-not-verified' | 'fleet-not-moved';

/** The new key: usable (`ok`), not (yet) AWSCURRENT, refused by the provider, or displaced by the old one. */
export type NewKeyStatus = 'ok' | 'not-current' | 'rejected' | 'old-is-current';

/** Acks: no agent acked the old version (no signal), every one that did acked the new one, or some did not. */
export type AckStatus = 'none' | 'all-moved' | 'missing';

/**
 * The old key's last use, where the provider reports it: `quiet` (unused for the quiet period, or never),
 * `idle-since-switch` (unused since the new key became current, quiet period not yet over), `in-use` (used
 * since the switch), `unknown` (the provider does not say).
 */
export type UsageStatus = 'unknown' | 'quiet' | 'idle-since-switch' | 'in-use';

export interface FleetEvidence {
  readonly acks: AckStatus;
  /** Agents that acknowledged the new version. */
  readonly agentsOnNew: number;
  /** Agents that acknowledged the old version but not the new one. */
  readonly agentsNotMovedCount: number;
  /** The first 20 of them, by id. */
  readonly agentsNotMoved: readonly string[];
  readonly usage: UsageStatus;
  readonly lastUsedAt: string | null;
  readonly moved: boolean;
}

export interface VerifyRequest {
  readonly input: RevocationInput;
  /** Verifications done before this one. */
  readonly round: number;
  readonly maxRounds: number;
  readonly quietPeriodSeconds: number;
  /** When the workflow started, i.e. when the new key became current (ISO-8601). @default - now */
  readonly startedAt?: string;
}

/** Ids, statuses and counts only: this lands in the execution history. */
export interface VerifyResult {
  readonly decision: Decision;
  readonly newKey: NewKeyStatus;
  readonly fleet: FleetEvidence | null;
  readonly reason: string;
}

const MAX_LISTED_AGENTS = 20;

/**
 * The policy, pure: never revoke unless the new key is current and accepted; abuse revokes as soon as it is;
 * otherwise revoke once the fleet has moved, wait while rounds remain, and at the bound an emergency revokes
 * anyway while a scheduled rotation gives up (it never cuts off agents that did not move).
 */
export function decide(args: {
  readonly mode: RevocationInput['mode'];
  readonly newKey: NewKeyStatus;
  readonly fleetMoved: boolean;
  readonly round: number;
  readonly maxRounds: number;
}): Decision {
  const lastRound = args.round + 1 >= args.maxRounds;
  if (args.newKey === 'rejected' || args.newKey === 'old-is-current') return 'new-key-not-verified';
  if (args.newKey === 'not-current') return lastRound ? 'new-key-not-verified' : 'wait';
  if (args.mode === 'abuse' || args.fleetMoved) return 'revoke';
  if (!lastRound) return 'wait';
  return args.mode === 'emergency' ? 'revoke' : 'fleet-not-moved';
}

/** Acks and last use combined: a quiet old key proves the move, a used one disproves it, else the acks decide. */
export function fleetMoved(acks: AckStatus, usage: UsageStatus): boolean {
  if (usage === 'quiet') return true;
  if (usage === 'in-use') return false;
  return acks !== 'missing';
}

export function ackStatus(oldItem: KeyVersionItem | undefined, newItem: KeyVersionItem | undefined) {
  const onNew = new Set(newItem?.ackAgents ?? []);
  const notMoved = [...(oldItem?.ackAgents ?? [])].filter((agent) => !onNew.has(agent)).sort();
  const acks: AckStatus =
    (oldItem?.ackAgents?.size ?? 0) === 0 ? 'none' : notMoved.length === 0 ? 'all-moved' : 'missing';
  return { acks, agentsOnNew: onNew.size, agentsNotMoved: notMoved };
}

export function usageStatus(
  lastUsed: Date | undefined,
  switchedAt: Date,
  now: Date,
  quietPeriodSeconds: number,
): UsageStatus {
  if (!lastUsed) return 'quiet';
  if (now.getTime() - lastUsed.getTime() >= quietPeriodSeconds * 1000) return 'quiet';
  return lastUsed.getTime() > switchedAt.getTime() ? 'in-use' : 'idle-since-switch';
}

/**
 * Verify: (1) the new key is AWSCURRENT and the provider accepts it; (2) the fleet has moved, from the agents'
 * acks and, where the provider reports it, the old key's last use. Answers what the state machine does next.
 */
export async function verify(req: VerifyRequest, deps: RevocationDeps): Promise<VerifyResult> {
  const { input } = req;
  const now = nowOf(deps);
  const [described, oldItem, newItem] = await Promise.all([
    describeSecret(deps.sm, input.secretName),
    deps.inventory.getVersion(input.secretName, input.oldVersionId),
    deps.inventory.getVersion(input.secretName, input.newVersionId),
  ]);
  const result = (newKey: NewKeyStatus, reason: string, fleet: FleetEvidence | null = null): VerifyResult => {
    const decision =
      oldItem?.status === 'revoked'
        ? 'already-revoked'
        : decide({
            mode: input.mode,
            newKey,
            fleetMoved: fleet?.moved ?? false,
            round: req.round,
            maxRounds: req.maxRounds,
          });
    logger.info('verification', { decision, newKey, reason, round: req.round });
    return {
      decision,
      newKey,
      fleet,
      reason: decision === 'already-revoked' ? 'the old version is already revoked' : reason,
    };
  };
  if (oldItem?.status === 'revoked') return result('ok', '');

  const stages = described.VersionIdsToStages ?? {};
  if (stages[input.oldVersionId]?.includes('AWSCURRENT')) {
    return result('old-is-current', `old version ${input.oldVersionId} is AWSCURRENT again; not revoking it`);
  }
  // A later rotation may have replaced the new version already; the key that must work is whichever is current.
  const replacementId = versionWithStage(stages, 'AWSCURRENT');
  if (!replacementId) return result('not-current', `no version of ${input.secretName} is AWSCURRENT`);
  if (replacementId !== input.newVersionId) {
    logger.info('the new version was superseded; verifying the current one instead', {
      newVersionId: input.newVersionId,
      currentVersionId: replacementId,
    });
  }
  const replacementItem =
    replacementId === input.newVersionId ? newItem : await deps.inventory.getVersion(input.secretName, replacementId);
  const current = await readVersionIfPresent(deps.sm, input.secretName, {
    stage: 'AWSCURRENT',
    versionId: replacementId,
  });
  if (!current) return result('not-current', `current version ${replacementId} has no value`);
  const provider = deps.providerFor(current.provider);
  try {
    await provider.testKey(providerContext(input, replacementId, current, deps, current.keyId), {
      apiKey: current.apiKey,
      keyId: current.keyId,
      versionId: replacementId,
    });
  } catch (err) {
    if (!(err instanceof KeyRejectedError)) throw err;
    logger.error('the provider rejects the new key; not revoking the old one', { error: err });
    return result('rejected', `${provider.name} rejects the new key ${current.keyId}`);
  }
  if (input.mode === 'abuse') return result('ok', 'abuse: revoking without waiting for the fleet');

  const fleet = await fleetEvidence(req, deps, provider, oldItem, replacementItem, current, now);
  deps.metrics?.addMetric(REVOCATION_METRICS.fleetAcknowledgements, MetricUnit.Count, fleet.agentsOnNew);
  deps.metrics?.addMetric(REVOCATION_METRICS.agentsNotMoved, MetricUnit.Count, fleet.agentsNotMovedCount);
  const why = fleet.moved
    ? `fleet moved (acks: ${fleet.acks}, old key usage: ${fleet.usage})`
    : fleet.usage === 'in-use'
      ? `the old key was used at ${fleet.lastUsedAt}, after the switch`
      : `${fleet.agentsNotMovedCount} agent(s) acknowledged the old version but not the new one: ${fleet.agentsNotMoved.join(', ')}`;
  return result('ok', why, fleet);
}

async function fleetEvidence(
  req: VerifyRequest,
  deps: RevocationDeps,
  provider: KeyProvider,
  oldItem: KeyVersionItem | undefined,
  newItem: KeyVersionItem | undefined,
  current: { options: Record<string, unknown>; adminSecretId?: string; keyId: string },
  now: Date,
): Promise<FleetEvidence> {
  const { acks, agentsOnNew, agentsNotMoved } = ackStatus(oldItem, newItem);
  let usage: UsageStatus = 'unknown';
  let lastUsedAt: string | null = null;
  if (provider.lastUsed) {
    const old = await readVersionById(deps.sm, req.input.secretName, req.input.oldVersionId);
    const keyId = old?.keyId || oldItem?.keyId;
    if (keyId) {
      const ctx = providerContext(req.input, req.input.oldVersionId, old ?? current, deps, current.keyId);
      const lastUsed = await provider.lastUsed(ctx, { keyId, versionId: req.input.oldVersionId });
      lastUsedAt = lastUsed?.toISOString() ?? null;
      const switchedAt = req.startedAt ? new Date(req.startedAt) : now;
      usage = usageStatus(lastUsed, switchedAt, now, req.quietPeriodSeconds);
    }
  }
  return {
    acks,
    agentsOnNew,
    agentsNotMovedCount: agentsNotMoved.length,
    agentsNotMoved: agentsNotMoved.slice(0, MAX_LISTED_AGENTS),
    usage,
    lastUsedAt,
    moved: fleetMoved(acks, usage),
  };
}
