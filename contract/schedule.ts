/**
 * The rotation schedule grammar, once: the config validates with it (lib/config.ts) and the ManagedKey construct
 * turns it into its rotation rules (lib/managed-key.ts), so both accept and refuse the same expressions with the same
 * message. Secrets Manager's own syntax: `rate(N hours)`, `rate(N days)` or `cron(...)`.
 */

/** When Secrets Manager rotates a key whose config names no schedule. */
export const DEFAULT_SCHEDULE = 'rate(30 days)';

/** Secrets Manager rotates at most every 4 hours and at least every 1000 days. */
export const SCHEDULE_LIMITS = { minHours: 4, maxDays: 1000 } as const;

export type Schedule =
  | { readonly kind: 'rate'; readonly unit: 'hours' | 'days'; readonly value: number }
  | { readonly kind: 'cron'; readonly expression: string };

/** A schedule expression outside the grammar or its limits; the message names the limit and the value. */
export class ScheduleError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

const RATE = /^rate\((\d+) (hours?|days?)\)$/;
const CRON = /^cron\([^()]+\)$/;

/** Parses a schedule expression, or says why it is refused. */
export function checkSchedule(
  expression: string,
): { readonly ok: true; readonly schedule: Schedule } | { readonly ok: false; readonly message: string } {
  const { minHours, maxDays } = SCHEDULE_LIMITS;
  const refuse = (limit: string) => ({ ok: false, message: `schedule must ${limit}, got ${expression}` }) as const;
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (rate[2]?.startsWith('hour')) {
      if (value < minHours) return refuse(`rotate at most every ${minHours} hours`);
      if (value > maxDays * 24) return refuse(`rotate at least every ${maxDays} days (${maxDays * 24} hours)`);
      return { ok: true, schedule: { kind: 'rate', unit: 'hours', value } };
    }
    if (value < 1 || value > maxDays) return refuse(`be between 1 and ${maxDays} days`);
    return { ok: true, schedule: { kind: 'rate', unit: 'days', value } };
  }
  if (CRON.test(expression)) return { ok: true, schedule: { kind: 'cron', expression } };
  return refuse('be rate(N hours|days) or cron(...)');
}

/** Parses a schedule expression; throws ScheduleError naming the limit and the value. */
export function parseSchedule(expression: string): Schedule {
  const checked = checkSchedule(expression);
  if (!checked.ok) throw new ScheduleError(expression, checked.message);
  return checked.schedule;
}
