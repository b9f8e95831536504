import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KeyInputError } from '../../../packages/cli/src/errors';
import { type KeySource, readKey } from '../../../packages/cli/src/stdin';

/** A terminal: raw mode switchable, keystrokes arriving as data events. */
class FakeTerminal extends EventEmitter implements KeySource {
  readonly isTTY = true;
  raw: boolean[] = [];
  setRawMode(mode: boolean) {
    this.raw.push(mode);
    return this;
  }
  resume() {
    return this;
  }
  pause() {
    return this;
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {}
  type(text: string) {
    setImmediate(() => this.emit('data', Buffer.from(text)));
  }
}

describe('reading a key', () => {
  it('takes a piped key without surrounding whitespace', async () => {
    await expect(readKey({ source: Readable.from([Buffer.from('\n  rk_abcdefgh12345678 \r\n')]) })).resolves.toBe(
      'rk_abcdefgh12345678',
    );
  });

  it('refuses an empty stdin, and whitespace inside the value', async () => {
    const empty = await readKey({ source: Readable.from([]) }).catch((e: unknown) => e);
    const spaced = await readKey({ source: Readable.from([Buffer.from('two words')]) }).catch((e: unknown) => e);

    expect(empty).toBeInstanceOf(KeyInputError);
    expect((empty as Error).message).toBe('no key on stdin');
    expect((spaced as Error).message).toBe('the value on stdin contains whitespace; it is not one key');
  });

  it('reads a key typed at a terminal with --interactive, echoing nothing but the prompt', async () => {
    const terminal = new FakeTerminal();
    const prompts: string[] = [];

    const reading = readKey({
      source: terminal,
      interactive: true,
      prompt: (t) => prompts.push(t),
      label: 'the new key for k',
    });
    terminal.type('sk-ant-api03-typo\u007f\u007f\u007f\u007fsecret\r');

    await expect(reading).resolves.toBe('sk-ant-api03-secret');
    expect(prompts).toEqual(['Paste or type the new key for k, then Enter (input is hidden): ', '\n']);
    expect(terminal.raw).toEqual([true, false]);
  });

  it('cancels on Ctrl-C and leaves the terminal as it was', async () => {
    const terminal = new FakeTerminal();

    const reading = readKey({ source: terminal, interactive: true, prompt: () => {} });
    terminal.type('sk-partial\u0003');

    await expect(reading).rejects.toThrow('cancelled');
    expect(terminal.raw).toEqual([true, false]);
  });
});
