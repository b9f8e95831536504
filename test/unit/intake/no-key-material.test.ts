import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../../lambdas/common/clients';
import { logger } from '../../../lambdas/common/logger';
import { handler as webhookHandler } from '../../../lambdas/github-webhook/index';
import { createIntake } from '../../../lambdas/intake/intake-event';
import { findingsFromReport, putFindings } from '../../../packages/cli/src/report-leak';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { functionUrlEvent, signedDelivery, startFakeGitHub } from '../github-webhook/support';
import {
  CURRENT,
  captureOutput,
  fixture,
  fixtureText,
  intakeDeps,
  MemoryInventory,
  MemoryPersistence,
  PENDING,
  RecordingProvider,
  SECRET,
  type SecretState,
  secretString,
  statefulSecretsManager,
} from './support';

/**
 * Canary keys planted in every place a key can enter (a GitHub alert, a scanner report, a pending secret version, a
 * malformed event's detail, free text in a finding); none may come out in a log line, an event, an SNS message, a
 * dead-lettered body, an execution input or an error.
 */
const CANARY_GITHUB = 'rk_CanaryGitHubAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const CANARY_PENDING = 'inh_canary_pending_key_that_has_no_known_shape_77';
const CANARY_EVENT = 'sk-proj-CanaryInAMalformedEventBBBBBBBBBBBBBBBBBBBB';
const CANARY_FREE_TEXT = 'zz-canary-free-text-key-with-no-shape-CCCCCCCC';
const CANARIES = [CANARY_GITHUB, CANARY_PENDING, CANARY_EVENT, CANARY_FREE_TEXT];

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);
const sqs = mockClient(SQSClient);
const eb = mockClient(EventBridgeClient);
const ddb = mockClient(DynamoDBDocumentClient);

beforeAll(() => logger.setLogLevel('DEBUG'));
afterAll(() => logger.setLogLevel('WARN'));

function everythingSent(): string {
  return JSON.stringify([
    sns.commandCalls(PublishCommand).map((c) => c.args[0].input),
    sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input),
    sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input),
    eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input),
    ddb.commandCalls(PutCommand).map((c) => c.args[0].input),
    ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input),
  ]);
}

describe('key material', () => {
  it('appears in no log line, event, message, execution input or error, wherever a canary key enters', async () => {
    const github = await startFakeGitHub({
      ...fixture('github-secret-scanning-alert-rest.json'),
      secret: CANARY_GITHUB,
    });
    const errors: string[] = [];
    try {
      Object.assign(process.env, {
        REKEY_INVENTORY_TABLE: 'inventory',
        REKEY_GITHUB_WEBHOOK_SECRET_ARN: 'gh/webhook',
        REKEY_GITHUB_TOKEN_SECRET_ARN: 'gh/token',
        REKEY_GITHUB_API_BASE_URL: github.baseUrl,
      });
      resetAwsClients();
      const state: SecretState = {
        values: new Map([
          [CURRENT, secretString(CANARY_GITHUB, 'kid-current')],
          [PENDING, secretString(CANARY_PENDING, 'kid-pending')],
        ]),
        stages: { [CURRENT]: ['AWSCURRENT'], [PENDING]: ['AWSPENDING'] },
      };
      statefulSecretsManager(sm, state);
      sm.on(GetSecretValueCommand, { SecretId: 'gh/webhook' }).resolves({ SecretString: 'whsec-canary-test' });
      sm.on(GetSecretValueCommand, { SecretId: 'gh/token' }).resolves({
        SecretString: 'ghp_tokenForCanaryTest0000000000000000',
      });
      sns.on(PublishCommand).resolves({});
      sfn.on(StartExecutionCommand).resolves({});
      sqs.on(SendMessageCommand).resolves({});
      eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
      const seen = new Set<string>();
      ddb.on(PutCommand).callsFake((input: { Item: { pk: string } }) => {
        if (seen.has(input.Item.pk)) throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
        seen.add(input.Item.pk);
        return {};
      });
      ddb.on(UpdateCommand).resolves({});
      ddb.on(DeleteCommand).resolves({});

      const inventory = new MemoryInventory();
      inventory.put(SECRET, CURRENT, CANARY_GITHUB, 'current');
      inventory.put(SECRET, PENDING, CANARY_PENDING, 'pending', { keyId: 'kid-pending' });
      const intake = createIntake({
        ...intakeDeps({ sm: sm as never, sns: sns as never, sfn: sfn as never }, inventory, new RecordingProvider(), {
          start: async () => {},
        }),
        persistence: new MemoryPersistence(),
        sqs: sqs as never,
        deadLetterQueueUrl: 'dlq',
      });

      const { output } = await captureOutput(async () => {
        // 1. GitHub: the alert's secret is fetched, hashed and dropped.
        const body = fixtureText('github-secret-scanning-alert-created.json');
        const d = await signedDelivery(body, 'whsec-canary-test');
        const res = await webhookHandler(functionUrlEvent(d.headers, body));
        expect(res.statusCode).toBe(202);
        const detail = JSON.parse(eb.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail ?? '{}');
        // 2. The published finding through the intake: current rotates (in flight), the pending one is abandoned.
        await intake({ ...fixture('scanner-custom-event.json'), source: 'rekey.github', detail });
        await intake({
          ...fixture('scanner-custom-event.json'),
          detail: {
            findingId: 'pending-1',
            source: 'gitleaks',
            fingerprint: fingerprint(CANARY_PENDING),
            location: `config/.env:3 TOKEN=${CANARY_PENDING}`,
          },
        });
        // 3. Free text that quotes the key it reports, in an unmatched finding.
        await intake({
          ...fixture('scanner-custom-event.json'),
          detail: {
            findingId: 'free-1',
            source: 'ci',
            fingerprint: fingerprint(CANARY_FREE_TEXT),
            location: `build log: export KEY=${CANARY_FREE_TEXT}`,
            reason: `found ${CANARY_FREE_TEXT}`,
          },
        });
        // 4. A malformed event carrying a key: dead-lettered, scrubbed.
        await intake({ ...fixture('scanner-custom-event.json'), detail: { findingId: 'bad', apiKey: CANARY_EVENT } });
        // 5. Errors on the way: a forged delivery, a report that does not parse.
        const forged = await webhookHandler(functionUrlEvent(d.headers, body.replace('"number": 42', '"number": 41')));
        errors.push(forged.body);
        try {
          findingsFromReport(`[{"RuleID":"x","Secret":"${CANARY_GITHUB}"`, 'gitleaks');
        } catch (err) {
          errors.push(`${(err as Error).message} ${(err as Error).stack}`);
        }
        // 6. A report read and put on the bus.
        const report = JSON.stringify([{ RuleID: 'rekey-token', Secret: CANARY_GITHUB, File: 'a.env', StartLine: 1 }]);
        await putFindings(eb as never, findingsFromReport(report).findings, 'default');
      });

      expect(output.length).toBeGreaterThan(0);
      expect(sns.commandCalls(PublishCommand).length).toBeGreaterThan(0);
      expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
      for (const canary of CANARIES) {
        expect(output, 'log lines').not.toContain(canary);
        expect(everythingSent(), 'events, messages and inputs').not.toContain(canary);
        expect(errors.join('\n'), 'errors').not.toContain(canary);
      }
    } finally {
      await github.close();
    }
  });
});
