import { createHash } from 'node:crypto';
import type { KeyVersionItem } from '../../../lambdas/common/inventory';
import { FindingSchema } from '../../../lambdas/intake/finding';
import { type FindingResult, handleFinding } from '../../../lambdas/intake/intake';
import { rotateSecretStarter } from '../../../lambdas/intake/rotation-starter';
import type { OperatorContext } from './context';
import { followRevocation, followRotation } from './follow';
import { keyNameOf } from './keys';
import { type OutputWriter, progress } from './output';
import { operatorProviders } from './providers';

/**
 * `rekey scan --rotate`: each managed key version found goes through exposure intake's own logic (lambdas/intake
 * handleFinding) as a `rekey-scan` finding that names it by fingerprint, so the CLI acts exactly as the automation
 * would: an AWSCURRENT key rotates in emergency mode, an AWSPREVIOUS one is revoked at once, a pending one is
 * abandoned and replaced. Then it follows what was started.
 */
/** Hands one exposed managed version to intake's logic and follows what it started. */
export async function rotateExposed(
  ctx: OperatorContext,
  writer: OutputWriter,
  item: KeyVersionItem,
  fp: string,
  location: string,
): Promise<FindingResult> {
  const key = keyNameOf(ctx, item.secretName);
  const finding = FindingSchema.parse({
    findingId: createHash('sha256')
      .update(`${item.secretName}\n${item.versionId}\n${location}`)
      .digest('hex')
      .slice(0, 32),
    source: 'rekey-scan',
    fingerprint: fp,
    location,
    reason: `found by rekey scan in ${location}`,
    secretType: 'managed-key',
  });
  const startedAt = Date.now();
  writer.out(`Exposed: ${key} version ${item.versionId} (${location}).`);
  const result = await handleFinding(finding, {
    sm: ctx.clients.sm,
    sns: ctx.clients.sns,
    sfn: ctx.clients.sfn,
    inventory: ctx.inventory,
    providerFor: operatorProviders(ctx),
    rotations: rotateSecretStarter(ctx.clients.sm),
    opsTopicArn: ctx.outputs.OpsTopicArn,
    stateMachineArn: ctx.outputs.RevocationStateMachineArn,
    secretPrefix: ctx.secretPrefix,
  });
  const step = progress(writer, startedAt);
  for (const outcome of result.outcomes) {
    if (outcome.secretName !== item.secretName) continue;
    const mode = outcome.mode ?? 'emergency';
    switch (outcome.action) {
      case 'rotation-started':
      case 'in-flight-escalated':
      case 'pending-abandoned':
        if (outcome.action === 'pending-abandoned')
          step('abandoned', `pending version ${item.versionId.slice(0, 8)} abandoned`);
        if (outcome.newVersionId) {
          writer.out(`  ${mode} rotation to version ${outcome.newVersionId}`);
          await followRotation(ctx, writer, {
            key,
            secretName: item.secretName,
            token: outcome.newVersionId,
            ...(outcome.action === 'pending-abandoned' ? {} : { oldVersionId: item.versionId }),
            mode,
            startedAt,
          });
        }
        break;
      case 'revocation-started':
        await followRevocation(ctx, writer, {
          key,
          secretName: item.secretName,
          oldVersionId: item.versionId,
          mode,
          wait: 'auto',
          step,
        });
        break;
      case 'already-revoked':
        writer.out(`  already revoked; nothing to do`);
        break;
      default:
        writer.out(`  ${outcome.action}`);
    }
  }
  return result;
}
