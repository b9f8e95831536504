/**
 * Log messages an alarm matches: the runtime logs exactly this text as the Powertools `message`, and a metric filter
 * in lib/monitoring.ts counts the lines whose `$.message` equals it. Reword it here, or the alarm goes quiet.
 */

/** What the intake logs (warn) for a finding that names no managed key. */
export const UNMATCHED_FINDING_MESSAGE = 'finding matched no managed key';
