import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCrash, installCrashRedaction } from '../../../packages/client/src/crash';
import { holdSecret } from '../../../packages/client/src/held-secrets';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const CHILD = join(__dirname, 'fixtures/crash-child.ts');
const CANARY = 'Kz3mQ8vT1xW6nB4cR9yL';

function runChild(mode: 'throw' | 'reject', protect: 'yes' | 'no') {
  const env = { ...process.env, NODE_OPTIONS: '' };
  return spawnSync(TSX, [CHILD, CANARY, mode, protect], { encoding: 'utf8', env, timeout: 15_000 });
}

const releases: Array<() => void> = [];
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

describe('installCrashRedaction in a real process', () => {
  it('prints a scrubbed uncaught exception with its stack and exits non-zero', () => {
    const child = runChild('throw', 'yes');

    expect(child.status).toBe(1);
    expect(child.stderr).toContain('Uncaught exception: Error: provider rejected [REDACTED]');
    expect(child.stderr).toContain('crash-child.ts');
    expect(child.stderr).not.toContain(CANARY);
  });

  it('prints a scrubbed unhandled rejection and exits non-zero', () => {
    const child = runChild('reject', 'yes');

    expect(child.status).toBe(1);
    expect(child.stderr).toContain('Unhandled rejection: Error: provider rejected [REDACTED]');
    expect(child.stderr).not.toContain(CANARY);
  });

  it('is what stands between the key and stderr (without it Node prints the key)', () => {
    const child = runChild('throw', 'no');

    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain(CANARY);
  });
});

describe('formatCrash', () => {
  it('scrubs the error in place, message, stack, properties and cause, for any later printer', () => {
    releases.push(holdSecret(CANARY));
    const err = Object.assign(new Error(`failed with ${CANARY}`), {
      apiKey: CANARY,
      cause: new Error(`inner ${CANARY}`),
    });

    const text = formatCrash(err);

    expect(text).not.toContain(CANARY);
    expect(err.message).toBe('failed with [REDACTED]');
    expect(err.stack).not.toContain(CANARY);
    expect(err.apiKey).toBe('[REDACTED]');
    expect((err.cause as Error).message).toBe('inner [REDACTED]');
  });

  it('handles non-error rejections', () => {
    releases.push(holdSecret(CANARY));

    expect(formatCrash({ reason: `bad ${CANARY}` })).not.toContain(CANARY);
    expect(formatCrash(`plain ${CANARY}`)).not.toContain(CANARY);
  });

  it('installs and uninstalls its process handlers', () => {
    const before = process.listenerCount('uncaughtException');

    const uninstall = installCrashRedaction({ write: () => undefined, exit: () => undefined });
    const during = process.listenerCount('uncaughtException');
    uninstall();

    expect(during).toBe(before + 1);
    expect(process.listenerCount('uncaughtException')).toBe(before);
  });
});
