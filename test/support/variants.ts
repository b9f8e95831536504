/** Values a mutated field takes: wrong types, empty and boundary strings, addresses, datetimes. */
const VALUES: readonly unknown[] = [
  null,
  '',
  'x',
  0,
  -1,
  1.5,
  true,
  [],
  ['x'],
  [1],
  {},
  { a: 'b' },
  { a: 1 },
  'GET',
  'FOO',
  '1.2.3.4',
  '::1',
  '300.1.1.1',
  '2026-11-20T09:19:02Z',
  '2026-11-20T09:19:02+01:00',
  '2026-11-20',
];

type Path = readonly (string | number)[];

function* pathsOf(value: unknown, prefix: Path = []): Generator<Path> {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    yield path;
    yield* pathsOf(child, path);
  }
}

function withValue(root: unknown, path: Path, value: unknown, remove = false): unknown {
  const out = structuredClone(root) as Record<string | number, unknown>;
  let node = out;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove) delete node[last];
  else node[last] = value;
  return out;
}

/**
 * The sample, non-objects, and for every field at any depth: the sample without it, with each of a set of other
 * values in its place, and with an unknown key beside it. For comparing two schemas that should agree.
 */
export function* variantsOf(sample: unknown): Generator<unknown> {
  yield sample;
  yield* [undefined, null, 1, 'x', [], {}];
  for (const path of pathsOf(sample)) {
    yield withValue(sample, path, undefined, true);
    for (const value of VALUES) yield withValue(sample, path, value);
    yield withValue(sample, [...path.slice(0, -1), 'unknownKey'], 1);
  }
}

/** A safeParse result as plain data: what was accepted and what it became, or the issues' paths, codes and messages. */
export function outcomeOf(result: {
  success: boolean;
  data?: unknown;
  error?: { issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[] };
}): unknown {
  if (result.success) return { data: result.data };
  return { issues: result.error?.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })) };
}
