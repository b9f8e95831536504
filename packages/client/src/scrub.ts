import { redact } from './redact';

const MAX_DEPTH = 8;

/**
 * Redacts an error in place: its message, its stack, every string property, its `cause` chain and an
 * AggregateError's `errors`. Other code that later logs the same object sees the scrubbed text. Returns the error.
 */
export function scrubError<T>(err: T): T {
  scrubValue(err, 0, new WeakSet());
  return err;
}

/** A deep copy of a plain value (objects, arrays, errors) with every string redacted. */
export function scrubDeep(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Error) return scrubError(value);
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1, seen));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1, seen);
  return out;
}

function scrubValue(value: unknown, depth: number, seen: WeakSet<object>): void {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return;
  seen.add(value);
  const target = value as Record<string, unknown>;
  const names = value instanceof Error ? ['message', 'stack', ...Object.keys(value)] : Object.keys(value);
  for (const name of new Set(names)) {
    let v: unknown;
    try {
      v = target[name];
    } catch {
      continue;
    }
    if (typeof v === 'string') {
      const clean = redact(v);
      if (clean !== v) trySet(target, name, clean);
    } else if (v !== null && typeof v === 'object') {
      scrubValue(v, depth + 1, seen);
    }
  }
  if (value instanceof Error) scrubValue(value.cause, depth + 1, seen);
}

function trySet(target: Record<string, unknown>, name: string, value: string): void {
  try {
    target[name] = value;
  } catch {
    try {
      Object.defineProperty(target, name, { value, configurable: true, writable: true });
    } catch {
      // Frozen object: nothing more can be done in place; printers redact their output anyway.
    }
  }
}
