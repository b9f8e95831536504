import { redact } from './redact';

/**
 * The logger the client writes to. pino and Powertools loggers fit it as they are (`logger.warn(obj, msg)` for
 * pino; wrap Powertools with `(obj, msg) => logger.warn(msg, obj)`). The client never puts a key value in a log
 * call: it logs secret ids, version ids, error names and counts.
 */
export interface ClientLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

const noop = (): void => {};

/** Discards everything. */
export const silentLogger: ClientLogger = { debug: noop, info: noop, warn: noop, error: noop };

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/**
 * The default: warnings and errors as one redacted JSON line each on stderr, everything below discarded. Pass
 * your own logger (pino, Powertools) to route them elsewhere.
 */
export function stderrLogger(minLevel: Level = 'warn', write: (line: string) => void = writeStderr): ClientLogger {
  const min = LEVELS.indexOf(minLevel);
  const at =
    (level: Level) =>
    (obj: Record<string, unknown>, msg: string): void => {
      if (LEVELS.indexOf(level) < min) return;
      const line = JSON.stringify({ level, time: new Date().toISOString(), lib: 'rekey-client', msg, ...obj });
      write(`${redact(line)}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function writeStderr(line: string): void {
  process.stderr.write(line);
}

/** Loggable facts about an error: its name, message (redacted) and AWS/HTTP code. Never the error object. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; $metadata?: { httpStatusCode?: number }; status?: unknown };
    return {
      errorName: e.name,
      errorMessage: redact(e.message),
      ...(typeof e.code === 'string' ? { errorCode: e.code } : {}),
      ...(typeof e.status === 'number' ? { status: e.status } : {}),
      ...(e.$metadata?.httpStatusCode !== undefined ? { status: e.$metadata.httpStatusCode } : {}),
      ...(e.cause instanceof Error ? { causeName: e.cause.name, causeMessage: redact(e.cause.message) } : {}),
    };
  }
  return { errorName: typeof err };
}
