import { describe, expect, it } from 'vitest';
import {
  answeredRotationRules,
  declaredRotationRules,
  declaredRotationRulesByName,
  motoRotationRules,
} from '../../../local/emulator/fidelity/rotation-rules';
import type { Template } from '../../../local/emulator/synth';

const template: Template = {
  Resources: {
    A: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'rekey/a' } },
    B: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'rekey/b' } },
    C: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'rekey/c' } },
    D: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'rekey/unscheduled' } },
    ARotation: {
      Type: 'AWS::SecretsManager::RotationSchedule',
      Properties: { SecretId: { Ref: 'A' }, RotationRules: { ScheduleExpression: 'rate(7 days)', Duration: '3h' } },
    },
    BRotation: {
      Type: 'AWS::SecretsManager::RotationSchedule',
      Properties: { SecretId: { Ref: 'B' }, RotationRules: { AutomaticallyAfterDays: 14 } },
    },
    CRotation: {
      Type: 'AWS::SecretsManager::RotationSchedule',
      Properties: { SecretId: { Ref: 'C' }, RotationRules: { ScheduleExpression: 'cron(0 12 ? * MON *)' } },
    },
  },
};

describe('rotation rules of the local deployment', () => {
  it("reads each secret's RotationSchedule as declared, Duration included", () => {
    expect(declaredRotationRules(template, 'A')).toEqual({ ScheduleExpression: 'rate(7 days)', Duration: '3h' });
    expect(declaredRotationRules(template, 'B')).toEqual({ AutomaticallyAfterDays: 14 });
    expect(declaredRotationRules(template, 'D')).toBeUndefined();
    expect(Object.keys(declaredRotationRulesByName(template))).toEqual(['rekey/a', 'rekey/b', 'rekey/c']);
  });

  it('gives moto the declared rules plus the day count it keeps', () => {
    expect(motoRotationRules({ ScheduleExpression: 'rate(7 days)', Duration: '3h' })).toEqual({
      ScheduleExpression: 'rate(7 days)',
      Duration: '3h',
      AutomaticallyAfterDays: 7,
    });
    expect(motoRotationRules({ ScheduleExpression: 'rate(1 day)' }).AutomaticallyAfterDays).toBe(1);
    expect(motoRotationRules({ AutomaticallyAfterDays: 14 })).toEqual({ AutomaticallyAfterDays: 14 });
    expect(motoRotationRules({ ScheduleExpression: 'rate(4 hours)' }).AutomaticallyAfterDays).toBe(1);
    expect(motoRotationRules({ ScheduleExpression: 'rate(30 hours)' }).AutomaticallyAfterDays).toBe(2);
    expect(motoRotationRules({ ScheduleExpression: 'cron(0 12 ? * MON *)' }).AutomaticallyAfterDays).toBe(1);
  });

  it('answers what AWS reports: the declared rules, and a day count only for whole-day schedules', () => {
    expect(answeredRotationRules({ ScheduleExpression: 'rate(7 days)', Duration: '3h' })).toEqual({
      ScheduleExpression: 'rate(7 days)',
      Duration: '3h',
      AutomaticallyAfterDays: 7,
    });
    expect(answeredRotationRules({ ScheduleExpression: 'rate(4 hours)' })).toEqual({
      ScheduleExpression: 'rate(4 hours)',
    });
    expect(answeredRotationRules({ ScheduleExpression: 'cron(0 12 ? * MON *)' })).toEqual({
      ScheduleExpression: 'cron(0 12 ? * MON *)',
    });
  });
});
