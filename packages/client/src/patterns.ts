/**
 * Shapes of key material rekey knows, each with the kind a finding reports. The order matters: specific shapes
 * first, generic ones last, and AWS secret keys before the access key ids they are found next to.
 */
export type KeyKind =
  | 'anthropic'
  | 'openai'
  | 'aws-secret-key'
  | 'aws-access-key'
  | 'rekey-generated'
  | 'bearer'
  | 'api-key-field'
  | 'held-secret';

export interface KeyPattern {
  readonly kind: KeyKind;
  /** Global regex whose whole match is the secret (labels sit in lookbehinds, so they survive redaction). */
  readonly re: RegExp;
  /** A cheap test the text must pass before `re` (whose lookarounds are costly) is tried at all. */
  readonly requires?: RegExp;
}

export const REDACTED = '[REDACTED]';

const NOT_REDACTED = '(?!\\[REDACTED\\])';
/** A 40-character AWS secret access key: base64 alphabet, mixed case (so a 40-hex SHA-1 is not taken for one). */
const AWS_SECRET =
  '(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])';
const AWS_KEY_ID = '(?:AKIA|ASIA)[A-Z0-9]{16}';
const FIELD_LABEL =
  '(?:api[_-]?key|x-api-key|client[_-]?secret|secret[_-]?(?:access[_-]?)?key|(?:access|auth|refresh)[_-]?token|password)';

export const KEY_PATTERNS: readonly KeyPattern[] = [
  { kind: 'anthropic', re: /(?<![A-Za-z0-9_-])sk-ant-[a-z]+\d{2}-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g },
  // A secret access key within 100 characters after, or before, an access key id.
  {
    kind: 'aws-secret-key',
    re: new RegExp(`(?<=${AWS_KEY_ID}[\\s\\S]{1,100}?)${AWS_SECRET}`, 'g'),
    requires: new RegExp(AWS_KEY_ID),
  },
  {
    kind: 'aws-secret-key',
    re: new RegExp(`${AWS_SECRET}(?=[\\s\\S]{1,100}?${AWS_KEY_ID})`, 'g'),
    requires: new RegExp(AWS_KEY_ID),
  },
  { kind: 'aws-access-key', re: new RegExp(`(?<![A-Z0-9])${AWS_KEY_ID}(?![A-Z0-9])`, 'g') },
  { kind: 'rekey-generated', re: /(?<![A-Za-z0-9_])rk_[A-Za-z0-9]{40}(?![A-Za-z0-9])/g },
  { kind: 'bearer', re: new RegExp(`(?<=\\bBearer\\s+)${NOT_REDACTED}[A-Za-z0-9._~+/=-]{16,}`, 'gi') },
  {
    kind: 'api-key-field',
    re: new RegExp(`(?<=(?<![A-Za-z0-9])${FIELD_LABEL}["']?\\s*[:=]\\s*["']?)${NOT_REDACTED}[^\\s"'&,;}\\]]{8,}`, 'gi'),
  },
];

/** The kind of a single value: the first pattern that matches it whole, else `held-secret`. */
export function classifyKey(value: string): KeyKind {
  for (const { kind, re } of KEY_PATTERNS) {
    if (kind === 'bearer' || kind === 'api-key-field' || kind === 'aws-secret-key') continue;
    const whole = new RegExp(`^(?:${re.source})$`, re.flags.replace('g', ''));
    if (whole.test(value)) return kind;
  }
  return 'held-secret';
}
