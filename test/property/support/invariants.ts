import type { KeyVersionItem } from '../../../lambdas/common/inventory';
import { secretPk } from '../../../lambdas/common/inventory';
import type { World } from './world';

/**
 * The DESIGN invariants, checked against the world's state. Each returns the violations it finds (empty when the
 * invariant holds), worded so that a failing run says what went wrong without key material.
 */

/**
 * (2b) No exposed key is left AWSCURRENT once everything settled (no faults then): its rotation happened. `exempt`
 * names secrets not held to it yet (a rotation of theirs ran out of Secrets Manager's retries: the next rotation
 * window replaces the key).
 */
export function exposedNotCurrent(world: World, exempt: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const secret of world.secrets) {
    if (exempt.has(secret.name)) continue;
    const stages = world.stages(secret.name);
    for (const item of inventoryItems(world, secret.name)) {
      if (item.exposedAt && stages[item.versionId]?.includes('AWSCURRENT')) {
        out.push(
          `${secret.name} version ${item.versionId} was reported exposed (${item.exposedBy}) and is still AWSCURRENT`,
        );
      }
    }
  }
  return out;
}

/** (1) The key AWSCURRENT names is accepted by the provider. Checked at every boundary and after every command. */
export function currentIsAccepted(world: World): string[] {
  const out: string[] = [];
  for (const secret of world.secrets) {
    const stages = world.stages(secret.name);
    const currentId = Object.entries(stages).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
    const value = currentId ? world.valueOf(secret.name, currentId) : undefined;
    if (!currentId || !value) out.push(`${secret.name} has no AWSCURRENT value`);
    else if (!world.accepts(secret, currentId, value))
      out.push(`${secret.name} AWSCURRENT ${currentId} names a key the provider refuses`);
  }
  return out;
}

function inventoryItems(world: World, secretName: string): KeyVersionItem[] {
  const pk = secretPk(secretName);
  return [...world.ddb.items.values()].filter(
    (i) => i.pk === pk && String(i.sk).startsWith('VERSION#'),
  ) as unknown as KeyVersionItem[];
}

/**
 * (2) A key reported exposed is revoked once a verified replacement is current: at quiescence, every version with
 * an exposure on record that is not AWSCURRENT holds a key the provider refuses. (The bound: the workflow's rounds,
 * which the settled model runs through; operator retries are counted separately.) `exempt` as for exposedNotCurrent.
 */
export function exposedAreRevoked(world: World, exempt: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const secret of world.secrets) {
    if (exempt.has(secret.name)) continue;
    const stages = world.stages(secret.name);
    for (const item of inventoryItems(world, secret.name)) {
      if (!item.exposedAt || stages[item.versionId]?.includes('AWSCURRENT')) continue;
      const value = world.valueOf(secret.name, item.versionId);
      if (value && world.accepts(secret, item.versionId, value)) {
        out.push(
          `${secret.name} version ${item.versionId} was reported exposed (${item.exposedBy}), is ${stages[item.versionId]?.join('+') || 'unlabelled'} / inventory ${item.status}, and its key is still live`,
        );
      }
    }
  }
  return out;
}

/**
 * (3) No orphaned provider key: at quiescence every key the provider holds live is the key of AWSCURRENT or of
 * AWSPREVIOUS (awaiting its revocation), and no AWSPENDING is left on a version that is not current. For generated
 * tokens the secret is the provider: a token lives while its version has a label, so only the inventory can
 * disagree (a version still `current`/`previous`/`pending` there after its labels went).
 */
export function noOrphans(world: World): string[] {
  const out: string[] = [];
  const allowed = new Set<string>();
  for (const secret of world.secrets) {
    const stages = world.stages(secret.name);
    for (const [versionId, labels] of Object.entries(stages)) {
      if (labels.includes('AWSCURRENT') || labels.includes('AWSPREVIOUS')) {
        const v = world.valueOf(secret.name, versionId);
        if (v) allowed.add(v.apiKey);
      }
      if (labels.includes('AWSPENDING') && !labels.includes('AWSCURRENT'))
        out.push(`${secret.name} still has AWSPENDING on ${versionId} at rest`);
    }
    if (secret.provider === 'generated') {
      for (const item of inventoryItems(world, secret.name)) {
        if (['current', 'previous', 'pending'].includes(item.status) && !stages[item.versionId]) {
          out.push(
            `${secret.name} version ${item.versionId} is ${item.status} in the inventory but has no label (retired)`,
          );
        }
      }
    }
  }
  for (const key of world.http.keys.values()) {
    if (!key.revoked && !allowed.has(key.value))
      out.push(`provider key ${key.id} (${key.name}) is live but neither AWSCURRENT nor AWSPREVIOUS`);
  }
  return out;
}

/** Statuses a version never leaves. */
const FINAL = new Set(['revoked', 'abandoned']);

/**
 * (4) No step applied twice: no version's history holds a status twice (one revocation per old version: `revoked`
 * is entered once however many executions revoke it) and none leaves a final status (`revoked`, `abandoned`: a
 * replayed step never drags a finished version back); a finding rotates each version it names at most once, however
 * often it is delivered. Notifications are at least once (SNS is), so they are counted, not asserted: see
 * `duplicateRevokedNotices`.
 */
export function nothingTwice(world: World): string[] {
  const out: string[] = [];
  for (const secret of world.secrets) {
    for (const item of inventoryItems(world, secret.name)) {
      const statuses = (item.history ?? []).map((h) => h.status);
      const dup = statuses.find((s, i) => statuses.indexOf(s) !== i);
      if (dup) out.push(`${secret.name} version ${item.versionId} entered ${dup} twice: ${statuses.join(' > ')}`);
      const final = statuses.findIndex((s) => FINAL.has(s));
      if (final >= 0 && final < statuses.length - 1)
        out.push(`${secret.name} version ${item.versionId} left a final status: ${statuses.join(' > ')}`);
    }
  }
  const rotated = new Map<string, number>();
  for (const m of world.sns.messages) {
    const body = JSON.parse(m.message) as { event?: string; secretName?: string; versionId?: string };
    if (body.event === 'rotated') rotated.set(String(body.versionId), (rotated.get(String(body.versionId)) ?? 0) + 1);
  }
  for (const [finding, tokens] of world.tokensByFinding) {
    const became = [...tokens].filter((t) => rotated.has(t));
    const seeds = tokens.size;
    if (became.length > seeds)
      out.push(`finding ${finding} rotated ${became.length} times for ${seeds} exposed versions`);
  }
  return out;
}

/** `revoked` notifications beyond the first per old version (two executions revoking one version both announce it). */
export function duplicateRevokedNotices(world: World): number {
  const seen = new Set<string>();
  let dups = 0;
  for (const m of world.sns.messages) {
    const body = JSON.parse(m.message) as { event?: string; secretName?: string; versionId?: string };
    if (body.event !== 'revoked') continue;
    const k = `${body.secretName} ${body.versionId}`;
    if (seen.has(k)) dups++;
    seen.add(k);
  }
  return dups;
}
