import { timingSafeEqual } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { fleetsFromTags } from '../../contract/fleets';
import { KEY_REPORT } from '../../contract/key-report';
import { fingerprint as fingerprintOf } from '../../packages/client/src/fingerprint';
import { versionSk } from '../common/inventory';
import { logger } from '../common/logger';
import type { ProviderName } from '../common/secret-value';
import { describeSecret, readAdminCredential, readVersion, versionWithStage } from '../common/secrets';
import * as z from '../common/zod';
import { FindingSchema } from '../intake/finding';
import { type ExposureAction, handleFinding, type IntakeDeps } from '../intake/intake';
import { KeyRejectedError } from '../providers/errors';
import type { KeyProvider } from '../providers/types';
import { InvalidKeyReportError, WrongFleetReportError } from './errors';

/**
 * What an agent sends when the key it was given is refused right after a refresh: ids and the key's fingerprint,
 * never the key (packages/client/src/dead-key-report.ts builds it).
 */
export const KeyReportSchema = z.strictObject({
  secretName: z.string().check(z.minLength(1), z.maxLength(512), z.regex(/^[A-Za-z0-9/_+=.@-]+$/)),
  versionId: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9-]+$/)),
  fingerprint: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  agentId: z.string().check(z.minLength(1), z.maxLength(256), z.regex(/^[\x21-\x7e]+$/)),
});
export type KeyReport = z.infer<typeof KeyReportSchema>;

export type ReportOutcome =
  /** The secret is not one rekey manages (outside the prefix, or unknown). Nothing changes. */
  | 'not-managed'
  /** The version reported is no longer (or never was) AWSCURRENT: the agent will heal by refreshing. */
  | 'stale'
  /** The fingerprint is not that of the key AWSCURRENT holds: the report is about another key. Nothing changes. */
  | 'mismatch'
  /** Another report of this version was taken within the window: its check stands for this one. */
  | 'duplicate'
  /** The provider accepts the key: the agent's failure is not the key's. Nothing changes. */
  | 'alive'
  /** The provider rejects the current key: an emergency rotation was started (or an in-flight one escalated). */
  | 'dead'
  /**
   * The report came through no fleet's alias, or through a fleet the secret is not tagged for (WrongFleetReportError,
   * answered by the handler). Nothing is read beyond the secret's tags, nothing changes.
   */
  | 'wrong-fleet';

export interface ReportResult {
  readonly outcome: ReportOutcome;
  readonly secretName?: string;
  readonly versionId?: string;
  /** For `dead`: what the intake did and the version the secret rotates to. */
  readonly action?: ExposureAction;
  readonly newVersionId?: string;
}

export interface KeyReportDeps {
  /** The intake's dependencies: a confirmed dead key is handed to its handleFinding, as a finding by fingerprint. */
  readonly intake: IntakeDeps;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly providerFor: (name: ProviderName) => KeyProvider;
  readonly secretPrefix: string;
  /** @default KEY_REPORT.defaultWindowSeconds */
  readonly windowSeconds?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** Validates the report at the edge; the error names fields, never values. */
export function parseReport(event: unknown): KeyReport {
  const parsed = KeyReportSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidKeyReportError([...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))]);
  }
  return parsed.data;
}

/**
 * Confirms a dead-key report and acts on it once per version. `fleet` is the fleet whose alias was invoked
 * (contract/key-report.ts `fleetOfInvokedArn`): the secret must be tagged for it (else WrongFleetReportError, before
 * the key is read or the provider called). Then the version must be AWSCURRENT and the fingerprint
 * that of its key (checked before the de-duplication record is written, so a forged report cannot pre-empt a real
 * one), then the first report in the window tests the key at the provider, and only a KeyRejectedError starts the
 * emergency rotation, through the intake's own handleFinding. An agent cannot force a rotation by lying.
 */
export async function handleReport(
  report: KeyReport,
  deps: KeyReportDeps,
  fleet: string | undefined,
): Promise<ReportResult> {
  const { secretName, versionId } = report;
  const ids = { secretName, versionId, agentId: report.agentId };
  const done = (result: ReportResult): ReportResult => {
    logger.info('dead-key report handled', {
      ...ids,
      outcome: result.outcome,
      action: result.action,
      newVersionId: result.newVersionId,
    });
    return result;
  };
  if (fleet === undefined) throw new WrongFleetReportError(secretName, fleet);
  if (!secretName.startsWith(deps.secretPrefix)) return done({ outcome: 'not-managed', secretName, versionId });

  const sm = deps.intake.sm;
  let stages: Readonly<Record<string, readonly string[]>>;
  try {
    const described = await describeSecret(sm, secretName);
    if (!fleetsFromTags(described.Tags).includes(fleet)) throw new WrongFleetReportError(secretName, fleet);
    stages = described.VersionIdsToStages ?? {};
  } catch (err) {
    if (err instanceof ResourceNotFoundException || (err as Error).name === 'ResourceNotFoundException') {
      return done({ outcome: 'not-managed', secretName, versionId });
    }
    throw err;
  }
  if (versionWithStage(stages, 'AWSCURRENT') !== versionId) return done({ outcome: 'stale', secretName, versionId });

  const value = await readVersion(sm, secretName, { stage: 'AWSCURRENT', versionId });
  if (!sameFingerprint(fingerprintOf(value.apiKey), report.fingerprint)) {
    return done({ outcome: 'mismatch', secretName, versionId });
  }
  if (!(await firstReport(report, deps))) return done({ outcome: 'duplicate', secretName, versionId });

  const provider = deps.providerFor(value.provider);
  try {
    await provider.testKey(
      {
        secretName,
        token: versionId,
        options: value.options ?? {},
        adminCredential: async () => {
          if (!value.adminSecretId) throw new InvalidKeyReportError([]);
          return readAdminCredential(sm, value.adminSecretId);
        },
        ...(value.keyId ? { currentKeyId: value.keyId } : {}),
      },
      { apiKey: value.apiKey, keyId: value.keyId, versionId },
    );
    return done({ outcome: 'alive', secretName, versionId });
  } catch (err) {
    if (!(err instanceof KeyRejectedError)) throw err;
  }

  logger.warn('provider rejects the current key; starting an emergency rotation', ids);
  const finding = z.parse(FindingSchema, {
    findingId: `${secretName}#${versionId}`,
    source: KEY_REPORT.findingSource,
    fingerprint: report.fingerprint,
    reason: 'the provider rejects the current key (reported by an agent, confirmed by a test call)',
  });
  const result = await handleFinding(finding, deps.intake);
  const mine = result.outcomes.find((o) => o.secretName === secretName && o.versionId === versionId);
  return done({ outcome: 'dead', secretName, versionId, action: mine?.action, newVersionId: mine?.newVersionId });
}

/**
 * The fleet-wide de-duplication: a conditional put of `REPORT#<secretName>` / `VERSION#<id>` that succeeds for the
 * first report in the window (or after an earlier record expired; DynamoDB's TTL deletes lazily).
 */
async function firstReport(report: KeyReport, deps: KeyReportDeps): Promise<boolean> {
  const now = deps.now?.() ?? new Date();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const window = deps.windowSeconds ?? KEY_REPORT.defaultWindowSeconds;
  try {
    await deps.doc.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: {
          pk: `${KEY_REPORT.recordPrefix}${report.secretName}`,
          sk: versionSk(report.versionId),
          agentId: report.agentId,
          reportedAt: now.toISOString(),
          expiresAt: nowSeconds + window,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') {
      return false;
    }
    throw err;
  }
}

function sameFingerprint(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
