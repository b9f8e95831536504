import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REVOCATION_STATES } from '../../../lib/revocation-workflow';
import {
  DEFAULT_STATE_FILE,
  DEFAULT_WAITS,
  resolveContext,
  waitsFromDefinition,
} from '../../../packages/cli/src/context';
import {
  AccessDeniedError,
  explainError,
  InvalidStateFileError,
  LocalEnvironmentStoppedError,
  LocalStateMissingError,
  NoCredentialsError,
  type OperatorError,
  StackOutputsMissingError,
  UsageError,
} from '../../../packages/cli/src/errors';
import { OUTPUTS } from './support';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-ctx-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const state = (extra: Record<string, unknown> = {}) => ({
  endpoint: 'http://127.0.0.1:4566',
  region: 'us-east-1',
  stackName: 'Rekey',
  outputs: OUTPUTS,
  pid: process.pid,
  ...extra,
});

describe('--local', () => {
  it('reads the default state file and points every client at its endpoint', async () => {
    mkdirSync(join(dir, '.rekey'));
    writeFileSync(
      join(dir, DEFAULT_STATE_FILE),
      JSON.stringify(state({ verification: { emergencyWaitSeconds: 5, maxRounds: 2 } })),
    );

    const ctx = await resolveContext({ local: true, cwd: dir });

    expect(ctx.target).toEqual({
      kind: 'local',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4566',
      stackName: 'Rekey',
    });
    expect(ctx.outputs).toEqual(OUTPUTS);
    expect(ctx.secretPrefix).toBe('rekey/');
    expect(ctx.inventory.tableName).toBe('rekey-inventory');
    expect(String((await ctx.clients.sm.config.endpoint?.())?.hostname)).toBe('127.0.0.1');
    expect(await ctx.waits()).toEqual({
      seconds: { scheduled: DEFAULT_WAITS.seconds.scheduled, emergency: 5, abuse: 0 },
      maxRounds: 2,
    });
  });

  it('says to run the rehearsal when there is no state file', async () => {
    const err = await resolveContext({ local: true, cwd: dir }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(LocalStateMissingError);
    expect((err as OperatorError).message).toBe(
      `no local rekey is running: ${join(dir, '.rekey/local.json')} does not exist`,
    );
    expect((err as OperatorError).hint).toContain('npm start -- --serve');
  });

  it('says the rehearsal has stopped when its process is gone', async () => {
    writeFileSync(join(dir, 'local.json'), JSON.stringify(state({ pid: 4_000_000 })));

    const err = await resolveContext({ local: 'local.json', cwd: dir, isProcessAlive: () => false }).catch(
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(LocalEnvironmentStoppedError);
    expect((err as OperatorError).message).toContain('process 4000000 has exited');
  });

  it('names the fields a broken state file lacks', async () => {
    writeFileSync(
      join(dir, 'local.json'),
      JSON.stringify({ endpoint: 'http://127.0.0.1:1', region: 'x', outputs: {} }),
    );

    const err = await resolveContext({ local: 'local.json', cwd: dir }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(InvalidStateFileError);
    expect((err as OperatorError).message).toContain('outputs.InventoryTableName');
  });

  it('refuses --local together with --endpoint', async () => {
    await expect(resolveContext({ local: true, endpoint: 'http://x', cwd: dir })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('AWS', () => {
  it('reads the stack named by the config file in the region it pins', async () => {
    writeFileSync(
      join(dir, 'rekey.config.json'),
      JSON.stringify({
        stackName: 'RekeyProd',
        env: { account: '111111111111', region: 'eu-west-1' },
        keys: [{ name: 'k', provider: 'generated' }],
      }),
    );
    const asked: { stackName: string; region: string }[] = [];

    const ctx = await resolveContext({
      cwd: dir,
      describeStack: async ({ stackName, region }) => {
        asked.push({ stackName, region });
        return { ...OUTPUTS, Unrelated: 'x' };
      },
    });

    expect(asked).toEqual([{ stackName: 'RekeyProd', region: 'eu-west-1' }]);
    expect(ctx.target).toEqual({ kind: 'aws', region: 'eu-west-1', stackName: 'RekeyProd' });
    expect(ctx.outputs).toEqual(OUTPUTS);
  });

  it('names the outputs an old stack lacks', async () => {
    const err = await resolveContext({
      cwd: dir,
      stack: 'Old',
      region: 'us-east-1',
      describeStack: async () => ({ InventoryTableName: 't' }),
    }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(StackOutputsMissingError);
    expect((err as OperatorError).message).toBe(
      'stack Old (us-east-1) has no outputs FleetTopicArn, OpsTopicArn, RevocationStateMachineArn, SecretPrefix',
    );
  });

  it('takes outputs from a cdk outputs file without calling CloudFormation', async () => {
    writeFileSync(join(dir, 'cdk-outputs.json'), JSON.stringify({ RekeyProd: OUTPUTS, Other: { X: '1' } }));

    const ctx = await resolveContext({
      cwd: dir,
      stack: 'RekeyProd',
      region: 'us-east-1',
      outputsFile: 'cdk-outputs.json',
      describeStack: async () => {
        throw new Error('not called');
      },
    });

    expect(ctx.outputs).toEqual(OUTPUTS);
  });

  it('names a bad config file as a usage error', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ keys: [] }));

    const err = await resolveContext({ cwd: dir, config: 'bad.json', region: 'us-east-1' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).message).toContain('keys');
  });
});

describe('revocation waits', () => {
  it('reads the waits and rounds from the deployed definition, by the workflow state names', () => {
    expect([REVOCATION_STATES.waitScheduled, REVOCATION_STATES.waitEmergency, REVOCATION_STATES.verify]).toEqual([
      'WaitScheduled',
      'WaitEmergency',
      'Verify',
    ]);
    const definition = JSON.stringify({
      States: {
        WaitScheduled: { Type: 'Wait', Seconds: 4500 },
        WaitEmergency: { Type: 'Wait', Seconds: 30 },
        Verify: { Type: 'Task', Parameters: { Payload: { maxRounds: 3 } } },
      },
    });

    expect(waitsFromDefinition(definition)).toEqual({
      seconds: { scheduled: 4500, emergency: 30, abuse: 0 },
      maxRounds: 3,
    });
    expect(waitsFromDefinition('{"States":{}}')).toBeUndefined();
  });
});

describe('explainError', () => {
  it('turns SDK errors into errors that say what to do', () => {
    const named = (name: string, message = 'm') => Object.assign(new Error(message), { name });

    expect(explainError(named('CredentialsProviderError'))).toBeInstanceOf(NoCredentialsError);
    expect(explainError(named('ExpiredTokenException'))).toBeInstanceOf(NoCredentialsError);
    expect(
      explainError(named('AccessDeniedException', 'not authorized to perform: states:StopExecution')),
    ).toBeInstanceOf(AccessDeniedError);
    expect(explainError(new Error('Region is missing'))).toMatchObject({ name: 'NoRegionError' });
    expect(
      explainError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })).hint,
    ).toContain('npm start -- --serve');
    const other = explainError(named('ThrottlingException', 'slow down'));
    expect(other.message).toBe('ThrottlingException: slow down');
    expect(other.exitCode).toBe(1);
  });
});
