// Bundles each Lambda handler the way lib/rekey-function.ts does (esbuild: minify, tree shaking, CJS, node24,
// @aws-sdk/* external, source maps without sources) and prints its size and module load time (median of several fresh `node`
// processes requiring it), and what dominates each bundle (esbuild metafile).
// Run: npm run bench:bundles [-- runs]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { conditions, percentiles } from './conditions';

const RUNS = Number(process.argv[2] ?? 7);
const SIZE_TARGET = 250 * 1024;
const LOAD_TARGET_MS = 150;

async function main(): Promise<void> {
  // Inside the project, so the external @aws-sdk packages resolve from node_modules as Lambda's runtime provides them.
  const cache = join(process.cwd(), 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'rekey-bundles-'));
  const handlers = readdirSync('lambdas').filter((d) => {
    if (d === 'providers' || d === 'common') return false; // libraries, not functions
    try {
      return statSync(join('lambdas', d, 'index.ts')).isFile();
    } catch {
      return false;
    }
  });
  console.log('handler            bundle     load p50   load max   top inputs (bytes in bundle)');
  try {
    for (const name of handlers) {
      const outfile = join(out, `${name}.js`);
      const result = await build({
        entryPoints: [join('lambdas', name, 'index.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node24',
        minify: true,
        treeShaking: true,
        sourcemap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        external: ['@aws-sdk/*'],
        outfile,
        metafile: true,
        logLevel: 'silent',
      });
      const bytes = statSync(outfile).size;
      const loads: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = execFileSync(
          process.execPath,
          [
            '-e',
            `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
          ],
          { env: { ...process.env, AWS_REGION: 'us-east-1' }, encoding: 'utf8' },
        );
        loads.push(Number(t.trim().split('\n').pop()));
      }
      const p = percentiles(loads);
      const inputs = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'))?.[1].inputs ?? {};
      const byPackage = new Map<string, number>();
      for (const [path, info] of Object.entries(inputs)) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
        const key = m?.[1] ?? 'rekey code';
        byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
      }
      const top = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
      const flag = bytes > SIZE_TARGET || p.p50 > LOAD_TARGET_MS ? ' OVER TARGET' : '';
      console.log(
        `${name.padEnd(18)} ${`${(bytes / 1024).toFixed(1)} KB`.padStart(9)}  ${`${p.p50.toFixed(1)} ms`.padStart(9)}  ${`${p.max.toFixed(1)} ms`.padStart(9)}   ${top.map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}K`).join(', ')}${flag}`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  console.log(
    `targets: <= ${SIZE_TARGET / 1024} KB and <= ${LOAD_TARGET_MS} ms each (load = require() of the bundle; @aws-sdk is external, as in Lambda)`,
  );
  console.log(conditions({ runsPerHandler: RUNS }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
