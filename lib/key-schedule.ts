import type { Duration } from 'aws-cdk-lib';
import { checkSchedule, SCHEDULE_LIMITS } from '../contract';

/**
 * When Secrets Manager rotates a managed key: every so often (`KeySchedule.every(Duration.days(30))`, or a bare
 * `Duration` where a prop takes `Duration | KeySchedule`) or on a cron expression in Secrets Manager's syntax
 * (`KeySchedule.cron('cron(0 4 ? * MON *)')`). Secrets Manager rotates at most every 4 hours and at least every
 * 1000 days.
 */
export class KeySchedule {
  /** Every `interval`, a whole number of hours from 4 hours to 1000 days. */
  static every(interval: Duration): KeySchedule {
    return new KeySchedule(interval, undefined);
  }

  /** On a cron expression, `cron(minutes hours day-of-month month day-of-week year)`. */
  static cron(expression: string): KeySchedule {
    return new KeySchedule(undefined, expression);
  }

  /** From an expression as the config file holds it: `rate(N hours)`, `rate(N days)` or `cron(...)`. */
  static fromExpression(expression: string): KeySchedule {
    return /^rate\(/.test(expression)
      ? new KeySchedule(undefined, undefined, expression)
      : KeySchedule.cron(expression);
  }

  private constructor(
    private readonly interval: Duration | undefined,
    private readonly cronExpression: string | undefined,
    private readonly rateExpression?: string,
  ) {}

  /**
   * The schedule as Secrets Manager writes it (`rate(30 days)`, `rate(6 hours)`, `cron(...)`); throws naming `prop`,
   * the limit and the value where Secrets Manager would refuse it.
   */
  toExpression(prop = 'schedule'): string {
    if (this.interval) return rateOf(this.interval, prop);
    const expression = this.cronExpression ?? this.rateExpression ?? '';
    const checked = checkSchedule(expression);
    // checkSchedule's message starts with "schedule must …"; name the prop the value came from instead.
    if (!checked.ok) throw new Error(checked.message.replace(/^schedule/, prop));
    return expression;
  }
}

/** `rate(N days)` for a whole number of days, else `rate(N hours)`; throws for what Secrets Manager refuses. */
function rateOf(interval: Duration, prop: string): string {
  if (interval.isUnresolved()) throw new Error(`${prop} must be a concrete duration, got a token`);
  const hours = interval.toHours({ integral: false });
  if (!Number.isInteger(hours))
    throw new Error(`${prop} must be a whole number of hours, got ${interval.toHumanString()}`);
  const expression = hours > 0 && hours % 24 === 0 ? plural(hours / 24, 'day') : plural(hours, 'hour');
  const { minHours, maxDays } = SCHEDULE_LIMITS;
  if (hours < minHours) throw new Error(`${prop} must be at least ${minHours} hours, got ${expression}`);
  if (hours > maxDays * 24) throw new Error(`${prop} must be at most ${maxDays} days, got ${expression}`);
  return expression;
}

const plural = (n: number, unit: string) => `rate(${n} ${unit}${n === 1 ? '' : 's'})`;
