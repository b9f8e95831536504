import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ExposureRaceError } from '../../../lambdas/intake/errors';
import { FindingSchema } from '../../../lambdas/intake/finding';
import { derivedToken, handleFinding } from '../../../lambdas/intake/intake';
import { RotationInProgressError, type RotationStarter } from '../../../lambdas/intake/rotation-starter';
import { fingerprint } from '../../../packages/client/src/fingerprint';
import {
  CURRENT,
  intakeDeps,
  MemoryInventory,
  PENDING,
  RecordingProvider,
  SECRET,
  type SecretState,
  secretString,
  statefulSecretsManager,
} from './support';

/**
 * Findings delivered again (EventBridge retries a failed invocation) after the state they first saw moved on: the
 * rotation they asked for was abandoned, or their own earlier delivery died half-way through abandoning one.
 */

const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);

const KEY_CURRENT = 'rk_ReplayCurrentKey00000000000000000000000000a';
const KEY_PENDING = 'rk_ReplayPendingKey00000000000000000000000000c';
const FRESH_SEED = `github:alert-7\n${SECRET}\n${PENDING}\nfresh`;

let state: SecretState;
let inventory: MemoryInventory;
let provider: RecordingProvider;
let started: { secretName: string; token: string }[];
let starter: RotationStarter;

const finding = (key: string) =>
  FindingSchema.parse({ findingId: 'alert-7', source: 'github', fingerprint: fingerprint(key) });
const deps = () => intakeDeps({ sm: sm as never, sns: sns as never, sfn: sfn as never }, inventory, provider, starter);

beforeEach(() => {
  sm.reset();
  sns.reset();
  sfn.reset();
  state = {
    values: new Map([
      [CURRENT, secretString(KEY_CURRENT, 'kid-current')],
      [PENDING, secretString(KEY_PENDING, 'kid-pending')],
    ]),
    stages: { [CURRENT]: ['AWSCURRENT'] },
  };
  statefulSecretsManager(sm, state);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
  inventory = new MemoryInventory();
  inventory.put(SECRET, CURRENT, KEY_CURRENT, 'current', { keyId: 'kid-current' });
  provider = new RecordingProvider();
  started = [];
  starter = { start: async (r) => void started.push(r) };
});

describe('a finding for the pending key, delivered again', () => {
  it('finishes an abandon that died after taking the label off: revokes the key and starts the fresh rotation', async () => {
    // The label is gone, the inventory still says pending (the first delivery died between the two).
    inventory.put(SECRET, PENDING, KEY_PENDING, 'pending', { keyId: 'kid-pending', mode: 'emergency' });

    const result = await handleFinding(finding(KEY_PENDING), deps());

    expect(provider.revoked).toEqual(['kid-pending']);
    expect(inventory.get(SECRET, PENDING)?.status).toBe('abandoned');
    expect(result.outcomes[0]).toMatchObject({
      action: 'pending-abandoned',
      newVersionId: derivedToken(FRESH_SEED),
      mode: 'emergency',
    });
    expect(started).toEqual([{ secretName: SECRET, token: derivedToken(FRESH_SEED) }]);
  });

  it('starts the fresh rotation when the rotation’s own step recorded the abandon first', async () => {
    inventory.put(SECRET, PENDING, KEY_PENDING, 'abandoned', { keyId: 'kid-pending', mode: 'emergency' });
    inventory.put(SECRET, CURRENT, KEY_CURRENT, 'current', { keyId: 'kid-current', createdAt: '2026-10-01T00:00:00Z' });

    const result = await handleFinding(finding(KEY_PENDING), deps());

    expect(result.outcomes[0]).toMatchObject({ action: 'pending-abandoned', mode: 'emergency' });
    expect(started).toEqual([{ secretName: SECRET, token: derivedToken(FRESH_SEED) }]);
  });

  it('answers already-revoked, starting nothing, once a later rotation completed', async () => {
    inventory.put(SECRET, PENDING, KEY_PENDING, 'abandoned', {
      keyId: 'kid-pending',
      createdAt: '2026-10-01T00:00:00Z',
    });

    const result = await handleFinding(finding(KEY_PENDING), deps());

    expect(result.outcomes[0]).toMatchObject({ action: 'already-revoked' });
    expect(started).toEqual([]);
  });

  it('asks to be delivered again while Secrets Manager still runs the abandoned rotation', async () => {
    state.stages[PENDING] = ['AWSPENDING'];
    inventory.put(SECRET, PENDING, KEY_PENDING, 'pending', { keyId: 'kid-pending' });
    starter = {
      start: async () => {
        throw new RotationInProgressError(SECRET);
      },
    };

    await expect(handleFinding(finding(KEY_PENDING), deps())).rejects.toBeInstanceOf(ExposureRaceError);

    expect(inventory.get(SECRET, PENDING)?.status).toBe('abandoned');
    expect(inventory.get(SECRET, derivedToken(FRESH_SEED))?.status).toBe('requested');
  });
});

describe('a finding for the current key, delivered again', () => {
  const OWN_SEED = `github:alert-7\n${SECRET}\n${CURRENT}`;

  it('asks for the next derived token when the rotation under the first was abandoned', async () => {
    inventory.put(SECRET, derivedToken(OWN_SEED), KEY_PENDING, 'abandoned', { keyId: 'kid-pending' });

    const result = await handleFinding(finding(KEY_CURRENT), deps());

    const next = derivedToken(`${OWN_SEED}\nretry 1`);
    expect(result.outcomes[0]).toMatchObject({ action: 'rotation-started', newVersionId: next });
    expect(started).toEqual([{ secretName: SECRET, token: next }]);
  });

  it('also when that version lost its label before anything recorded it abandoned', async () => {
    const first = derivedToken(OWN_SEED);
    state.values.set(first, secretString(KEY_PENDING, 'kid-pending'));
    inventory.put(SECRET, first, KEY_PENDING, 'pending', { keyId: 'kid-pending' });

    const result = await handleFinding(finding(KEY_CURRENT), deps());

    expect(result.outcomes[0]?.newVersionId).toBe(derivedToken(`${OWN_SEED}\nretry 1`));
    expect(inventory.get(SECRET, first)?.history).toEqual([]);
  });
});
