import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RotationStateError } from '../../../lambdas/common/errors';
import { ProviderError, ProviderUnavailableError } from '../../../lambdas/providers/errors';
import { parseRotationEvent } from '../../../lambdas/rotation/event';
import { rotate } from '../../../lambdas/rotation/rotate';
import { DISCARDED_AT, MINT_STARTED_AT, TESTED_AT } from '../../../lambdas/rotation/versions';
import {
  MemoryInventory,
  OLD,
  OTHER,
  RecordingProvider,
  rotationDeps,
  SECRET,
  secretString,
  stubSecretsManager,
  TOKEN,
} from './support';

/**
 * Secrets Manager retries a failed rotation step a few times, then gives the rotation up and never calls the
 * rotation function for its token again. The next rotation's createSecret finishes what the given-up one left.
 */

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);
const NEXT = '00000000-0000-4000-8000-000000000004';

let values: Map<string, string>;
let stages: Record<string, string[]>;
let inventory: MemoryInventory;
let provider: RecordingProvider;

beforeEach(() => {
  sm.reset();
  sns.reset();
  sfn.reset();
  values = new Map([[OLD, secretString('inh_current_key_abcdefghijkl', 'ik_current')]]);
  stages = { [OLD]: ['AWSCURRENT'] };
  inventory = new MemoryInventory();
  provider = new RecordingProvider();
  stubSecretsManager(sm, { values: () => values, stages: () => stages, rotationEnabled: () => true });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
});

const deps = () =>
  rotationDeps(
    { sm: new SecretsManagerClient({}), sns: new SNSClient({}), sfn: new SFNClient({}) },
    inventory,
    provider,
  );
const step = (name: string, token: string) =>
  rotate(parseRotationEvent({ Step: name, SecretId: SECRET, ClientRequestToken: token }), deps());
const item = async (versionId: string) =>
  (await inventory.getVersion(SECRET, versionId)) as unknown as Record<string, unknown> | undefined;

describe('createSecret records its token before it asks the provider for a key', () => {
  it('marks the token requested, with the time minting started, before createKey', async () => {
    stages[TOKEN] = ['AWSPENDING'];
    provider.createKey = async () => {
      expect(await item(TOKEN)).toMatchObject({ status: 'requested', [MINT_STARTED_AT]: expect.any(String) });
      return { apiKey: 'inh_minted_key_number_1_abcdefgh', keyId: 'ik_1' };
    };

    await step('createSecret', TOKEN);

    expect(inventory.statusOf(SECRET, TOKEN)).toBe('pending');
  });

  it('never mints under a token whose rotation was abandoned', async () => {
    await inventory.transition(SECRET, TOKEN, 'abandoned', 'pending key exposed');

    await expect(step('createSecret', TOKEN)).rejects.toBeInstanceOf(RotationStateError);

    expect(provider.calls).toEqual([]);
  });
});

describe('the rotation after one Secrets Manager gave up before its key was stored', () => {
  it('has the provider discard what the given-up token minted, and records it abandoned', async () => {
    await inventory.transition(SECRET, OTHER, 'requested', 'minting', { [MINT_STARTED_AT]: '2026-11-25T09:00:00Z' });

    await step('createSecret', NEXT);

    expect(provider.calls).toEqual([`discardUnstored ${OTHER}`, `createKey ${NEXT}`]);
    expect(await item(OTHER)).toMatchObject({ status: 'abandoned', [DISCARDED_AT]: expect.any(String) });
  });

  it('leaves alone a token that was only requested (nothing was minted under it)', async () => {
    await inventory.transition(SECRET, OTHER, 'requested', 'emergency rotation', { mode: 'emergency' });

    await step('createSecret', NEXT);

    expect(provider.calls).toEqual([`createKey ${NEXT}`]);
    expect(inventory.statusOf(SECRET, OTHER)).toBe('requested');
  });

  it('fails the step while the provider may answer later, so Secrets Manager retries it', async () => {
    await inventory.transition(SECRET, OTHER, 'requested', 'minting', { [MINT_STARTED_AT]: '2026-11-25T09:00:00Z' });
    provider.discardUnstored = async () => {
      throw new ProviderUnavailableError('http', 'create key answered HTTP 503');
    };

    await expect(step('createSecret', NEXT)).rejects.toBeInstanceOf(ProviderUnavailableError);

    expect(provider.calls).toEqual([]);
  });

  it('goes on with its own rotation when the provider refuses the discard for good, and tells operators', async () => {
    await inventory.transition(SECRET, OTHER, 'requested', 'minting', { [MINT_STARTED_AT]: '2026-11-25T09:00:00Z' });
    provider.discardUnstored = async () => {
      throw new ProviderError('http', 'create key answered HTTP 400');
    };

    expect(await step('createSecret', NEXT)).toBe('created');

    expect(await item(OTHER)).toMatchObject({ status: 'abandoned' });
    expect(await item(OTHER)).not.toHaveProperty(DISCARDED_AT);
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Message)).toEqual([
      expect.stringContaining('rotation-failed'),
    ]);
  });

  it('discards once: a replay finds the token discarded', async () => {
    await inventory.transition(SECRET, OTHER, 'requested', 'minting', { [MINT_STARTED_AT]: '2026-11-25T09:00:00Z' });
    await step('createSecret', NEXT);

    await step('createSecret', NEXT);

    expect(provider.calls.filter((c) => c.startsWith('discardUnstored'))).toHaveLength(1);
  });
});

describe('the rotation after one Secrets Manager gave up after AWSCURRENT moved', () => {
  beforeEach(async () => {
    // The given-up rotation moved AWSCURRENT to OTHER and died before anything that follows finishSecret.
    values.set(OTHER, secretString('inh_rotated_key_abcdefghijklm', 'ik_rotated'));
    stages = { [OLD]: ['AWSPREVIOUS'], [OTHER]: ['AWSCURRENT', 'AWSPENDING'] };
    const facts = (versionId: string, keyId: string) => ({
      secretName: SECRET,
      versionId,
      keyId,
      provider: 'http' as const,
      fingerprint: `fp-${keyId}`,
      keyHint: 'inh_…',
      createdAt: '2026-11-01T00:00:00Z',
    });
    await inventory.recordVersion(facts(OLD, 'ik_current'), 'current');
    await inventory.recordVersion(facts(OTHER, 'ik_rotated'), 'pending');
    await inventory.annotate(SECRET, OTHER, { mode: 'emergency', [TESTED_AT]: '2026-11-25T09:00:00Z' });
    stages[NEXT] = [];
  });

  it('starts the old version’s revocation in the given-up rotation’s mode and records both versions', async () => {
    await step('createSecret', NEXT);

    expect(JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}')).toMatchObject({
      oldVersionId: OLD,
      newVersionId: OTHER,
      mode: 'emergency',
    });
    expect(inventory.statusOf(SECRET, OTHER)).toBe('current');
    expect(inventory.statusOf(SECRET, OLD)).toBe('previous');
    expect(stages[OTHER]).toEqual(['AWSCURRENT']);
  });

  it('then goes on with its own rotation (the label left on AWSCURRENT is no rotation in flight)', async () => {
    expect(await step('createSecret', NEXT)).toBe('created');

    expect(stages[NEXT]).toEqual(['AWSPENDING']);
  });
});
