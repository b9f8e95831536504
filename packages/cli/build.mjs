// Builds @rekey/cli: bundles packages/cli/src/main.ts and the rekey code it imports (lambdas/, lib/config.ts,
// packages/client/src, contract/) into dist/rekey.js, plain CommonJS for `node`, with every npm package left to
// the package's dependencies. Copies docs/RUNBOOK.md beside the package for `rekey runbook`.
//
//   node packages/cli/build.mjs
//
// The build fails when the bundle's external packages and package.json's dependencies differ, or when the bundle
// takes in code that is not the CLI's to ship (the CDK app, the local emulator and rehearsal).
import { chmodSync, copyFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outfile = join(here, 'dist', 'rekey.js');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

/** Repository paths the bundle may take code from; lib/ only for the config schema (it imports only zod). */
const ALLOWED = [/^packages\/cli\/src\//, /^packages\/client\/src\//, /^lambdas\//, /^contract\//, /^lib\/config\.ts$/];
/** Packages the CLI must never need at run time. */
const FORBIDDEN = [/^aws-cdk-lib$/, /^aws-cdk$/, /^constructs$/, /^cdk-nag$/, /^@cloud-copilot\//, /^tsx$/];

rmSync(join(here, 'dist'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  metafile: true,
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
copyFileSync(join(root, 'docs', 'RUNBOOK.md'), join(here, 'RUNBOOK.md'));

const problems = [];
const inputs = Object.keys(result.metafile.inputs);
for (const input of inputs) {
  if (!ALLOWED.some((re) => re.test(input))) problems.push(`bundles ${input}, which is not the CLI's to ship`);
}
const externals = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path, external } of output.imports) {
    if (!external || path.startsWith('node:') || builtinModules.includes(path)) continue;
    const parts = path.split('/');
    externals.add(path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
}
const declared = new Set(Object.keys(pkg.dependencies ?? {}));
for (const name of externals) {
  if (FORBIDDEN.some((re) => re.test(name))) problems.push(`needs ${name} at run time`);
  if (!declared.has(name)) problems.push(`needs ${name}, which package.json does not list in dependencies`);
}
for (const name of declared) {
  if (!externals.has(name)) problems.push(`package.json lists ${name}, which the bundle never loads`);
}
if (problems.length > 0) {
  process.stderr.write(`packages/cli/build.mjs: ${problems.join('\n  ')}\n`);
  process.exit(1);
}

const kib = (statSync(outfile).size / 1024).toFixed(0);
process.stdout.write(
  `${relative(root, outfile)}: ${kib} KiB from ${inputs.length} files; external: ${[...externals].sort().join(', ')}\n`,
);
