import { SecretFormatError } from './errors';

/** One version of a secret as a loader read it. */
export interface SecretSnapshot {
  /** The value of the selected field (or the whole plain-string secret). */
  readonly value: string;
  /** Secrets Manager's VersionId, or a content-derived id (`file:…`, `env:…`) for other loaders. */
  readonly versionId: string;
  /** The secret's name as Secrets Manager reports it (`Name`); undefined for file and environment loaders. */
  readonly secretName?: string;
  /** Every string field of a JSON secret (the selected one included). */
  readonly fields: Readonly<Record<string, string>>;
  /** Where it came from; only `secretsmanager` versions are acknowledged to the inventory. */
  readonly origin: 'secretsmanager' | 'file' | 'env';
}

/**
 * Picks `field` from a secret's text. JSON objects (`{"apiKey": "...", "keyId": "...", ...}`) give that field;
 * any other text is a plain-string secret and is the value itself (surrounding whitespace, such as a file's final
 * newline, removed). `where` names the secret in error messages; the text never appears in one.
 */
export function extractField(raw: string, field: string, where: string): Pick<SecretSnapshot, 'value' | 'fields'> {
  const text = raw.trim();
  if (!text.startsWith('{')) {
    if (text.length === 0) throw new SecretFormatError(`${where} is empty`);
    return { value: text, fields: { [field]: text } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // No cause: the parser's message quotes the secret.
    throw new SecretFormatError(`${where} starts like JSON but does not parse as JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SecretFormatError(`${where} is JSON but not an object`);
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === 'string') fields[k] = v;
  }
  const value = fields[field];
  if (value === undefined || value.length === 0) {
    throw new SecretFormatError(`${where} has no non-empty string field "${field}"`);
  }
  return { value, fields };
}
