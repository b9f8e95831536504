import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { UNMATCHED_FINDING_MESSAGE } from '../../../contract';
import { FindingSchema } from '../../../lambdas/intake/finding';
import { handleFinding } from '../../../lambdas/intake/intake';
import { UNMATCHED_FINDING_MESSAGE as MONITORING_MESSAGE } from '../../../lib/monitoring';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import { captureOutput, intakeDeps, MemoryInventory, RecordingProvider } from '../intake/support';
import { fullTemplate } from './support';

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);

beforeEach(() => {
  sm.reset();
  sns.reset();
  sfn.reset();
});

/** The one filter-pattern form the unmatched-exposure filter uses: `{ $.message = "TEXT" }`. */
function messageOf(filterPattern: string): string | undefined {
  return /^\{ \$\.message = "(.*)" \}$/.exec(filterPattern)?.[1];
}

describe('the log text the unmatched-exposure alarm matches', () => {
  const filters = Object.values(fullTemplate().findResources('AWS::Logs::MetricFilter')).filter(
    (f) => f.Properties.MetricTransformations?.[0]?.MetricName === 'UnmatchedExposures',
  );

  it("is the contract's message, in the one metric filter on the intake's log group", () => {
    expect(filters).toHaveLength(1);
    expect(messageOf(String(filters[0]?.Properties.FilterPattern))).toBe(UNMATCHED_FINDING_MESSAGE);
    expect(MONITORING_MESSAGE).toBe(UNMATCHED_FINDING_MESSAGE);
  });

  it('is exactly what the intake logs when a finding names no managed key, so the filter counts it', async () => {
    const finding = FindingSchema.parse({
      findingId: 'contract-unmatched-1',
      source: 'gitleaks',
      fingerprint: fingerprint('rk_NotManagedByRekey000000000000000000000000'),
    });
    const deps = intakeDeps(
      { sm: sm as never, sns: sns as never, sfn: sfn as never },
      new MemoryInventory(),
      new RecordingProvider(),
      { start: async () => {} },
    );

    const { result, output } = await captureOutput(() => handleFinding(finding, deps));

    expect(result.outcomes).toEqual([{ action: 'unmatched' }]);
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level?: string; message?: string });
    const pattern = messageOf(String(filters[0]?.Properties.FilterPattern));
    expect(lines.filter((line) => line.message === pattern)).toEqual([
      expect.objectContaining({ level: 'WARN', message: UNMATCHED_FINDING_MESSAGE }),
    ]);
  });
});
