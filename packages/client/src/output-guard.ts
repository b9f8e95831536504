import { type KeyFinding, KeyMaterialInOutputError } from './errors';
import { heldSecrets } from './held-secrets';
import { classifyKey, KEY_PATTERNS } from './patterns';
import { redact } from './redact';

// What a caller that takes only this entry point (`@rekey/client/output-guard`) needs to catch a block.
export { type KeyFinding, KeyMaterialInOutputError } from './errors';

export interface GuardOptions {
  /**
   * `block` throws KeyMaterialInOutputError when anything is found; `redact` returns the text with every finding
   * replaced.
   * @default 'block'
   */
  readonly mode?: 'block' | 'redact';
}

export interface GuardResult {
  /** The text: unchanged when nothing was found, redacted in `redact` mode. */
  readonly text: string;
  /** One entry per distinct key found: its kind and whether this process holds it. Never the key. */
  readonly findings: readonly KeyFinding[];
}

/**
 * Checks text an agent is about to send out (a model's answer, a tool result, a chat message) for key material:
 * any value this process holds, and any known key shape. Reports what kind of key, never the key.
 */
export function guardOutput(text: string, options: GuardOptions = {}): GuardResult {
  const findings = scan(text);
  if (findings.length === 0) return { text, findings };
  if ((options.mode ?? 'block') === 'block') throw new KeyMaterialInOutputError(findings);
  return { text: redact(text), findings };
}

function scan(text: string): KeyFinding[] {
  const held = heldSecrets();
  const heldSet = new Set(held);
  const found = new Map<string, KeyFinding>();
  const spans: Array<[number, number]> = [];
  const covered = (start: number, end: number): boolean => spans.some(([s, e]) => start < e && end > s);

  for (const value of held) {
    let at = text.indexOf(value);
    while (at !== -1) {
      if (!covered(at, at + value.length)) {
        spans.push([at, at + value.length]);
        if (!found.has(value)) found.set(value, { kind: classifyKey(value), held: true });
      }
      at = text.indexOf(value, at + value.length);
    }
  }
  for (const { kind, re, requires } of KEY_PATTERNS) {
    if (requires !== undefined && !requires.test(text)) continue;
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (covered(start, end)) continue;
      spans.push([start, end]);
      if (!found.has(m[0])) found.set(m[0], { kind, held: heldSet.has(m[0]) });
    }
  }
  return [...found.values()];
}
