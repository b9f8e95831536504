import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishFleetEvent } from '../../../lambdas/common/notify';
import type { FleetNotification } from '../../../packages/client/src/notification';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:fleet';
const rotated: FleetNotification = {
  event: 'rotated',
  secretName: 'rekey/agents/support',
  versionId: 'v-2',
  at: '2026-12-01T10:00:00.000Z',
};

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

const sent = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

describe('publishFleetEvent', () => {
  it('addresses the notification to its fleets: a sorted String.Array, each fleet once, beside secretName', async () => {
    const told = await publishFleetEvent(new SNSClient({}), TOPIC, rotated, ['support', 'research', 'support']);

    expect(told).toBe(true);
    expect(sent()[0]?.MessageAttributes).toEqual({
      secretName: { DataType: 'String', StringValue: 'rekey/agents/support' },
      event: { DataType: 'String', StringValue: 'rotated' },
      version: { DataType: 'String', StringValue: 'v-2' },
      fleets: { DataType: 'String.Array', StringValue: '["research","support"]' },
    });
  });

  it('publishes nothing for a secret tagged for no fleet', async () => {
    const told = await publishFleetEvent(new SNSClient({}), TOPIC, rotated, []);

    expect(told).toBe(false);
    expect(sent()).toEqual([]);
  });

  it('refuses a fleet name that is not one (no quote or bracket can reach the attribute), publishing nothing', async () => {
    await expect(publishFleetEvent(new SNSClient({}), TOPIC, rotated, ['support", "research'])).rejects.toThrow();
    expect(sent()).toEqual([]);
  });
});
