import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../lambdas/common/logger';
import { commandArbitraries } from './support/commands';
import { duplicateRevokedNotices } from './support/invariants';
import { assertScenario } from './support/scenario';

/**
 * Model-based property test of the whole key lifecycle: the real rotation engine, intake and revocation tasks over
 * in-memory AWS fakes (test/property/support, checked against moto by fake-aws.differential.test.ts) and the real
 * generated and http providers (the http one over an in-memory fetch), driven by random interleavings of scheduled
 * rotations, findings, duplicate deliveries, crashes at step boundaries and provider 429/5xx. After each command
 * (and at every write boundary inside it) AWSCURRENT must name a live key; once everything settles, exposed keys
 * must be dead, no provider key orphaned, and no step applied twice. No defect is set aside: every invariant is
 * asserted on every run. Counterexamples found so far are replayed as fixed sequences in regressions.test.ts.
 *
 * A failure prints fast-check's seed and path: rerun with REKEY_PROPERTY_SEED=<seed> REKEY_PROPERTY_PATH=<path>.
 */

const RUNS = Number(process.env.REKEY_PROPERTY_RUNS ?? 2000);
const stats = { runs: 0, commands: 0, operatorRetries: 0, duplicateRevoked: 0, gaveUp: 0, redeliveries: 0 };

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

afterAll(() => {
  // What the runs exercised: operator retries of failed revocations, rotations Secrets Manager gave up on, and
  // duplicate `revoked` notices (SNS is at least once, so they are counted, not asserted).
  console.log(`rotation model: ${JSON.stringify(stats)}`);
});

describe('rotation, intake and revocation under interleavings, crashes and provider faults', () => {
  it(
    'keep every DESIGN invariant',
    async () => {
      const seed = process.env.REKEY_PROPERTY_SEED ? Number(process.env.REKEY_PROPERTY_SEED) : undefined;
      const path = process.env.REKEY_PROPERTY_PATH;
      await fc.assert(
        fc.asyncProperty(fc.commands(commandArbitraries, { maxCommands: 40, size: 'max' }), async (cmds) => {
          const { world, model } = await assertScenario(cmds);
          stats.runs++;
          stats.commands += model.commands;
          stats.operatorRetries += world.operatorRetries.length;
          stats.duplicateRevoked += duplicateRevokedNotices(world);
          stats.gaveUp += world.gaveUpCount;
          stats.redeliveries += world.redeliveryCount;
        }),
        { numRuns: RUNS, ...(seed !== undefined ? { seed } : {}), ...(path ? { path, endOnFailure: true } : {}) },
      );
      expect(RUNS).toBeGreaterThan(0);
    },
    Math.max(300_000, RUNS * 150),
  );
});
