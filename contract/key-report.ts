/**
 * Names the key-report function (lambdas/key-report) and its construct (lib/key-report.ts) share: agents report a
 * key the provider refuses right after a refresh; rekey confirms it at the provider and rotates in emergency mode.
 */
export const KEY_REPORT = {
  /** The inventory partition of the fleet-wide de-duplication records: `REPORT#<secretName>`, sk `VERSION#<id>`. */
  recordPrefix: 'REPORT#',
  /** How long one report of a version stands for every other report of it, fleet-wide (seconds). */
  defaultWindowSeconds: 60,
  /** The `source` of the finding a confirmed dead key becomes (the intake's handleFinding rotates it). */
  findingSource: 'agent-report',
} as const;
