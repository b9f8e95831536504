import {
  DescribeSecretCommand,
  InvalidRequestException,
  ListSecretVersionIdsCommand,
  RotateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { revocationExecutionName } from '../../../lambdas/common/revocation';
import { RotationFailedError, UsageError } from '../../../packages/cli/src/errors';
import { memoryWriter } from '../../../packages/cli/src/output';
import { cancelCommand, revokeCommand } from '../../../packages/cli/src/revoke';
import { rotateCommand } from '../../../packages/cli/src/rotate';
import { fakeContext, mocks, OUTPUTS, resetMocks } from './support';

/** The commands' output and decisions, against mocked AWS clients. */

const SECRET = 'rekey/agents/support/internal-api';
const KEY = 'agents/support/internal-api';
const ARN = `arn:aws:secretsmanager:us-east-1:111111111111:secret:${SECRET}-AbCdEf`;
const OLD = '1a2b3c4d-0000-4000-8000-000000000000';
const NEW = '9f8e7d6c-0000-4000-8000-000000000000';

const described = (stages: Record<string, string[]>) => ({
  Name: SECRET,
  ARN,
  RotationEnabled: true,
  VersionIdsToStages: stages,
});
const item = (versionId: string, extra: Record<string, unknown>) => ({
  Item: { pk: `SECRET#${SECRET}`, sk: `VERSION#${versionId}`, secretName: SECRET, versionId, history: [], ...extra },
});
const getVersion = (versionId: string) => ({ Key: { pk: `SECRET#${SECRET}`, sk: `VERSION#${versionId}` } });
/** Progress lines end with the elapsed time; the tests compare the rest. */
const untimed = (lines: string[]) => lines.map((l) => l.replace(/\s+\d+\.\ds$/, ''));

beforeEach(() => {
  resetMocks();
});

describe('rotate', () => {
  it('starts an emergency rotation as intake does and follows it until the old key is revoked', async () => {
    mocks.sm
      .on(DescribeSecretCommand)
      .resolvesOnce(described({ [OLD]: ['AWSCURRENT'] }))
      .resolvesOnce(described({ [OLD]: ['AWSCURRENT'], [NEW]: ['AWSPENDING'] }))
      .resolves(described({ [OLD]: ['AWSPREVIOUS'], [NEW]: ['AWSCURRENT'] }));
    mocks.sm.on(RotateSecretCommand).resolves({ Name: SECRET, VersionId: NEW });
    mocks.doc.on(GetCommand, getVersion(OLD)).resolvesOnce(item(OLD, { provider: 'generated', status: 'current' }));
    mocks.doc.on(GetCommand, getVersion(OLD)).resolves(item(OLD, { provider: 'generated', status: 'revoked' }));
    mocks.doc
      .on(GetCommand, getVersion(NEW))
      .resolvesOnce(item(NEW, { status: 'requested', mode: 'emergency' }))
      .resolves(item(NEW, { status: 'current', mode: 'emergency', testedAt: '2026-11-25T08:40:01Z' }));
    mocks.doc.on(UpdateCommand).resolves({});
    const executionArn = `${OUTPUTS.RevocationStateMachineArn.replace(':stateMachine:', ':execution:')}:${revocationExecutionName({ secretName: SECRET, oldVersionId: OLD, mode: 'emergency' })}`;
    mocks.sfn
      .on(DescribeExecutionCommand, { executionArn })
      .resolvesOnce({ status: 'RUNNING', startDate: new Date('2026-11-25T08:40:00Z') })
      .resolves({ status: 'SUCCEEDED' });
    const out = memoryWriter();

    const result = await rotateCommand(fakeContext(), out, {
      key: KEY,
      emergency: true,
      reason: 'INC-7',
      newToken: () => NEW,
    });

    expect(untimed(out.stdout)).toEqual([
      `Rotating ${KEY} (emergency) to version ${NEW}.`,
      '  ✓ rotation requested',
      '  ✓ new key created (version 9f8e7d6c)',
      '  ✓ new key tested at the provider',
      '  ✓ new key is AWSCURRENT (was 1a2b3c4d)',
      '  ✓ fleet notified (rotated)',
      '  ✓ revocation of 1a2b3c4d running (emergency; verifies 08:41Z, in 1m)',
      '  ✓ old key 1a2b3c4d revoked (revoked)',
      expect.stringMatching(
        new RegExp(`^Done in \\d+\\.\\ds: ${KEY} is on version ${NEW}; the old key is revoked\\.$`),
      ),
    ]);
    expect(result.follow?.outcome).toBe('revoked');
    const requested = mocks.doc.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(requested?.Key).toEqual({ pk: `SECRET#${SECRET}`, sk: `VERSION#${NEW}` });
    expect(requested?.ExpressionAttributeValues).toMatchObject({
      ':status': 'requested',
      ':x0': 'emergency',
      ':x1': 'INC-7',
    });
    expect(mocks.sm.commandCalls(RotateSecretCommand)[0]?.args[0].input).toEqual({
      SecretId: SECRET,
      ClientRequestToken: NEW,
      RotateImmediately: true,
    });
  });

  it('fails, saying the old key still works, when the new key fails its test', async () => {
    mocks.sm
      .on(DescribeSecretCommand)
      .resolvesOnce(described({ [OLD]: ['AWSCURRENT'] }))
      .resolves(described({ [OLD]: ['AWSCURRENT'], [NEW]: ['AWSPENDING'] }));
    mocks.sm.on(RotateSecretCommand).resolves({});
    mocks.doc.on(GetCommand, getVersion(OLD)).resolves(item(OLD, { provider: 'openai' }));
    mocks.doc
      .on(GetCommand, getVersion(NEW))
      .resolvesOnce(item(NEW, { status: 'pending' }))
      .resolves(item(NEW, { status: 'abandoned' }));
    mocks.doc.on(UpdateCommand).resolves({});
    const out = memoryWriter();

    const err = await rotateCommand(fakeContext(), out, { key: KEY, newToken: () => NEW }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(RotationFailedError);
    expect((err as Error).message).toBe(
      `the new key for ${KEY} (version ${NEW}) failed its test and was revoked; the old key is still AWSCURRENT`,
    );
    expect((err as RotationFailedError).hint).toContain('rekey runbook rotation-failed');
    expect(untimed(out.stdout)).toEqual([
      `Rotating ${KEY} (scheduled) to version ${NEW}.`,
      '  ✓ rotation requested',
      '  ✓ new key created (version 9f8e7d6c)',
    ]);
  });

  it('joins a rotation already in flight, raising it to emergency, instead of starting another', async () => {
    mocks.sm.on(DescribeSecretCommand).resolves(described({ [OLD]: ['AWSCURRENT'], [NEW]: ['AWSPENDING'] }));
    mocks.sm.on(RotateSecretCommand).rejects(
      new InvalidRequestException({
        message: "A previous rotation isn't complete. That rotation will be reattempted.",
        $metadata: {},
      }),
    );
    mocks.doc.on(GetCommand).resolves(item(OLD, { provider: 'generated' }));
    mocks.doc.on(UpdateCommand).resolves({});
    const out = memoryWriter();

    const result = await rotateCommand(fakeContext(), out, { key: KEY, emergency: true, wait: false });

    expect(result).toMatchObject({ token: NEW, joined: true, mode: 'emergency' });
    expect(out.stdout[0]).toBe(`Joined the rotation of ${KEY} already in flight to version ${NEW} (emergency).`);
    expect(mocks.doc.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':mode': 'emergency',
    });
  });

  it('tells the operator to run rekey put when the provider makes keys by hand', async () => {
    mocks.sm.on(DescribeSecretCommand).resolves(described({ [OLD]: ['AWSCURRENT'] }));
    mocks.sm.on(RotateSecretCommand).resolves({});
    mocks.doc.on(GetCommand).resolves(item(OLD, { provider: 'anthropic' }));
    mocks.doc.on(UpdateCommand).resolves({});
    const out = memoryWriter();

    await rotateCommand(fakeContext(), out, { key: KEY, wait: false, newToken: () => NEW });

    expect(out.stdout).toContain(`  … anthropic keys are made by hand: supply it with \`rekey put ${KEY}\``);
  });
});

describe('revoke and cancel', () => {
  it('refuses to revoke the AWSCURRENT version', async () => {
    mocks.sm.on(DescribeSecretCommand).resolves(described({ [OLD]: ['AWSPREVIOUS'], [NEW]: ['AWSCURRENT'] }));
    mocks.doc.on(QueryCommand).resolves({ Items: [] });
    mocks.sm.on(ListSecretVersionIdsCommand).resolves({ Versions: [{ VersionId: OLD }, { VersionId: NEW }] });

    const err = await revokeCommand(fakeContext(), memoryWriter(), { key: KEY, version: NEW.slice(0, 8) }).catch(
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toBe(
      `version ${NEW} is ${KEY}'s AWSCURRENT key; revoking it would break every agent`,
    );
    expect((err as UsageError).hint).toContain(`rekey rotate ${KEY} --emergency`);
  });

  it('says there is nothing to cancel when no revocation of the key runs', async () => {
    mocks.sm.on(DescribeSecretCommand).resolves(described({ [NEW]: ['AWSCURRENT'] }));
    mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    const out = memoryWriter();

    const stopped = await cancelCommand(fakeContext(), out, { key: KEY });

    expect(stopped).toEqual([]);
    expect(out.stdout).toEqual([`No running revocation of ${KEY} to cancel.`]);
  });
});
