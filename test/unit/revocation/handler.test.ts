import { UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetAwsClients } from '../../../lambdas/common/clients';
import { InvalidEventError } from '../../../lambdas/common/errors';
import { ProviderUnavailableError } from '../../../lambdas/providers/errors';
import {
  AwsThrottledError,
  AwsUnavailableError,
  TRANSIENT_ERROR_NAMES,
  toTaskError,
} from '../../../lambdas/revocation/errors';
import { handler } from '../../../lambdas/revocation/index';
import { TRANSIENT_ERRORS } from '../../../lib/revocation-workflow';
import { input, mockedAws, NEW, OLD } from './support';

const aws = mockedAws();

beforeAll(() => {
  vi.stubEnv('REKEY_INVENTORY_TABLE', 'inventory');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  resetAwsClients();
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetAwsClients();
});
beforeEach(() => {
  aws.reset();
  aws.sm.on(UpdateSecretVersionStageCommand).callsFake((req: { VersionStage: string; RemoveFromVersionId: string }) => {
    aws.state.stages[req.RemoveFromVersionId] = (aws.state.stages[req.RemoveFromVersionId] ?? []).filter(
      (s) => s !== req.VersionStage,
    );
    return {};
  });
});

describe('the revocation task handler', () => {
  it('retires a generated token by taking every label off its version, then confirms it', async () => {
    const revoked = await handler({ action: 'revoke', input: input() });
    const confirmed = await handler({ action: 'confirm', input: input() });

    expect(revoked).toMatchObject({ twoPhase: false });
    expect(aws.state.stages[OLD]).toEqual([]);
    expect(aws.state.stages[NEW]).toEqual(['AWSCURRENT']);
    expect(confirmed).toEqual({ confirmed: true });
  });

  it('rejects an event with fields the workflow never sends (a key smuggled into the input)', async () => {
    const err = await handler({
      action: 'revoke',
      input: { ...input(), apiKey: 'rk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(InvalidEventError);
    expect(JSON.stringify((err as InvalidEventError).issues)).not.toContain('rk_aaaa');
  });

  it('refuses to revoke AWSCURRENT with an error named for the Catch', async () => {
    aws.state.stages = { [OLD]: ['AWSCURRENT'] };

    const err = (await handler({ action: 'revoke', input: input() }).catch((e: unknown) => e)) as Error;

    expect(err.name).toBe('UnsafeRevocationError');
    expect(aws.sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it('names AWS throttling after the SDK gave up as AwsThrottledError, for the Retry', async () => {
    aws.sm.rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const err = (await handler({ action: 'confirm', input: input() }).catch((e: unknown) => e)) as Error;

    expect(err.name).toBe('AwsThrottledError');
  });
});

describe('toTaskError', () => {
  it('keeps the error name and scrubs key material from the message', () => {
    const err = toTaskError(
      new ProviderUnavailableError('http', 'HTTP 503 for key sk-proj-abcdefghijklmnopqrstuvwxyz123456'),
    );

    expect(err.name).toBe('ProviderUnavailableError');
    expect(err.message).not.toContain('sk-proj-abcdefghijklmnopqrstuvwxyz123456');
    expect(err.cause).toBeUndefined();
  });

  it('renames AWS 5xx answers AwsUnavailableError and throttles AwsThrottledError', () => {
    const fault = Object.assign(new Error('internal'), { name: 'InternalServiceError', $fault: 'server' });
    const throttled = Object.assign(new Error('slow down'), { name: 'Whatever', $retryable: { throttling: true } });

    expect(toTaskError(fault)).toBeInstanceOf(AwsUnavailableError);
    expect(toTaskError(throttled)).toBeInstanceOf(AwsThrottledError);
  });

  it('retries exactly the error names the state machine retries', () => {
    expect([...TRANSIENT_ERRORS].sort()).toEqual([...TRANSIENT_ERROR_NAMES].sort());
  });
});
