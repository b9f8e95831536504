import { randomUUID } from 'node:crypto';
import { RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Inventory, KeyVersionItem } from '../common/inventory';
import { logger } from '../common/logger';
import { publishOpsAlert } from '../common/notify';
import { startRevocation } from '../common/revocation';
import { describeSecret, versionWithStage } from '../common/secrets';
import type { Finding } from './finding';

export interface IntakeDeps {
  readonly sm: SecretsManagerClient;
  readonly sns: SNSClient;
  readonly sfn: SFNClient;
  readonly inventory: Inventory;
  readonly opsTopicArn: string;
  readonly stateMachineArn: string;
  readonly newToken?: () => string;
}

export type ExposureAction = 'rotated' | 'revoking-previous' | 'already-revoked' | 'unmatched' | 'in-flight';

export interface ExposureOutcome {
  readonly secretName?: string;
  readonly versionId?: string;
  readonly action: ExposureAction;
}

/** Finds the managed key versions a finding names: by fingerprint, key id, then hint. */
export async function matchFinding(finding: Finding, inventory: Inventory): Promise<KeyVersionItem[]> {
  if (finding.fingerprint) {
    const hits = await inventory.findByFingerprint(finding.fingerprint);
    if (hits.length > 0) return hits;
  }
  if (finding.keyId) {
    const hits = await inventory.findByKeyId(finding.keyId);
    if (hits.length > 0) return hits;
  }
  if (finding.keyHint) return inventory.findByHint(finding.keyHint);
  return [];
}

/** Handles one finding: rotate the exposed current key, or revoke an exposed previous one now. */
export async function handleFinding(finding: Finding, deps: IntakeDeps): Promise<ExposureOutcome[]> {
  const matches = await matchFinding(finding, deps.inventory);
  if (matches.length === 0) {
    await publishOpsAlert(deps.sns, deps.opsTopicArn, {
      kind: 'unmatched-exposure',
      summary: `a ${finding.source} finding names no managed key`,
      details: {
        findingId: finding.findingId,
        fingerprint: finding.fingerprint,
        keyId: finding.keyId,
        keyHint: finding.keyHint,
        location: finding.location,
      },
    });
    logger.warn('finding matched no managed key', { findingId: finding.findingId, source: finding.source });
    return [{ action: 'unmatched' }];
  }
  const outcomes: ExposureOutcome[] = [];
  for (const item of matches) outcomes.push(await handleExposedVersion(item, finding, deps));
  return outcomes;
}

async function handleExposedVersion(
  item: KeyVersionItem,
  finding: Finding,
  deps: IntakeDeps,
): Promise<ExposureOutcome> {
  const { secretName, versionId } = item;
  await deps.inventory.annotate(secretName, versionId, {
    exposedAt: new Date().toISOString(),
    exposedBy: finding.findingId,
  });
  const described = await describeSecret(deps.sm, secretName);
  const stages = described.VersionIdsToStages?.[versionId] ?? [];
  const mode = finding.abuse ? 'abuse' : 'emergency';
  const reason = finding.reason ?? `exposed (${finding.source} finding ${finding.findingId})`;

  if (stages.includes('AWSCURRENT')) {
    const token = deps.newToken?.() ?? randomUUID();
    // The rotation reads its mode from the inventory when it finishes and starts an emergency revocation.
    await deps.inventory.transition(secretName, token, 'requested', reason, { mode, reason: reason.slice(0, 300) });
    await deps.sm.send(
      new RotateSecretCommand({ SecretId: secretName, ClientRequestToken: token, RotateImmediately: true }),
    );
    logger.info('emergency rotation started', { secretName, exposedVersionId: versionId, newVersionId: token, mode });
    return { secretName, versionId, action: 'rotated' };
  }
  if (stages.includes('AWSPREVIOUS')) {
    const currentVersionId = versionWithStage(described.VersionIdsToStages, 'AWSCURRENT');
    if (!currentVersionId) throw new Error(`secret ${secretName} has no AWSCURRENT version`);
    await startRevocation(deps.sfn, deps.stateMachineArn, {
      secretName,
      oldVersionId: versionId,
      newVersionId: currentVersionId,
      mode: 'abuse',
      reason,
    });
    logger.info('exposed previous key: revoking now', { secretName, versionId });
    return { secretName, versionId, action: 'revoking-previous' };
  }
  if (item.status === 'revoked') return { secretName, versionId, action: 'already-revoked' };
  return { secretName, versionId, action: 'in-flight' };
}
