import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { parseConfig, type RekeyConfig, type RekeyConfigInput } from '../../lib/config';
import { RekeyStack } from '../../lib/rekey-stack';

/** A CloudFormation template as JSON. */
export interface Template {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown }>;
  readonly [k: string]: unknown;
}

export interface SynthOptions {
  /** Bundle the Lambda code with esbuild (only needed to deploy or to measure bundles). @default false */
  readonly bundle?: boolean;
}

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

/** The first resource of a type whose logical id starts with `prefix`. */
export function findResource(template: Template, type: string, prefix = ''): [string, Template['Resources'][string]] {
  const hit = Object.entries(template.Resources).find(([id, r]) => r.Type === type && id.startsWith(prefix));
  if (!hit) throw new Error(`template has no ${type}${prefix ? ` named ${prefix}…` : ''}`);
  return hit;
}
