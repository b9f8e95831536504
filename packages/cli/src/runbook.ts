import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './errors';
import type { OutputWriter } from './output';

/**
 * Where `rekey runbook` finds docs/RUNBOOK.md, from the directory of the running code (packages/cli/src for the
 * TypeScript, packages/cli/dist for the bundle, both one level below the package):
 * - the copy beside the package, packages/cli/RUNBOOK.md, which build.mjs writes and the tarball ships;
 * - the repository's docs/RUNBOOK.md, two levels above the package.
 * The bundle reads its shipped copy first. The TypeScript source (tsx, vitest) reads docs/ first, so a copy left by an
 * earlier build never stands in for the file being edited. Either falls back to the other.
 */
export function runbookPath(dir: string = __dirname, fromSource: boolean = __filename.endsWith('.ts')): string {
  const packaged = join(dir, '..', 'RUNBOOK.md');
  const inRepo = join(dir, '..', '..', '..', 'docs', 'RUNBOOK.md');
  const [first, second] = fromSource ? [inRepo, packaged] : [packaged, inRepo];
  return existsSync(first) || !existsSync(second) ? first : second;
}

/** The runbook this process reads (see runbookPath). */
export const RUNBOOK_PATH = runbookPath();

/** A section of the runbook starts with `<!-- topic: NAME -->` on its own line, just before its heading. */
const TOPIC = /^<!-- topic: ([a-z0-9-]+) -->$/;

export interface RunbookSection {
  readonly topic: string;
  readonly title: string;
  readonly text: string;
}

/** Splits the runbook into its topics (the text before the first marker is the introduction, topic `intro`). */
export function runbookSections(markdown: string): RunbookSection[] {
  const sections: RunbookSection[] = [];
  let topic = 'intro';
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) sections.push({ topic, title: /^#+ (.+)$/m.exec(text)?.[1] ?? topic, text });
  };
  for (const line of markdown.split(/\r?\n/)) {
    const m = TOPIC.exec(line.trim());
    if (m?.[1]) {
      flush();
      topic = m[1];
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

/** `rekey runbook [topic]`: the incident runbook, or one topic of it. */
export function runbookCommand(
  writer: OutputWriter,
  options: { topic?: string; path?: string } = {},
): RunbookSection[] {
  const sections = runbookSections(readFileSync(options.path ?? RUNBOOK_PATH, 'utf8'));
  const chosen = options.topic ? sections.filter((s) => s.topic === options.topic) : sections;
  if (options.topic && chosen.length === 0) {
    throw new UsageError(
      `the runbook has no topic "${options.topic}"`,
      `Topics: ${sections
        .filter((s) => s.topic !== 'intro')
        .map((s) => s.topic)
        .join(', ')}.`,
    );
  }
  writer.out(chosen.map((s) => s.text).join('\n\n'));
  return chosen;
}
