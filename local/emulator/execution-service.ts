import { randomUUID } from 'node:crypto';
import { AwsApiError } from './gateway';

/** One execution of the revocation state machine, run in-process. */
export interface LocalExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: Date;
  stopDate?: Date;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  output?: string;
  error?: string;
  cause?: string;
  /** The execution history, as the runner recorded it. */
  events: unknown[];
  readonly done: Promise<void>;
}

/** What actually runs an execution (local/emulator/state-machine.ts binds the real definition and handlers). */
export type ExecutionRunner = (args: {
  readonly input: unknown;
  readonly executionName: string;
  readonly signal: AbortSignal;
}) => Promise<{
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  events?: unknown[];
}>;

export interface ExecutionServiceOptions {
  readonly stateMachineArn: string;
  readonly run: ExecutionRunner;
  readonly onEvent?: (event: { type: 'execution-started' | 'execution-ended'; execution: LocalExecution }) => void;
}

/**
 * Step Functions' execution API (StartExecution, DescribeExecution, StopExecution, ListExecutions,
 * GetExecutionHistory) for the one state machine, run in-process with the synthesized definition. Names are
 * unique per state machine, as in AWS: a second start with the same name and input returns the running execution;
 * with other input, or after it ended, it is ExecutionAlreadyExists.
 */
export class LocalExecutionService {
  readonly executions = new Map<string, LocalExecution>();
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly options: ExecutionServiceOptions) {}

  get operations() {
    return {
      'AWSStepFunctions.StartExecution': this.startExecution,
      'AWSStepFunctions.DescribeExecution': this.describeExecution,
      'AWSStepFunctions.StopExecution': this.stopExecution,
      'AWSStepFunctions.ListExecutions': this.listExecutions,
      'AWSStepFunctions.GetExecutionHistory': this.getExecutionHistory,
    };
  }

  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
      if (running.length === 0) return;
      await Promise.allSettled(running.map((e) => e.done));
    }
  }

  /** The first execution that satisfies `predicate`. */
  find(predicate: (execution: LocalExecution) => boolean): LocalExecution | undefined {
    return [...this.executions.values()].find(predicate);
  }

  private arnFor(name: string): string {
    return `${this.options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  private byArn(executionArn: unknown): LocalExecution {
    const found = [...this.executions.values()].find((e) => e.executionArn === executionArn);
    if (!found) throw new AwsApiError('ExecutionDoesNotExist', `Execution does not exist: '${String(executionArn)}'`);
    return found;
  }

  readonly startExecution = async (body: Record<string, unknown>) => {
    if (body.stateMachineArn !== this.options.stateMachineArn) {
      throw new AwsApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${String(body.stateMachineArn)}'`,
      );
    }
    const name = typeof body.name === 'string' ? body.name : randomUUID();
    const input = typeof body.input === 'string' ? body.input : '{}';
    const existing = this.executions.get(name);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: existing.executionArn, startDate: existing.startDate.getTime() / 1000 };
      }
      throw new AwsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
    }
    const controller = new AbortController();
    const execution: LocalExecution = {
      executionArn: this.arnFor(name),
      stateMachineArn: this.options.stateMachineArn,
      name,
      input,
      startDate: new Date(),
      status: 'RUNNING',
      events: [],
      done: Promise.resolve(),
    };
    const done = (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      try {
        const result = await this.options.run({
          input: JSON.parse(input),
          executionName: name,
          signal: controller.signal,
        });
        if (execution.status === 'RUNNING') execution.status = result.status;
        execution.output = result.output === undefined ? undefined : JSON.stringify(result.output);
        execution.error = result.error;
        execution.cause = result.cause;
        execution.events = result.events ?? [];
      } catch (err) {
        if (execution.status === 'RUNNING') execution.status = 'FAILED';
        execution.error = (err as Error).name;
        execution.cause = (err as Error).message;
      } finally {
        execution.stopDate = new Date();
        this.controllers.delete(name);
        this.options.onEvent?.({ type: 'execution-ended', execution });
      }
    })();
    Object.assign(execution, { done });
    this.executions.set(name, execution);
    this.controllers.set(name, controller);
    this.options.onEvent?.({ type: 'execution-started', execution });
    return { executionArn: execution.executionArn, startDate: execution.startDate.getTime() / 1000 };
  };

  readonly describeExecution = async (body: Record<string, unknown>) => {
    const e = this.byArn(body.executionArn);
    return {
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate.getTime() / 1000,
      ...(e.stopDate ? { stopDate: e.stopDate.getTime() / 1000 } : {}),
      input: e.input,
      ...(e.output !== undefined ? { output: e.output } : {}),
      ...(e.error ? { error: e.error, cause: e.cause } : {}),
    };
  };

  readonly stopExecution = async (body: Record<string, unknown>) => {
    const e = this.byArn(body.executionArn);
    if (e.status === 'RUNNING') {
      e.status = 'ABORTED';
      e.error = typeof body.error === 'string' ? body.error : undefined;
      e.cause = typeof body.cause === 'string' ? body.cause : undefined;
      this.controllers.get(e.name)?.abort();
    }
    return { stopDate: Date.now() / 1000 };
  };

  readonly listExecutions = async (body: Record<string, unknown>) => {
    const filter = typeof body.statusFilter === 'string' ? body.statusFilter : undefined;
    return {
      executions: [...this.executions.values()]
        .filter((e) => !filter || e.status === filter)
        .map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: e.startDate.getTime() / 1000,
          ...(e.stopDate ? { stopDate: e.stopDate.getTime() / 1000 } : {}),
        })),
    };
  };

  readonly getExecutionHistory = async (body: Record<string, unknown>) => {
    const e = this.byArn(body.executionArn);
    return { events: e.events };
  };
}
