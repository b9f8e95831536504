import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RekeyConfig, RekeyConfigInput } from '../../lib/config';

/** A CloudFormation template as JSON. */
export interface Template {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown }>;
  readonly [k: string]: unknown;
}

export interface SynthOptions {
  /** Bundle the Lambda code with esbuild (only needed to deploy or to measure bundles). @default false */
  readonly bundle?: boolean;
}

export interface Synthesized {
  readonly template: Template;
  readonly config: RekeyConfig;
}

const ROOT = resolve(__dirname, '../..');
/** Everything the synthesized template is a function of, besides the configuration. */
const TEMPLATE_SOURCES = ['lib', 'contract', 'lambdas', 'packages/client/src', 'local/emulator/synth-app.ts'];
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'rekey-synth');

/**
 * The real CDK app's template for a configuration, as `synthesize` (synth-app.ts) makes it, kept on disk under
 * node_modules/.cache keyed by the configuration, CDK_CONTEXT_JSON and the content of every source the template is a function of. A
 * process that finds its template there never loads aws-cdk-lib, which is most of what starting a local stack
 * costs; the test suite starts about a hundred. `REKEY_SYNTH_CACHE=0` turns it off. Bundled synthesis (whose
 * assets are files, not only a template) is never cached.
 */
export async function synthesizeCached(
  config: RekeyConfig | RekeyConfigInput,
  options: SynthOptions = {},
): Promise<Synthesized> {
  const app = () => import('./synth-app');
  if (options.bundle || process.env.REKEY_SYNTH_CACHE === '0') return (await app()).synthesize(config, options);
  // CDK_CONTEXT_JSON reaches the app's context (a benchmark lifts the stack's resource limit with it).
  const key = createHash('sha256')
    .update(sourceDigest())
    .update(JSON.stringify([config, process.env.CDK_CONTEXT_JSON ?? '']))
    .digest('hex')
    .slice(0, 32);
  const file = join(CACHE_DIR, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Synthesized;
  } catch {
    // Not cached yet (or a torn file from an older scheme): synthesize and keep it.
  }
  const synthesized = (await app()).synthesize(config, options);
  mkdirSync(CACHE_DIR, { recursive: true });
  // Write then rename: test files start stacks in parallel processes, and a reader must never see half a file.
  const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(partial, JSON.stringify(synthesized));
  renameSync(partial, file);
  return synthesized;
}

let digest: string | undefined;

/** A hash of every template source file's path and content, computed once per process. */
function sourceDigest(): string {
  if (digest) return digest;
  const hash = createHash('sha256');
  const visit = (path: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(join(ROOT, path)).sort();
    } catch {
      hash.update(`${path}\0`).update(readFileSync(join(ROOT, path)));
      return;
    }
    for (const entry of entries) {
      if (entry === 'node_modules' || entry === 'dist') continue;
      visit(join(path, entry));
    }
  };
  for (const source of [...TEMPLATE_SOURCES, 'package-lock.json']) visit(source);
  digest = hash.digest('hex');
  return digest;
}

/** The first resource of a type whose logical id starts with `prefix`. */
export function findResource(template: Template, type: string, prefix = ''): [string, Template['Resources'][string]] {
  const hit = Object.entries(template.Resources).find(([id, r]) => r.Type === type && id.startsWith(prefix));
  if (!hit) throw new Error(`template has no ${type}${prefix ? ` named ${prefix}…` : ''}`);
  return hit;
}
