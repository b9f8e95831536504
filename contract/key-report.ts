import { FLEET_NAME } from './fleets';

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
  /**
   * Each fleet invokes the function through its own alias, `fleet-<fleet>` (an alias name cannot be all digits; a
   * fleet name may be): its agent policy allows that alias's ARN only, and the handler reads the fleet back from the
   * invoked ARN's qualifier.
   */
  fleetAliasPrefix: 'fleet-',
} as const;

/** The alias of the report function `fleet`'s agents invoke. */
export const keyReportAlias = (fleet: string): string => `${KEY_REPORT.fleetAliasPrefix}${fleet}`;

/**
 * The fleet an invocation came through: the qualifier of the invoked ARN (`…:function:<name>:fleet-<fleet>`), or
 * undefined for an unqualified invocation, a version, or `$LATEST`.
 */
export function fleetOfInvokedArn(invokedFunctionArn: string | undefined): string | undefined {
  const parts = (invokedFunctionArn ?? '').split(':');
  if (parts.length !== 8 || parts[5] !== 'function') return undefined;
  const qualifier = parts[7] ?? '';
  if (!qualifier.startsWith(KEY_REPORT.fleetAliasPrefix)) return undefined;
  const fleet = qualifier.slice(KEY_REPORT.fleetAliasPrefix.length);
  return FLEET_NAME.test(fleet) ? fleet : undefined;
}
