import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RotatedEvent, RotatingSecret } from '../../../packages/client/src/rotating-secret';
import { memoryLogger } from './support/memory-logger';
import { anthropicKey, secretJson } from './support/secrets-manager-fake';

let dir = '';
let generation = 0;
const open: RotatingSecret[] = [];

/** Writes files the way the kubelet's atomic writer does: a new timestamped dir, then `..data` swapped by rename. */
function k8sWrite(files: Record<string, string>): void {
  generation++;
  const stamp = `..2026_11_25_10_00_00.00000000${generation}`;
  mkdirSync(join(dir, stamp));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, stamp, name), content);
  symlinkSync(stamp, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  for (const name of Object.keys(files)) {
    try {
      symlinkSync(join('..data', name), join(dir, name));
    } catch {
      // Already linked through ..data.
    }
  }
  if (generation > 1) rmSync(join(dir, `..2026_11_25_10_00_00.00000000${generation - 1}`), { recursive: true });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rekey-k8s-'));
  generation = 0;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function openFile(name: string, field?: string) {
  const key = await RotatingSecret.open({
    file: join(dir, name),
    field,
    fileDebounceMs: 100,
    pollIntervalMs: 0,
    logger: memoryLogger(),
  });
  open.push(key);
  const events: RotatedEvent[] = [];
  key.on('rotated', (e) => events.push(e));
  return { key, events };
}

describe('RotatingSecret over a Kubernetes-mounted secret file', () => {
  it('reads the file through the ..data symlink', async () => {
    k8sWrite({ apiKey: `${anthropicKey('file1')}\n` });

    const { key } = await openFile('apiKey');

    expect(key.current()).toBe(anthropicKey('file1'));
    expect(key.versionId).toMatch(/^file:[0-9a-f]{16}$/);
  });

  it('switches to the new value when the kubelet swaps the ..data symlink', async () => {
    k8sWrite({ apiKey: anthropicKey('file1') });
    const { key, events } = await openFile('apiKey');

    k8sWrite({ apiKey: anthropicKey('file2') });

    await vi.waitFor(() => expect(key.current()).toBe(anthropicKey('file2')), { timeout: 3000 });
    expect(key.previous()).toBe(anthropicKey('file1'));
    expect(events).toHaveLength(1);
  });

  it('debounces a burst of changes into one re-read', async () => {
    k8sWrite({ 'secret.json': secretJson(anthropicKey('file1')) });
    const { key, events } = await openFile('secret.json', 'apiKey');

    k8sWrite({ 'secret.json': secretJson(anthropicKey('file2')) });
    k8sWrite({ 'secret.json': secretJson(anthropicKey('file3')) });

    await vi.waitFor(() => expect(key.current()).toBe(anthropicKey('file3')), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toHaveLength(1);
  });

  it('stops watching on close', async () => {
    k8sWrite({ apiKey: anthropicKey('file1') });
    const { key, events } = await openFile('apiKey');
    await key.close();

    k8sWrite({ apiKey: anthropicKey('file2') });
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(events).toEqual([]);
  });
});
