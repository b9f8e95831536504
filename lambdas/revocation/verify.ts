import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { REVOCATION_METRICS } from '../../contract';
import type { KeyVersionItem, LivenessItem } from '../common/inventory';
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

/**
 * The agents' own evidence: none at all (no agent acked the old version and none is live), every agent that counts
 * has moved, or some agent still holds the old version (see `agentStatus` for who counts).
 */
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
  /** Agents still on the old version: live on it, or acked it with no liveness record and did not ack the new one. */
  readonly agentsNotMovedCount: number;
  /** The first 20 of them, by id. */
  readonly agentsNotMoved: readonly string[];
  /** Agents whose liveness record is live now, whichever version they hold. */
  readonly agentsLive: number;
  /** Agents that were on the old version and whose liveness record expired (or vanished): dead or restarted, not counted. */
  readonly agentsGone: number;
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

export interface AgentStatus {
  readonly acks: AckStatus;
  readonly agentsOnNew: number;
  /** Sorted. */
  readonly agentsNotMoved: readonly string[];
  readonly agentsLive: number;
  readonly agentsGone: number;
}

/**
 * Who still holds the old version, from the acks on the two version items and the secret's liveness records. An
 * agent with a live record (`expiresAt` after `now`) is judged by it alone: it blocks exactly when the record names the
 * old version, acked or not. An agent with no live record:
 * - that acked the new (replacement) version has moved;
 * - that acked the old version as a liveness-keeping agent (the version item's `livenessAgents`) is gone: its
 *   process died or restarted (under a new id), and it never blocks;
 * - that acked the old version without a liveness record (a client older than liveness, or one not given
 *   `liveness`) blocks, as every unmoved ack did before: nothing says it is gone, so the safe reading is that it still
 *   holds the old key.
 */
export function agentStatus(args: {
  readonly oldItem: KeyVersionItem | undefined;
  readonly newItem: KeyVersionItem | undefined;
  readonly liveness: readonly LivenessItem[];
  readonly oldVersionId: string;
  readonly now: Date;
}): AgentStatus {
  const nowSeconds = args.now.getTime() / 1000;
  const live = new Map<string, LivenessItem>();
  const expiredOnOld = new Set<string>();
  for (const record of args.liveness) {
    if (record.expiresAt > nowSeconds) live.set(record.agentId, record);
    else if (record.versionId === args.oldVersionId) expiredOnOld.add(record.agentId);
  }
  const onNew = new Set(args.newItem?.ackAgents ?? []);
  const keepsLiveness = new Set(args.oldItem?.livenessAgents ?? []);
  const oldAcks = [...(args.oldItem?.ackAgents ?? [])];
  const notMoved = new Set([...live.values()].filter((r) => r.versionId === args.oldVersionId).map((r) => r.agentId));
  const gone = new Set([...expiredOnOld].filter((agent) => !live.has(agent)));
  for (const agent of oldAcks) {
    if (live.has(agent) || onNew.has(agent)) continue;
    if (keepsLiveness.has(agent)) gone.add(agent);
    else notMoved.add(agent);
  }
  const evidence = oldAcks.length > 0 || live.size > 0 || gone.size > 0;
  return {
    acks: notMoved.size > 0 ? 'missing' : evidence ? 'all-moved' : 'none',
    agentsOnNew: onNew.size,
    agentsNotMoved: [...notMoved].sort(),
    agentsLive: live.size,
    agentsGone: gone.size,
  };
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
 * liveness records and acks (`agentStatus`) and, where the provider reports it, the old key's last use. Answers what
 * the state machine does next.
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
    // Only a refusal of the key is a rejection. A throttle (ProviderThrottledError: the provider's 429 or
    // `Throttling`, or no slot of rekey's shared provider rate) or an outage says nothing about the key: it
    // propagates under its own name and the workflow retries it (lib/revocation-workflow.ts).
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
      : `${fleet.agentsNotMovedCount} agent(s) still on the old version (live on it, or acknowledged it without a liveness record and not the new one): ${fleet.agentsNotMoved.join(', ')}`;
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
  const liveness = await deps.inventory.listLiveness(req.input.secretName);
  const { acks, agentsOnNew, agentsNotMoved, agentsLive, agentsGone } = agentStatus({
    oldItem,
    newItem,
    liveness,
    oldVersionId: req.input.oldVersionId,
    now,
  });
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
    agentsLive,
    agentsGone,
    usage,
    lastUsedAt,
    moved: fleetMoved(acks, usage),
  };
}
