import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  type ContextOptions,
  createOperatorContext,
  DEFAULT_WAITS,
  type OperatorContext,
  type StackOutputs,
} from '../../../packages/cli/src/context';
import { type MemoryWriter, memoryWriter } from '../../../packages/cli/src/output';
import type { CliDeps } from '../../../packages/cli/src/program';

export const OUTPUTS: StackOutputs = {
  InventoryTableName: 'rekey-inventory',
  FleetTopicArn: 'arn:aws:sns:us-east-1:111111111111:fleet',
  OpsTopicArn: 'arn:aws:sns:us-east-1:111111111111:ops',
  RevocationStateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:revocation',
  SecretPrefix: 'rekey/',
};

export const NOW = new Date('2026-11-25T08:40:00.000Z');

/** AWS clients whose every call is answered by aws-sdk-client-mock (reset them in beforeEach). */
export const mocks = {
  sm: mockClient(SecretsManagerClient),
  sfn: mockClient(SFNClient),
  doc: mockClient(DynamoDBDocumentClient),
  sns: mockClient(SNSClient),
  events: mockClient(EventBridgeClient),
};

export function resetMocks(): void {
  for (const m of Object.values(mocks)) m.reset();
}

/** A context over the mocked clients, with a fixed clock and no real sleeping. */
export function fakeContext(): OperatorContext {
  const config = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  return createOperatorContext({
    clients: {
      sm: new SecretsManagerClient(config),
      ddb: DynamoDBDocumentClient.from(new DynamoDBClient(config)),
      sfn: new SFNClient(config),
      sns: new SNSClient(config),
      events: new EventBridgeClient(config),
    },
    outputs: OUTPUTS,
    target: { kind: 'aws', region: 'us-east-1', stackName: 'Rekey' },
    now: () => NOW,
    sleep: async () => {},
    pollMs: 0,
    waits: DEFAULT_WAITS,
  });
}

export interface FakeCli {
  readonly deps: CliDeps;
  readonly out: MemoryWriter;
  /** Every command call: its name, the context options it resolved with, and its options. */
  readonly calls: { command: string; context?: ContextOptions; options?: unknown }[];
}

/** CLI dependencies whose commands only record how they were called. */
export function fakeCli(stdin: string | { isTTY: true } = ''): FakeCli {
  const out = memoryWriter();
  const calls: FakeCli['calls'] = [];
  let lastContext: ContextOptions | undefined;
  const record =
    (command: string, result: unknown = {}) =>
    async (_ctx: unknown, _writer: unknown, options: unknown) => {
      calls.push({ command, context: lastContext, options });
      return result;
    };
  const source =
    typeof stdin === 'string'
      ? Readable.from([Buffer.from(stdin)])
      : Object.assign(Readable.from([]), { isTTY: true as const });
  const deps: CliDeps = {
    writer: out,
    stdin: source,
    prompt: (text) => out.err(text),
    resolveContext: async (options) => {
      lastContext = options;
      return {} as OperatorContext;
    },
    commands: {
      status: record('status', []) as CliDeps['commands']['status'],
      rotate: record('rotate') as CliDeps['commands']['rotate'],
      put: record('put') as CliDeps['commands']['put'],
      revoke: record('revoke') as CliDeps['commands']['revoke'],
      cancel: record('cancel', []) as CliDeps['commands']['cancel'],
      scan: record('scan', { findings: [] }) as CliDeps['commands']['scan'],
      reportLeak: record('reportLeak') as CliDeps['commands']['reportLeak'],
      runbook: ((_writer: unknown, options: unknown) => {
        calls.push({ command: 'runbook', options });
        return [];
      }) as CliDeps['commands']['runbook'],
    },
  };
  return { deps, out, calls };
}
