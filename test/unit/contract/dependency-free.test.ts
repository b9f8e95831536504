import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');

describe('the contract module', () => {
  it('bundles from its own files alone: no aws-cdk-lib, zod, AWS SDK or Node built-in', async () => {
    // A neutral-platform bundle resolves every import it meets; anything outside contract/ would show as an input.
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ['contract/index.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'neutral',
      logLevel: 'silent',
    });

    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(1);
    expect(inputs.filter((path) => !path.startsWith('contract/'))).toEqual([]);
  });
});
