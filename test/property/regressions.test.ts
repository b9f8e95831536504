import { beforeAll, describe, expect, it } from 'vitest';
import { secretPk } from '../../lambdas/common/inventory';
import { logger } from '../../lambdas/common/logger';
import {
  AdvanceExecution,
  AdvanceRotation,
  Finding,
  ProviderFaults,
  Redeliver,
  Schedule,
  type Target,
} from './support/commands';
import { assertScenario } from './support/scenario';
import type { World } from './support/world';

/**
 * The property test's counterexamples, replayed as fixed command sequences: each once broke a DESIGN invariant.
 * Secret 0 is the generated one, secret 1 the http one; `rotationStep(0)` advances whichever rotation is in flight.
 */

const GENERATED = 0;
const HTTP = 1;
const step = (crashAt: number | null = null) => new AdvanceRotation(0, crashAt);
const task = (crashAt: number | null = null) => new AdvanceExecution(0, crashAt);
const finding = (secret: number, target: Target, crashAt: number | null = null) =>
  new Finding(secret, target, 'fingerprint', false, crashAt);
const lostAnswers = () =>
  new ProviderFaults([
    { status: 503, afterEffect: true },
    { status: 503, afterEffect: true },
    { status: 503, afterEffect: true },
  ]);

function historyOf(world: World, secretName: string): Array<{ versionId: string; statuses: string[] }> {
  return [...world.ddb.items.values()]
    .filter((i) => i.pk === secretPk(secretName) && String(i.sk).startsWith('VERSION#'))
    .map((i) => ({
      versionId: String(i.versionId),
      statuses: ((i.history ?? []) as Array<{ status: string }>).map((h) => h.status),
    }));
}

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

describe('counterexamples of the rotation model, replayed', () => {
  it('never moves a revoked version back to previous when a crashed finishSecret is replayed after its revocation', async () => {
    // finishSecret dies after recording the old version `previous` (boundary 10), before the new one `current`; the
    // revocation then runs to its end (an http key keeps AWSPREVIOUS when revoked), and Secrets Manager replays
    // finishSecret, which finds the old version by that label.
    const { world } = await assertScenario([
      new Schedule(HTTP),
      step(),
      step(),
      step(),
      step(10),
      task(),
      task(),
      task(),
      task(),
      task(),
      step(),
    ]);

    const flipped = historyOf(world, world.secrets[HTTP]?.name ?? '').filter((v) => {
      const final = v.statuses.findIndex((s) => s === 'revoked' || s === 'abandoned');
      return final >= 0 && final < v.statuses.length - 1;
    });
    expect(flipped).toEqual([]);
  });

  it('redelivers a finding for the pending key until the fresh rotation starts, and replaces the exposed current key', async () => {
    const { world } = await assertScenario([
      new Schedule(HTTP),
      step(),
      finding(HTTP, 'current'),
      finding(HTTP, 'pending'),
      step(),
    ]);

    expect(world.redeliveryCount).toBeGreaterThan(0);
  });

  it('starts the fresh rotation under a new token when the finding first asked for one that was abandoned', async () => {
    await assertScenario([finding(GENERATED, 'current', 4), step(), finding(GENERATED, 'pending'), step()]);
  });

  it('does not ask again for a token whose version lost AWSPENDING before it was recorded abandoned', async () => {
    await assertScenario([
      finding(GENERATED, 'current', 4),
      step(),
      finding(GENERATED, 'pending', 2),
      new Redeliver(null),
      step(),
    ]);
  });

  it('revokes the pending http key when the finding that abandons it dies between the label and the revocation', async () => {
    await assertScenario([finding(HTTP, 'current'), step(), finding(HTTP, 'pending', 2), step()]);
  });

  it('replaces the exposed current key when the abandon of the escalated pending one died after taking its label', async () => {
    // The scheduled rotation is escalated by the first finding; the second takes AWSPENDING off and dies before it
    // records the abandon or starts the fresh rotation; its redelivery finds a `pending` version with no label.
    await assertScenario([
      new Schedule(HTTP),
      step(),
      finding(HTTP, 'current'),
      finding(HTTP, 'pending', 2),
      new Redeliver(null),
      new Schedule(GENERATED),
    ]);
  });

  it('also when createSecret died after storing the escalated pending key, before recording it pending', async () => {
    // createSecret dies at boundary 10 (the inventory has the key's facts, status still `requested`).
    await assertScenario([
      new Schedule(HTTP),
      step(10),
      finding(HTTP, 'current'),
      finding(HTTP, 'pending', 2),
      new Redeliver(null),
      step(),
    ]);
  });

  it('revokes an http key minted under a token Secrets Manager gave up on before the key was stored', async () => {
    const { world } = await assertScenario([
      new Schedule(HTTP),
      ...Array.from({ length: 6 }, () => [lostAnswers(), step()]).flat(),
    ]);

    expect(world.gaveUpCount).toBe(1);
  });

  it('revokes an http key minted while provider faults and crashes exhausted the rotation', async () => {
    await assertScenario([
      new ProviderFaults([{ status: 429 }, { status: 503 }, { status: 429 }]),
      new ProviderFaults([{ status: 503 }, { status: 429 }, { status: 429 }]),
      new Schedule(HTTP),
      step(),
      step(),
      step(1),
      new ProviderFaults([{ status: 429 }, { status: 429 }, { status: 503 }]),
      step(),
      new ProviderFaults([{ status: 503, afterEffect: true }, { status: 429 }, { status: 503, afterEffect: true }]),
      step(),
      step(1),
    ]);
  });

  it('retries the discard of a given-up token’s key when the provider faults it, rather than leave the key', async () => {
    await assertScenario([
      new ProviderFaults([
        { status: 503, afterEffect: true },
        { status: 503, afterEffect: true },
        { status: 503, afterEffect: true },
        { status: 503 },
      ]),
      new Schedule(HTTP),
      step(1),
      step(1),
      new ProviderFaults([{ status: 429 }, { status: 429 }, { status: 429 }, { status: 429 }]),
      new ProviderFaults([
        { status: 503, afterEffect: true },
        { status: 429 },
        { status: 503, afterEffect: true },
        { status: 503, afterEffect: true },
      ]),
      step(),
      step(1),
      step(),
      step(),
      new Schedule(HTTP),
      step(),
      new Schedule(GENERATED),
    ]);
  });

  it('finishes a rotation Secrets Manager gave up on after AWSCURRENT moved: the exposed old key is revoked', async () => {
    // The emergency rotation moves the label (boundaries 1-2) and dies at 3; every replay dies at its first write.
    const { world } = await assertScenario([
      finding(HTTP, 'current'),
      step(),
      step(),
      step(),
      step(3),
      ...Array.from({ length: 5 }, () => step(1)),
    ]);

    expect(world.gaveUpCount).toBe(1);
  });

  it('retries a revocation task whose function crashed instead of failing the revocation', async () => {
    const { world } = await assertScenario([new Schedule(GENERATED), step(), step(), step(), step(), task(), task(1)]);

    expect(world.operatorRetries).toEqual([]);
    expect(world.executions.map((e) => e.end)).toEqual(['Revoked', 'Revoked', 'Revoked']);
  });
});
