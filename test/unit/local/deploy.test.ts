import { describe, expect, it } from 'vitest';
import { fleetQueueLogicalId } from '../../../local/emulator/deploy';
import { synthesize } from '../../../local/emulator/synth-app';

describe('the local deployment', () => {
  it("finds a fleet's queue when the fleet name holds characters CDK drops from logical ids", () => {
    const { template } = synthesize({
      keys: [{ name: 'agents/a', provider: 'generated', fleets: ['support-agents', 'ops_bots'] }],
      fleets: [{ name: 'support-agents' }, { name: 'ops_bots' }],
    });

    const support = fleetQueueLogicalId(template, 'support-agents');
    const ops = fleetQueueLogicalId(template, 'ops_bots');

    expect(support).toMatch(/^NotificationssupportagentsQueue/);
    expect(ops).toMatch(/^NotificationsopsbotsQueue/);
    expect(template.Resources[support ?? '']?.Properties).toHaveProperty('RedrivePolicy');
  });
});
