import type { Template } from '../synth';

/** Secrets Manager's RotationRulesType, as RotateSecret takes it and DescribeSecret answers it. */
export interface RotationRules {
  readonly AutomaticallyAfterDays?: number;
  readonly Duration?: string;
  readonly ScheduleExpression?: string;
}

/**
 * The RotationRules the template's `AWS::SecretsManager::RotationSchedule` declares for a secret (by the secret's
 * logical id), exactly as written; undefined when the secret has no rotation schedule.
 */
export function declaredRotationRules(template: Template, secretLogicalId: string): RotationRules | undefined {
  const schedule = Object.values(template.Resources).find(
    (r) =>
      r.Type === 'AWS::SecretsManager::RotationSchedule' &&
      (r.Properties?.SecretId as { Ref?: string } | undefined)?.Ref === secretLogicalId,
  );
  if (!schedule) return undefined;
  const rules = (schedule.Properties?.RotationRules ?? {}) as Record<string, unknown>;
  return {
    ...(typeof rules.AutomaticallyAfterDays === 'number'
      ? { AutomaticallyAfterDays: rules.AutomaticallyAfterDays }
      : {}),
    ...(typeof rules.Duration === 'string' ? { Duration: rules.Duration } : {}),
    ...(typeof rules.ScheduleExpression === 'string' ? { ScheduleExpression: rules.ScheduleExpression } : {}),
  };
}

/** Secret name → the RotationRules its schedule declares, for every secret of the template that has one. */
export function declaredRotationRulesByName(template: Template): Record<string, RotationRules> {
  const out: Record<string, RotationRules> = {};
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::SecretsManager::Secret') continue;
    const name = r.Properties?.Name;
    const rules = declaredRotationRules(template, id);
    if (typeof name === 'string' && rules) out[name] = rules;
  }
  return out;
}

/** The period of a `rate(N days)` expression in days; undefined for hours, cron() or anything else. */
export function rateInDays(expression: string | undefined): number | undefined {
  const m = /^rate\((\d+) days?\)$/.exec(expression ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * What to send moto 5.2.1 so it keeps the schedule as far as it can. moto accepts `ScheduleExpression` and
 * `Duration` without complaint but drops them: it keeps only `AutomaticallyAfterDays` (1-1000), and with none it
 * records 0 and leaves RotationEnabled false, which the rotation function refuses. So the declared rules go as they
 * are, plus the `AutomaticallyAfterDays` moto needs: the declared one, N for `rate(N days)`, and, for a period moto
 * cannot express (`rate(N hours)`, `cron(...)`), the nearest whole number of days at or above it (1 for cron).
 */
export function motoRotationRules(declared: RotationRules): RotationRules & { AutomaticallyAfterDays: number } {
  const hours = /^rate\((\d+) hours?\)$/.exec(declared.ScheduleExpression ?? '');
  const days =
    declared.AutomaticallyAfterDays ??
    rateInDays(declared.ScheduleExpression) ??
    (hours ? Math.max(1, Math.ceil(Number(hours[1]) / 24)) : 1);
  return { ...declared, AutomaticallyAfterDays: days };
}

/**
 * The RotationRules DescribeSecret and ListSecrets answer in AWS for a secret deployed with `declared`: the
 * declared ScheduleExpression and Duration, and AutomaticallyAfterDays where the schedule is in whole days (AWS
 * reports it calculated from the schedule). For hours or cron() no day count is claimed.
 */
export function answeredRotationRules(declared: RotationRules): RotationRules {
  const days = declared.AutomaticallyAfterDays ?? rateInDays(declared.ScheduleExpression);
  return { ...declared, ...(days !== undefined ? { AutomaticallyAfterDays: days } : {}) };
}
