import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LIVENESS, livenessPartitionKey } from '../../contract';
import type { ProviderName } from './secret-value';

/**
 * The key inventory: one DynamoDB item per key version (pk `SECRET#<name>`, sk `VERSION#<versionId>`), holding
 * the key's fingerprint and redacted hint (never the key), its provider id, its status and every status change.
 * Global indexes `byFingerprint`, `byKeyId` and `byHint` let a finding that holds only one of those find the key.
 */

export type KeyStatus =
  /** Asked for (an emergency rotation was requested with this token) but not yet minted. */
  | 'requested'
  | 'pending'
  | 'current'
  | 'previous'
  | 'deactivated'
  | 'revoked'
  /** Minted by a rotation that failed; revoked at the provider, never current. */
  | 'abandoned';

export type RotationMode = 'scheduled' | 'emergency' | 'abuse';

export interface StatusChange {
  readonly status: KeyStatus;
  readonly at: string;
  readonly note?: string;
}

export interface KeyVersionItem {
  readonly pk: string;
  readonly sk: string;
  readonly secretName: string;
  readonly versionId: string;
  readonly secretArn?: string;
  readonly keyId?: string;
  readonly provider?: ProviderName;
  readonly fingerprint?: string;
  readonly keyHint?: string;
  readonly status: KeyStatus;
  readonly history: readonly StatusChange[];
  readonly createdAt?: string;
  readonly revokedAt?: string;
  readonly exposedAt?: string;
  /** The finding (`source:findingId`) that last reported this version exposed. */
  readonly exposedBy?: string;
  readonly mode?: RotationMode;
  readonly reason?: string;
  readonly ackAgents?: ReadonlySet<string>;
  readonly lastAckAt?: string;
  /** The acknowledgers that also keep a liveness record (contract/liveness.ts `ackMarkerAttribute`). */
  readonly livenessAgents?: ReadonlySet<string>;
}

/**
 * An agent's liveness record (pk `LIVE#<secretName>`, sk `AGENT#<agentId>`, contract/liveness.ts), written by the
 * agent itself: the version it holds and until when it counts as live.
 */
export interface LivenessItem {
  readonly agentId: string;
  readonly versionId: string;
  readonly renewedAt?: string;
  /** Epoch seconds (the table's TTL attribute). */
  readonly expiresAt: number;
}

/** Modes by urgency: a version's mode may rise (scheduled → emergency → abuse), never fall. */
export const MODE_RANK: Readonly<Record<RotationMode, number>> = { scheduled: 0, emergency: 1, abuse: 2 };

export const INDEX = { byFingerprint: 'byFingerprint', byKeyId: 'byKeyId', byHint: 'byHint' } as const;

export const secretPk = (secretName: string): string => `SECRET#${secretName}`;
export const versionSk = (versionId: string): string => `VERSION#${versionId}`;

export interface KeyVersionFacts {
  readonly secretName: string;
  readonly versionId: string;
  readonly secretArn?: string;
  readonly keyId: string;
  readonly provider: ProviderName;
  readonly fingerprint: string;
  readonly keyHint: string;
  readonly createdAt: string;
}

export class Inventory {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Records the facts of a key version (idempotent: a replay writes the same facts) and moves it to `status`
   * unless it is already there.
   */
  async recordVersion(facts: KeyVersionFacts, status: KeyStatus, note?: string): Promise<void> {
    // Index keys cannot be empty strings: a placeholder with no provider id simply stays out of byKeyId.
    const attrs: Record<string, string> = {
      secretName: facts.secretName,
      versionId: facts.versionId,
      keyId: facts.keyId,
      provider: facts.provider,
      fingerprint: facts.fingerprint,
      keyHint: facts.keyHint,
      ...(facts.secretArn ? { secretArn: facts.secretArn } : {}),
    };
    const names = Object.keys(attrs).filter((name) => attrs[name] !== '');
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: secretPk(facts.secretName), sk: versionSk(facts.versionId) },
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}, createdAt = if_not_exists(createdAt, :createdAt)`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((name, i) => [`:f${i}`, attrs[name]])),
          ':createdAt': facts.createdAt,
        },
      }),
    );
    await this.transition(facts.secretName, facts.versionId, status, note);
  }

  /**
   * Moves a version to `status` and appends the change to its history, once: a replayed transition to the
   * status it already has changes nothing and returns false, and so does any move out of a final status
   * (`revoked`, `abandoned`) and any move out of `deactivated` but to `revoked` (a half-revoked key only
   * finishes its revocation).
   */
  async transition(
    secretName: string,
    versionId: string,
    status: KeyStatus,
    note?: string,
    extra: Readonly<Record<string, string>> = {},
  ): Promise<boolean> {
    const at = this.now().toISOString();
    const change: StatusChange = note ? { status, at, note } : { status, at };
    const extraNames = Object.keys(extra);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: secretPk(secretName), sk: versionSk(versionId) },
          UpdateExpression: [
            'SET #status = :status, history = list_append(if_not_exists(history, :empty), :change), secretName = :secretName, versionId = :versionId',
            status === 'revoked' ? 'revokedAt = :at' : undefined,
            ...extraNames.map((_, i) => `#x${i} = :x${i}`),
          ]
            .filter(Boolean)
            .join(', '),
          // Once, and never out of a final status: a replay after revocation must not drag a version back.
          ConditionExpression: `attribute_not_exists(#status) OR (#status <> :status AND #status <> :revoked AND #status <> :abandoned${
            status === 'revoked' ? '' : ' AND #status <> :deactivated'
          })`,
          ExpressionAttributeNames: {
            '#status': 'status',
            ...Object.fromEntries(extraNames.map((name, i) => [`#x${i}`, name])),
          },
          ExpressionAttributeValues: {
            ':status': status,
            ':revoked': 'revoked',
            ':abandoned': 'abandoned',
            ...(status === 'revoked' ? {} : { ':deactivated': 'deactivated' }),
            ':change': [change],
            ':empty': [],
            ':secretName': secretName,
            ':versionId': versionId,
            ...(status === 'revoked' ? { ':at': at } : {}),
            ...Object.fromEntries(extraNames.map((name, i) => [`:x${i}`, extra[name]])),
          },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  /** Sets plain attributes on a version (mode, reason, exposedAt) without changing its status. */
  async annotate(secretName: string, versionId: string, attrs: Readonly<Record<string, string>>): Promise<void> {
    const names = Object.keys(attrs);
    if (names.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: secretPk(secretName), sk: versionSk(versionId) },
        UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:a${i}`, attrs[n]])),
      }),
    );
  }

  /**
   * Records that a finding reported this version exposed: `exposedAt` keeps the first report, `exposedBy` the latest
   * finding, and `exposures` appends one entry per finding and outcome (a replay with the same finding and outcome
   * appends nothing).
   */
  async recordExposure(
    secretName: string,
    versionId: string,
    exposure: { readonly findingKey: string; readonly outcome: string },
  ): Promise<void> {
    const at = this.now().toISOString();
    const entry = `${exposure.findingKey} ${exposure.outcome}`.slice(0, 400);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: secretPk(secretName), sk: versionSk(versionId) },
          UpdateExpression:
            'SET exposedAt = if_not_exists(exposedAt, :at), exposedBy = :by, secretName = :secretName, versionId = :versionId ADD exposures :entry',
          ConditionExpression: 'attribute_not_exists(exposures) OR NOT contains(exposures, :one)',
          ExpressionAttributeValues: {
            ':at': at,
            ':by': exposure.findingKey,
            ':secretName': secretName,
            ':versionId': versionId,
            ':entry': new Set([entry]),
            ':one': entry,
          },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  /**
   * Raises a version's rotation mode (and its reason) unless it already has that mode or a more urgent one.
   * Returns the mode the version has afterwards.
   */
  async raiseMode(secretName: string, versionId: string, mode: RotationMode, reason: string): Promise<RotationMode> {
    const lower = (Object.keys(MODE_RANK) as RotationMode[]).filter((m) => MODE_RANK[m] < MODE_RANK[mode]);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: secretPk(secretName), sk: versionSk(versionId) },
          UpdateExpression: 'SET #mode = :mode, reason = :reason, secretName = :secretName, versionId = :versionId',
          ConditionExpression:
            lower.length === 0
              ? 'attribute_not_exists(#mode)'
              : `attribute_not_exists(#mode) OR #mode IN (${lower.map((_, i) => `:l${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#mode': 'mode' },
          ExpressionAttributeValues: {
            ':mode': mode,
            ':reason': reason.slice(0, 300),
            ':secretName': secretName,
            ':versionId': versionId,
            ...Object.fromEntries(lower.map((m, i) => [`:l${i}`, m])),
          },
        }),
      );
      return mode;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      return (await this.getVersion(secretName, versionId))?.mode ?? mode;
    }
  }

  async getVersion(secretName: string, versionId: string): Promise<KeyVersionItem | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: secretPk(secretName), sk: versionSk(versionId) },
        ConsistentRead: true,
      }),
    );
    return out.Item as KeyVersionItem | undefined;
  }

  /** Every recorded version of a secret, oldest first by creation. */
  async listVersions(secretName: string): Promise<KeyVersionItem[]> {
    const items: KeyVersionItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
          ExpressionAttributeValues: { ':pk': secretPk(secretName), ':sk': 'VERSION#' },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      items.push(...((out.Items ?? []) as KeyVersionItem[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items.sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
  }

  /**
   * Every liveness record of a secret's agents, expired ones included (DynamoDB's TTL deletes them late, so the reader
   * decides by `expiresAt`), read consistently. A record missing its agent id, version or expiry is left out.
   */
  async listLiveness(secretName: string): Promise<LivenessItem[]> {
    const items: LivenessItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': livenessPartitionKey(secretName) },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      for (const item of out.Items ?? []) {
        const { agentId, versionId, renewedAt, expiresAt, sk } = item as Record<string, unknown>;
        const id = typeof agentId === 'string' ? agentId : String(sk ?? '').slice(LIVENESS.sortKeyPrefix.length);
        if (!id || typeof versionId !== 'string' || typeof expiresAt !== 'number') continue;
        items.push({ agentId: id, versionId, expiresAt, ...(typeof renewedAt === 'string' ? { renewedAt } : {}) });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  findByFingerprint(fingerprint: string): Promise<KeyVersionItem[]> {
    return this.queryIndex(INDEX.byFingerprint, 'fingerprint', fingerprint);
  }

  findByKeyId(keyId: string): Promise<KeyVersionItem[]> {
    return this.queryIndex(INDEX.byKeyId, 'keyId', keyId);
  }

  findByHint(keyHint: string): Promise<KeyVersionItem[]> {
    return this.queryIndex(INDEX.byHint, 'keyHint', keyHint);
  }

  private async queryIndex(index: string, attribute: string, value: string): Promise<KeyVersionItem[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: '#a = :v',
        ExpressionAttributeNames: { '#a': attribute },
        ExpressionAttributeValues: { ':v': value },
      }),
    );
    return (out.Items ?? []) as KeyVersionItem[];
  }
}
