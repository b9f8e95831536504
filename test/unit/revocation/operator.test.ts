import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  type ExecutionStatus,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { revocationExecutionName } from '../../../lambdas/common/revocation';
import {
  cancelRevocation,
  executionArnFor,
  forceRevocation,
  parseRevocationName,
} from '../../../packages/cli/src/revocation';
import { input, NEW, OLD, SECRET } from './support';

const STATE_MACHINE = 'arn:aws:states:eu-west-1:111111111111:stateMachine:Revocation';
const sfnMock = mockClient(SFNClient);
const sfn = new SFNClient({});
/** Executions by name → status. */
let executions: Map<string, ExecutionStatus>;

beforeEach(() => {
  sfnMock.reset();
  executions = new Map();
  sfnMock.on(DescribeExecutionCommand).callsFake(({ executionArn }: { executionArn: string }) => {
    const name = executionArn.split(':').pop() ?? '';
    const status = executions.get(name);
    if (!status) throw new ExecutionDoesNotExist({ message: 'no', $metadata: {} });
    return { executionArn, status, input: JSON.stringify(input('scheduled')) };
  });
  sfnMock.on(StartExecutionCommand).callsFake(({ name }: { name: string }) => {
    executions.set(name, 'RUNNING');
    return { executionArn: executionArnFor(STATE_MACHINE, name) };
  });
  sfnMock.on(StopExecutionCommand).resolves({});
});

describe('operator revocation commands', () => {
  it('forces a revocation as an abuse-mode execution, skipping attempts that failed', async () => {
    executions.set(revocationExecutionName(input('abuse')), 'FAILED');

    const out = await forceRevocation(sfn, STATE_MACHINE, {
      secretName: SECRET,
      oldVersionId: OLD,
      newVersionId: NEW,
      reason: 'seen in use from an unknown IP',
    });

    expect(out).toMatchObject({ started: true, executionName: revocationExecutionName(input('abuse'), 1) });
    const started = sfnMock.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(JSON.parse(started?.input ?? '{}')).toMatchObject({ mode: 'abuse', oldVersionId: OLD, newVersionId: NEW });
  });

  it('does not start a second execution while one is running', async () => {
    executions.set(revocationExecutionName(input('abuse')), 'RUNNING');

    const out = await forceRevocation(sfn, STATE_MACHINE, {
      secretName: SECRET,
      oldVersionId: OLD,
      newVersionId: NEW,
      reason: 'x',
    });

    expect(out.started).toBe(false);
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('cancels only the running executions of the version, across modes and attempts', async () => {
    executions.set(revocationExecutionName(input('scheduled')), 'FAILED');
    executions.set(revocationExecutionName(input('scheduled'), 1), 'RUNNING');
    executions.set(revocationExecutionName(input('emergency')), 'SUCCEEDED');

    const stopped = await cancelRevocation(sfn, STATE_MACHINE, { secretName: SECRET, oldVersionId: OLD });

    expect(stopped).toEqual([executionArnFor(STATE_MACHINE, revocationExecutionName(input('scheduled'), 1))]);
    expect(sfnMock.commandCalls(StopExecutionCommand)[0]?.args[0].input).toMatchObject({
      error: 'RevocationCancelled',
    });
  });

  it('reads the mode and attempt back from an execution name', () => {
    expect(parseRevocationName(revocationExecutionName(input('emergency'), 3))).toEqual({
      mode: 'emergency',
      attempt: 3,
    });
    expect(parseRevocationName(revocationExecutionName(input('abuse')))).toEqual({ mode: 'abuse', attempt: 0 });
    expect(parseRevocationName('some-other-execution')).toBeUndefined();
    expect(revocationExecutionName(input('scheduled'), 12).length).toBeLessThanOrEqual(80);
  });
});
