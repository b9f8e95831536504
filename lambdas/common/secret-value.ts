import { PROVIDER_NAMES, type ProviderName } from '../../contract';
import { MalformedSecretError } from './errors';
import * as z from './zod';

/**
 * The SecretString of every managed secret version. `apiKey` is the key itself; everything else is metadata
 * that is safe to log. `options` carries the provider's non-secret settings forward from version to version.
 */
export const SecretValueSchema = z.looseObject({
  apiKey: z.string().check(z.minLength(1)),
  /** The provider's id for this key (IAM access key id, OpenAI key id, …); for generated tokens, the version id. */
  keyId: z.string(),
  provider: z.enum(PROVIDER_NAMES),
  createdAt: z.string(),
  /** Provider settings (user name, project, base URL). Never secret. */
  options: z._default(z.record(z.string(), z.unknown()), {}),
  /** Name or ARN of the secret that holds the provider's admin credential. */
  adminSecretId: z.optional(z.string()),
});
export type SecretValue = z.infer<typeof SecretValueSchema>;
export type { ProviderName };

/** Parses a SecretString; the error names the secret and version, never the content. */
export function parseSecretValue(secretString: string | undefined, where: string): SecretValue {
  if (secretString === undefined) throw new MalformedSecretError(`${where} has no SecretString`);
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    throw new MalformedSecretError(`${where} is not JSON`);
  }
  const parsed = SecretValueSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new MalformedSecretError(`${where} does not have rekey's shape (bad fields: ${fields})`);
  }
  return parsed.data;
}

export function serializeSecretValue(value: SecretValue): string {
  return JSON.stringify(value);
}
