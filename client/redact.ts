/**
 * Redaction: removes key material from text before it is written anywhere.
 * (Initial version; the client library issue grows the pattern list and the held-value tracking.)
 */
const REDACTED = '[REDACTED]';

const PATTERNS: ReadonlyArray<{ kind: string; re: RegExp }> = [
  { kind: 'anthropic', re: /sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai', re: /sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai', re: /sk-[A-Za-z0-9]{32,}/g },
  { kind: 'aws-access-key-id', re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { kind: 'bearer', re: /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/gi },
  { kind: 'rekey-generated', re: /\brk_[A-Za-z0-9]{24,}\b/g },
];

/** Replaces every known key pattern, and every exact value in `known`, with `[REDACTED]`. */
export function redact(text: string, options: { known?: Iterable<string> } = {}): string {
  let out = text;
  for (const value of options.known ?? []) {
    if (value.length >= 8) out = out.split(value).join(REDACTED);
  }
  for (const { re } of PATTERNS) out = out.replace(re, REDACTED);
  return out;
}
