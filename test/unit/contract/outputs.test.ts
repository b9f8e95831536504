import { describe, expect, it } from 'vitest';
import { agentPolicyOutputName, keyReportAliasOutputName, OUTPUT_NAMES, STACK_OUTPUTS } from '../../../contract';
import { agentPolicyOutputName as stackAgentPolicyOutputName } from '../../../lib/rekey-stack';
import { OUTPUT_NAMES as CLI_OUTPUT_NAMES } from '../../../packages/cli/src/context';
import { synthStack, TEST_CONFIG } from '../../support/synth';

describe('the stack outputs between the stack and the operator CLI', () => {
  const { template } = synthStack();
  const outputs = Object.keys(template.findOutputs('*'));
  const fleets = (TEST_CONFIG.fleets ?? []).map((f) => f.name);

  it("declares exactly the contract's outputs and one agent policy and one report alias output per fleet", () => {
    // The enroll function's output is declared only where the config enrols keys (below).
    const declared = Object.values(STACK_OUTPUTS).filter((name) => name !== STACK_OUTPUTS.enrollFunctionName);
    const expected = [...declared, ...fleets.map(agentPolicyOutputName), ...fleets.map(keyReportAliasOutputName)];

    expect([...outputs].sort()).toEqual([...expected].sort());
  });

  it('declares the enroll function output where the config has an enrollment section', () => {
    const enrolling = synthStack({
      ...TEST_CONFIG,
      enrollment: { profiles: [{ name: 'internal', provider: 'generated' }] },
    }).template;

    expect(Object.keys(enrolling.findOutputs('*'))).toContain(STACK_OUTPUTS.enrollFunctionName);
  });

  it('declares every output the CLI finds a deployment by, from the same list', () => {
    expect(CLI_OUTPUT_NAMES).toBe(OUTPUT_NAMES);
    expect(OUTPUT_NAMES.filter((name) => !outputs.includes(name))).toEqual([]);
  });

  it("names each fleet's agent policy output as the contract does", () => {
    for (const fleet of [...fleets, 'on-call', 'a_b', '9lives']) {
      expect(stackAgentPolicyOutputName(fleet)).toBe(agentPolicyOutputName(fleet));
    }
  });
});
