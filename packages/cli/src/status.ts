import type { DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import type { KeyVersionItem, RotationMode } from '../../../lambdas/common/inventory';
import { describeSecret, versionWithStage } from '../../../lambdas/common/secrets';
import { mapBounded } from './bounded';
import type { OperatorContext } from './context';
import { keyNameOf, listManagedSecrets, resolveKey } from './keys';
import { formatDuration, formatTime, type OutputWriter, relative, shortId, table } from './output';
import { listRunningRevocations, type RunningRevocation } from './revocations';

/** One version of a key as `rekey status` shows it. Ids, times and counts only. */
export interface VersionSummary {
  readonly versionId: string;
  /** The inventory's status (`current`, `previous`, `pending`, `revoked`, …), where it has the version. */
  readonly status?: string;
  readonly createdAt?: string;
  /** Agents that acknowledged this version (client `dynamoDbAcknowledger`). */
  readonly ackAgents: number;
  readonly lastAckAt?: string;
  readonly mode?: RotationMode;
}

export interface KeyStatus {
  readonly key: string;
  readonly secretName: string;
  readonly description?: string;
  readonly provider?: string;
  readonly rotationEnabled: boolean;
  readonly current?: VersionSummary;
  readonly previous?: VersionSummary;
  /** A rotation in flight (the version AWSPENDING labels). */
  readonly pending?: VersionSummary;
  readonly nextRotationDate?: string;
  readonly lastRotatedDate?: string;
  readonly revocations: readonly RunningRevocation[];
  readonly lastExposure?: { readonly at: string; readonly versionId: string; readonly by?: string };
}

export interface StatusOptions {
  /** One key (its details), or every managed key (a table). */
  readonly key?: string;
  readonly json?: boolean;
}

/** Calls in flight at most while reading every key (10,000 keys are 10,000 DescribeSecret and as many queries). */
const READS_IN_FLIGHT = 16;

/** `rekey status [key] [--json]`. Returns what it showed. */
export async function statusCommand(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: StatusOptions = {},
): Promise<KeyStatus[]> {
  const statuses = await gatherStatus(ctx, options.key);
  if (options.json) {
    writer.out(JSON.stringify(statuses, null, 2));
  } else if (options.key && statuses[0]) {
    for (const line of formatKeyDetails(statuses[0], ctx.now())) writer.out(line);
  } else {
    for (const line of formatStatusTable(statuses, ctx.now())) writer.out(line);
  }
  return statuses;
}

/** Reads every managed key's state: Secrets Manager labels and schedule, the inventory, running revocations. */
export async function gatherStatus(ctx: OperatorContext, key?: string): Promise<KeyStatus[]> {
  const secrets: { secretName: string; described: DescribeSecretCommandOutput }[] = [];
  if (key) {
    const found = await resolveKey(ctx, key);
    secrets.push({ secretName: found.secretName, described: found.described });
  } else {
    const listed = await listManagedSecrets(ctx);
    const described = await mapBounded(listed, READS_IN_FLIGHT, (s) =>
      describeSecret(ctx.clients.sm, s.ARN ?? s.Name ?? ''),
    );
    described.forEach((d, i) => {
      secrets.push({ secretName: d.Name ?? listed[i]?.Name ?? '', described: d });
    });
  }
  const [revocations, versions] = await Promise.all([
    listRunningRevocations(ctx),
    mapBounded(secrets, READS_IN_FLIGHT, (s) => ctx.inventory.listVersions(s.secretName)),
  ]);
  return secrets.map((s, i) => summarise(ctx, s.secretName, s.described, versions[i] ?? [], revocations));
}

function summarise(
  ctx: OperatorContext,
  secretName: string,
  described: DescribeSecretCommandOutput,
  items: readonly KeyVersionItem[],
  revocations: readonly RunningRevocation[],
): KeyStatus {
  const stages = described.VersionIdsToStages ?? {};
  const byId = new Map(items.map((item) => [item.versionId, item]));
  const summary = (versionId: string | undefined, fallbackCreated?: Date): VersionSummary | undefined => {
    if (!versionId) return undefined;
    const item = byId.get(versionId);
    const created =
      item?.createdAt && !item.createdAt.startsWith('1970-') ? item.createdAt : fallbackCreated?.toISOString();
    return {
      versionId,
      ...(item?.status ? { status: item.status } : {}),
      ...(created ? { createdAt: created } : {}),
      ackAgents: item?.ackAgents?.size ?? 0,
      ...(item?.lastAckAt ? { lastAckAt: item.lastAckAt } : {}),
      ...(item?.mode ? { mode: item.mode } : {}),
    };
  };
  const currentId = versionWithStage(stages, 'AWSCURRENT');
  const pendingId = versionWithStage(stages, 'AWSPENDING');
  const exposures = items
    .filter((item) => item.exposedAt)
    .sort((a, b) => (b.exposedAt ?? '').localeCompare(a.exposedAt ?? ''));
  const latest = exposures[0];
  const provider =
    (currentId ? byId.get(currentId)?.provider : undefined) ??
    items.find((item) => item.provider)?.provider ??
    /^rekey managed (\S+) key$/.exec(described.Description ?? '')?.[1];
  return {
    key: keyNameOf(ctx, secretName),
    secretName,
    ...(described.Description ? { description: described.Description } : {}),
    ...(provider ? { provider } : {}),
    rotationEnabled: described.RotationEnabled === true,
    ...optional('current', summary(currentId, described.LastRotatedDate ?? described.CreatedDate)),
    ...optional('previous', summary(versionWithStage(stages, 'AWSPREVIOUS'))),
    ...optional('pending', pendingId && pendingId !== currentId ? summary(pendingId) : undefined),
    ...(described.NextRotationDate ? { nextRotationDate: described.NextRotationDate.toISOString() } : {}),
    ...(described.LastRotatedDate ? { lastRotatedDate: described.LastRotatedDate.toISOString() } : {}),
    revocations: revocations.filter((r) => r.secretName === secretName),
    ...(latest?.exposedAt
      ? {
          lastExposure: {
            at: latest.exposedAt,
            versionId: latest.versionId,
            ...(latest.exposedBy ? { by: latest.exposedBy } : {}),
          },
        }
      : {}),
  };
}

function optional<K extends string, V>(name: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, V>);
}

/** The table of every managed key. */
export function formatStatusTable(statuses: readonly KeyStatus[], now: Date): string[] {
  if (statuses.length === 0) return ['No managed keys in this deployment.'];
  const rows = statuses.map((s) => [
    s.key,
    s.provider ?? '-',
    s.current
      ? `${shortId(s.current.versionId)}${s.current.createdAt ? ` (${age(s.current.createdAt, now)})` : ''}`
      : '-',
    s.pending
      ? `rotating to ${shortId(s.pending.versionId)}`
      : s.nextRotationDate
        ? nextRotation(s, now)
        : s.rotationEnabled
          ? '-'
          : 'off',
    formatRevocations(s.revocations, now),
    s.lastExposure ? `${relative(new Date(s.lastExposure.at), now)} (${shortId(s.lastExposure.versionId)})` : 'never',
    `${s.current?.ackAgents ?? 0}/${s.previous?.ackAgents ?? 0}`,
  ]);
  return table(
    ['KEY', 'PROVIDER', 'CURRENT (AGE)', 'NEXT ROTATION', 'PENDING REVOCATION', 'LAST EXPOSURE', 'ACKS NEW/OLD'],
    rows,
  );
}

function nextRotation(s: KeyStatus, now: Date): string {
  const at = new Date(s.nextRotationDate as string);
  return `${formatTime(at, now)} (${relative(at, now)})`;
}

function age(createdAt: string, now: Date): string {
  return formatDuration(now.getTime() - new Date(createdAt).getTime());
}

function formatRevocations(revocations: readonly RunningRevocation[], now: Date): string {
  if (revocations.length === 0) return '-';
  return revocations
    .map((r) => {
      const verifyAt = new Date(r.verifyAt);
      const when =
        verifyAt > now
          ? `verify ${formatTime(verifyAt, now)}`
          : `verifying, by ${formatTime(new Date(r.lastRoundAt), now)}`;
      return `${r.mode} ${shortId(r.oldVersionId)} ${when}`;
    })
    .join('; ');
}

/** The details of one key. */
export function formatKeyDetails(s: KeyStatus, now: Date): string[] {
  const version = (v: VersionSummary | undefined, what: string): string => {
    if (!v) return '-';
    const parts = [v.versionId];
    if (v.status) parts.push(v.status);
    if (v.createdAt) parts.push(`created ${formatTime(new Date(v.createdAt), now)} (${age(v.createdAt, now)} ago)`);
    parts.push(`${v.ackAgents} agent${v.ackAgents === 1 ? '' : 's'} ${what}`);
    return parts.join(', ');
  };
  const lines: [string, string][] = [
    ['provider', s.provider ?? 'unknown'],
    ['current', version(s.current, 'acknowledged')],
    ['previous', version(s.previous, 'still on it')],
    [
      'rotating',
      s.pending ? `to ${version(s.pending, 'acknowledged')}${s.pending.mode ? ` (${s.pending.mode})` : ''}` : 'no',
    ],
    [
      'next rotation',
      s.nextRotationDate ? nextRotation(s, now) : s.rotationEnabled ? 'not scheduled' : 'rotation is off',
    ],
    [
      'last rotated',
      s.lastRotatedDate
        ? `${formatTime(new Date(s.lastRotatedDate), now)} (${age(s.lastRotatedDate, now)} ago)`
        : 'never',
    ],
    [
      'last exposure',
      s.lastExposure
        ? `${formatTime(new Date(s.lastExposure.at), now)} (${relative(new Date(s.lastExposure.at), now)}), version ${s.lastExposure.versionId}${s.lastExposure.by ? `, reported by ${s.lastExposure.by}` : ''}`
        : 'never reported',
    ],
  ];
  const revocations =
    s.revocations.length === 0
      ? ['none running']
      : s.revocations.map(
          (r) =>
            `${r.mode} revocation of ${r.oldVersionId}: started ${formatTime(new Date(r.startedAt), now)}, ` +
            `verifies ${formatTime(new Date(r.verifyAt), now)} (${relative(new Date(r.verifyAt), now)}), ` +
            `${r.mode === 'scheduled' ? 'gives up' : 'revokes at the latest'} ${formatTime(new Date(r.lastRoundAt), now)} ` +
            `[${r.executionName}]`,
        );
  const width = 15;
  return [
    `${s.key}  (${s.secretName})`,
    ...(s.description ? [`  ${s.description}`] : []),
    ...lines.map(([k, v]) => `  ${k.padEnd(width)}${v}`),
    ...revocations.map((r, i) => `  ${(i === 0 ? 'revocations' : '').padEnd(width)}${r}`),
  ];
}
