/**
 * Shapes of key material rekey knows, each with the kind a finding reports. The order matters: specific shapes
 * first, generic ones last, and AWS secret keys before the access key ids they are found next to.
 */
export type KeyKind =
  | 'private-key'
  | 'anthropic'
  | 'openai'
  | 'github'
  | 'aws-secret-key'
  | 'aws-access-key'
  | 'rekey-generated'
  | 'bearer'
  | 'basic-auth'
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
/**
 * One character of an AWS secret access key as it may be written: the base64 alphabet, or `/` and `+` URL-encoded
 * (`%2F`, `%2B`), so a key in a query string or form body is still 40 units long.
 */
const AWS_UNIT = '(?:[A-Za-z0-9/+]|%2[BbFf])';
/**
 * A 40-character AWS secret access key: base64 alphabet, mixed case (so a 40-hex SHA-1 is not taken for one). It may
 * follow a complete `%XX` escape (URL-encoded JSON: `%22wJalr…`).
 */
const AWS_SECRET = `(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9/+]))(?=${AWS_UNIT}{0,39}[a-z])(?=${AWS_UNIT}{0,39}[A-Z])${AWS_UNIT}{40}(?![A-Za-z0-9/+=]|%2[BbFf]|%3[Dd])`;
const AWS_KEY_ID = '(?:AKIA|ASIA)[A-Z0-9]{16}';
/** A quote as it appears in plain text, JSON-escaped (`\"`, `\\\"`) or URL-encoded (`%22`, `%27`). */
const QUOTE = `(?:\\\\{0,7}["'\`]|%2[27])`;
/** What joins a label to its value: `:`, `=`, `=>`, an XML tag's `>`, or their URL encodings. */
const CONNECT = `\\s{0,8}(?:=>|[:=>]|%3[AaDd])\\s{0,8}`;
/**
 * The label AWS's tools and secretlint's AWS rule use for a secret access key on its own, in the cases they write it:
 * `aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY`, `SecretAccessKey`, `secretAccessKey`, `--secret-access-key`.
 */
const AWS_SECRET_LABEL =
  '(?:AWS|aws|Aws)?[_-]?(?:SECRET|secret|Secret)[_-]?(?:ACCESS|access|Access)[_-]?(?:KEY|key|Key)';
/**
 * Field names whose value is a credential whatever its shape. A name ending in one counts too (`GITHUB_TOKEN`,
 * `webhookSecret`, `x-api-key`, `SessionToken`), but not a longer word (`max_tokens`, `secretName`, `tokenUrl`).
 */
const FIELD_LABEL =
  '(?:api[_-]?key|api[_-]?token|client[_-]?secret|secret[_-]?(?:access[_-]?)?key|token|secret|password|passwd|authorization)';
/** Values that are identifiers rekey itself logs under such names, never credentials: ARNs, UUIDs, literals. */
const NOT_AN_ID =
  '(?!arn:|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])|(?:null|true|false|undefined|none)(?![^\\s"\'&,;}\\]\\\\<]))';
/**
 * What joins an unquoted label to an unquoted value: as CONNECT without the bare colon. `name: value` counts only
 * when the name is a word of its own (`token: x`, `GITHUB_TOKEN: x`), not the end of a longer one, so prose and ids
 * that name an operation (`setSecret: key is live`, `CancelRotateSecret: 50/s`, `gitleaks:rekey-token:3`) are
 * not taken for fields.
 */
const BARE_CONNECT = `\\s{0,8}(?:=>|[=>]|%3[Dd])\\s{0,8}`;
/** HTTP authorization schemes whose credentials another pattern takes (so the scheme word is not taken as a value). */
const SCHEME = '(?:Bearer|Token|Basic|Digest|AWS4-HMAC-SHA256)\\s';
/** A value character: not a delimiter, and a backslash only when it does not open an escaped quote. */
const QUOTED_CHAR = `(?:[^\\s"'\`\\\\%]|%(?!2[27])|\\\\(?!\\\\{0,7}["'\`]))`;
const BARE_CHAR = `(?:[^\\s"'\`&,;}\\]\\\\<>%]|%(?!2[27Cc]|7[Dd]|26)|\\\\(?!\\\\{0,7}["'\`]))`;

const PEM_LABEL = '[A-Z0-9 ]{0,24}PRIVATE KEY(?: BLOCK)?-----';

export const KEY_PATTERNS: readonly KeyPattern[] = [
  // A PEM private key's body, across lines or JSON-escaped `\n`s; up to the END line, or to the end of the base64 when
  // the text was cut short. The BEGIN and END lines are kept.
  {
    kind: 'private-key',
    re: new RegExp(
      `(?<=-----BEGIN ${PEM_LABEL})(?:(?:(?!-----)[\\s\\S]){1,20000}(?=-----END ${PEM_LABEL})|[A-Za-z0-9+/=\\s\\\\]{16,20000})`,
      'g',
    ),
    requires: /PRIVATE KEY/,
  },
  { kind: 'anthropic', re: /(?<![A-Za-z0-9_-])sk-ant-[a-z]+\d{2}-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g },
  // GitHub tokens (github.blog, 2021-04-05): classic `gh?_` + 36, fine-grained `github_pat_` + 82, and the
  // installation tokens' `ghs_<app id>_<JWT>` form.
  { kind: 'github', re: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9_]{36}(?![A-Za-z0-9_])/g, requires: /gh[pousr]_/ },
  { kind: 'github', re: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])/g, requires: /github_pat_/ },
  {
    kind: 'github',
    re: /(?<![A-Za-z0-9_])ghs_\d{1,20}_[A-Za-z0-9_-]{1,1000}\.[A-Za-z0-9_-]{1,10000}\.[A-Za-z0-9_-]{1,1000}(?![A-Za-z0-9_-])/g,
    requires: /ghs_\d/,
  },
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
  // A secret access key on its own, after its label (plain, quoted, JSON-escaped, URL-encoded, XML): 40 characters,
  // any case, as secretlint's AWS rule takes it.
  {
    kind: 'aws-secret-key',
    re: new RegExp(
      `(?<=(?<![A-Za-z0-9])${AWS_SECRET_LABEL}${QUOTE}?(?:${CONNECT}|\\s{1,8})${QUOTE}?)${NOT_REDACTED}${AWS_UNIT.replace('[A-Za-z0-9/+]', '[A-Za-z0-9/+=]')}{40}(?![A-Za-z0-9/+=]|%2[BbFf]|%3[Dd])`,
      'g',
    ),
    requires: /[Ss][Ee][Cc][Rr][Ee][Tt][_-]?[Aa][Cc][Cc][Ee][Ss][Ss]/,
  },
  { kind: 'aws-access-key', re: new RegExp(`(?<![A-Z0-9])${AWS_KEY_ID}(?![A-Z0-9])`, 'g') },
  { kind: 'rekey-generated', re: /(?<![A-Za-z0-9_])rk_[A-Za-z0-9]{40}(?![A-Za-z0-9])/g },
  { kind: 'bearer', re: new RegExp(`(?<=\\bBearer\\s{1,8})${NOT_REDACTED}[A-Za-z0-9._~+/=-]{16,}`, 'gi') },
  // `Authorization: Token …` (GitHub's, Django REST's scheme) and `Authorization: Basic <base64>`.
  {
    kind: 'bearer',
    re: new RegExp(
      `(?<=authorization${QUOTE}?${CONNECT}${QUOTE}?Token\\s{1,8})${NOT_REDACTED}[A-Za-z0-9._~+/=-]{8,}`,
      'gi',
    ),
    requires: /authorization/i,
  },
  {
    kind: 'basic-auth',
    re: new RegExp(
      `(?<=authorization${QUOTE}?${CONNECT}${QUOTE}?Basic\\s{1,8})${NOT_REDACTED}[A-Za-z0-9+/=_-]{4,}`,
      'gi',
    ),
    requires: /authorization/i,
  },
  // The password of credentials in a URL: `https://user:pass@host`, `postgres://u:p@db`.
  {
    kind: 'basic-auth',
    re: new RegExp(
      `(?<=\\b[a-z][a-z0-9+.-]{1,20}://[^\\s/?#@:"'<>]{1,256}:)${NOT_REDACTED}[^\\s/?#@"'<>]{1,256}(?=@)`,
      'gi',
    ),
    requires: /:\/\/[^\s/@]*:[^\s/@]*@/,
  },
  // A credential field: a quoted value is taken whole up to its closing quote; a bare one up to a delimiter.
  {
    kind: 'api-key-field',
    re: new RegExp(
      `(?<=(?<!:)${FIELD_LABEL}${QUOTE}?${CONNECT}${QUOTE})${NOT_REDACTED}${NOT_AN_ID}(?!${SCHEME})${QUOTED_CHAR}+(?=${QUOTE})`,
      'gi',
    ),
    requires: /token|secret|passw|api[_-]?key|authorization/i,
  },
  {
    kind: 'api-key-field',
    re: new RegExp(
      `(?<=(?<!:)(?:${FIELD_LABEL}(?:${QUOTE}${CONNECT}|${BARE_CONNECT})|(?<![A-Za-z])${FIELD_LABEL}\\s{0,8}:\\s{1,8}))${NOT_REDACTED}${NOT_AN_ID}(?!${SCHEME})(?![\\\\"'\`])${BARE_CHAR}{3,}`,
      'gi',
    ),
    requires: /token|secret|passw|api[_-]?key|authorization/i,
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
