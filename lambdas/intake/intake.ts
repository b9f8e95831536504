import { createHash } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import { UNMATCHED_FINDING_MESSAGE } from '../../contract';
import type { Inventory, KeyVersionItem, RotationMode } from '../common/inventory';
import { MODE_RANK } from '../common/inventory';
import { logger } from '../common/logger';
import { publishOpsAlert } from '../common/notify';
import { startRevocation } from '../common/revocation';
import type { ProviderName } from '../common/secret-value';
import { describeSecret, readVersionById, type VersionStages, versionWithStage } from '../common/secrets';
import type { KeyProvider } from '../providers/types';
import { abandonPending } from './abandon';
import { ExposureRaceError } from './errors';
import { type Finding, findingKey } from './finding';
import { type MatchedBy, matchFinding } from './match';
import { RotationInProgressError, type RotationStarter } from './rotation-starter';

export interface IntakeDeps {
  readonly sm: SecretsManagerClient;
  readonly sns: SNSClient;
  readonly sfn: SFNClient;
  readonly inventory: Inventory;
  /** Providers, to revoke the key of a pending version that was exposed. */
  readonly providerFor: (name: ProviderName) => KeyProvider;
  /** Starts a rotation: RotateSecret in production; the four steps in-process locally (moto's RotateSecret runs no Lambda). */
  readonly rotations: RotationStarter;
  readonly opsTopicArn: string;
  readonly stateMachineArn: string;
  /** Only secrets whose names start with this are acted on. @default - every secret the inventory names */
  readonly secretPrefix?: string;
  /** The ClientRequestToken of a new rotation. @default - derived from the finding and the version, so a retry reuses it */
  readonly newToken?: (seed: string) => string;
}

export type ExposureAction =
  /** The exposed key was AWSCURRENT: an emergency (or abuse) rotation started. */
  | 'rotation-started'
  /** The exposed key was AWSCURRENT while another rotation was in flight: that rotation now revokes it in this mode. */
  | 'in-flight-escalated'
  /** The exposed key was AWSPREVIOUS (or had lost its labels) and was still live: its revocation runs now, mode abuse. */
  | 'revocation-started'
  /** The exposed key was AWSPENDING: that rotation was abandoned, the key revoked, and a fresh rotation started. */
  | 'pending-abandoned'
  /** The exposed key was already revoked: recorded, nothing else to do. */
  | 'already-revoked'
  /** The inventory names a secret outside the configured prefix: not rekey's to touch. */
  | 'not-managed'
  /** No managed key matches: the ops topic is told. */
  | 'unmatched';

export interface ExposureOutcome {
  readonly action: ExposureAction;
  readonly secretName?: string;
  readonly versionId?: string;
  /** The version the secret rotates to, where a rotation is involved. */
  readonly newVersionId?: string;
  readonly mode?: RotationMode;
}

export interface FindingResult {
  readonly findingKey: string;
  readonly matchedBy?: MatchedBy;
  readonly ambiguous: boolean;
  readonly outcomes: readonly ExposureOutcome[];
}

const MAX_ATTEMPTS = 4;

/** Handles one finding: match it to managed key versions, then act on each by the stage its key holds. */
export async function handleFinding(finding: Finding, deps: IntakeDeps): Promise<FindingResult> {
  const key = findingKey(finding);
  const match = await matchFinding(finding, deps.inventory);
  if (match.versions.length === 0) {
    await publishOpsAlert(deps.sns, deps.opsTopicArn, {
      kind: 'unmatched-exposure',
      summary: `a ${finding.source} finding names no managed key`,
      details: {
        findingId: finding.findingId,
        source: finding.source,
        fingerprint: finding.fingerprint,
        keyId: finding.keyId,
        keyHint: finding.keyHint,
        secretType: finding.secretType,
        location: finding.location,
        abuse: finding.abuse,
      },
    });
    // The unmatched-exposure alarm's metric filter (lib/monitoring.ts) matches this message exactly.
    logger.warn(UNMATCHED_FINDING_MESSAGE, { findingKey: key });
    return { findingKey: key, ambiguous: false, outcomes: [{ action: 'unmatched' }] };
  }
  if (match.ambiguous) {
    logger.warn('finding hint names several key versions; treating each as exposed', {
      findingKey: key,
      candidates: match.versions.length,
    });
  }

  const outcomes: ExposureOutcome[] = [];
  for (const item of match.versions) {
    const outcome = await exposeVersion(item, finding, deps);
    outcomes.push(outcome);
    if (outcome.action !== 'not-managed') {
      await deps.inventory.recordExposure(item.secretName, item.versionId, {
        findingKey: key,
        outcome: outcome.action,
      });
    }
    logger.info('exposure handled', {
      findingKey: key,
      matchedBy: match.by,
      secretName: item.secretName,
      versionId: item.versionId,
      action: outcome.action,
      newVersionId: outcome.newVersionId,
      mode: outcome.mode,
    });
  }
  for (const secretName of new Set(outcomes.map((o) => o.secretName).filter((s): s is string => !!s))) {
    const mine = outcomes.filter((o) => o.secretName === secretName);
    await publishOpsAlert(deps.sns, deps.opsTopicArn, {
      kind: 'exposure-handled',
      summary: `${finding.source} finding ${finding.findingId.slice(0, 80)}: ${mine.map((o) => o.action).join(', ')}`,
      secretName,
      details: {
        findingId: finding.findingId,
        source: finding.source,
        matchedBy: match.by,
        ambiguous: match.ambiguous,
        versions: mine.map((o) => `${o.versionId}:${o.action}${o.newVersionId ? `->${o.newVersionId}` : ''}`).join(' '),
        mode: mine.find((o) => o.mode)?.mode,
      },
    });
  }
  return { findingKey: key, matchedBy: match.by, ambiguous: match.ambiguous, outcomes };
}

/** Acts on one exposed version by the labels it holds now; re-reads and retries when a rotation races it. */
async function exposeVersion(item: KeyVersionItem, finding: Finding, deps: IntakeDeps): Promise<ExposureOutcome> {
  const { secretName, versionId } = item;
  if (deps.secretPrefix && !secretName.startsWith(deps.secretPrefix)) {
    logger.warn('inventory names a secret outside the managed prefix; leaving it alone', { secretName });
    return { action: 'not-managed', secretName, versionId };
  }
  const mode: RotationMode = finding.abuse ? 'abuse' : 'emergency';
  const key = findingKey(finding);
  const reason = `${finding.reason ?? 'key exposed'} [${key}]`.slice(0, 300);
  const seed = `${key}\n${secretName}\n${versionId}`;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const described = await describeSecret(deps.sm, secretName);
    const stages: VersionStages = described.VersionIdsToStages ?? {};
    const labels = stages[versionId] ?? [];
    const base = { secretName, versionId };
    const { token: ownToken } = await findToken(secretName, seed, stages, deps);
    // A replay of this finding after its rotation started (a retry after a crash) finds that rotation, not a new case.
    if (
      stages[ownToken]?.includes('AWSPENDING') ||
      (stages[ownToken]?.includes('AWSCURRENT') && !labels.includes('AWSCURRENT'))
    ) {
      return { action: 'rotation-started', ...base, newVersionId: ownToken, mode };
    }

    if (labels.includes('AWSCURRENT')) {
      const pending = versionWithStage(stages, 'AWSPENDING');
      if (pending && pending !== versionId) {
        const escalated = await escalateInFlight(secretName, versionId, pending, mode, reason, deps);
        if (escalated) return { action: 'in-flight-escalated', ...base, newVersionId: pending, mode: escalated };
        continue; // the in-flight rotation ended without finishing: look again
      }
      const token = ownToken;
      await deps.inventory.transition(secretName, token, 'requested', reason, { mode, reason });
      try {
        await deps.rotations.start({ secretName, token });
      } catch (err) {
        if (err instanceof RotationInProgressError) continue; // a rotation started under us: escalate it instead
        throw err;
      }
      return { action: 'rotation-started', ...base, newVersionId: token, mode };
    }

    const recorded = (await deps.inventory.getVersion(secretName, versionId)) ?? item;
    // A pending key can never become current once exposed: abandoned while it holds AWSPENDING, and also once the
    // label came off without the version being recorded abandoned (this finding's earlier delivery died between the
    // two, or the rotation lost the label; createSecret may even have died before recording it pending): finishing
    // the abandon revokes its key.
    const pendingKey =
      labels.includes('AWSPENDING') ||
      (labels.length === 0 && (recorded.status === 'pending' || recorded.status === 'requested'));
    if (pendingKey) {
      await abandonPending(
        secretName,
        described.ARN,
        versionId,
        stages,
        recorded,
        deps,
        `pending key exposed ${reason}`.slice(0, 300),
      );
    }
    if (pendingKey || recorded.status === 'abandoned') {
      // The rotation that was to replace AWSCURRENT is dead: a fresh one does its work, in its mode (the current
      // key was not exposed by this finding, but another may have escalated that rotation). A replay, or an
      // abandon the rotation's own step finished, starts it if no rotation completed since.
      const abandoned = (await deps.inventory.getVersion(secretName, versionId)) ?? recorded;
      if (await unreplaced(abandoned, stages, deps)) {
        const abandonedMode = abandoned.mode ?? 'scheduled';
        const token = await startReplacement(secretName, versionId, `${seed}\nfresh`, abandonedMode, stages, deps);
        return { action: 'pending-abandoned', ...base, newVersionId: token, mode: abandonedMode };
      }
      return { action: 'already-revoked', ...base };
    }
    if (recorded.status === 'revoked' || recorded.status === 'deactivated') {
      return { action: 'already-revoked', ...base };
    }
    // A generated token is revoked by retiring its version: no labels left means no service accepts it.
    if (labels.length === 0 && recorded.provider === 'generated') return { action: 'already-revoked', ...base };

    const currentVersionId = versionWithStage(stages, 'AWSCURRENT');
    if (!currentVersionId) throw new ExposureRaceError(`secret ${secretName} has no AWSCURRENT version`);
    await startRevocation(deps.sfn, deps.stateMachineArn, {
      secretName,
      oldVersionId: versionId,
      newVersionId: currentVersionId,
      mode: 'abuse',
      reason,
    });
    return { action: 'revocation-started', ...base, newVersionId: currentVersionId, mode: 'abuse' };
  }
  throw new ExposureRaceError(`secret ${secretName} kept changing while handling exposed version ${versionId}`);
}

/**
 * Another rotation holds AWSPENDING while the exposed key is current: let it finish, and make sure it revokes the
 * exposed key in (at least) this mode. finishSecret reads the mode from the pending version's inventory item; if it
 * already finished, the revocation is started here (the execution name includes the mode, so twice is once).
 * Returns the mode the rotation carries, or undefined if it ended without becoming current.
 */
async function escalateInFlight(
  secretName: string,
  exposedVersionId: string,
  pendingVersionId: string,
  mode: RotationMode,
  reason: string,
  deps: IntakeDeps,
): Promise<RotationMode | undefined> {
  const effective = await deps.inventory.raiseMode(secretName, pendingVersionId, mode, reason);
  const after = (await describeSecret(deps.sm, secretName)).VersionIdsToStages ?? {};
  const pendingLabels = after[pendingVersionId] ?? [];
  if (pendingLabels.includes('AWSCURRENT')) {
    await startRevocation(deps.sfn, deps.stateMachineArn, {
      secretName,
      oldVersionId: exposedVersionId,
      newVersionId: pendingVersionId,
      mode: MODE_RANK[effective] >= MODE_RANK[mode] ? effective : mode,
      reason,
    });
    return effective;
  }
  if (!pendingLabels.includes('AWSPENDING')) return undefined;
  return effective;
}

/** A ClientRequestToken (UUID form) derived from the seed: a retried finding reuses its rotation's token. */
export function derivedToken(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function tokenFor(seed: string, deps: IntakeDeps): string {
  return deps.newToken?.(seed) ?? derivedToken(seed);
}

type TokenState =
  /** Its version holds a label: the rotation under it is in flight, or done and not yet superseded. */
  | 'live'
  /** Its version became current once: the rotation under it completed. */
  | 'done'
  /** Nothing was minted under it (at most a request was recorded): it can be asked for. */
  | 'unused';

/**
 * The token for this finding's rotation: derived from the seed, so a redelivery finds the rotation it started,
 * unless a rotation under that token died (its version was abandoned, or lost its label before it could be; Secrets
 * Manager would refuse it, or the rotation engine would revoke what it made), then the next derived one.
 */
async function findToken(
  secretName: string,
  seed: string,
  stages: VersionStages,
  deps: IntakeDeps,
): Promise<{ token: string; state: TokenState }> {
  for (let n = 0; n < MAX_ATTEMPTS; n++) {
    const token = tokenFor(n === 0 ? seed : `${seed}\nretry ${n}`, deps);
    if ((stages[token] ?? []).length > 0) return { token, state: 'live' };
    const item = await deps.inventory.getVersion(secretName, token);
    if (item?.history?.some((h) => h.status === 'current')) return { token, state: 'done' };
    if (item && item.status !== 'requested') continue; // minted, then abandoned or unlabelled: dead
    if (await readVersionById(deps.sm, secretName, token)) continue; // stored, then lost its label: dead
    return { token, state: 'unused' };
  }
  throw new ExposureRaceError(`every rotation started for this finding on ${secretName} was abandoned`);
}

/**
 * Starts, once, the rotation that replaces an abandoned pending one, in its mode. Answers its token (the one
 * already in flight, or done, where a delivery before this one started it).
 */
async function startReplacement(
  secretName: string,
  abandonedVersionId: string,
  seed: string,
  mode: RotationMode,
  stages: VersionStages,
  deps: IntakeDeps,
): Promise<string> {
  const fresh = await findToken(secretName, seed, stages, deps);
  if (fresh.state !== 'unused') return fresh.token;
  const reason = `replaces abandoned ${abandonedVersionId}`;
  await deps.inventory.transition(secretName, fresh.token, 'requested', reason, { mode, reason });
  await startFresh(secretName, fresh.token, deps);
  return fresh.token;
}

/**
 * True while no rotation has completed since the abandoned version was made: the AWSCURRENT version is older than
 * it (by the inventory's creation times; unknown counts as older), so what its rotation was for is still undone.
 */
async function unreplaced(abandoned: KeyVersionItem, stages: VersionStages, deps: IntakeDeps): Promise<boolean> {
  const currentId = versionWithStage(stages, 'AWSCURRENT');
  const current = currentId ? await deps.inventory.getVersion(abandoned.secretName, currentId) : undefined;
  const since = abandoned.createdAt ?? abandoned.history?.[0]?.at;
  return !current?.createdAt || !since || current.createdAt <= since;
}

/**
 * Starts the rotation that replaces an abandoned pending one. If Secrets Manager still counts the abandoned
 * rotation as running, the error propagates so the finding is delivered again; the replay starts it then.
 */
async function startFresh(secretName: string, token: string, deps: IntakeDeps): Promise<void> {
  try {
    await deps.rotations.start({ secretName, token });
  } catch (err) {
    if (err instanceof RotationInProgressError) {
      throw new ExposureRaceError(`${secretName}: the abandoned rotation has not ended yet; retry this finding`);
    }
    throw err;
  }
}
