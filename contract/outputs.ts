/** The stack outputs lib/rekey-stack.ts declares, by role. */
export const STACK_OUTPUTS = {
  inventoryTableName: 'InventoryTableName',
  fleetTopicArn: 'FleetTopicArn',
  opsTopicArn: 'OpsTopicArn',
  revocationStateMachineArn: 'RevocationStateMachineArn',
  secretPrefix: 'SecretPrefix',
  operatorPolicyArn: 'OperatorPolicyArn',
  /** rekey's own event bus, where `rekey.scanner` and `rekey.github` findings go (its name). */
  findingBusName: 'FindingBusName',
  /** The same bus's ARN, for scanners, CI roles and a security account's forwarding rule. */
  findingBusArn: 'FindingBusArn',
  /**
   * The dead-key report function's name. Agents do not invoke it unqualified (IAM refuses): each fleet's agents invoke
   * their fleet's alias, `KeyReportAliasArn<Fleet>` (`keyReportAliasOutputName`).
   */
  keyReportFunctionName: 'KeyReportFunctionName',
  /** The function `rekey enroll` and `rekey unenroll` invoke (declared when the config has an `enrollment` section). */
  enrollFunctionName: 'EnrollFunctionName',
} as const;

/** The outputs the operator CLI finds a deployment by (the policy ARNs are for whoever attaches them). */
export const OUTPUT_NAMES = [
  STACK_OUTPUTS.inventoryTableName,
  STACK_OUTPUTS.fleetTopicArn,
  STACK_OUTPUTS.opsTopicArn,
  STACK_OUTPUTS.revocationStateMachineArn,
  STACK_OUTPUTS.secretPrefix,
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/**
 * Outputs the CLI reads when present: a deployment made before rekey had a bus of its own lacks them, and the CLI
 * then uses the default bus.
 */
export const OPTIONAL_OUTPUT_NAMES = [STACK_OUTPUTS.findingBusName, STACK_OUTPUTS.enrollFunctionName] as const;
export type OptionalOutputName = (typeof OPTIONAL_OUTPUT_NAMES)[number];

/** The prefix of each fleet's agent policy output (`AgentPolicyArn<Fleet>`). */
export const AGENT_POLICY_OUTPUT_PREFIX = 'AgentPolicyArn';

/** The stack output holding a fleet's agent policy ARN: `AgentPolicyArn` and the fleet's letters and digits, capitalized. */
export function agentPolicyOutputName(fleet: string): string {
  const id = fleet.replace(/[^A-Za-z0-9]/g, '');
  return `${AGENT_POLICY_OUTPUT_PREFIX}${id.charAt(0).toUpperCase()}${id.slice(1)}`;
}

/** The prefix of each fleet's report-function alias output (`KeyReportAliasArn<Fleet>`). */
export const KEY_REPORT_ALIAS_OUTPUT_PREFIX = 'KeyReportAliasArn';

/**
 * The stack output holding the ARN of the report function's alias a fleet's agents invoke (`rekey agent
 * --report-function`, the client's `lambdaDeadKeyReporter`): `KeyReportAliasArn` and the fleet's letters and digits,
 * capitalized.
 */
export function keyReportAliasOutputName(fleet: string): string {
  return agentPolicyOutputName(fleet).replace(AGENT_POLICY_OUTPUT_PREFIX, KEY_REPORT_ALIAS_OUTPUT_PREFIX);
}

/** The stack name when the config names none (the CLI looks for the same). */
export const DEFAULT_STACK_NAME = 'Rekey';
