import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../lambdas/common/inventory';
import { logger, releaseSecretValues } from '../../lambdas/common/logger';
import type { ProviderName } from '../../lambdas/common/secret-value';
import { ManualKeyRequiredError } from '../../lambdas/providers/errors';
import { supplyManualKey } from '../../lambdas/rotation/manual';
import { type RotationDeps, rotate } from '../../lambdas/rotation/rotate';
import { fingerprint } from '../../packages/client/src/fingerprint';
import { type Moto, startMoto } from '../support/moto';
import { Crasher } from './crash';
import {
  crashingDeps,
  currentOf,
  type FaultEnv,
  mintedIamSecrets,
  newScenario,
  PREFIX,
  type Scenario,
  startFaultEnv,
} from './env';

/**
 * Crashes a rotation at every boundary (before and after every provider call, provider request and AWS write),
 * replays it as Secrets Manager would (same token, every step from createSecret), and checks the invariants:
 * the key AWSCURRENT names is accepted at every boundary, the rotation ends with exactly the new and the old key
 * live (no orphan, one survivor), the inventory records both, and no key appears in a log line or an error.
 */

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

/** Boundaries after which a key's liveness at the provider may have changed. */
const CHANGES_LIVENESS: Record<ProviderName, RegExp> = {
  generated: /^after (PutSecretValue|UpdateSecretVersionStage)/,
  'aws-iam': /^after \w*AccessKey/,
  openai: /^after /,
  anthropic: /^after /,
  http: /^after /,
};

let moto: Moto;
let env: FaultEnv;
const lines: string[] = [];
const errors: unknown[] = [];

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  logger.setLogLevel('DEBUG');
  const capture = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  (logger as unknown as { console: Record<string, unknown> }).console = {
    log: capture,
    info: capture,
    warn: capture,
    error: capture,
    debug: capture,
    trace: capture,
  };
  moto = await startMoto();
  env = await startFaultEnv(moto);
});

afterAll(async () => {
  await env?.close();
  await moto?.stop();
});

/** One rotation attempt as Secrets Manager (and, for Anthropic, the operator with `rekey put`) drives it. */
async function attempt(scenario: Scenario, token: string, deps: RotationDeps, operatorKey?: string): Promise<void> {
  try {
    if (scenario.provider === 'anthropic') {
      try {
        await rotate({ step: 'createSecret', secretId: scenario.secretName, token }, deps);
      } catch (err) {
        if (!(err instanceof ManualKeyRequiredError)) throw err;
      }
      await supplyManualKey(
        { secretId: scenario.secretName, apiKey: operatorKey as string, token },
        { sm: deps.sm, inventory: deps.inventory, providerFor: deps.providerFor, secretPrefix: PREFIX, rotation: deps },
      );
      return;
    }
    for (const step of STEPS) await rotate({ step, secretId: scenario.secretName, token }, deps);
  } finally {
    releaseSecretValues(); // what the handler does at the end of every invocation
  }
}

interface Outcome {
  readonly boundaries: number;
  readonly crashed: boolean;
  readonly violations: string[];
  readonly secrets: string[];
}

async function crashAndReplay(provider: ProviderName, crashAt: number | undefined): Promise<Outcome> {
  const scenario = await newScenario(env, provider);
  const token = randomUUID();
  const operator =
    provider === 'anthropic'
      ? env.anthropic.state.createKeyInConsole({ workspaceId: scenario.options.workspaceId as string })
      : undefined;
  const violations: string[] = [];
  const crasher = new Crasher();
  // What AWSCURRENT names changes only with a Secrets Manager write, and whether a key is live only with a
  // provider write: the check re-reads exactly when a boundary follows one (the fakes answer from memory).
  let current: Awaited<ReturnType<typeof currentOf>> | undefined;
  crasher.check = async (label) => {
    const smWrite = /^after (PutSecretValue|UpdateSecretVersionStage)/.test(label);
    if (!current || smWrite) current = await currentOf(env, scenario.secretName);
    else if (!CHANGES_LIVENESS[provider].test(label)) return;
    if (!(await scenario.isLive(current.value.apiKey, current.value.keyId))) {
      violations.push(`AWSCURRENT ${current.versionId} names a key the provider refuses (at ${label})`);
    }
  };
  const deps = crashingDeps(env, crasher, env.rotation.sfn);

  crasher.arm(crashAt);
  try {
    await attempt(scenario, token, deps, operator?.apiKey);
  } catch (err) {
    errors.push(err);
    if (!crasher.crashed) violations.push(`failed without a crash: ${(err as Error).name}: ${(err as Error).message}`);
  }
  const boundaries = crasher.n;
  const crashed = crasher.crashed;
  if (crashed) {
    crasher.arm(undefined);
    try {
      await attempt(scenario, token, deps, operator?.apiKey);
    } catch (err) {
      errors.push(err);
      violations.push(`replay failed: ${(err as Error).name}: ${(err as Error).message}`);
    }
  }
  current = undefined;
  await crasher.check('end');

  current = await currentOf(env, scenario.secretName);
  const stages = (await env.sm.send(new DescribeSecretCommand({ SecretId: scenario.secretName }))).VersionIdsToStages;
  if (current.versionId !== token) violations.push(`AWSCURRENT is ${current.versionId}, not the rotation's ${token}`);
  if (stages?.[scenario.oldVersionId]?.join() !== 'AWSPREVIOUS') violations.push('the old version is not AWSPREVIOUS');
  const pending = Object.entries(stages ?? {}).filter(([, labels]) => labels.includes('AWSPENDING'));
  if (pending.length > 0) violations.push(`AWSPENDING is left on ${pending.map(([id]) => id).join(', ')}`);
  const live = (await scenario.liveKeyIds()).sort();
  const expected = [current.value.keyId, scenario.initial.keyId].sort();
  if (live.join() !== expected.join()) violations.push(`live keys ${live.join()} instead of ${expected.join()}`);
  const inventory = new Inventory(env.doc, env.tableName);
  const item = await inventory.getVersion(scenario.secretName, token);
  if (
    item?.status !== 'current' ||
    item.fingerprint !== fingerprint(current.value.apiKey) ||
    item.keyId !== current.value.keyId
  ) {
    violations.push(`inventory has the new version as ${item?.status} / ${item?.keyId}`);
  }
  if ((await inventory.getVersion(scenario.secretName, scenario.oldVersionId))?.status !== 'previous') {
    violations.push('inventory does not have the old version as previous');
  }
  return { boundaries, crashed, violations, secrets: [current.value.apiKey, scenario.initial.apiKey] };
}

function leaks(secrets: Iterable<string>, from: number): string[] {
  const texts = lines.slice(from);
  for (const err of errors) {
    let e: unknown = err;
    while (e instanceof Error) {
      texts.push(`${e.message}\n${e.stack ?? ''}`);
      e = e.cause;
    }
  }
  const found: string[] = [];
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    if (texts.some((t) => t.includes(secret))) found.push(`${secret.slice(0, 6)}…`);
  }
  return found;
}

const PROVIDERS: ProviderName[] = ['generated', 'http', 'openai', 'anthropic', 'aws-iam'];
/** Scenarios in flight at once: fewer than the deployment's slots per provider (test/faults/env.ts), so none shares one. */
const CONCURRENT_SCENARIOS = 4;

/** `run` over `items`, at most `limit` at a time; results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

describe('a rotation crashed at any boundary and replayed', () => {
  for (const provider of PROVIDERS) {
    it(`keeps every invariant for ${provider}`, async () => {
      const fromLine = lines.length;
      errors.length = 0;
      const baseline = await crashAndReplay(provider, undefined);
      expect(baseline.violations).toEqual([]);
      expect(baseline.crashed).toBe(false);
      expect(baseline.boundaries).toBeGreaterThan(6);

      // Each crash point is a rotation of its own secret (its own slot, newScenario), so several run at once.
      const crashPoints = Array.from({ length: baseline.boundaries }, (_, i) => i + 1);
      const outcomes = await inParallel(crashPoints, CONCURRENT_SCENARIOS, (crashAt) =>
        crashAndReplay(provider, crashAt),
      );
      const secrets = new Set(baseline.secrets);
      const failures = outcomes.flatMap((outcome, i) => outcome.violations.map((v) => `crash at ${i + 1}: ${v}`));
      for (const outcome of outcomes) for (const s of outcome.secrets) secrets.add(s);
      expect(outcomes.map((o) => o.crashed)).toEqual(crashPoints.map(() => true));
      expect(failures).toEqual([]);

      const all = new Set([...secrets, ...mintedIamSecrets]);
      for (const fake of [env.openai, env.anthropic, env.http]) {
        for (const value of fake.state.issued) all.add(value);
        all.add(fake.state.adminKey);
      }
      expect(lines.length).toBeGreaterThan(fromLine);
      expect(leaks(all, fromLine)).toEqual([]);
    }, 240_000);
  }
});
