import type { SecretSnapshot } from '../secret-value';

/** Reads the current version of a secret from wherever it lives. */
export interface SecretLoader {
  /** A description for logs and errors: the secret id, file path or variable name. Never the value. */
  readonly description: string;
  load(): Promise<SecretSnapshot>;
}
