import { describe, expect, it } from 'vitest';
import { checkSchedule, DEFAULT_SCHEDULE, ScheduleError } from '../../../contract';
import { ConfigError, parseConfig } from '../../../lib/config';
import { parseSchedule } from '../../../lib/managed-key';
import { synthStack } from '../../support/synth';

const ACCEPTED = [
  'rate(4 hours)',
  'rate(36 hours)',
  'rate(24000 hours)',
  'rate(1 day)',
  'rate(1000 days)',
  'cron(0 4 ? * MON *)',
];
const REFUSED = [
  'rate(3 hours)',
  'rate(1 hour)',
  'rate(24001 hours)',
  'rate(0 days)',
  'rate(1001 days)',
  'rate(5 minutes)',
  'rate(-1 days)',
  'cron()',
  'cron(0 4 (1) * *)',
  'every 30 days',
  '',
];

/** What the config makes of a key's schedule: accepted, or the message its issue carries. */
function fromConfig(schedule: string): string {
  try {
    parseConfig({ keys: [{ name: 'a', provider: 'generated', schedule }] });
    return 'accepted';
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const [issue] = err.issues;
    return issue?.startsWith('keys[0].schedule: ') ? issue.slice('keys[0].schedule: '.length) : `other: ${issue}`;
  }
}

/** What the ManagedKey construct makes of it (the rotation rules it builds from): accepted, or what it throws. */
function fromConstruct(schedule: string): string {
  try {
    parseSchedule(schedule);
    return 'accepted';
  } catch (err) {
    if (!(err instanceof ScheduleError)) throw err;
    return err.message;
  }
}

describe('the schedule grammar between the config and the ManagedKey construct', () => {
  it.each(ACCEPTED)('accepts %s in both', (schedule) => {
    expect(fromConfig(schedule)).toBe('accepted');
    expect(fromConstruct(schedule)).toBe('accepted');
  });

  it.each(REFUSED)('refuses "%s" in both, with the same message', (schedule) => {
    const checked = checkSchedule(schedule);
    if (checked.ok) throw new Error(`${schedule} should be refused`);

    expect(fromConfig(schedule)).toBe(checked.message);
    expect(fromConstruct(schedule)).toBe(checked.message);
  });

  it('names the value and the limit it breaks', () => {
    expect(fromConfig('rate(3 hours)')).toBe('schedule must rotate at most every 4 hours, got rate(3 hours)');
    expect(fromConstruct('rate(1001 days)')).toBe('schedule must be between 1 and 1000 days, got rate(1001 days)');
    expect(fromConstruct('rate(24001 hours)')).toBe(
      'schedule must rotate at least every 1000 days (24000 hours), got rate(24001 hours)',
    );
  });

  it('turns what it accepts into the rotation the expression says', () => {
    expect(parseSchedule('rate(36 hours)').every?.toHours()).toBe(36);
    expect(parseSchedule('rate(1 day)').every?.toDays()).toBe(1);
    expect(parseSchedule('cron(0 4 ? * MON *)')).toEqual({ cron: 'cron(0 4 ? * MON *)' });
  });

  it('rotates a key whose config names no schedule on the default', () => {
    const config = { keys: [{ name: 'agents/a', provider: 'generated' as const }] };

    const { template } = synthStack(config);

    expect(parseConfig(config).keys[0]?.schedule).toBe(DEFAULT_SCHEDULE);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: DEFAULT_SCHEDULE },
    });
  });
});
