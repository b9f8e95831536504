import { redact } from './redact';
import { scrubDeep } from './scrub';

/** Anything with pino's destination shape: `write(line)`. */
export interface LineDestination {
  write(chunk: string): unknown;
}

/**
 * Wraps a pino destination so every line is redacted just before it is written: held key values (the registry
 * every RotatingSecret fills) and known key patterns, wherever they sit in the line (message, fields, error
 * message, stack, nested objects).
 *
 * ```ts
 * const logger = pino({ ...redactingPinoOptions() }, redactingDestination(pino.destination(1)));
 * ```
 */
export function redactingDestination<D extends LineDestination>(destination: D): D {
  return new Proxy(destination, {
    get(target, prop, receiver) {
      if (prop === 'write') return (chunk: string | Buffer) => target.write(redact(chunk.toString()));
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * pino options that scrub at the source, before serialization: the log method's arguments (message strings,
 * merged objects, errors, which are redacted in place) and the merged object of each line. Use with
 * `redactingDestination` as the backstop for anything added later (mixins, bindings, serializers).
 */
export function redactingPinoOptions(): {
  hooks: { logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void): void };
  formatters: { log(object: Record<string, unknown>): Record<string, unknown> };
} {
  return {
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => scrubDeep(a)),
        );
      },
    },
    formatters: {
      log(object) {
        return scrubDeep(object) as Record<string, unknown>;
      },
    },
  };
}
