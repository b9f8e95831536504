// Builds @rekey/client into dist/: CommonJS (tsc) in dist/cjs, ES modules (esbuild) in dist/esm, declarations (tsc)
// in dist/types, as `.d.ts` for `require` and `.d.mts` for `import`. The entry points are read from package.json's
// `exports`, so the map and the build cannot disagree. Run with `npm run build` (or `node build.mjs`); `prepack` runs
// it too, so its report goes to stderr and `npm pack --json` stays JSON. src/zod.ts is the Lambdas' zod, not part of
// the package: no client module imports it, and tsconfig.build.json leaves it out.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

/** `src/<name>.ts` for every `exports` entry whose `import` condition is `./dist/esm/<name>.mjs`. */
const entryPoints = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object')
  .map(([subpath, target]) => {
    const file = /^\.\/dist\/esm\/(.+)\.mjs$/.exec(target.import?.default ?? '')?.[1];
    if (file === undefined) throw new Error(`exports["${subpath}"].import.default is not ./dist/esm/<name>.mjs`);
    return join(root, 'src', `${file}.ts`);
  });

await rm(dist, { recursive: true, force: true });

// CommonJS and declarations: one tsc run (tsconfig.build.json: module commonjs, outDir dist/cjs, declarationDir
// dist/types). The package is "type": "commonjs", so dist/cjs/*.js load under require as they are.
const require = createRequire(import.meta.url);
const tscBin = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
execFileSync(process.execPath, [tscBin, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// ES modules: one bundle per public entry point, code shared between entries split into chunks (so no module, and
// no class an `instanceof` checks, exists twice among the ESM entries). Dependencies stay external imports.
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints,
  outbase: join(root, 'src'),
  outdir: join(dist, 'esm'),
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
});

// The import graph: every package each ESM entry loads, through its chunks. Redaction, the output guard, the crash
// handler and the pino integration must load nothing but Node built-ins (no @aws-sdk/*, no zod): they are what an
// agent takes alone, with no AWS SDK installed.
const dependencyFree = new Set(['redact', 'output-guard', 'crash', 'logging']);
const outputs = result.metafile.outputs;
let graphBroken = false;
for (const [out, meta] of Object.entries(outputs)) {
  if (meta.entryPoint === undefined) continue;
  const name = relative(join(dist, 'esm'), join(root, out)).replace(/\.mjs$/, '');
  const packages = [...externalsOf(out, new Set())].sort();
  const ok = !dependencyFree.has(name) || packages.every((p) => p.startsWith('node:'));
  if (!ok) graphBroken = true;
  process.stderr.write(`${ok ? ' ' : '✗'} ${name.padEnd(18)} ${packages.join(' ') || '(nothing)'}\n`);
}
if (graphBroken) throw new Error(`an entry of ${[...dependencyFree].join(', ')} imports more than node: built-ins`);

function externalsOf(out, seen) {
  const found = new Set();
  if (seen.has(out)) return found;
  seen.add(out);
  for (const imp of outputs[out]?.imports ?? []) {
    if (imp.external) found.add(imp.kind === 'dynamic-import' ? `${imp.path} (on first use)` : imp.path);
    else for (const p of externalsOf(imp.path, seen)) found.add(p);
  }
  return found;
}

// Declarations for `import`: a `.d.mts` beside each `.d.ts`, its relative specifiers given the `.mjs` extension an
// ES module needs (`./errors` -> `./errors.mjs`, which TypeScript maps to `./errors.d.mts`).
const relativeSpecifier = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+?)\2/g;
for (const file of await listFiles(join(dist, 'types'))) {
  if (!file.endsWith('.d.ts')) continue;
  const text = await readFile(file, 'utf8');
  const esm = text.replace(relativeSpecifier, (_, lead, quote, spec) => {
    if (existsSync(join(dirname(file), `${spec}.d.ts`))) return `${lead}${quote}${spec}.mjs${quote}`;
    // A folder's index (`./sidecar` -> `./sidecar/index.mjs`): ES modules resolve no directory.
    if (existsSync(join(dirname(file), spec, 'index.d.ts'))) return `${lead}${quote}${spec}/index.mjs${quote}`;
    throw new Error(`${file}: no declaration for ${spec}`);
  });
  await writeFile(file.replace(/\.d\.ts$/, '.d.mts'), esm);
}

process.stderr.write(`built ${relative(process.cwd(), dist)}: cjs, esm (${entryPoints.length} entry points), types\n`);

async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}
