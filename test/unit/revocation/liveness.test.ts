import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { agentStatus, verify } from '../../../lambdas/revocation/verify';
import { INVENTORY_TABLE } from '../../support/fakes/inventory';
import { FakeProvider, input, mockedAws, NEW, NOW, OLD, SECRET } from './support';

/**
 * The fleet check with liveness records: live agents count (by the version their record names), dead and restarted
 * ones never do, and acks without a liveness record are judged as before. The clock is fixed at NOW.
 */
const aws = mockedAws();
let provider: FakeProvider;
const nowSeconds = NOW.getTime() / 1000;

beforeEach(() => {
  aws.reset();
  provider = new FakeProvider();
});

/** Writes a liveness record as the client library does, through the fake table. */
async function live(agentId: string, versionId: string, expiresInSeconds: number) {
  await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new UpdateCommand({
      TableName: INVENTORY_TABLE,
      Key: { pk: `LIVE#${SECRET}`, sk: `AGENT#${agentId}` },
      UpdateExpression: 'SET agentId = :agent, versionId = :version, renewedAt = :now, expiresAt = :expires',
      ExpressionAttributeValues: {
        ':agent': agentId,
        ':version': versionId,
        ':now': NOW.toISOString(),
        ':expires': nowSeconds + expiresInSeconds,
      },
    }),
  );
}

/** Acks on a version item: `liveness` agents also marked as keeping a liveness record. */
function acked(versionId: string, agents: string[], liveness: string[] = []) {
  aws.state.items.set(versionId, {
    ...aws.state.items.get(versionId),
    ackAgents: new Set(agents),
    ...(liveness.length > 0 ? { livenessAgents: new Set(liveness) } : {}),
  } as never);
}

const request = (mode: 'scheduled' | 'emergency' | 'abuse' = 'scheduled', round = 0, maxRounds = 3) => ({
  input: input(mode),
  round,
  maxRounds,
  quietPeriodSeconds: 1800,
  startedAt: new Date(NOW.getTime() - 3600_000).toISOString(),
});

describe('the fleet check with liveness records', () => {
  it('waits while a live agent is still on the old version, even one that never acked it', async () => {
    await live('pod-a', OLD, 60);

    const result = await verify(request(), aws.deps(provider));

    expect(result.decision).toBe('wait');
    expect(result.fleet).toMatchObject({ acks: 'missing', agentsNotMoved: ['pod-a'], agentsLive: 1 });
  });

  it('ends FleetNotMoved at the bound of a scheduled revocation while that agent stays live on the old version', async () => {
    await live('pod-a', OLD, 60);

    const result = await verify(request('scheduled', 2, 3), aws.deps(provider));

    expect(result.decision).toBe('fleet-not-moved');
  });

  it('keeps the emergency bound and abuse mode unchanged by a live agent on the old version', async () => {
    await live('pod-a', OLD, 60);

    const emergencyEarly = await verify(request('emergency', 0, 3), aws.deps(provider));
    const emergencyLast = await verify(request('emergency', 2, 3), aws.deps(provider));
    const abuse = await verify(request('abuse'), aws.deps(provider));

    expect([emergencyEarly.decision, emergencyLast.decision, abuse.decision]).toEqual(['wait', 'revoke', 'revoke']);
  });

  it('revokes when the only agent on the old version crashed: its record expired, its ack says it keeps one', async () => {
    acked(OLD, ['pod-a:41'], ['pod-a:41']);
    await live('pod-a:41', OLD, -1);

    const result = await verify(request(), aws.deps(provider));

    expect(result.decision).toBe('revoke');
    expect(result.fleet).toMatchObject({ acks: 'all-moved', agentsNotMovedCount: 0, agentsLive: 0, agentsGone: 1 });
  });

  it('revokes when the agent restarted under a new id: the old id is gone, the new one is live on the new version', async () => {
    acked(OLD, ['host:41'], ['host:41']);
    acked(NEW, ['host:97'], ['host:97']);
    await live('host:97', NEW, 60);

    const result = await verify(request(), aws.deps(provider));

    expect(result).toMatchObject({ decision: 'revoke', fleet: { agentsLive: 1, agentsGone: 1, agentsOnNew: 1 } });
  });

  it('counts a live agent on the new version as moved even when its ack of the new version was lost', async () => {
    acked(OLD, ['pod-a'], ['pod-a']);
    await live('pod-a', NEW, 60);

    const result = await verify(request(), aws.deps(provider));

    expect(result.decision).toBe('revoke');
  });

  it('trusts a live record over an ack: a record on the old version blocks an agent that acked the new one', async () => {
    acked(NEW, ['pod-a'], ['pod-a']);
    await live('pod-a', OLD, 60);

    const result = await verify(request(), aws.deps(provider));

    expect(result.fleet?.agentsNotMoved).toEqual(['pod-a']);
  });

  it('still blocks on an agent that acked the old version with no liveness record at all (an older client)', async () => {
    acked(OLD, ['legacy:1', 'pod-a'], ['pod-a']);

    const result = await verify(request('scheduled', 2, 3), aws.deps(provider));

    expect(result).toMatchObject({
      decision: 'fleet-not-moved',
      fleet: { agentsNotMoved: ['legacy:1'], agentsGone: 1 },
    });
  });

  it('lets the provider’s last use overrule the agents, as before: a quiet old key revokes past a live agent', async () => {
    await live('pod-a', OLD, 60);
    provider.lastUsedAt = new Date(NOW.getTime() - 7200_000);

    const result = await verify(request(), aws.deps(provider));

    expect(result).toMatchObject({ decision: 'revoke', fleet: { usage: 'quiet', acks: 'missing' } });
  });

  it('treats a record that expires this very second as expired', () => {
    const status = agentStatus({
      oldItem: undefined,
      newItem: undefined,
      liveness: [{ agentId: 'pod-a', versionId: OLD, expiresAt: nowSeconds }],
      oldVersionId: OLD,
      now: NOW,
    });

    expect(status).toEqual({ acks: 'all-moved', agentsOnNew: 0, agentsNotMoved: [], agentsLive: 0, agentsGone: 1 });
  });

  it('answers ids and counts only', async () => {
    await live('pod-a', OLD, 60);

    const result = await verify(request(), aws.deps(provider));

    expect(Object.keys(result.fleet ?? {}).sort()).toEqual([
      'acks',
      'agentsGone',
      'agentsLive',
      'agentsNotMoved',
      'agentsNotMovedCount',
      'agentsOnNew',
      'lastUsedAt',
      'moved',
      'usage',
    ]);
    expect(JSON.stringify(result)).not.toMatch(/rk_/);
  });
});
