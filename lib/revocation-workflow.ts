import { Annotations, ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { VERIFICATION_DEFAULTS } from '../contract';
import { KeyLogProtection } from './log-data-protection';
import { acknowledgeExecutionDescribe, acknowledgeFunctionRole, acknowledgeInvoke } from './nag-suppressions';
import { RekeyFunction } from './rekey-function';

export interface VerificationSettings {
  /**
   * Wait before verifying a scheduled rotation: long enough for every agent's fallback poll (the client polls
   * hourly, jittered by ±10%, so at most 66 minutes), plus a margin. @default Duration.minutes(75)
   */
  readonly scheduledWait?: Duration;
  /** Wait before verifying an emergency rotation, and between rounds of an abuse one. @default Duration.seconds(60) */
  readonly emergencyWait?: Duration;
  /**
   * Verification rounds (each after its wait) before a scheduled revocation gives up or an emergency one revokes
   * anyway. An exposed key is therefore revoked within about `emergencyWait × maxRounds`. @default 6
   */
  readonly maxRounds?: number;
  /** How long the old key must show no use, where the provider reports last use, to prove the fleet moved. @default Duration.minutes(30) */
  readonly quietPeriod?: Duration;
  /** Grace between deactivating and deleting where the provider has two phases. @default Duration.hours(1) */
  readonly deleteGrace?: Duration;
}

export interface RevocationWorkflowProps {
  /** Environment the revocation function needs (inventory table, topics, secret prefix). */
  readonly environment: Readonly<Record<string, string>>;
  /** Where `revoked` is published (with `secretName`, `event`, `version` and `fleets` attributes). */
  readonly fleetTopic: sns.ITopic;
  /** Where a failed verification or revocation alerts operators. */
  readonly opsTopic: sns.ITopic;
  /** @default - the defaults of VerificationSettings */
  readonly verification?: VerificationSettings;
  /** Data protection on the function's and the execution logs. @default KeyLogProtection.policy() */
  readonly dataProtectionPolicy?: logs.DataProtectionPolicy;
}

/**
 * Error names the task function raises when a rate held a call back (lambdas/revocation/errors.ts): the provider's
 * 429/`Throttling` or rekey's shared provider rate (ProviderThrottledError, and its parent's name from older
 * builds), and an AWS service's throttling after the SDK's own retries (AwsThrottledError).
 */
export const THROTTLING_ERRORS = ['ProviderThrottledError', 'ProviderRateLimitedError', 'AwsThrottledError'] as const;

/** Error names the task function raises for a provider or AWS 5xx, timeout or network error. */
export const OUTAGE_ERRORS = ['ProviderUnavailableError', 'AwsUnavailableError'] as const;

/** Every error name the workflow retries as transient (the task function's TRANSIENT_ERROR_NAMES). */
export const TRANSIENT_ERRORS = [...THROTTLING_ERRORS, ...OUTAGE_ERRORS] as const;

/**
 * The retry policy for a throttle, of the provider, of AWS, or of Lambda itself (`Lambda.TooManyRequestsException`:
 * the account's concurrency is taken, e.g. by 1,000 revocations at once). A throttle is a queue, not a failure, so
 * the policy outlasts one: full jitter spreads the retries of many executions (no synchronised waves), the delay
 * is capped at 30 s so a slot that frees up is taken soon, and 100 attempts (at least 100 × 15 s on average once
 * capped, about 25 minutes) drain the backlog of 1,000 revocations at the most conservative provider default
 * (aws-iam, 10 calls/s: about 6 IAM calls per revocation, 10 minutes of calls).
 */
export const THROTTLE_RETRY = {
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  maxAttempts: 100,
  jitterStrategy: sfn.JitterType.FULL,
} as const;

/** Errors Lambda reports when the task function's process died rather than the task failing. */
export const CRASH_ERRORS = ['Runtime.ExitError', 'Sandbox.Timedout', 'Lambda.Unknown', 'States.Timeout'] as const;

/** The state names, which are the workflow's contract with the local runner, the CLI and the runbook. */
export const REVOCATION_STATES = {
  start: 'Start',
  chooseWait: 'ChooseWait',
  waitScheduled: 'WaitScheduled',
  waitEmergency: 'WaitEmergency',
  verify: 'Verify',
  decide: 'Decide',
  nextRound: 'NextRound',
  revoke: 'RevokeOldKey',
  confirm: 'ConfirmRevoked',
  twoPhase: 'TwoPhase',
  waitDeleteGrace: 'WaitDeleteGrace',
  delete: 'DeleteOldKey',
  record: 'RecordRevocation',
  tellFleets: 'TellFleets',
  publish: 'PublishRevoked',
  revoked: 'Revoked',
  alreadyRevoked: 'AlreadyRevoked',
  notifyNewKeyNotVerified: 'NotifyNewKeyNotVerified',
  newKeyNotVerified: 'NewKeyNotVerified',
  notifyFleetNotMoved: 'NotifyFleetNotMoved',
  fleetNotMoved: 'FleetNotMoved',
  notifyRevocationFailed: 'NotifyRevocationFailed',
  revocationFailed: 'RevocationFailed',
} as const;

const S = REVOCATION_STATES;
const MAX_WAIT = Duration.days(7);

function checkRange(name: string, value: Duration, min: Duration, max: Duration): void {
  const s = value.toSeconds();
  if (s < min.toSeconds() || s > max.toSeconds()) {
    throw new Error(
      `verification.${name} must be between ${min.toHumanString()} and ${max.toHumanString()}, got ${s} seconds`,
    );
  }
}

/**
 * The revocation state machine (Standard): wait the verification period for the rotation's mode, verify that the
 * new key works and the fleet has moved (looping a bounded number of rounds), revoke the old key at the provider
 * (deactivate, grace, delete where there are two phases), confirm the provider rejects it, record it and publish
 * `revoked`. Nothing is revoked unless the new key is AWSCURRENT and accepted: a failed verification alerts the ops
 * topic and ends in a named failed state (NewKeyNotVerified, FleetNotMoved, RevocationFailed) with the old key
 * untouched. State data carries ids, statuses and counts, never key material.
 */
export class RevocationWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly handler: RekeyFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RevocationWorkflowProps) {
    super(scope, id);
    const v = props.verification ?? {};
    // The defaults are the config's and the CLI's too (contract/verification.ts).
    const d = VERIFICATION_DEFAULTS;
    const scheduledWait = v.scheduledWait ?? Duration.seconds(d.scheduledWaitSeconds);
    const emergencyWait = v.emergencyWait ?? Duration.seconds(d.emergencyWaitSeconds);
    const maxRounds = v.maxRounds ?? d.maxRounds;
    const quietPeriod = v.quietPeriod ?? Duration.seconds(d.quietPeriodSeconds);
    const deleteGrace = v.deleteGrace ?? Duration.seconds(d.deleteGraceSeconds);
    checkRange('scheduledWait', scheduledWait, Duration.minutes(1), MAX_WAIT);
    checkRange('emergencyWait', emergencyWait, Duration.seconds(1), Duration.hours(1));
    checkRange('quietPeriod', quietPeriod, Duration.seconds(0), MAX_WAIT);
    checkRange('deleteGrace', deleteGrace, Duration.seconds(0), MAX_WAIT);
    if (!Number.isInteger(maxRounds) || maxRounds < 1 || maxRounds > 50) {
      throw new Error(`verification.maxRounds must be an integer from 1 to 50, got ${maxRounds}`);
    }
    if (emergencyWait.toSeconds() > scheduledWait.toSeconds()) {
      throw new Error(
        `verification.emergencyWait must not exceed scheduledWait (${scheduledWait.toSeconds()} seconds), got ${emergencyWait.toSeconds()} seconds`,
      );
    }
    if (scheduledWait.toSeconds() < 66 * 60) {
      Annotations.of(this).addWarningV2(
        'rekey:scheduledWaitBelowPoll',
        `verification.scheduledWait is ${scheduledWait.toSeconds()} seconds, shorter than the client's fallback poll (at most 3960 seconds): agents that neither ack nor show last use may still hold the old key when it is revoked`,
      );
    }
    const dataProtectionPolicy = props.dataProtectionPolicy ?? KeyLogProtection.policy();

    this.handler = new RekeyFunction(this, 'Handler', {
      handlerDir: 'revocation',
      description: 'rekey revocation workflow tasks: verify, revoke, confirm, delete, record',
      environment: props.environment,
      timeout: Duration.seconds(60),
      dataProtectionPolicy,
    });
    const fn = this.handler.function;

    const invoke = (
      stateName: string,
      payload: Record<string, unknown>,
      resultPath: string,
      resultSelector?: Record<string, string>,
    ) =>
      new tasks.LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: fn,
        payload: sfn.TaskInput.fromObject({ 'input.$': '$.input', ...payload }),
        resultSelector,
        resultPath,
        retryOnServiceExceptions: true,
        taskTimeout: sfn.Timeout.duration(Duration.seconds(90)),
      })
        // Lambda throttling the task function (not among the service errors retryOnServiceExceptions covers).
        .addRetry({ errors: ['Lambda.TooManyRequestsException'], ...THROTTLE_RETRY })
        // A rate held a call back: retried until the queue drains, never a failed verification or revocation.
        .addRetry({ errors: [...THROTTLING_ERRORS], ...THROTTLE_RETRY })
        .addRetry({
          errors: [...OUTAGE_ERRORS],
          interval: Duration.seconds(5),
          backoffRate: 2,
          maxAttempts: 4,
          maxDelay: Duration.minutes(1),
          jitterStrategy: sfn.JitterType.FULL,
        })
        // The function itself died (crash, out of memory, timeout). Every task is idempotent, so run it again.
        .addRetry({
          errors: [...CRASH_ERRORS],
          interval: Duration.seconds(5),
          backoffRate: 2,
          maxAttempts: 3,
          jitterStrategy: sfn.JitterType.FULL,
        });

    // Operator alerts: ids and the verification's or error's details; the named failed state follows even if the
    // alert cannot be sent (the execution-status rule in lib/monitoring.ts still reports the failure).
    const alert = (stateName: string, kind: string, action: string, detailPath: string, fail: sfn.Fail) =>
      new tasks.SnsPublish(this, stateName, {
        stateName,
        topic: props.opsTopic,
        subject: `rekey: ${kind}`,
        message: sfn.TaskInput.fromObject({
          kind,
          action,
          'secretName.$': '$.input.secretName',
          'oldVersionId.$': '$.input.oldVersionId',
          'newVersionId.$': '$.input.newVersionId',
          'mode.$': '$.input.mode',
          'execution.$': '$$.Execution.Id',
          'detail.$': detailPath,
        }),
        messageAttributes: {
          kind: { value: kind },
          secretName: { value: sfn.JsonPath.stringAt('$.input.secretName') },
        },
        resultPath: sfn.JsonPath.DISCARD,
      })
        .addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 3 })
        .addCatch(fail, { errors: ['States.ALL'], resultPath: '$.alertError' })
        .next(fail);

    const newKeyNotVerified = alert(
      S.notifyNewKeyNotVerified,
      'verification-failed',
      'The new key was not verified and the old key was left working. Fix the new key (or roll back), then retry the revocation.',
      '$.verify',
      new sfn.Fail(this, S.newKeyNotVerified, {
        stateName: S.newKeyNotVerified,
        error: 'NewKeyNotVerified',
        cause: 'The new key is not AWSCURRENT or the provider rejects it; the old key was not revoked.',
      }),
    );
    const fleetNotMoved = alert(
      S.notifyFleetNotMoved,
      'fleet-not-moved',
      'Agents still use the old key (see detail). Move them, then retry the revocation, or force it.',
      '$.verify',
      new sfn.Fail(this, S.fleetNotMoved, {
        stateName: S.fleetNotMoved,
        error: 'FleetNotMoved',
        cause: 'The fleet did not move to the new key within the verification rounds; the old key was not revoked.',
      }),
    );
    const revocationFailed = alert(
      S.notifyRevocationFailed,
      'revocation-failed',
      'Revoking or recording the old key failed (see detail); the new key is current. Retry the revocation.',
      '$.error',
      new sfn.Fail(this, S.revocationFailed, {
        stateName: S.revocationFailed,
        error: 'RevocationFailed',
        cause: 'Revoking, confirming, deleting or recording the old key failed; the new key is current.',
      }),
    );

    const start = new sfn.Pass(this, S.start, { stateName: S.start, parameters: { 'input.$': '$', round: 0 } });
    const waitScheduled = new sfn.Wait(this, S.waitScheduled, {
      stateName: S.waitScheduled,
      time: sfn.WaitTime.duration(scheduledWait),
    });
    const waitEmergency = new sfn.Wait(this, S.waitEmergency, {
      stateName: S.waitEmergency,
      time: sfn.WaitTime.duration(emergencyWait),
    });
    const verify = invoke(
      S.verify,
      {
        action: 'verify',
        'round.$': '$.round',
        maxRounds,
        quietPeriodSeconds: quietPeriod.toSeconds(),
        'startedAt.$': '$$.Execution.StartTime',
      },
      '$.verify',
      {
        'decision.$': '$.Payload.decision',
        'newKey.$': '$.Payload.newKey',
        'fleet.$': '$.Payload.fleet',
        'reason.$': '$.Payload.reason',
      },
    );
    // A verification that cannot complete is a verification that failed: the error takes the result's place.
    verify.addCatch(newKeyNotVerified, { errors: ['States.ALL'], resultPath: '$.verify' });
    const nextRound = new sfn.Pass(this, S.nextRound, {
      stateName: S.nextRound,
      parameters: { 'input.$': '$.input', round: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.round'), 1) },
    });
    const chooseWait = new sfn.Choice(this, S.chooseWait, { stateName: S.chooseWait })
      .when(
        sfn.Condition.and(
          sfn.Condition.stringEquals('$.input.mode', 'abuse'),
          sfn.Condition.numberEquals('$.round', 0),
        ),
        verify,
      )
      .when(
        sfn.Condition.or(
          sfn.Condition.stringEquals('$.input.mode', 'emergency'),
          sfn.Condition.stringEquals('$.input.mode', 'abuse'),
        ),
        waitEmergency,
      )
      .otherwise(waitScheduled);
    waitScheduled.next(verify);
    waitEmergency.next(verify);

    const revoke = invoke(S.revoke, { action: 'revoke' }, '$.revoke', {
      'twoPhase.$': '$.Payload.twoPhase',
      'revokedAt.$': '$.Payload.revokedAt',
    });
    const confirm = invoke(S.confirm, { action: 'confirm' }, sfn.JsonPath.DISCARD).addRetry({
      errors: ['RevocationNotConfirmedError'],
      interval: Duration.seconds(10),
      backoffRate: 2,
      maxAttempts: 5,
    });
    const waitDeleteGrace = new sfn.Wait(this, S.waitDeleteGrace, {
      stateName: S.waitDeleteGrace,
      time: sfn.WaitTime.duration(deleteGrace),
    });
    const deleteOld = invoke(S.delete, { action: 'delete' }, sfn.JsonPath.DISCARD);
    const record = invoke(
      S.record,
      { action: 'record', 'revokedAt.$': '$.revoke.revokedAt', 'startedAt.$': '$$.Execution.StartTime' },
      '$.record',
      {
        'notification.$': '$.Payload.notification',
        'fleets.$': '$.Payload.fleets',
        'notifyFleets.$': '$.Payload.notifyFleets',
      },
    );
    const publish = new tasks.SnsPublish(this, S.publish, {
      stateName: S.publish,
      topic: props.fleetTopic,
      message: sfn.TaskInput.fromText(sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.record.notification'))),
      messageAttributes: {
        secretName: { value: sfn.JsonPath.stringAt('$.record.notification.secretName') },
        event: { value: sfn.JsonPath.stringAt('$.record.notification.event') },
        version: { value: sfn.JsonPath.stringAt('$.record.notification.versionId') },
        // What each fleet's subscription filters on: the fleets the secret is tagged for (lambdas/common/notify.ts).
        fleets: {
          value: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.record.fleets')),
          dataType: tasks.MessageAttributeDataType.STRING_ARRAY,
        },
      },
      resultPath: sfn.JsonPath.DISCARD,
    }).addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 3 });
    for (const step of [revoke, confirm, deleteOld, record, publish]) {
      step.addCatch(revocationFailed, { errors: ['States.ALL'], resultPath: '$.error' });
    }

    const twoPhase = new sfn.Choice(this, S.twoPhase, { stateName: S.twoPhase })
      .when(sfn.Condition.booleanEquals('$.revoke.twoPhase', true), waitDeleteGrace.next(deleteOld).next(record))
      .otherwise(record);
    // A secret tagged for no fleet has no one to tell: the revocation is recorded and nothing is published.
    const revoked = new sfn.Succeed(this, S.revoked, { stateName: S.revoked });
    record.next(
      new sfn.Choice(this, S.tellFleets, { stateName: S.tellFleets })
        .when(sfn.Condition.booleanEquals('$.record.notifyFleets', true), publish.next(revoked))
        .otherwise(revoked),
    );

    const decide = new sfn.Choice(this, S.decide, { stateName: S.decide })
      .when(sfn.Condition.stringEquals('$.verify.decision', 'revoke'), revoke.next(confirm).next(twoPhase))
      .when(sfn.Condition.stringEquals('$.verify.decision', 'wait'), nextRound.next(chooseWait))
      .when(
        sfn.Condition.stringEquals('$.verify.decision', 'already-revoked'),
        new sfn.Succeed(this, S.alreadyRevoked, { stateName: S.alreadyRevoked }),
      )
      .when(sfn.Condition.stringEquals('$.verify.decision', 'fleet-not-moved'), fleetNotMoved)
      .otherwise(newKeyNotVerified);
    verify.next(decide);

    this.logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
      dataProtectionPolicy,
    });
    // Longest path: every round waits the longest wait, then the grace, plus two hours for retries and alerts.
    const timeout = Duration.seconds(
      scheduledWait.toSeconds() * maxRounds + deleteGrace.toSeconds() + Duration.hours(2).toSeconds(),
    );
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(start.next(chooseWait)),
      tracingEnabled: true,
      timeout,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: 'rekey: verify the new key and the fleet, then revoke the old key',
    });
    // sns:Publish alone cannot encrypt for a KMS-encrypted topic; grantPublish adds the key's data-key grant.
    props.opsTopic.grantPublish(this.stateMachine);
    props.fleetTopic.grantPublish(this.stateMachine);
    acknowledgeFunctionRole(this.stateMachine.role);
    acknowledgeInvoke(this.stateMachine.role, fn);
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: "CDK's grantPublish on an encrypted topic; scoped to the one key that encrypts rekey's topics.",
    });
  }

  /** Lets a principal read what the workflow is doing (e.g. the operator CLI). */
  grantRead(grantee: iam.IGrantable): void {
    this.stateMachine.grantRead(grantee);
  }

  /**
   * Lets a function start revocations (the rotation function's finishSecret, the intake): StartExecution on the
   * state machine, and DescribeExecution on its executions (`…:execution:<name>:*`), because Step Functions answers
   * ExecutionAlreadyExists for a closed execution of a name too, and only its status tells whether to start the
   * next attempt (lambdas/common/revocation.ts).
   */
  grantStartRevocation(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    const executions = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${(this.stateMachine.node.defaultChild as sfn.CfnStateMachine).attrName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) acknowledgeExecutionDescribe(principal, executions);
    return this.stateMachine
      .grantStartExecution(grantee)
      .combine(
        iam.Grant.addToPrincipal({ grantee, actions: ['states:DescribeExecution'], resourceArns: [executions] }),
      );
  }

  /** Lets an operator start (force, retry) and stop (cancel) revocations. */
  grantOperate(grantee: iam.IGrantable): void {
    this.stateMachine.grantRead(grantee);
    this.stateMachine.grantStartExecution(grantee);
    this.stateMachine.grantExecution(grantee, 'states:StopExecution');
  }
}
