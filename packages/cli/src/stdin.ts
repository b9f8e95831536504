import { KeyInputError } from './errors';

/** The stream `rekey put` reads a key from: process.stdin, or a test's stream. */
export interface KeySource extends AsyncIterable<Buffer | string> {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on?(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  removeListener?(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume?(): unknown;
  pause?(): unknown;
}

export interface ReadKeyOptions {
  readonly source: KeySource;
  /** Allows typing the key at a terminal, with echo off. */
  readonly interactive?: boolean;
  /** Where the prompt goes (stderr). */
  readonly prompt?: (text: string) => void;
  /** What the key is for, in the prompt. */
  readonly label?: string;
}

const MAX_BYTES = 64 * 1024;

/**
 * Reads one key from stdin, never from an argument (arguments land in shell history and `ps`). A terminal is refused
 * unless `interactive` is set; then the key is typed with echo off. Surrounding whitespace is dropped; a value with
 * inner whitespace or several lines is refused (it is not one key).
 */
export async function readKey(options: ReadKeyOptions): Promise<string> {
  const { source } = options;
  let raw: string;
  if (source.isTTY) {
    if (!options.interactive) {
      throw new KeyInputError(
        'refusing to read a key from the terminal without --interactive',
        'Pipe the key in (`pbpaste | rekey put <key>`, `rekey put <key> < key.txt`), or add --interactive to type it with echo off.',
      );
    }
    raw = await readHidden(source, options.prompt ?? (() => {}), options.label ?? 'the new key');
  } else {
    raw = await readAll(source);
  }
  const key = raw.trim();
  if (key === '') {
    throw new KeyInputError(
      'no key on stdin',
      'Pipe the new key in: `pbpaste | rekey put <key>` (or use --interactive).',
    );
  }
  if (/\s/.test(key)) {
    const lines = key.split(/\r?\n/).filter((l) => l.trim() !== '').length;
    throw new KeyInputError(
      lines > 1
        ? `stdin held ${lines} lines; give exactly one key`
        : 'the value on stdin contains whitespace; it is not one key',
      'Give the key alone, on one line, with nothing else.',
    );
  }
  return key;
}

async function readAll(source: KeySource): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += buf.length;
    if (size > MAX_BYTES) {
      throw new KeyInputError(`stdin holds more than ${MAX_BYTES} bytes`, 'Give the key alone, on one line.');
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from a terminal in raw mode, echoing nothing. Ctrl-C or Ctrl-D with nothing typed cancels. */
function readHidden(source: KeySource, prompt: (text: string) => void, label: string): Promise<string> {
  if (!source.setRawMode || !source.on || !source.removeListener) {
    throw new KeyInputError(
      'this terminal cannot turn echo off',
      'Pipe the key in instead: `pbpaste | rekey put <key>`.',
    );
  }
  prompt(`Paste or type ${label}, then Enter (input is hidden): `);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (err?: Error) => {
      source.removeListener?.('data', onData);
      source.setRawMode?.(false);
      source.pause?.();
      prompt('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) {
          return finish(new KeyInputError('cancelled', 'Nothing was stored.'));
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    source.setRawMode?.(true);
    source.on?.('data', onData);
    source.resume?.();
  });
}
