import fc from 'fast-check';
import type { Model } from './commands';
import { currentIsAccepted, exposedAreRevoked, exposedNotCurrent, noOrphans, nothingTwice } from './invariants';
import { World } from './world';

export interface ScenarioResult {
  readonly world: World;
  readonly model: Model;
  /** Every invariant broken, during the commands or once everything settled, without duplicates. */
  readonly violations: readonly string[];
}

/**
 * One run of the model: a world with a generated and an http secret, the commands applied in order (AWSCURRENT
 * checked at every write boundary inside them), then everything in flight settled without faults and the exposure
 * invariants checked (secrets whose rotation Secrets Manager gave up after crashes and faults exhausted its retries
 * aside), then the next rotation window of those secrets, and every DESIGN invariant checked.
 */
export async function runScenario(cmds: Iterable<fc.AsyncCommand<Model, World>>): Promise<ScenarioResult> {
  const world = new World();
  await world.addSecret('generated');
  await world.addSecret('http');
  const model: Model = { commands: 0, violations: [] };
  world.crasher.check = async (label) => {
    for (const v of currentIsAccepted(world)) model.violations.push(`at ${label}: ${v}`);
  };
  await fc.asyncModelRun(() => ({ model, real: world }), cmds);
  world.crasher.check = undefined;
  world.http.faults.length = 0;
  // Within the exposure bound: everything in flight settles, no rotation schedule fires. Secrets whose rotation ran
  // out of Secrets Manager's retries wait for their next rotation window, which comes next.
  await world.settleInFlight();
  const withinBound = [
    ...exposedAreRevoked(world, world.exhausted).map((v) => `within the bound: ${v}`),
    ...exposedNotCurrent(world, world.exhausted).map((v) => `within the bound: ${v}`),
  ];
  await world.nextRotationWindows();
  const violations = [
    ...model.violations,
    ...withinBound,
    ...currentIsAccepted(world),
    ...exposedAreRevoked(world),
    ...exposedNotCurrent(world),
    ...noOrphans(world),
    ...nothingTwice(world),
  ];
  return { world, model, violations: [...new Set(violations)] };
}

/** Runs a scenario and throws with the first violations if any invariant broke. */
export async function assertScenario(cmds: Iterable<fc.AsyncCommand<Model, World>>): Promise<ScenarioResult> {
  const result = await runScenario(cmds);
  if (result.violations.length > 0) {
    throw new Error(`invariants broken:\n  ${result.violations.slice(0, 8).join('\n  ')}`);
  }
  return result;
}
