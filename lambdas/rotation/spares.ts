import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import { fingerprint } from '../../packages/client/src/fingerprint';
import { RotationStateError } from '../common/errors';
import { holdSecretValue, logger } from '../common/logger';
import { publishOpsAlert } from '../common/notify';
import type { SecretValue } from '../common/secret-value';
import { readManagedCurrent, versionWithStage } from '../common/secrets';
import {
  knownSpareIds,
  readSparePool,
  type SpareKeyProvider,
  type SparePoolValue,
  type TakenSpare,
  usesSpares,
  writeSparePool,
} from '../providers/anthropic-spares';
import { KeyRejectedError, ProviderError, ProviderNotFoundError } from '../providers/errors';
import type { KeyProvider, MintedKey, ProviderContext } from '../providers/types';
import type { RotationDeps } from './rotate';
import { providerContext } from './steps';
import { readVersionById } from './versions';

/** Spares tried by one createSecret at most before it gives the rotation back to an operator. */
export const MAX_SPARES_TRIED = 10;

export interface TakeSpareArgs {
  readonly secretName: string;
  readonly token: string;
  readonly provider: SpareKeyProvider;
  /** Its `currentKeyId` and `previousKeyId` are never taken (a pool write lost in a race could list them). */
  readonly pctx: ProviderContext;
}

/**
 * An emergency's new key from the spare pool: the spare this token took before (a retried createSecret), else the
 * next one, recorded as taken against the token before anything else happens. The spare is activated and tested
 * (`GET /v1/models` with it); one that fails is set aside as bad (its id recorded, the ops topic told its id only),
 * deactivated where it still exists, and the next one is tried. The ops topic warns when the pool falls below its
 * floor. Answers undefined when the pool is empty: the caller falls back to `rekey put`.
 */
export async function takeSpare(args: TakeSpareArgs, deps: RotationDeps): Promise<MintedKey | undefined> {
  const { secretName, token, provider, pctx } = args;
  for (let tried = 0; tried < MAX_SPARES_TRIED; tried++) {
    const tidied = await tidySparePool(args, deps, await readSparePool(deps.sm, secretName));
    let pool = tidied.pool;
    let entry = pool.taken.find((t) => t.token === token && t.apiKey && !t.returnedAt);
    if (!entry) {
      const spare = pool.spares.find((s) => s.keyId !== pctx.currentKeyId && s.keyId !== pctx.previousKeyId);
      if (!spare) {
        if (tidied.changed) await writeSparePool(deps.sm, secretName, pool);
        return undefined;
      }
      const now = (deps.now?.() ?? new Date()).toISOString();
      entry = { keyId: spare.keyId, token, takenAt: now, apiKey: spare.apiKey };
      pool = {
        ...pool,
        spares: pool.spares.filter((s) => s.keyId !== spare.keyId),
        taken: [...pool.taken, entry],
      };
      await writeSparePool(deps.sm, secretName, pool);
      logger.info('took a spare key for an emergency rotation', { secretName, versionId: token, keyId: entry.keyId });
      await warnIfLow(secretName, pool, provider.spareFloor(pctx), deps);
    } else if (tidied.changed) {
      await writeSparePool(deps.sm, secretName, pool);
    }
    const apiKey = entry.apiKey ?? '';
    try {
      await provider.activateKey(pctx, entry.keyId);
      await provider.testKey(pctx, { apiKey, keyId: entry.keyId, versionId: token });
      return { apiKey, keyId: entry.keyId };
    } catch (err) {
      if (!(err instanceof KeyRejectedError || err instanceof ProviderNotFoundError)) throw err; // retried as a whole
      await setAsideBad(args, deps, entry, (err as Error).message);
    }
  }
  logger.warn('no spare passed its test', { secretName, versionId: token, tried: MAX_SPARES_TRIED });
  return undefined;
}

/** Drops the key from the taken record of `token` once it is stored as AWSPENDING (the version holds it now). */
export async function settleSpare(deps: RotationDeps, secretName: string, token: string): Promise<void> {
  const pool = await readSparePool(deps.sm, secretName);
  if (!pool.taken.some((t) => t.token === token && t.apiKey)) return;
  const storedAt = (deps.now?.() ?? new Date()).toISOString();
  await writeSparePool(deps.sm, secretName, {
    ...pool,
    taken: pool.taken.map((t) => (t.token === token && t.apiKey ? settled(t, storedAt) : t)),
  });
}

function settled(t: TakenSpare, storedAt: string): TakenSpare {
  const { apiKey: _dropped, ...rest } = t;
  return { ...rest, storedAt };
}

/**
 * What earlier tokens left in `taken` with their key still there: stored since (a crash before settleSpare) is
 * settled; never stored (Secrets Manager gave that rotation up, and reconcile marked it abandoned) goes back to the
 * pool, inactive again, so no activated spare is orphaned.
 */
async function tidySparePool(
  args: TakeSpareArgs,
  deps: RotationDeps,
  pool: SparePoolValue,
): Promise<{ pool: SparePoolValue; changed: boolean }> {
  const { secretName, token, provider, pctx } = args;
  let taken = pool.taken;
  let spares = pool.spares;
  for (const t of pool.taken) {
    if (t.token === token || !t.apiKey || t.returnedAt) continue;
    const now = (deps.now?.() ?? new Date()).toISOString();
    if (await readVersionById(deps.sm, secretName, t.token)) {
      taken = taken.map((x) => (x === t ? settled(t, now) : x));
      continue;
    }
    if (t.keyId === pctx.currentKeyId || t.keyId === pctx.previousKeyId) continue;
    logger.warn('returning the spare a given-up rotation took to the pool', {
      secretName,
      versionId: t.token,
      keyId: t.keyId,
    });
    await provider.deactivateKey(pctx, t.keyId);
    const { apiKey, ...rest } = t;
    taken = taken.map((x) => (x === t ? { ...rest, returnedAt: now } : x));
    spares = [{ keyId: t.keyId, apiKey, addedAt: now }, ...spares];
  }
  return taken === pool.taken ? { pool, changed: false } : { pool: { ...pool, taken, spares }, changed: true };
}

/** A spare that failed its test leaves the pool for good: recorded by id, deactivated if it exists, operators told. */
async function setAsideBad(args: TakeSpareArgs, deps: RotationDeps, entry: TakenSpare, reason: string): Promise<void> {
  const { secretName, token, provider, pctx } = args;
  const at = (deps.now?.() ?? new Date()).toISOString();
  const pool = await readSparePool(deps.sm, secretName);
  await writeSparePool(deps.sm, secretName, {
    ...pool,
    spares: pool.spares.filter((s) => s.keyId !== entry.keyId),
    taken: pool.taken.filter((t) => !(t.token === token && t.keyId === entry.keyId)),
    bad: [...pool.bad, { keyId: entry.keyId, at, reason: reason.slice(0, 300) }],
  });
  logger.warn('a spare key failed its test and was set aside', { secretName, versionId: token, keyId: entry.keyId });
  await provider.deactivateKey(pctx, entry.keyId).catch((err: unknown) => {
    logger.warn('could not deactivate the bad spare', { secretName, keyId: entry.keyId, error: err as Error });
  });
  await publishOpsAlert(deps.sns, deps.opsTopicArn, {
    kind: 'rotation-failed',
    summary: `spare key ${entry.keyId} of ${secretName} failed its test and was set aside; trying the next spare`,
    secretName,
    details: { versionId: token, spareKeyId: entry.keyId, reason: 'spare-failed-test' },
  });
}

/** The ops topic hears when the pool holds fewer spares than its floor (0 spares included). */
export async function warnIfLow(
  secretName: string,
  pool: SparePoolValue,
  floor: number,
  deps: Pick<RotationDeps, 'sns' | 'opsTopicArn'>,
): Promise<boolean> {
  const left = pool.spares.length;
  if (left >= floor) return false;
  await publishOpsAlert(deps.sns, deps.opsTopicArn, {
    kind: 'rotation-due',
    summary: `the spare pool of ${secretName} holds ${left} spare${left === 1 ? '' : 's'}, below its floor of ${floor}; add spares with: rekey put ${secretName} --spare`,
    secretName,
    details: { reason: 'spare-pool-low', spares: left, spareFloor: floor },
  });
  return true;
}

export interface AddSpareInput {
  /** The managed secret's name or ARN. */
  readonly secretId: string;
  /** The spare, as the operator made it in the Console (read from stdin by `rekey put --spare`). */
  readonly apiKey: string;
}

export interface AddSpareDeps {
  readonly sm: SecretsManagerClient;
  readonly sns: SNSClient;
  readonly opsTopicArn: string;
  readonly providerFor: (name: SecretValue['provider']) => KeyProvider;
  /** Only secrets whose names start with this are accepted. @default - any */
  readonly secretPrefix?: string;
  readonly now?: () => Date;
}

export interface AddSpareResult {
  readonly secretName: string;
  readonly keyId: string;
  /** `added`, or `already-pooled` (a replay: the pool holds this key already). */
  readonly outcome: 'added' | 'already-pooled';
  /** Spares waiting in the pool afterwards. */
  readonly spares: number;
  readonly spareFloor: number;
  /** True when the pool is below its floor (the ops topic was told). */
  readonly belowFloor: boolean;
}

/**
 * `rekey put <key> --spare`: finds the spare's id by its hint (among active and inactive keys), tests it, sets it
 * `inactive` so it is useless if stolen, and appends it to the key's spare pool. A spare already pooled is a replay;
 * one the pool took, set aside or the secret holds is refused. Nothing is pooled if the provider does not know or
 * does not accept the key. The ops topic warns when the pool is still below its floor.
 */
export async function addSpare(input: AddSpareInput, deps: AddSpareDeps): Promise<AddSpareResult> {
  holdSecretValue(input.apiKey);
  const { secretName, stages, current } = await readManagedCurrent(deps.sm, input.secretId, deps.secretPrefix);
  const provider = deps.providerFor(current.provider);
  if (!usesSpares(provider)) {
    throw new ProviderError(
      provider.name,
      'this provider keeps no spare pool; rekey put --spare is for anthropic keys',
    );
  }
  const apiKey = input.apiKey.trim();
  holdSecretValue(apiKey);
  if (fingerprint(apiKey) === fingerprint(current.apiKey)) {
    throw new RotationStateError(`the supplied key is AWSCURRENT of ${secretName}; a spare must be a new key`);
  }
  const previousVersionId = versionWithStage(stages, 'AWSPREVIOUS');
  const previous = previousVersionId
    ? await readVersionById(deps.sm, secretName, previousVersionId).catch(() => undefined)
    : undefined;
  const pctx = providerContext(secretName, 'spare', current, deps, {
    currentKeyId: current.keyId,
    ...(previous ? { previousKeyId: previous.keyId } : {}),
  });
  const floor = provider.spareFloor(pctx);
  const before = await readSparePool(deps.sm, secretName);
  const pooled = before.spares.find((s) => fingerprint(s.apiKey) === fingerprint(apiKey));
  if (pooled) {
    const belowFloor = await warnIfLow(secretName, before, floor, deps);
    return {
      secretName,
      keyId: pooled.keyId,
      outcome: 'already-pooled',
      spares: before.spares.length,
      spareFloor: floor,
      belowFloor,
    };
  }

  const { keyId, status } = await provider.identifySpare(pctx, apiKey);
  if (keyId === current.keyId || keyId === previous?.keyId) {
    throw new RotationStateError(`key ${keyId} is a version of ${secretName} already; a spare must be a new key`);
  }
  if (knownSpareIds(before).has(keyId)) {
    throw new RotationStateError(
      `key ${keyId} was handed over as a spare of ${secretName} before (taken or set aside)`,
    );
  }
  // An inactive match is a spare an earlier run deactivated and died before pooling: it is tested active, as any.
  if (status === 'inactive') await provider.activateKey(pctx, keyId);
  try {
    await provider.testKey(pctx, { apiKey, keyId });
  } finally {
    await provider.deactivateKey(pctx, keyId);
  }

  // Read again just before the write, so a rotation that took a spare meanwhile is not undone.
  const latest = await readSparePool(deps.sm, secretName);
  const after = {
    ...latest,
    spares: [...latest.spares, { keyId, apiKey, addedAt: (deps.now?.() ?? new Date()).toISOString() }],
  };
  await writeSparePool(deps.sm, secretName, after);
  logger.info('spare key added to the pool', { secretName, keyId, spares: after.spares.length });
  const belowFloor = await warnIfLow(secretName, after, floor, deps);
  return { secretName, keyId, outcome: 'added', spares: after.spares.length, spareFloor: floor, belowFloor };
}
