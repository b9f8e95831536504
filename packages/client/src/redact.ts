import { heldSecrets, MIN_HELD_LENGTH } from './held-secrets';
import { KEY_PATTERNS, REDACTED } from './patterns';

export { REDACTED } from './patterns';

export interface RedactOptions {
  /** Exact values to remove in addition to the process-wide registry of held keys. */
  readonly known?: Iterable<string>;
}

/**
 * Removes key material from text before it is written anywhere: first every exact value this process holds (the
 * registry every RotatingSecret fills) and every value in `known`, then every known key shape (Anthropic, OpenAI,
 * AWS access key ids and the secret keys next to them, rekey's `rk_` tokens, bearer tokens, `api_key=`-style
 * fields). Each is replaced with `[REDACTED]`; labels such as `Bearer ` or `"apiKey": ` are kept.
 */
export function redact(text: string, options: RedactOptions = {}): string {
  let out = text;
  for (const value of exactValues(options.known)) {
    if (out.includes(value)) out = out.split(value).join(REDACTED);
  }
  for (const { re, requires } of KEY_PATTERNS) {
    if (requires !== undefined && !requires.test(out)) continue;
    re.lastIndex = 0;
    out = out.replace(re, REDACTED);
  }
  return out;
}

function exactValues(known: Iterable<string> | undefined): readonly string[] {
  const held = heldSecrets();
  if (known === undefined) return held;
  const extra = [...known].filter((v) => v.length >= MIN_HELD_LENGTH);
  if (extra.length === 0) return held;
  return [...new Set([...held, ...extra])].sort((a, b) => b.length - a.length);
}
