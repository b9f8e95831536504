import { ExecutionAlreadyExists, ExecutionDoesNotExist } from '@aws-sdk/client-sfn';

/** SNS Publish and Step Functions StartExecution, recorded in memory. */

type Command = { constructor: { name: string }; input: Record<string, unknown> };

export interface PublishedMessage {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export class FakeSns {
  readonly messages: PublishedMessage[] = [];

  async send(command: Command): Promise<Record<string, unknown>> {
    const name = command.constructor.name;
    if (name !== 'PublishCommand') throw new Error(`FakeSns does not implement ${name}`);
    const input = command.input;
    const attrs = (input.MessageAttributes ?? {}) as Record<string, { StringValue?: string }>;
    this.messages.push({
      topicArn: String(input.TopicArn),
      ...(typeof input.Subject === 'string' ? { subject: input.Subject } : {}),
      message: String(input.Message),
      attributes: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v.StringValue ?? '')])),
    });
    return { MessageId: `m-${this.messages.length}` };
  }
}

export interface StartedExecution {
  readonly name: string;
  readonly input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
}

/**
 * StartExecution with Step Functions' naming rule: a name is used once per state machine; the same name and input
 * while it runs answers the running execution, anything else is ExecutionAlreadyExists.
 */
export class FakeSfn {
  readonly executions = new Map<string, StartedExecution>();
  /** Executions not yet picked up by the model's workflow runner, in start order. */
  readonly started: StartedExecution[] = [];

  constructor(readonly stateMachineArn: string) {}

  async send(command: Command): Promise<Record<string, unknown>> {
    const name = command.constructor.name;
    if (name === 'DescribeExecutionCommand') return this.describe(String(command.input.executionArn));
    if (name !== 'StartExecutionCommand') throw new Error(`FakeSfn does not implement ${name}`);
    const input = command.input;
    if (input.stateMachineArn !== this.stateMachineArn)
      throw new Error(`unknown state machine ${String(input.stateMachineArn)}`);
    const execName = String(input.name);
    const body = String(input.input ?? '{}');
    const existing = this.executions.get(execName);
    const arn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${execName}`;
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === body) return { executionArn: arn, startDate: new Date() };
      throw new ExecutionAlreadyExists({ message: `Execution Already Exists: '${arn}'`, $metadata: {} });
    }
    const execution: StartedExecution = { name: execName, input: body, status: 'RUNNING' };
    this.executions.set(execName, execution);
    this.started.push(execution);
    return { executionArn: arn, startDate: new Date() };
  }

  /** DescribeExecution: the execution's status, or ExecutionDoesNotExist, as Step Functions answers. */
  private describe(executionArn: string): Record<string, unknown> {
    const prefix = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:`;
    const execution = executionArn.startsWith(prefix)
      ? this.executions.get(executionArn.slice(prefix.length))
      : undefined;
    if (!execution) {
      throw new ExecutionDoesNotExist({ message: `Execution Does Not Exist: '${executionArn}'`, $metadata: {} });
    }
    return { executionArn, name: execution.name, status: execution.status, input: execution.input };
  }
}
