import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative as relativePath, resolve } from 'node:path';
import type { lintSource } from '@secretlint/core';
import type { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import type { KeyVersionItem } from '../../../lambdas/common/inventory';
import type { FindingResult } from '../../../lambdas/intake/intake';
import { fingerprint } from '../../client/src/fingerprint';
import { mapBounded } from './bounded';
import type { OperatorContext } from './context';
import { ScanInputError } from './errors';
import { keyNameOf } from './keys';
import type { OutputWriter } from './output';
import { rotateExposed } from './scan-rotate';

/**
 * `rekey scan <paths...> [--rotate]`: finds key material in files and logs two ways, and reports where, never what.
 * 1. secretlint's maintained rules (@secretlint/secretlint-rule-preset-recommend: Anthropic, OpenAI, AWS, GitHub,
 *    private keys, …) find keys by shape, managed or not.
 * 2. Every token-like string is hashed (SHA-256, as the inventory's fingerprints) and looked up in the inventory's
 *    `byFingerprint` index, which finds managed keys of any shape, rekey's own generated tokens included.
 * With `--rotate`, each managed key found is handed to exposure intake's own logic (lambdas/intake handleFinding):
 * an AWSCURRENT key rotates in emergency mode, an AWSPREVIOUS one is revoked at once, a pending one is abandoned.
 */

export interface ScanOptions {
  readonly paths: readonly string[];
  readonly rotate?: boolean;
  readonly json?: boolean;
  /** Files larger than this are skipped (and reported). @default 50 MiB */
  readonly maxFileBytes?: number;
  /** Paths in the report are relative to this. @default process.cwd() */
  readonly cwd?: string;
}

export interface ScanFinding {
  /** File path as given (relative to cwd where possible). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** A managed key (matched by fingerprint), or a secret found by a secretlint rule only. */
  readonly kind: 'managed' | 'pattern';
  /** For managed keys: the key name, secret and version, and the version's inventory status. */
  readonly key?: string;
  readonly secretName?: string;
  readonly versionId?: string;
  readonly status?: string;
  /** The secretlint rule that matched, where one did (`@secretlint/secretlint-rule-anthropic`). */
  readonly rule?: string;
  /** What was found, for people: `Anthropic API key`, `managed key`. */
  readonly label: string;
}

export interface ScanResult {
  readonly files: number;
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  readonly findings: readonly ScanFinding[];
  readonly rotations: readonly FindingResult[];
}

const SKIP_DIRS = new Set(['.git', 'node_modules', 'cdk.out', '.hg', '.svn']);
/** Token-like runs: the shapes keys take (with -_ separators, base64, bearer-token alphabets). */
const CANDIDATES = [/[A-Za-z0-9_-]{16,}/g, /[A-Za-z0-9+/]{16,}={0,2}/g, /[A-Za-z0-9._~+/=-]{16,}/g];

/** secretlint's linter and the rule preset `scan` runs, with the config that names it. */
interface Secretlint {
  readonly lintSource: typeof lintSource;
  readonly config: { readonly rules: { readonly id: string; readonly rule: typeof recommended }[] };
}

let secretlintLoaded: Promise<Secretlint> | undefined;

/**
 * Loads secretlint on first use. Its packages are ES modules only: the built CLI (CommonJS) reaches them with
 * `import()`, which every Node 20 has (`require` of an ES module needs Node 20.19), and no other command loads them.
 */
function loadSecretlint(): Promise<Secretlint> {
  secretlintLoaded ??= Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
  ]).then(([core, preset]) => ({
    lintSource: core.lintSource,
    config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] },
  }));
  return secretlintLoaded;
}

export async function scanCommand(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: ScanOptions,
): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const files: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const path of options.paths) await collect(resolve(cwd, path), files, skipped, cwd);

  const max = options.maxFileBytes ?? 50 * 1024 * 1024;
  const perFile: { file: string; text: string; candidates: Map<string, Position[]>; lint: ScanFinding[] }[] = [];
  for (const path of files) {
    const shown = display(path, cwd);
    const size = (await lstat(path)).size;
    if (size > max) {
      skipped.push({ file: shown, reason: `larger than ${max} bytes` });
      continue;
    }
    const buf = await readFile(path);
    if (buf.subarray(0, 8000).includes(0)) {
      skipped.push({ file: shown, reason: 'binary' });
      continue;
    }
    const text = buf.toString('utf8');
    const { lint, values } = await secretlint(path, shown, text);
    const candidates = tokenCandidates(text);
    for (const [value, pos] of values) candidates.set(value, [...(candidates.get(value) ?? []), pos]);
    perFile.push({ file: shown, text, candidates, lint });
  }

  // One inventory lookup per distinct fingerprint, whatever the number of files.
  const fingerprints = new Map<string, { file: string; positions: Position[] }[]>();
  for (const f of perFile) {
    for (const [value, positions] of f.candidates) {
      const fp = fingerprint(value);
      const list = fingerprints.get(fp) ?? [];
      list.push({ file: f.file, positions });
      fingerprints.set(fp, list);
    }
    f.candidates.clear(); // the values are not needed any more
  }
  const matches = await lookupAll(ctx, [...fingerprints.keys()]);

  const findings: ScanFinding[] = [];
  const managedAt = new Set<string>();
  const exposed = new Map<string, { item: KeyVersionItem; fp: string; location: string }>();
  for (const [fp, items] of matches) {
    for (const item of items) {
      if (!item.secretName.startsWith(ctx.secretPrefix)) continue;
      for (const { file, positions } of fingerprints.get(fp) ?? []) {
        for (const pos of dedupe(positions)) {
          const where = `${file}:${pos.line}:${pos.column}`;
          if (managedAt.has(`${where}:${item.secretName}`)) continue;
          managedAt.add(`${where}:${item.secretName}`);
          findings.push({
            file,
            line: pos.line,
            column: pos.column,
            kind: 'managed',
            key: keyNameOf(ctx, item.secretName),
            secretName: item.secretName,
            versionId: item.versionId,
            status: item.status,
            label: 'managed key',
          });
          const id = `${item.secretName}\n${item.versionId}`;
          if (!exposed.has(id)) exposed.set(id, { item, fp, location: `${file}:${pos.line}` });
        }
      }
    }
  }
  for (const f of perFile) {
    for (const lint of f.lint) {
      const managed = findings.find(
        (m) => m.kind === 'managed' && m.file === lint.file && m.line === lint.line && m.column === lint.column,
      );
      if (managed) Object.assign(managed, { rule: lint.rule, label: `managed key (${lint.label})` });
      else findings.push(lint);
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);

  const result: { files: number; skipped: typeof skipped; findings: ScanFinding[]; rotations: FindingResult[] } = {
    files: perFile.length,
    skipped,
    findings,
    rotations: [],
  };
  if (options.json && !options.rotate) {
    writer.out(JSON.stringify(result, null, 2));
    return result;
  }
  if (!options.json) for (const line of formatScan(result)) writer.out(line);
  if (options.rotate) {
    for (const { item, fp, location } of exposed.values()) {
      result.rotations.push(await rotateExposed(ctx, writer, item, fp, location));
    }
    if (options.json) writer.out(JSON.stringify(result, null, 2));
  }
  return result;
}

interface Position {
  readonly line: number;
  readonly column: number;
}

async function collect(path: string, files: string[], skipped: { file: string; reason: string }[], cwd: string) {
  let stat: Awaited<ReturnType<typeof lstat>>;
  try {
    stat = await lstat(path);
  } catch (err) {
    throw new ScanInputError(display(path, cwd), (err as NodeJS.ErrnoException).code ?? (err as Error).message);
  }
  if (stat.isSymbolicLink()) {
    skipped.push({ file: display(path, cwd), reason: 'symbolic link' });
  } else if (stat.isDirectory()) {
    for (const entry of (await readdir(path)).sort()) {
      if (SKIP_DIRS.has(entry)) continue;
      await collect(join(path, entry), files, skipped, cwd);
    }
  } else if (stat.isFile()) {
    files.push(path);
  }
}

function display(path: string, cwd: string): string {
  const rel = relativePath(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function lineIndex(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  };
}

/** Token-like strings of a file with where each occurs (1-based line and column). */
export function tokenCandidates(text: string): Map<string, Position[]> {
  const at = lineIndex(text);
  const offsets = new Map<string, Set<number>>();
  for (const re of CANDIDATES) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const value = m[0];
      if (!/[0-9]/.test(value) && !(/[a-z]/.test(value) && /[A-Z]/.test(value))) continue;
      const set = offsets.get(value) ?? new Set<number>();
      set.add(m.index ?? 0);
      offsets.set(value, set);
    }
  }
  return new Map([...offsets].map(([value, set]) => [value, [...set].sort((a, b) => a - b).map(at)]));
}

async function secretlint(
  path: string,
  shown: string,
  text: string,
): Promise<{ lint: ScanFinding[]; values: [string, Position][] }> {
  const { lintSource, config } = await loadSecretlint();
  const out = await lintSource({
    source: { filePath: path, content: text, contentType: 'text' },
    options: { config, maskSecrets: true, noPhysicFilePath: false },
  });
  const at = lineIndex(text);
  const lint: ScanFinding[] = [];
  const values: [string, Position][] = [];
  for (const message of out.messages) {
    const pos = at(message.range[0]);
    values.push([text.slice(message.range[0], message.range[1]), pos]);
    lint.push({
      file: shown,
      line: pos.line,
      column: pos.column,
      kind: 'pattern',
      rule: message.ruleId,
      label: ruleLabel(message.ruleId, message.message),
    });
  }
  return { lint, values };
}

/** The rule's own description of what it found, without the (masked) value: `Anthropic Claude API key`. */
function ruleLabel(ruleId: string, message: string): string {
  const described = /^found (.+?):/.exec(message)?.[1] ?? /^(.+?):/.exec(message)?.[1];
  if (described && !/\*{3}/.test(described)) return described;
  return ruleId.replace('@secretlint/secretlint-rule-', '');
}

function dedupe(positions: readonly Position[]): Position[] {
  const seen = new Set<string>();
  return positions.filter((p) => {
    const k = `${p.line}:${p.column}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function lookupAll(
  ctx: OperatorContext,
  fingerprints: readonly string[],
): Promise<Map<string, KeyVersionItem[]>> {
  const found = await mapBounded(fingerprints, 16, (fp) => ctx.inventory.findByFingerprint(fp));
  const matches = new Map<string, KeyVersionItem[]>();
  fingerprints.forEach((fp, i) => {
    const items = found[i] ?? [];
    if (items.length > 0) matches.set(fp, items);
  });
  return matches;
}

export function formatScan(result: Pick<ScanResult, 'files' | 'skipped' | 'findings'>): string[] {
  const lines: string[] = [];
  const where = (f: ScanFinding) => `${f.file}:${f.line}:${f.column}`;
  const width = Math.max(0, ...result.findings.map((f) => where(f).length));
  for (const f of result.findings) {
    lines.push(
      f.kind === 'managed'
        ? `${where(f).padEnd(width)}  ${f.label} ${f.key}, version ${f.versionId?.slice(0, 8)} (${f.status ?? 'unknown'})`
        : `${where(f).padEnd(width)}  ${f.label} — not a managed key: revoke it at its provider by hand`,
    );
  }
  for (const s of result.skipped) lines.push(`skipped ${s.file}: ${s.reason}`);
  const managed = new Set(result.findings.filter((f) => f.kind === 'managed').map((f) => `${f.key}@${f.versionId}`));
  const other = result.findings.filter((f) => f.kind === 'pattern').length;
  lines.push(
    result.findings.length === 0
      ? `No keys found in ${result.files} file${result.files === 1 ? '' : 's'}.`
      : `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'}: ` +
          `${managed.size} managed key version${managed.size === 1 ? '' : 's'}, ${other} other secret${other === 1 ? '' : 's'}.` +
          (managed.size > 0 ? ' Rotate with --rotate, or `rekey rotate <key> --emergency`.' : ''),
  );
  return lines;
}
