import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { VERIFICATION_DEFAULTS } from '../../../contract';
import { parseConfig, VerificationSchema } from '../../../lib/config';
import { REVOCATION_STATES, RevocationWorkflow } from '../../../lib/revocation-workflow';
import { DEFAULT_WAITS, waitsFromDefinition } from '../../../packages/cli/src/waits';
import { synthStack } from '../../support/synth';
import { inBareStack } from './support';

type State = { Seconds?: number; Parameters?: { Payload?: Record<string, unknown> } };

/** The state machine's definition as the CLI reads it from DescribeStateMachine (tokens as placeholders). */
function definitionOf(template: Template): string {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const definition = machine?.Properties.DefinitionString;
  const parts = (definition?.['Fn::Join']?.[1] ?? [definition]) as unknown[];
  return parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
}

/** The verification settings a definition carries: its waits and what the Verify task is passed. */
function settingsOf(definition: string) {
  const states = (JSON.parse(definition) as { States: Record<string, State> }).States;
  const verify = states[REVOCATION_STATES.verify]?.Parameters?.Payload ?? {};
  return {
    scheduledWaitSeconds: states[REVOCATION_STATES.waitScheduled]?.Seconds,
    emergencyWaitSeconds: states[REVOCATION_STATES.waitEmergency]?.Seconds,
    maxRounds: verify.maxRounds,
    quietPeriodSeconds: verify.quietPeriodSeconds,
    deleteGraceSeconds: states[REVOCATION_STATES.waitDeleteGrace]?.Seconds,
  };
}

let bare: string | undefined;
/** A RevocationWorkflow given no verification settings: the construct's own defaults. */
function constructDefinition(): string {
  bare ??= inBareStack((stack) => {
    new RevocationWorkflow(stack, 'Revocation', {
      environment: {},
      fleetTopic: new sns.Topic(stack, 'Fleet'),
      opsTopic: new sns.Topic(stack, 'Ops'),
    });
    return definitionOf(Template.fromStack(stack));
  });
  return bare;
}

describe('the verification defaults between the config, the construct and the CLI', () => {
  it("fills the config's verification with the contract's defaults", () => {
    const { quietPeriodSeconds: _notConfigurable, ...configurable } = VERIFICATION_DEFAULTS;

    expect(parseConfig({ keys: [{ name: 'a', provider: 'generated' }] }).verification).toEqual(configurable);
    expect(VerificationSchema.parse({})).toEqual(configurable);
  });

  it("builds the construct's state machine with the contract's defaults when given none", () => {
    expect(settingsOf(constructDefinition())).toEqual(VERIFICATION_DEFAULTS);
  });

  it('builds the same state machine from a config that leaves verification out', () => {
    const { template } = synthStack();

    expect(settingsOf(definitionOf(template))).toEqual(VERIFICATION_DEFAULTS);
  });

  it("has the CLI default to the contract's waits, and read the same from the deployed definition", () => {
    expect(DEFAULT_WAITS).toEqual({
      seconds: {
        scheduled: VERIFICATION_DEFAULTS.scheduledWaitSeconds,
        emergency: VERIFICATION_DEFAULTS.emergencyWaitSeconds,
        abuse: 0,
      },
      maxRounds: VERIFICATION_DEFAULTS.maxRounds,
    });
    expect(waitsFromDefinition(constructDefinition())).toEqual(DEFAULT_WAITS);
  });
});
