import { RotationStateError } from '../../../lambdas/common/errors';
import { describeSecret, versionWithStage } from '../../../lambdas/common/secrets';
import type { ProviderDeps } from '../../../lambdas/providers';
import {
  KeyRejectedError,
  ProviderError,
  ProviderNotFoundError,
  ProviderUnauthorizedError,
} from '../../../lambdas/providers/errors';
import { type SupplyManualKeyResult, supplyManualKey } from '../../../lambdas/rotation/manual';
import type { RotationDeps } from '../../../lambdas/rotation/rotate';
import { type AddSpareResult, addSpare } from '../../../lambdas/rotation/spares';
import { holdSecret } from '../../client/src/held-secrets';
import type { OperatorContext } from './context';
import { OperatorError } from './errors';
import { type FollowResult, followRotation } from './follow';
import { resolveKey } from './keys';
import type { OutputWriter } from './output';
import { operatorProviders } from './providers';

export interface PutOptions {
  readonly key: string;
  /** The new key, read from stdin by the CLI (packages/cli/src/stdin.ts). Never printed. */
  readonly apiKey: string;
  /** Also wait out a scheduled rotation's revocation. @default false */
  readonly waitRevocation?: boolean;
  /** What the providers need besides Secrets Manager (tests pass a fetch). @default - the real ones */
  readonly providerDeps?: Omit<ProviderDeps, 'secretsManager'>;
}

export interface PutResult {
  readonly supplied: SupplyManualKeyResult;
  readonly follow?: FollowResult;
}

/**
 * `rekey put <key>`: hands an operator-made key (Anthropic) to the rotation waiting for it. The provider finds the
 * key's id and tests it, the key is stored as AWSPENDING under the waiting rotation's token (an AWSPENDING version,
 * else the newest `requested` inventory item, so an emergency request keeps its mode), and the rotation's remaining
 * steps run here (lambdas/rotation/manual.ts). Then it follows the revocation like `rekey rotate`.
 */
export async function putCommand(ctx: OperatorContext, writer: OutputWriter, options: PutOptions): Promise<PutResult> {
  const release = holdSecret(options.apiKey);
  try {
    const startedAt = Date.now();
    const secret = await resolveKey(ctx, options.key);
    const token = await waitingToken(ctx, secret.secretName);
    const providerFor = operatorProviders(ctx, options.providerDeps);
    const rotation: RotationDeps = {
      sm: ctx.clients.sm,
      sns: ctx.clients.sns,
      sfn: ctx.clients.sfn,
      inventory: ctx.inventory,
      providerFor,
      fleetTopicArn: ctx.outputs.FleetTopicArn,
      opsTopicArn: ctx.outputs.OpsTopicArn,
      stateMachineArn: ctx.outputs.RevocationStateMachineArn,
      secretPrefix: ctx.secretPrefix,
    };
    const before = versionWithStage(secret.described.VersionIdsToStages, 'AWSCURRENT');
    writer.out(`Supplying a new key for ${secret.key}${token ? ` (rotation ${token})` : ''}.`);
    let supplied: SupplyManualKeyResult;
    try {
      supplied = await supplyManualKey(
        { secretId: secret.secretName, apiKey: options.apiKey, ...(token ? { token } : {}) },
        { sm: ctx.clients.sm, inventory: ctx.inventory, providerFor, secretPrefix: ctx.secretPrefix, rotation },
      );
    } catch (err) {
      throw explainPutError(err, secret.key);
    }
    writer.out(
      `  ✓ ${`key ${supplied.keyId} ${supplied.outcome === 'stored' ? 'found, tested and stored' : supplied.outcome.replace('-', ' ')}`.padEnd(44)} ${((Date.now() - startedAt) / 1000).toFixed(1)}s`,
    );
    const item = await ctx.inventory.getVersion(supplied.secretName, supplied.versionId);
    const follow = await followRotation(ctx, writer, {
      key: secret.key,
      secretName: secret.secretName,
      token: supplied.versionId,
      oldVersionId: before !== supplied.versionId ? before : undefined,
      mode: item?.mode ?? 'scheduled',
      startedAt,
      waitRevocation: options.waitRevocation ? 'always' : 'auto',
      rotationTimeoutMs: 120_000,
    });
    writer.out(`Done: ${secret.key} is on version ${supplied.versionId} (key ${supplied.keyId}).`);
    return { supplied, follow };
  } finally {
    release();
  }
}

export interface PutSpareOptions {
  readonly key: string;
  /** The spare, read from stdin by the CLI (packages/cli/src/stdin.ts). Never printed. */
  readonly apiKey: string;
  /** What the providers need besides Secrets Manager (tests pass a fetch). @default - the real ones */
  readonly providerDeps?: Omit<ProviderDeps, 'secretsManager'>;
}

/**
 * `rekey put <key> --spare`: stocks the key's spare pool ahead of an emergency (lambdas/rotation/spares.ts). The
 * provider finds the spare's id by its hint and tests it, the spare is set `inactive` (useless if stolen) and
 * appended to the pool; an emergency rotation then activates it with no one awake. Prints the pool's size and
 * warns when it is below its floor.
 */
export async function putSpareCommand(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: PutSpareOptions,
): Promise<AddSpareResult> {
  const release = holdSecret(options.apiKey);
  try {
    const startedAt = Date.now();
    const secret = await resolveKey(ctx, options.key);
    writer.out(`Adding a spare key to the pool of ${secret.key}.`);
    let added: AddSpareResult;
    try {
      added = await addSpare(
        { secretId: secret.secretName, apiKey: options.apiKey },
        {
          sm: ctx.clients.sm,
          sns: ctx.clients.sns,
          opsTopicArn: ctx.outputs.OpsTopicArn,
          providerFor: operatorProviders(ctx, options.providerDeps),
          secretPrefix: ctx.secretPrefix,
        },
      );
    } catch (err) {
      throw explainPutError(err, secret.key, 'spare');
    }
    const what = added.outcome === 'added' ? 'found, tested, set inactive and pooled' : 'already in the pool';
    writer.out(`  ✓ ${`key ${added.keyId} ${what}`.padEnd(44)} ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
    writer.out(
      `The pool of ${secret.key} holds ${added.spares} spare${added.spares === 1 ? '' : 's'} (floor ${added.spareFloor}).`,
    );
    if (added.belowFloor) {
      writer.err(
        `rekey: warning: the pool of ${secret.key} is below its floor of ${added.spareFloor}; add ${added.spareFloor - added.spares} more with \`rekey put ${secret.key} --spare\``,
      );
    }
    return added;
  } finally {
    release();
  }
}

/** The token of the rotation waiting for a key: AWSPENDING, else the newest `requested` version with no value yet. */
async function waitingToken(ctx: OperatorContext, secretName: string): Promise<string | undefined> {
  const stages = (await describeSecret(ctx.clients.sm, secretName)).VersionIdsToStages ?? {};
  const current = versionWithStage(stages, 'AWSCURRENT');
  const pending = versionWithStage(stages, 'AWSPENDING');
  if (pending && pending !== current) return undefined; // manual.ts fills AWSPENDING's token itself
  const requested = (await ctx.inventory.listVersions(secretName))
    .filter((v) => v.status === 'requested' && !stages[v.versionId])
    .sort((a, b) => (b.history.at(-1)?.at ?? '').localeCompare(a.history.at(-1)?.at ?? ''));
  return requested[0]?.versionId;
}

function explainPutError(err: unknown, key: string, kind: 'key' | 'spare' = 'key'): unknown {
  const message = (err as Error).message;
  if (kind === 'spare' && err instanceof ProviderError && /keeps no spare pool/.test(message)) {
    return new OperatorError(
      `${key}'s provider keeps no spare pool`,
      `Spares are for anthropic keys. Use \`rekey rotate ${key}\` (add --emergency if the key is exposed).`,
      { cause: err },
    );
  }
  if (kind === 'spare' && err instanceof KeyRejectedError) {
    return new OperatorError(
      `the provider refused the spare you supplied for ${key}: ${message}`,
      'Nothing was pooled and the key was set inactive. Make a new key in the Console and run `rekey put --spare` again.',
      { cause: err },
    );
  }
  if (err instanceof KeyRejectedError) {
    return new OperatorError(
      `the provider refused the key you supplied for ${key}: ${message}`,
      'Nothing was stored. Check that you copied the whole key and that it is active, then run `rekey put` again.',
      { cause: err },
    );
  }
  if (err instanceof ProviderNotFoundError || /no active( or inactive)? key|not find|cannot find/i.test(message)) {
    return new OperatorError(
      `the provider does not know the key you supplied for ${key}: ${message}`,
      "Nothing was stored. Create the key in the workspace this key's config names, then run `rekey put` again.",
      { cause: err },
    );
  }
  if (err instanceof ProviderUnauthorizedError) {
    return new OperatorError(
      `the provider refused rekey's admin credential while checking the key for ${key}: ${message}`,
      'Nothing was stored. Fix the admin secret (adminSecretName in the config), then run `rekey put` again.',
      { cause: err },
    );
  }
  if (err instanceof ProviderError && /mints its own keys/.test(message)) {
    return new OperatorError(
      `${key}'s provider makes its own keys; it does not take one by hand`,
      `Use \`rekey rotate ${key}\` (add --emergency if the key is exposed).`,
      { cause: err },
    );
  }
  if (err instanceof RotationStateError) {
    return new OperatorError(`cannot store the key for ${key}: ${message}`, `Check \`rekey status ${key}\`.`, {
      cause: err,
    });
  }
  return err;
}
