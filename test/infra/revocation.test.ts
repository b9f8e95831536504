import validate from 'asl-validator';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  OUTAGE_ERRORS,
  RevocationWorkflow,
  THROTTLING_ERRORS,
  TRANSIENT_ERRORS,
  type VerificationSettings,
} from '../../lib/revocation-workflow';
import { loadRevocationStateMachine } from '../../local/emulator/state-machine';
import type { Template as TemplateJson } from '../../local/emulator/synth';
import { synthStack } from '../support/synth';

type State = {
  Type: string;
  Next?: string;
  Seconds?: number;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Choices?: { Variable?: string; StringEquals?: string; Next: string }[];
  Default?: string;
  Error?: string;
};

let template: Template;
let states: Record<string, State>;
let definition: { StartAt: string; States: Record<string, State>; TimeoutSeconds?: number };

beforeAll(() => {
  template = synthStack().template;
  definition = loadRevocationStateMachine(template.toJSON() as TemplateJson).definition as never;
  states = definition.States;
});

/** A bare stack with the workflow alone (the construct is usable outside the rekey stack). */
function workflow(verification?: VerificationSettings) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Alone');
  const key = new kms.Key(stack, 'Key');
  const construct = new RevocationWorkflow(stack, 'Revocation', {
    environment: {},
    fleetTopic: new sns.Topic(stack, 'Fleet', { masterKey: key }),
    opsTopic: new sns.Topic(stack, 'Ops', { masterKey: key }),
    verification,
  });
  return { stack, construct };
}

describe('the revocation state machine definition', () => {
  it('is valid Amazon States Language', () => {
    const result = validate(structuredClone(definition));

    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('waits the configured period for each mode before verifying, and none before an abuse one', () => {
    expect(states.WaitScheduled).toMatchObject({ Type: 'Wait', Seconds: 4500, Next: 'Verify' });
    expect(states.WaitEmergency).toMatchObject({ Type: 'Wait', Seconds: 60, Next: 'Verify' });
    expect(states.ChooseWait?.Choices?.[0]).toMatchObject({
      And: [
        { Variable: '$.input.mode', StringEquals: 'abuse' },
        { Variable: '$.round', NumericEquals: 0 },
      ],
      Next: 'Verify',
    });
    expect(states.ChooseWait?.Default).toBe('WaitScheduled');
  });

  it('verifies with the round bound and quiet period, looping back through NextRound', () => {
    expect(states.Verify).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { Payload: { action: 'verify', 'round.$': '$.round', maxRounds: 6, quietPeriodSeconds: 1800 } },
      Next: 'Decide',
    });
    expect(states.NextRound).toMatchObject({
      Type: 'Pass',
      Parameters: { 'round.$': 'States.MathAdd($.round, 1)' },
      Next: 'ChooseWait',
    });
  });

  it('reaches RevokeOldKey only from a verification that decided to revoke', () => {
    const into = Object.entries(states).filter(
      ([, s]) =>
        s.Next === 'RevokeOldKey' || s.Default === 'RevokeOldKey' || s.Catch?.some((c) => c.Next === 'RevokeOldKey'),
    );
    const choices = Object.entries(states).flatMap(([name, s]) =>
      (s.Choices ?? []).filter((c) => c.Next === 'RevokeOldKey').map((c) => [name, c] as const),
    );

    expect(into).toEqual([]);
    expect(choices).toEqual([
      ['Decide', { Variable: '$.verify.decision', StringEquals: 'revoke', Next: 'RevokeOldKey' }],
    ]);
    expect(states.Decide?.Default).toBe('NotifyNewKeyNotVerified');
  });

  it('revokes, confirms, deletes after the grace where there are two phases, records and publishes', () => {
    expect(states.RevokeOldKey).toMatchObject({
      Parameters: { Payload: { action: 'revoke' } },
      Next: 'ConfirmRevoked',
    });
    expect(states.ConfirmRevoked).toMatchObject({ Parameters: { Payload: { action: 'confirm' } }, Next: 'TwoPhase' });
    expect(states.WaitDeleteGrace).toMatchObject({ Seconds: 3600, Next: 'DeleteOldKey' });
    expect(states.DeleteOldKey?.Next).toBe('RecordRevocation');
    expect(states.RecordRevocation?.Next).toBe('TellFleets');
    expect(states.PublishRevoked).toMatchObject({ Resource: 'arn:aws:states:::sns:publish', Next: 'Revoked' });
  });

  it('publishes revoked only for a secret tagged for some fleet, and records it either way', () => {
    expect((states.RecordRevocation as { ResultSelector?: unknown } | undefined)?.ResultSelector).toMatchObject({
      'fleets.$': '$.Payload.fleets',
      'notifyFleets.$': '$.Payload.notifyFleets',
    });
    expect(states.TellFleets).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.record.notifyFleets', BooleanEquals: true, Next: 'PublishRevoked' }],
      Default: 'Revoked',
    });
  });

  it('retries throttling and provider or AWS 5xx with backoff on every task', () => {
    for (const name of ['Verify', 'RevokeOldKey', 'ConfirmRevoked', 'DeleteOldKey', 'RecordRevocation']) {
      expect(states[name]?.Retry).toContainEqual(
        expect.objectContaining({
          ErrorEquals: [...OUTAGE_ERRORS],
          IntervalSeconds: 5,
          BackoffRate: 2,
          MaxAttempts: 4,
        }),
      );
    }
    expect(states.ConfirmRevoked?.Retry).toContainEqual(
      expect.objectContaining({ ErrorEquals: ['RevocationNotConfirmedError'], MaxAttempts: 5 }),
    );
  });

  it('retries a throttle (provider, AWS or Lambda) with full jitter until a queue of 1,000 revocations drains', () => {
    const throttle = {
      IntervalSeconds: 1,
      BackoffRate: 2,
      MaxDelaySeconds: 30,
      MaxAttempts: 100,
      JitterStrategy: 'FULL',
    };
    for (const name of ['Verify', 'RevokeOldKey', 'ConfirmRevoked', 'DeleteOldKey', 'RecordRevocation']) {
      const retry = states[name]?.Retry ?? [];
      expect(retry).toContainEqual({ ErrorEquals: ['Lambda.TooManyRequestsException'], ...throttle });
      expect(retry).toContainEqual({ ErrorEquals: [...THROTTLING_ERRORS], ...throttle });
      // The throttle's retrier comes before any catch-all that could end it sooner.
      const first = retry.findIndex((r: { ErrorEquals: string[] }) => r.ErrorEquals.includes('ProviderThrottledError'));
      expect(first).toBeGreaterThanOrEqual(0);
      expect(retry.slice(0, first).some((r: { ErrorEquals: string[] }) => r.ErrorEquals.includes('States.ALL'))).toBe(
        false,
      );
    }
    // Attempts outlast the backlog: the sum of the capped delays' means (full jitter) is over 20 minutes.
    let total = 0;
    for (let attempt = 0; attempt < throttle.MaxAttempts; attempt++) {
      total += Math.min(throttle.MaxDelaySeconds, throttle.IntervalSeconds * throttle.BackoffRate ** attempt) / 2;
    }
    expect(total).toBeGreaterThan(20 * 60);
    expect([...TRANSIENT_ERRORS].sort()).toEqual([...THROTTLING_ERRORS, ...OUTAGE_ERRORS].sort());
  });

  it('catches everything else into an alert and a named failed state', () => {
    expect(states.Verify?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.verify', Next: 'NotifyNewKeyNotVerified' },
    ]);
    for (const name of ['RevokeOldKey', 'ConfirmRevoked', 'DeleteOldKey', 'RecordRevocation', 'PublishRevoked']) {
      expect(states[name]?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyRevocationFailed' },
      ]);
    }
    expect(states.NotifyNewKeyNotVerified).toMatchObject({
      Resource: 'arn:aws:states:::sns:publish',
      Next: 'NewKeyNotVerified',
    });
    expect(states.NewKeyNotVerified).toMatchObject({ Type: 'Fail', Error: 'NewKeyNotVerified' });
    expect(states.FleetNotMoved).toMatchObject({ Type: 'Fail', Error: 'FleetNotMoved' });
    expect(states.RevocationFailed).toMatchObject({ Type: 'Fail', Error: 'RevocationFailed' });
  });

  it('carries ids only into its alerts and the revoked notification', () => {
    const alert = states.NotifyRevocationFailed?.Parameters as { Message: Record<string, unknown> };
    expect(Object.keys(alert.Message).sort()).toEqual(
      [
        'action',
        'detail.$',
        'execution.$',
        'kind',
        'mode.$',
        'newVersionId.$',
        'oldVersionId.$',
        'secretName.$',
      ].sort(),
    );
    expect(states.PublishRevoked?.Parameters).toMatchObject({
      'Message.$': 'States.JsonToString($.record.notification)',
      MessageAttributes: {
        secretName: { DataType: 'String', 'StringValue.$': '$.record.notification.secretName' },
        event: { DataType: 'String', 'StringValue.$': '$.record.notification.event' },
        fleets: { DataType: 'String.Array', 'StringValue.$': 'States.JsonToString($.record.fleets)' },
      },
    });
  });

  it('times out only after the longest path (every round at the scheduled wait, the grace, retries)', () => {
    expect(definition.TimeoutSeconds).toBeGreaterThanOrEqual(4500 * 6 + 3600);
  });
});

describe('the revocation state machine resource', () => {
  it('is a Standard workflow, traced, logging everything to a protected log group', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
  });

  it('may publish to the encrypted topics, data key included', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^RevocationStateMachineRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^NotificationsOpsTopic') },
          }),
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NotificationsKey'), 'Arn'] },
          }),
        ]),
      },
    });
  });
});

describe('RevocationWorkflow props', () => {
  it('defaults the scheduled wait to 75 minutes, past the client’s jittered hourly poll', () => {
    const { stack } = workflow();
    const json = JSON.stringify(Template.fromStack(stack).toJSON());

    expect(json).toContain('\\"WaitScheduled\\":{\\"Type\\":\\"Wait\\",\\"Seconds\\":4500');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('scheduledWait'));
  });

  it('warns when the scheduled wait is shorter than the client’s fallback poll', () => {
    const { stack } = workflow({ scheduledWait: Duration.minutes(30) });

    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('shorter than the client'));
  });

  it.each([
    [
      { scheduledWait: Duration.seconds(0) },
      'verification.scheduledWait must be between 1 minute and 7 days, got 0 seconds',
    ],
    [
      { emergencyWait: Duration.hours(2) },
      'verification.emergencyWait must be between 1 second and 1 hour, got 7200 seconds',
    ],
    [{ maxRounds: 0 }, 'verification.maxRounds must be an integer from 1 to 50, got 0'],
    [{ maxRounds: 51 }, 'verification.maxRounds must be an integer from 1 to 50, got 51'],
    [
      { deleteGrace: Duration.days(8) },
      'verification.deleteGrace must be between 0 seconds and 7 days, got 691200 seconds',
    ],
    [
      { scheduledWait: Duration.minutes(2), emergencyWait: Duration.minutes(5) },
      'verification.emergencyWait must not exceed scheduledWait (120 seconds), got 300 seconds',
    ],
  ])('rejects %o', (verification, message) => {
    expect(() => workflow(verification)).toThrow(message);
  });
});
