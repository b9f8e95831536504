import { inspect } from 'node:util';
import { redact } from './redact';
import { scrubError } from './scrub';

// The in-place scrub, for handlers of your own, with the crash handler (`@rekey/client/crash`).
export { scrubError } from './scrub';

export interface CrashRedactionOptions {
  /**
   * Where the crash report goes.
   * @default - process.stderr
   */
  readonly write?: (text: string) => void;
  /**
   * How the process ends.
   * @default process.exit
   */
  readonly exit?: (code: number) => void;
  /**
   * Exit code after a crash.
   * @default 1
   */
  readonly exitCode?: number;
}

/**
 * Replaces Node's default crash output, which prints the error's message, stack and properties verbatim, with a
 * redacted one: on `uncaughtException` and `unhandledRejection` the error is scrubbed in place (message, stack,
 * properties, causes), printed redacted, and the process exits non-zero. Returns a function that uninstalls the
 * handlers.
 */
export function installCrashRedaction(options: CrashRedactionOptions = {}): () => void {
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const code = options.exitCode ?? 1;
  const report = (kind: string) => (reason: unknown) => {
    try {
      write(`${kind}: ${formatCrash(reason)}\n`);
    } finally {
      exit(code);
    }
  };
  const onException = report('Uncaught exception');
  const onRejection = report('Unhandled rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

/** The redacted text of anything thrown: stack, properties and causes for errors, an inspection otherwise. */
export function formatCrash(reason: unknown): string {
  scrubError(reason);
  return redact(inspect(reason, { depth: 6, breakLength: 120 }));
}
