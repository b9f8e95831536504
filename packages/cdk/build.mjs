// Builds @rekey/cdk: the construct library (lib/, and the contract/ it imports) compiled by tsc into dist/, and each
// Lambda handler (lambdas/<dir>/index.ts) bundled by esbuild into assets/<dir>/index.js with exactly the options
// RekeyFunction gives NodejsFunction (read from the compiled lib/rekey-function.js, so the two cannot disagree). An
// installed package's RekeyFunction finds assets/<dir> and deploys it as it is: no esbuild, Docker or rekey sources.
// Run with `npm run build` here (or `node packages/cdk/build.mjs` from the repository root).
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const repo = join(root, '..', '..');
const dist = join(root, 'dist');
const assets = join(root, 'assets');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

await rm(dist, { recursive: true, force: true });
await rm(assets, { recursive: true, force: true });

// (a) lib/index.ts and everything it imports (lib/ and contract/), as CommonJS with declarations, in dist/lib and
// dist/contract (tsconfig.build.json: rootDir is the repository, so `../contract` resolves the same from dist/lib).
const tscBin = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
execFileSync(process.execPath, [tscBin, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// What the compiled code loads at synthesis must be the peers, Node built-ins, or itself: anything else would be a
// dependency the package does not declare (lib/config.ts, for one, needs zod and is not part of the package).
const allowed = new Set([...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies ?? {})]);
const builtins = new Set(builtinModules);
const undeclared = [];
for (const file of await listFiles(dist)) {
  if (!file.endsWith('.js')) continue;
  for (const [, spec] of (await readFile(file, 'utf8')).matchAll(/\brequire\("([^"]+)"\)/g)) {
    if (spec.startsWith('.')) continue;
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (!allowed.has(name) && !builtins.has(spec.replace(/^node:/, '')))
      undeclared.push(`${relative(root, file)}: ${spec}`);
  }
}
if (undeclared.length > 0) throw new Error(`dist/ loads undeclared packages:\n  ${undeclared.join('\n  ')}`);

// (b) Each handler, bundled as NodejsFunction bundles it for RekeyFunction: the same esbuild options, and the AWS
// SDK v3 left out as NodejsFunction leaves it out for Node.js 18 and later runtimes (it ships with the runtime).
const { BUNDLING, HANDLER_DIRS } = require(join(dist, 'lib', 'rekey-function.js'));
for (const dir of HANDLER_DIRS) {
  await esbuild.build({
    absWorkingDir: repo,
    entryPoints: [join(repo, 'lambdas', dir, 'index.ts')],
    outfile: join(assets, dir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: BUNDLING.target,
    format: BUNDLING.format,
    mainFields: [...BUNDLING.mainFields],
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    external: ['@aws-sdk/*'],
    logLevel: 'warning',
  });
}

const files = (await listFiles(root)).filter((f) => f.startsWith(dist) || f.startsWith(assets));
process.stdout.write(
  `built ${relative(process.cwd(), root) || '.'}: dist (${files.filter((f) => f.startsWith(dist)).length} files), assets (${HANDLER_DIRS.join(', ')})\n`,
);

async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}
