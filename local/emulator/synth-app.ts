import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { parseConfig, type RekeyConfig, type RekeyConfigInput } from '../../lib/config';
import { RekeyStack } from '../../lib/rekey-stack';
import type { SynthOptions, Template } from './synth';

/**
 * Synthesizes the real CDK app's stack for a configuration, in-process, into a temporary cloud assembly that is
 * removed afterwards. The local rehearsal and the tests deploy and run exactly what this returns.
 */
export function synthesize(
  config: RekeyConfig | RekeyConfigInput,
  options: SynthOptions = {},
): { template: Template; config: RekeyConfig } {
  const parsed = parseConfig(config);
  const outdir = mkdtempSync(join(tmpdir(), 'rekey-synth-'));
  try {
    const app = new App({
      outdir,
      context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
    });
    const stack = new RekeyStack(app, parsed.stackName, { config: parsed });
    const assembly = app.synth();
    return { template: assembly.getStackByName(stack.stackName).template as Template, config: parsed };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
