import { describe, expect, it } from 'vitest';
import {
  InvalidEnrollRequestError,
  InvalidScheduleError,
  KeyOutsidePrefixError,
  MalformedKeyNameError,
  UnknownFleetError,
  UnknownProfileError,
} from '../../../lambdas/enroll/errors';
import { enrolledNameOf, parseRequest, planEnrollment } from '../../../lambdas/enroll/request';

const SETTINGS = {
  secretPrefix: 'rekey/',
  enrolledPrefix: 'rekey/enrolled/',
  profiles: { internal: { provider: 'generated', options: { length: 40, prefix: 'rk_' }, schedule: 'rate(30 days)' } },
  fleets: ['support', 'research'],
};
const enroll = (over: Record<string, unknown> = {}) =>
  planEnrollment(
    parseRequest({ action: 'enroll', key: 'billing-bot', profile: 'internal', fleet: 'support', ...over }) as never,
    SETTINGS,
  );

describe('an enroll request', () => {
  it('names the secret <enrolledPrefix><fleet>/<key>, with the profile’s schedule unless it gives one', () => {
    expect(enroll()).toMatchObject({ secretName: 'rekey/enrolled/support/billing-bot', schedule: 'rate(30 days)' });
    expect(enroll({ schedule: 'rate(12 hours)' }).schedule).toBe('rate(12 hours)');
    expect(enroll({ key: 'rekey/enrolled/support/team/bot' }).secretName).toBe('rekey/enrolled/support/team/bot');
  });

  it('refuses a name outside the fleet’s enrolled prefix, saying where enrolled keys live', () => {
    expect(() => enroll({ key: 'rekey/agents/bot' })).toThrow(KeyOutsidePrefixError);
    expect(() => enroll({ key: 'rekey/enrolled/research/bot' })).toThrow(
      /outside the enrolled prefix of fleet support \("rekey\/enrolled\/support\/"\)/,
    );
  });

  it('refuses malformed names: characters, empty segments, an ARN, an ARN-like -XXXXXX ending', () => {
    for (const key of ['bad name', 'a//b', '/a', 'a/', 'arn:aws:secretsmanager:x', 'bot-AbC123', 'x'.repeat(201)]) {
      expect(() => enroll({ key }), key).toThrow(MalformedKeyNameError);
    }
  });

  it('refuses an unknown profile or fleet and a bad schedule, listing what is known', () => {
    expect(() => enroll({ profile: 'nope' })).toThrow(
      new UnknownProfileError('unknown profile "nope" (profiles: internal)'),
    );
    expect(() => enroll({ fleet: 'ops' })).toThrow(
      new UnknownFleetError('unknown fleet "ops" (fleets: support, research)'),
    );
    expect(() => enroll({ schedule: 'rate(1 hour)' })).toThrow(InvalidScheduleError);
  });

  it('refuses unknown actions and fields, naming the field', () => {
    expect(() => parseRequest({ action: 'delete' })).toThrow(InvalidEnrollRequestError);
    expect(() => parseRequest({ action: 'enroll', key: 'k', profile: 'p', fleet: 'f', extra: 1 })).toThrow(/extra/);
    expect(() => parseRequest({ action: 'unenroll' })).toThrow(/key/);
  });

  it('takes the hourly EventBridge schedule for a reconcile of every key', () => {
    expect(parseRequest({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} })).toEqual({
      action: 'reconcile',
    });
  });
});

describe('an unenroll or reconcile of one key', () => {
  it('takes <fleet>/<key> or the whole enrolled name, and nothing outside the enrolled prefix', () => {
    expect(enrolledNameOf('support/bot', SETTINGS)).toBe('rekey/enrolled/support/bot');
    expect(enrolledNameOf('rekey/enrolled/support/bot', SETTINGS)).toBe('rekey/enrolled/support/bot');
    expect(() => enrolledNameOf('rekey/agents/bot', SETTINGS)).toThrow(KeyOutsidePrefixError);
    expect(() => enrolledNameOf('bot', SETTINGS)).toThrow(MalformedKeyNameError);
  });
});
