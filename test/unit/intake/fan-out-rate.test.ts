import { RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { RATE_LIMIT_ITEM } from '../../../contract/rate-limits';
import { SharedRateLimiter, sharedRateLimit } from '../../../lambdas/common/rate-limit';
import { consumeWorkBatch } from '../../../lambdas/intake/fan-out';
import { FindingSchema } from '../../../lambdas/intake/finding';
import { FakeDynamoDb } from '../../support/fakes/dynamodb';

/**
 * The worker's bound on rate slots, through the real middleware and limiter (the Secrets Manager client is not
 * mocked here, unlike fan-out.test.ts: the bound is read in its middleware stack).
 */
const WORK = 'http://127.0.0.1:1/123456789012/intake-work';

describe('a worker and the shared rate', () => {
  it('waits for a rate slot only while the invocation has time to use it, and puts the finding back otherwise', async () => {
    // Arrange: 20 s left; the rotation bucket is booked 60 s ahead; the finding's one call is a scheduled one.
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const table = new FakeDynamoDb('inventory');
    const key = { pk: `${RATE_LIMIT_ITEM.pkPrefix}secretsmanager:rotation`, sk: RATE_LIMIT_ITEM.sk };
    const bookedUntil = Date.now() + 60_000;
    table.putItem({ ...key, nextAt: bookedUntil });
    const limiter = new SharedRateLimiter(table as unknown as DynamoDBDocumentClient, 'inventory');
    const sm = new SecretsManagerClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' },
      endpoint: 'http://127.0.0.1:9',
      maxAttempts: 1,
    });
    sm.middlewareStack.use(sharedRateLimit(() => limiter));
    let reached = false;
    sm.middlewareStack.add(
      () => async () => {
        reached = true;
        throw new Error('the call reached the wire');
      },
      { step: 'finalizeRequest', priority: 'low', name: 'wire' },
    );
    const body = JSON.stringify(
      FindingSchema.parse({ findingId: 'f-0', source: 'aws-health', keyId: `AKIA${'Q'.repeat(16)}` }),
    );
    const batch: SQSEvent = {
      Records: [
        {
          messageId: 'm-0',
          receiptHandle: 'r-0',
          body,
          attributes: {} as never,
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:intake-work',
          awsRegion: 'us-east-1',
        },
      ],
    };

    // Act
    const result = await consumeWorkBatch(
      batch,
      { getRemainingTimeInMillis: () => 20_000 },
      {
        sqs: sqs as never,
        workQueueUrl: WORK,
        queueUrls: [WORK],
        runFinding: async () => {
          await sm.send(new RotateSecretCommand({ SecretId: 'rekey/x', RotateImmediately: true }));
          return {};
        },
        runEvent: async () => undefined,
        deadLetter: async () => undefined,
      },
    );

    // Assert: no slot taken and no call made; the finding comes again in about a minute, no receive used up.
    expect(result).toMatchObject({ handled: 0, putBack: 1, batchItemFailures: [] });
    expect(reached).toBe(false);
    expect(table.getItem(key)?.nextAt).toBe(bookedUntil);
    const delay = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries?.[0]?.DelaySeconds;
    expect(delay).toBeGreaterThanOrEqual(58);
    expect(delay).toBeLessThanOrEqual(60);
    sqs.restore();
  });
});
