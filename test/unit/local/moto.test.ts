import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MotoNotInstalledError, MotoStartError, startMoto } from '../../../local/emulator/moto';

const dir = mkdtempSync(join(tmpdir(), 'rekey-moto-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Python that cannot see its site-packages, so has no moto. */
function pythonWithoutMoto(): string {
  const file = join(dir, 'python-without-site');
  writeFileSync(file, `#!/bin/sh\nexec ${process.env.REKEY_PYTHON ?? 'python3'} -S "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('startMoto, when moto cannot start', () => {
  it('says how to install moto when the interpreter has no moto', async () => {
    await expect(startMoto({ python: pythonWithoutMoto() })).rejects.toThrow(MotoNotInstalledError);
  });

  it('says how to install moto when the interpreter does not exist', async () => {
    await expect(startMoto({ python: join(dir, 'no-such-python') })).rejects.toThrow(/pip install 'moto\[server\]'/);
  });

  it('reports any other exit with what the process printed', async () => {
    const file = join(dir, 'python-that-fails');
    writeFileSync(file, '#!/bin/sh\necho "address already in use" >&2\nexit 3\n');
    chmodSync(file, 0o755);
    const start = startMoto({ python: file });
    await expect(start).rejects.toThrow(MotoStartError);
    await expect(start).rejects.toThrow(/exited with 3: address already in use/);
  });
});
