import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { RekeyConfigInput } from '../../../lib/config';
import { synthStack, TEST_CONFIG } from '../../support/synth';

/** The infra tests' config plus the GitHub source, so every function and every finding rule is in the template. */
export const FULL_CONFIG: RekeyConfigInput = {
  ...TEST_CONFIG,
  github: { webhookSecretName: 'rekey-github/webhook', tokenSecretName: 'rekey-github/token' },
};

let full: Template | undefined;
/** The stack synthesized once per test file from FULL_CONFIG. */
export function fullTemplate(): Template {
  full ??= synthStack(FULL_CONFIG).template;
  return full;
}

export type HandlerDir = 'rotation' | 'intake' | 'revocation' | 'github-webhook' | 'key-report';
export const HANDLERS: readonly HandlerDir[] = ['rotation', 'intake', 'revocation', 'github-webhook', 'key-report'];

interface FunctionResource {
  Properties: { Environment?: { Variables?: Record<string, unknown> } };
}

/** rekey's functions in a template by their handler folder (RekeyFunction sets POWERTOOLS_SERVICE_NAME `rekey-<dir>`). */
export function functionsByHandler(
  template: Template,
): Map<HandlerDir, { logicalId: string; env: Record<string, unknown> }> {
  const found = new Map<HandlerDir, { logicalId: string; env: Record<string, unknown> }>();
  for (const [logicalId, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    const env = (fn as FunctionResource).Properties.Environment?.Variables ?? {};
    const service = env.POWERTOOLS_SERVICE_NAME;
    const dir = HANDLERS.find((h) => service === `rekey-${h}`);
    if (dir) found.set(dir, { logicalId, env });
  }
  return found;
}

/**
 * Runs `fn` with a bare stack in an app whose output goes to a temporary directory, removed afterwards, and which
 * bundles no Lambda code (the template is what these tests read).
 */
export function inBareStack<T>(fn: (stack: Stack) => T): T {
  const outdir = mkdtempSync(join(tmpdir(), 'rekey-contract-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    return fn(new Stack(app, 'Bare', { env: { account: '111111111111', region: 'eu-west-1' } }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
