import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Sidecar, SidecarFileError, writeFileAtomic } from '../../../packages/client/src/sidecar';
import { CANARY_1, CANARY_2, MockSecretsManager, SECRET_NAME, startTestSidecar } from './support/sidecar-harness';

const root = mkdtempSync(join(tmpdir(), 'rekey-sidecar-files-'));
let n = 0;
const freshDir = () => {
  const d = join(root, `d${n++}`);
  mkdirSync(d);
  return d;
};
let sm: MockSecretsManager;
let sidecar: Sidecar | undefined;

beforeEach(() => {
  sm = new MockSecretsManager(CANARY_1);
});

afterEach(async () => {
  await sidecar?.close();
  sidecar = undefined;
  sm.restore();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('atomic file output', () => {
  it('never shows a reader a partial file while it is swapped, hundreds of times', async () => {
    // Arrange: two large values, so a torn write would be visible; a reader reading as fast as it can.
    const dir = freshDir();
    const path = join(dir, 'key');
    const values = ['A'.repeat(256 * 1024), 'B'.repeat(256 * 1024)];
    await writeFileAtomic(path, values[0] as string);
    const seen = new Map<string, number>();
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        const text = readFileSync(path, 'utf8');
        const kind = values.includes(text) ? text.slice(0, 1) : `partial:${text.length}`;
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        await new Promise((r) => setImmediate(r));
      }
    })();

    // Act
    for (let i = 0; i < 300; i++) await writeFileAtomic(path, values[i % 2] as string);
    stop = true;
    await reader;

    // Assert
    expect([...seen.keys()].filter((k) => k.startsWith('partial'))).toEqual([]);
    expect((seen.get('A') ?? 0) + (seen.get('B') ?? 0)).toBeGreaterThan(10);
    expect(readdirSync(dir)).toEqual(['key']);
  });

  it('writes mode 0600, and replaces a file that had wider permissions', async () => {
    // Arrange
    const dir = freshDir();
    const path = join(dir, 'key');
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);

    // Act
    await writeFileAtomic(path, 'new');

    // Assert
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('leaves the old file whole and no temporary file behind when the swap fails, and names only the path', async () => {
    // Arrange: the target is a directory, so the rename fails.
    const dir = freshDir();
    const path = join(dir, 'key');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'x');

    // Act
    const failed = writeFileAtomic(path, CANARY_1);

    // Assert
    await expect(failed).rejects.toThrow(SidecarFileError);
    await expect(failed).rejects.toThrow(`cannot write ${path}`);
    await failed.catch((err: Error) => expect(err.message).not.toContain(CANARY_1));
    expect(readdirSync(dir)).toEqual(['key']);
  });
});

describe('the sidecar writes each served key to its files', () => {
  it('writes the key at start and swaps in the new key when it switches', async () => {
    // Arrange
    const dir = freshDir();
    const a = join(dir, 'api-key');
    const b = join(dir, 'copy');
    const t = await startTestSidecar(sm, {
      files: [
        { secretId: SECRET_NAME, path: a },
        { secretId: SECRET_NAME, path: b },
      ],
    });
    sidecar = t.sidecar;
    const first = [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')];

    // Act
    sm.rotate(CANARY_2);
    await t.get(`/v1/${SECRET_NAME}?refreshNow=true`);

    // Assert
    expect(first).toEqual([`${CANARY_1}\n`, `${CANARY_1}\n`]);
    // A write is logged once it is durable (the directory fsynced after the rename).
    const written = () => t.logger.entries.filter((e) => e.msg === 'key file written').map((e) => String(e.obj.file));
    await vi.waitFor(() => expect(written().sort()).toEqual([a, a, b, b]), { timeout: 5000 });
    expect(readFileSync(a, 'utf8')).toBe(`${CANARY_2}\n`);
    expect(readFileSync(b, 'utf8')).toBe(`${CANARY_2}\n`);
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect(t.logger.text()).not.toContain(CANARY_1);
    expect(t.logger.text()).not.toContain(CANARY_2);
  });

  it('refuses a file for a secret it does not serve', async () => {
    // Act
    const started = startTestSidecar(sm, { files: [{ secretId: 'other/secret', path: join(root, 'x') }] });

    // Assert
    await expect(started).rejects.toThrow('files names other/secret, which is not among the served secrets');
  });
});
