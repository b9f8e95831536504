import { en } from 'zod/locales';
import { config, type core, type output, safeParse } from 'zod/mini';

/**
 * rekey's zod for the Lambdas (through lambdas/common/zod.ts): zod 4's tree-shakable `zod/mini`, so a bundle keeps
 * only the schemas and checks it uses (zod classic is ~440 KB of each Lambda bundle). Import it as a namespace,
 * `import * as z from './zod'`, and only call through it (`z.string()`): a namespace passed around as a value would
 * bring all of zod back.
 *
 * The published client (`@rekey/client`) does not import this module: its schemas import `zod/mini` directly. A
 * library must not set zod's process-wide `config` (the agent's own locale would be overwritten), and a star
 * re-export of zod, once zod is an external dependency, reaches the agent's bundler as one opaque namespace that
 * keeps all of zod (an agent bundle of `parseFleetMessage` alone: 448 KB that way, 33 KB with direct imports).
 */
export * from 'zod/mini';

// zod/mini ships without messages (every issue would read "Invalid input"). English, the locale zod classic
// loads by default, makes each issue read as it did under zod classic.
config(en());

/**
 * `z.parse(schema, value)`: the parsed value, or a thrown error named `ZodError`, as zod classic names it (zod/mini's
 * `parse` throws one named `$ZodError`). A thrown error's name is what Lambda reports as the errorType, and what logs
 * and alarms read. The error is zod's own (`instanceof z.core.$ZodError`, `issues`), renamed; its stack starts at
 * the caller. Built on zod's public `safeParse`.
 */
export function parse<T extends core.$ZodType>(schema: T, value: unknown): output<T> {
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  const error = result.error;
  error.name = 'ZodError';
  Error.captureStackTrace(error, parse);
  throw error;
}
