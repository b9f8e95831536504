import { en } from 'zod/locales';
import { _parse, $constructor, $ZodError, type $ZodIssue, config } from 'zod/v4/core';

/**
 * rekey's zod for code that ships in a bundle (the Lambdas, and the client library): zod 4's tree-shakable
 * `zod/mini`, so a bundle keeps only the schemas and checks it uses (zod classic is ~440 KB of each Lambda bundle).
 * Import it as a namespace, `import * as z from './zod'`, and only call through it (`z.string()`): a namespace
 * passed around as a value would bring all of zod back.
 */
export * from 'zod/mini';

// zod/mini ships without messages (every issue would read "Invalid input"). English, the locale zod classic
// loads by default, makes each issue read as it did under zod classic.
config(en());

/**
 * The error `parse` throws: an Error named `ZodError`, as zod classic names it (zod/mini's throws one named
 * `$ZodError`). A thrown error's name is what Lambda reports as the errorType, and what logs and alarms read.
 */
const ZodError: $constructor<$ZodError> = $constructor(
  'ZodError',
  (inst: $ZodError, issues: $ZodIssue[]) => {
    $ZodError.init(inst, issues);
    inst.name = 'ZodError';
  },
  undefined,
  { Parent: Error },
);

/** `z.parse(schema, value)`: the parsed value, or a thrown ZodError (this module's, in place of zod/mini's). */
export const parse = _parse(ZodError);
