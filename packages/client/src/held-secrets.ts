/**
 * The process-wide registry of key values this process currently holds. Every RotatingSecret (and
 * ShortLivedToken) registers its current and previous values here; `redact` and `guardOutput` consult it, so a key
 * is scrubbed by its exact value even when no pattern knows its shape.
 *
 * The registry lives on `globalThis` under a registered symbol, so two copies of this module (a bundler that
 * duplicated it, two versions of the library) still share one registry.
 */

/** Values shorter than this are not registered: scrubbing them would mangle ordinary text. */
export const MIN_HELD_LENGTH = 8;

interface Registry {
  readonly counts: Map<string, number>;
  version: number;
}

const KEY = Symbol.for('rekey.client.heldSecrets');

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[KEY];
  if (r === undefined) {
    r = { counts: new Map(), version: 0 };
    g[KEY] = r;
  }
  return r;
}

/**
 * Registers a value as held. Returns its release function (idempotent). Values are reference-counted: two holders
 * of the same key keep it registered until both release it.
 */
export function holdSecret(value: string): () => void {
  if (value.length < MIN_HELD_LENGTH) return () => {};
  const r = registry();
  r.counts.set(value, (r.counts.get(value) ?? 0) + 1);
  r.version++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (r.counts.get(value) ?? 0) - 1;
    if (n <= 0) r.counts.delete(value);
    else r.counts.set(value, n);
    r.version++;
  };
}

/** Whether this exact value is currently held. */
export function isHeldSecret(value: string): boolean {
  return registry().counts.has(value);
}

/** The held values, longest first (so a value that contains another is replaced whole). */
export function heldSecrets(): readonly string[] {
  const r = registry();
  if (cache.version !== r.version) {
    cache.values = [...r.counts.keys()].sort((a, b) => b.length - a.length);
    cache.version = r.version;
  }
  return cache.values;
}

const cache: { version: number; values: readonly string[] } = { version: -1, values: [] };

/** How many distinct values are held (for tests and diagnostics; never the values). */
export function heldSecretCount(): number {
  return registry().counts.size;
}
