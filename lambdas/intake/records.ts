import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidEventError } from '../common/errors';
import { scrub } from '../common/logger';
import type { Finding } from './finding';
import type { FindingResult } from './intake';

/**
 * The audit trail of findings, next to the key versions in the inventory table: one item per finding
 * (pk `FINDING#<source>:<findingId>`, sk `FINDING`) with what it named and what rekey did. It holds no
 * fingerprint, key id or hint attributes, so the inventory's indexes never return it as a key.
 */
export class FindingLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(finding: Finding, result: FindingResult): Promise<void> {
    const at = this.now().toISOString();
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `FINDING#${result.findingKey}`, sk: 'FINDING' },
        UpdateExpression:
          'SET firstSeenAt = if_not_exists(firstSeenAt, :at), lastSeenAt = :at, findingSource = :source, findingId = :id, abuse = :abuse, matchedBy = :by, ambiguous = :ambiguous, outcomes = :outcomes',
        ExpressionAttributeValues: {
          ':at': at,
          ':source': finding.source,
          ':id': finding.findingId,
          ':abuse': finding.abuse,
          ':by': result.matchedBy ?? 'none',
          ':ambiguous': result.ambiguous,
          ':outcomes': result.outcomes.map((o) =>
            [o.action, o.secretName, o.versionId, o.newVersionId, o.mode].filter(Boolean).join(' '),
          ),
        },
      }),
    );
  }
}

/**
 * Keeps an event the intake cannot take on its dead-letter queue at once (retrying a malformed event only
 * delays the alarm), with the error's name and message as attributes. The body is scrubbed of known key shapes:
 * a scanner that put the key itself in its event does not get it stored twice.
 */
export async function sendToDeadLetters(
  sqs: SQSClient,
  queueUrl: string,
  event: unknown,
  error: Error,
  /** The event an entry came from, when `event` is one entry of it. @default - `event`'s own head */
  from?: unknown,
): Promise<void> {
  const head = (from ?? event ?? {}) as { id?: unknown; source?: unknown; 'detail-type'?: unknown };
  const issues = error instanceof InvalidEventError ? error.issues.slice(0, 10).join('; ') : '';
  const attr = (value: unknown): MessageAttributeValue => ({
    DataType: 'String',
    StringValue: scrub(String(value ?? '-')).slice(0, 256) || '-',
  });
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: scrub(JSON.stringify(event ?? null)).slice(0, 250_000),
      MessageAttributes: {
        errorName: attr(error.name),
        errorMessage: attr(error.message),
        eventId: attr(head.id),
        eventSource: attr(head.source),
        detailType: attr(head['detail-type']),
        // The reason, field by field (paths and expectations, never values).
        ...(issues ? { errorIssues: attr(issues) } : {}),
      },
    }),
  );
}
