import type { KeyVersionItem } from '../../../lambdas/common/inventory';
import { secretPk } from '../../../lambdas/common/inventory';
import type { World } from './world';

/**
 * The DESIGN invariants, checked against the world's state. Each returns the violations it finds (empty when the
 * invariant holds), worded so that a failing run says what went wrong without key material.
 */

/**
 * Known defect (reported, not fixed here): a revocation whose new version was superseded by a later rotation before
 * it verified ends NewKeyNotVerified and leaves its old version alive. The versions so stranded, `secret version`.
 */
export function strandedBySupersededRevocation(world: World): Set<string> {
  const out = new Set<string>();
  for (const e of world.executions) {
    if (e.end !== 'NewKeyNotVerified' || !/is not AWSCURRENT/.test(e.reason ?? '')) continue;
    const stages = world.stages(e.input.secretName);
    if (stages[e.input.newVersionId]?.includes('AWSCURRENT')) continue;
    out.add(`${e.input.secretName} ${e.input.oldVersionId}`);
  }
  return out;
}

/**
 * Known defect (reported): an http-provider key minted under a rotation token that Secrets Manager gave up on before
 * the key was stored (the create call's answer lost every time) is never found again: the contract has no list, and
 * the next rotation has a new token. The tokens so lost, `token <id>`.
 */
export function mintedUnderAbandonedToken(world: World): Set<string> {
  const out = new Set<string>();
  for (const key of world.http.keys.values()) {
    if (!key.minted || key.revoked || !key.idempotencyKey) continue;
    const stored = world.secrets.some((s) => world.sm.secrets.get(s.name)?.versions.has(key.idempotencyKey as string));
    if (!stored && !world.runs.size) out.add(`token ${key.idempotencyKey}`);
  }
  return out;
}

/**
 * Known defect (reported): the intake derives a finding's rotation token from the finding and the version, so a
 * redelivery after that rotation was abandoned (its pending key reported exposed too) requests the same, dead
 * token again (`requested > pending > abandoned > requested > abandoned`) and the exposed current key is never
 * replaced. The secrets so stuck, `reused <secret>`, and their tokens, `reused <secret> <token>`.
 */
export function reusedAbandonedTokens(world: World): Set<string> {
  const out = new Set<string>();
  for (const secret of world.secrets) {
    for (const item of inventoryItems(world, secret.name)) {
      const statuses = (item.history ?? []).map((h) => h.status);
      const abandoned = statuses.indexOf('abandoned');
      if (abandoned >= 0 && statuses.indexOf('requested', abandoned) > abandoned) {
        out.add(`reused ${secret.name}`);
        out.add(`reused ${secret.name} ${item.versionId}`);
      }
    }
  }
  return out;
}

/**
 * Known defect (reported): when a finding names the AWSPENDING key, the intake abandons that rotation and asks for a
 * fresh one, but Secrets Manager still counts the abandoned rotation as in progress and refuses; the intake then
 * answers `pending-abandoned` without a new version and does not retry. If an earlier finding had escalated that
 * rotation because the AWSCURRENT key was exposed, nothing replaces the exposed key until the next schedule.
 * The secrets so stuck, `fresh-refused <secret>`.
 */
export function freshRotationRefused(world: World): Set<string> {
  const out = new Set<string>();
  for (const item of world.ddb.items.values()) {
    if (!String(item.pk).startsWith('FINDING#')) continue;
    for (const outcome of (item.outcomes ?? []) as string[]) {
      const parts = outcome.split(' ');
      if (parts[0] === 'pending-abandoned' && parts.length === 4) out.add(`fresh-refused ${parts[1]}`);
    }
  }
  return out;
}

/**
 * (2b) No exposed key is left AWSCURRENT once everything settled (no faults then): its rotation happened. Not
 * asserted where Secrets Manager gave up a rotation of the secret (its retries exhausted by crashes and provider
 * faults): the intake does not follow its rotation, and the next attempt is the schedule's.
 */
export function exposedNotCurrent(world: World, known: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const secret of world.secrets) {
    if (known.has(`reused ${secret.name}`) || known.has(`fresh-refused ${secret.name}`)) continue;
    if (known.has(`gave-up ${secret.name}`)) continue;
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

/**
 * Known defect (reported): rekey finishes a rotation only through Secrets Manager's retries of its steps. Where
 * Secrets Manager gives a rotation up (its attempts exhausted by crashes and provider faults), what the lost steps
 * would have done is never done: after the label moved, the old version's revocation, the inventory and the
 * notification (`current` in the inventory on an unlabelled version, its key never revoked); before the key was
 * stored, the exposed key's replacement. Nothing reconciles later. The secrets so affected, `gave-up <secret>`.
 */
export function gaveUpRotations(world: World): Set<string> {
  return new Set([...world.gaveUp].map((name) => `gave-up ${name}`));
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
 * which the settled model runs through; operator retries are counted separately.)
 */
export function exposedAreRevoked(world: World, known: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const secret of world.secrets) {
    if (known.has(`gave-up ${secret.name}`)) continue;
    const stages = world.stages(secret.name);
    for (const item of inventoryItems(world, secret.name)) {
      if (!item.exposedAt || stages[item.versionId]?.includes('AWSCURRENT')) continue;
      if (known.has(`${secret.name} ${item.versionId}`)) continue;
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
 * AWSPREVIOUS (awaiting its revocation). For generated tokens the secret is the provider: a token lives while its
 * version has a label, so only the inventory can disagree (a version still `current`/`previous`/`pending` there
 * after its labels went).
 */
export function noOrphans(world: World, known: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const allowed = new Set<string>();
  for (const secret of world.secrets) {
    const stages = world.stages(secret.name);
    if (known.has(`gave-up ${secret.name}`)) {
      for (const v of world.sm.secrets.get(secret.name)?.versions.keys() ?? []) {
        const value = world.valueOf(secret.name, v);
        if (value) allowed.add(value.apiKey);
      }
      continue;
    }
    for (const [versionId, labels] of Object.entries(stages)) {
      if (labels.includes('AWSCURRENT') || labels.includes('AWSPREVIOUS')) {
        const v = world.valueOf(secret.name, versionId);
        if (v) allowed.add(v.apiKey);
      }
      if (labels.includes('AWSPENDING') && !labels.includes('AWSCURRENT'))
        out.push(`${secret.name} still has AWSPENDING on ${versionId} at rest`);
    }
    for (const versionId of world.sm.secrets.get(secret.name)?.versions.keys() ?? []) {
      const v = world.valueOf(secret.name, versionId);
      if (v && known.has(`${secret.name} ${versionId}`)) allowed.add(v.apiKey);
    }
    if (secret.provider === 'generated') {
      for (const item of inventoryItems(world, secret.name)) {
        if (known.has(`${secret.name} ${item.versionId}`)) continue;
        if (['current', 'previous', 'pending'].includes(item.status) && !stages[item.versionId]) {
          out.push(
            `${secret.name} version ${item.versionId} is ${item.status} in the inventory but has no label (retired)`,
          );
        }
      }
    }
  }
  for (const key of world.http.keys.values()) {
    if (key.idempotencyKey && known.has(`token ${key.idempotencyKey}`)) continue;
    if (!key.revoked && !allowed.has(key.value))
      out.push(`provider key ${key.id} (${key.name}) is live but neither AWSCURRENT nor AWSPREVIOUS`);
  }
  return out;
}

/**
 * (4) No step applied twice: no version's history holds a status twice (one revocation per old version: `revoked`
 * is entered once however many executions revoke it); a finding rotates each version it names at most once, however
 * often it is delivered. Notifications are at least once (SNS is), so they are counted, not asserted: see
 * `duplicateRevokedNotices`.
 */
export function nothingTwice(
  world: World,
  allowTerminalFlips = false,
  known: ReadonlySet<string> = new Set(),
): string[] {
  const out: string[] = [];
  for (const secret of world.secrets) {
    for (const item of inventoryItems(world, secret.name)) {
      const statuses = (item.history ?? []).map((h) => h.status);
      const dup = statuses.find((s, i) => statuses.indexOf(s) !== i);
      if (dup && allowTerminalFlips && terminalFlip(statuses)) continue;
      if (dup && known.has(`reused ${secret.name} ${item.versionId}`)) continue;
      if (dup) out.push(`${secret.name} version ${item.versionId} entered ${dup} twice: ${statuses.join(' > ')}`);
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

const TERMINAL = new Set(['revoked', 'abandoned', 'deactivated']);

/**
 * Known defect (reported): a version leaves a terminal status. The inventory's transition refuses only the status a
 * version already has, so a replayed finishSecret moves a version its revocation already revoked back to `previous`
 * (`pending > current > revoked > previous > revoked`), and an abandoning rotation step and a revocation workflow
 * that both finish one key flip it (`revoked > abandoned > revoked`). True when nothing repeats up to the first terminal status.
 */
export function terminalFlip(statuses: readonly string[]): boolean {
  const first = statuses.findIndex((s) => TERMINAL.has(s));
  if (first < 0) return false;
  // Every repeat comes after the first terminal status: the version was finished, then moved again.
  return new Set(statuses.slice(0, first + 1)).size === first + 1;
}

export function terminalFlips(world: World): number {
  let n = 0;
  for (const item of world.ddb.items.values()) {
    const statuses = ((item.history ?? []) as { status: string }[]).map((h) => h.status);
    if (statuses.some((s, i) => statuses.indexOf(s) !== i) && terminalFlip(statuses)) n++;
  }
  return n;
}
