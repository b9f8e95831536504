import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledgeFunctionRole, acknowledgeInvoke } from './nag-suppressions';
import { RekeyFunction } from './rekey-function';

export interface VerificationSettings {
  /** Wait before verifying a scheduled rotation; long enough for every fleet's fallback poll. @default Duration.minutes(65) */
  readonly scheduledWait?: Duration;
  /** Wait before verifying an emergency rotation. @default Duration.seconds(60) */
  readonly emergencyWait?: Duration;
  /** Verification rounds before giving up (scheduled) or revoking anyway (emergency). @default 6 */
  readonly maxRounds?: number;
  /** Grace between deactivating and deleting where the provider has two phases. @default Duration.hours(1) */
  readonly deleteGrace?: Duration;
}

export interface RevocationWorkflowProps {
  /** Environment the revocation function needs (inventory table, topics, secret prefix). */
  readonly environment: Readonly<Record<string, string>>;
  readonly fleetTopic: sns.ITopic;
  readonly opsTopic: sns.ITopic;
  /** @default - the defaults of VerificationSettings */
  readonly verification?: VerificationSettings;
}

/** Errors the revocation function raises that are worth retrying with backoff. */
const TRANSIENT_ERRORS = [
  'ProviderRateLimitedError',
  'ProviderUnavailableError',
  'ThrottlingException',
  'TooManyRequestsException',
];

/**
 * The revocation state machine (Standard): wait the verification period for the rotation's mode, verify that
 * the new key works and the fleet has moved (looping a bounded number of rounds), revoke the old key at the
 * provider, confirm the provider rejects it, record it and publish `revoked`. A failed verification never
 * revokes: it alarms on the ops topic and ends in a named failed state. Input and output carry ids only.
 */
export class RevocationWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly handler: RekeyFunction;

  constructor(scope: Construct, id: string, props: RevocationWorkflowProps) {
    super(scope, id);
    const v = props.verification ?? {};
    const scheduledWait = v.scheduledWait ?? Duration.minutes(65);
    const emergencyWait = v.emergencyWait ?? Duration.seconds(60);
    const maxRounds = v.maxRounds ?? 6;
    const deleteGrace = v.deleteGrace ?? Duration.hours(1);
    if (scheduledWait.toSeconds() < 60) {
      throw new Error(`verification.scheduledWait must be at least 1 minute, got ${scheduledWait.toSeconds()} seconds`);
    }
    if (maxRounds < 1 || maxRounds > 50) throw new Error(`verification.maxRounds must be 1 to 50, got ${maxRounds}`);

    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'revocation',
      description: 'rekey revocation workflow tasks: verify, revoke, confirm, record',
      environment: { ...props.environment, REKEY_MAX_ROUNDS: String(maxRounds) },
      timeout: Duration.seconds(60),
    });
    const fn = this.handler.function;

    const task = (stateName: string, action: string, resultPath: string, selector: Record<string, string>) =>
      new tasks.LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: fn,
        payload: sfn.TaskInput.fromObject({
          action,
          'input.$': '$.input',
          'round.$': '$.round',
        }),
        resultSelector: selector,
        resultPath,
        retryOnServiceExceptions: true,
      }).addRetry({
        errors: TRANSIENT_ERRORS,
        interval: Duration.seconds(5),
        backoffRate: 2,
        maxAttempts: 4,
        jitterStrategy: sfn.JitterType.FULL,
      });

    const notifyOps = (stateName: string, kind: string) =>
      new tasks.SnsPublish(this, stateName, {
        stateName,
        topic: props.opsTopic,
        subject: `rekey: ${kind}`,
        message: sfn.TaskInput.fromObject({
          kind,
          'secretName.$': '$.input.secretName',
          'oldVersionId.$': '$.input.oldVersionId',
          'newVersionId.$': '$.input.newVersionId',
          'mode.$': '$.input.mode',
          'execution.$': '$$.Execution.Id',
        }),
        messageAttributes: {
          kind: { value: kind },
          secretName: { value: sfn.JsonPath.stringAt('$.input.secretName') },
        },
        resultPath: sfn.JsonPath.DISCARD,
      });

    const init = new sfn.Pass(this, 'Start', {
      stateName: 'Start',
      parameters: { 'input.$': '$', round: 0 },
    });
    const scheduled = new sfn.Wait(this, 'WaitScheduled', {
      stateName: 'WaitScheduled',
      time: sfn.WaitTime.duration(scheduledWait),
    });
    const emergency = new sfn.Wait(this, 'WaitEmergency', {
      stateName: 'WaitEmergency',
      time: sfn.WaitTime.duration(emergencyWait),
    });
    const verify = task('Verify', 'verify', '$.verify', {
      'decision.$': '$.Payload.decision',
      'round.$': '$.Payload.round',
    });
    const nextRound = new sfn.Pass(this, 'NextRound', {
      stateName: 'NextRound',
      parameters: { 'input.$': '$.input', 'round.$': '$.verify.round' },
    });
    const chooseWait = new sfn.Choice(this, 'ChooseWait', { stateName: 'ChooseWait' })
      .when(sfn.Condition.stringEquals('$.input.mode', 'abuse'), verify)
      .when(sfn.Condition.stringEquals('$.input.mode', 'emergency'), emergency)
      .otherwise(scheduled);
    scheduled.next(verify);
    emergency.next(verify);

    const verificationFailed = notifyOps('NotifyVerificationFailed', 'verification-failed').next(
      new sfn.Fail(this, 'NewKeyNotVerified', {
        stateName: 'NewKeyNotVerified',
        error: 'NewKeyNotVerified',
        cause: 'The new key or the fleet did not verify; the old key was left working. Retry after fixing.',
      }),
    );
    const revocationFailed = notifyOps('NotifyRevocationFailed', 'revocation-failed').next(
      new sfn.Fail(this, 'RevocationFailed', {
        stateName: 'RevocationFailed',
        error: 'RevocationFailed',
        cause: 'Revoking the old key failed; the new key is current. Retry the revocation.',
      }),
    );

    const revoke = task('RevokeOldKey', 'revoke', '$.revoke', { 'twoPhase.$': '$.Payload.twoPhase' });
    const confirm = task('ConfirmRevoked', 'confirm', '$.confirm', { 'confirmed.$': '$.Payload.confirmed' });
    confirm.addRetry({
      errors: ['RevocationNotConfirmedError'],
      interval: Duration.seconds(10),
      backoffRate: 2,
      maxAttempts: 5,
    });
    const graceWait = new sfn.Wait(this, 'WaitDeleteGrace', {
      stateName: 'WaitDeleteGrace',
      time: sfn.WaitTime.duration(deleteGrace),
    });
    const finalize = task('DeleteOldKey', 'finalize', '$.finalize', { 'deleted.$': '$.Payload.deleted' });
    const record = task('RecordRevocation', 'record', '$.record', { 'notification.$': '$.Payload.notification' });
    const publish = new tasks.SnsPublish(this, 'PublishRevoked', {
      stateName: 'PublishRevoked',
      topic: props.fleetTopic,
      message: sfn.TaskInput.fromJsonPathAt('States.JsonToString($.record.notification)'),
      messageAttributes: {
        secretName: { value: sfn.JsonPath.stringAt('$.record.notification.secretName') },
        event: { value: sfn.JsonPath.stringAt('$.record.notification.event') },
        version: { value: sfn.JsonPath.stringAt('$.record.notification.versionId') },
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    const done = new sfn.Succeed(this, 'Revoked', { stateName: 'Revoked' });

    for (const step of [revoke, confirm, finalize, record, publish]) {
      step.addCatch(revocationFailed, { errors: ['States.ALL'], resultPath: '$.error' });
    }
    verify.addCatch(verificationFailed, { errors: ['States.ALL'], resultPath: '$.error' });

    const twoPhase = new sfn.Choice(this, 'TwoPhase?', { stateName: 'TwoPhase?' })
      .when(sfn.Condition.booleanEquals('$.revoke.twoPhase', true), graceWait.next(finalize).next(record))
      .otherwise(record);
    record.next(publish).next(done);

    const decide = new sfn.Choice(this, 'Decide', { stateName: 'Decide' })
      .when(sfn.Condition.stringEquals('$.verify.decision', 'revoke'), revoke.next(confirm).next(twoPhase))
      .when(sfn.Condition.stringEquals('$.verify.decision', 'wait'), nextRound.next(chooseWait))
      .otherwise(verificationFailed);
    verify.next(decide);

    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(init.next(chooseWait)),
      tracingEnabled: true,
      timeout: Duration.days(2),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: 'rekey: verify the new key and the fleet, then revoke the old key',
    });
    acknowledgeFunctionRole(this.stateMachine.role);
    acknowledgeInvoke(this.stateMachine.role, fn);
  }

  /** Lets a principal read what the workflow is doing (e.g. the operator CLI). */
  grantRead(grantee: iam.IGrantable): void {
    this.stateMachine.grantRead(grantee);
  }
}
