import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SidecarFileError } from './errors';

/**
 * Replaces `path` with `contents` so that a reader sees the old file or the new one, never a part: writes a temporary
 * file in the same directory (so the rename stays on one file system), created with mode 0600 and never
 * overwriting anything (`wx`), fsyncs it, renames it over `path` (atomic on POSIX), then fsyncs the directory so the
 * rename survives a crash. On failure the temporary file is removed and `path` is left as it was. The error names
 * the path, never the contents.
 */
export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(tmp, 'wx', 0o600);
    try {
      await file.writeFile(contents, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new SidecarFileError(`cannot write ${path}`, { cause: err });
  }
  const d = await open(dir, 'r').catch(() => undefined);
  if (d === undefined) return;
  try {
    await d.sync();
  } catch {
    // Some file systems do not fsync directories; the rename itself is done.
  } finally {
    await d.close();
  }
}

/** Writes one file in order: a newer value never lands before an older one finishes. */
export class FileWriter {
  #chain: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  write(contents: string): Promise<void> {
    const next = this.#chain.then(() => writeFileAtomic(this.path, contents));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every write asked for so far has finished. */
  idle(): Promise<void> {
    return this.#chain;
  }
}
