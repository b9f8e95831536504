import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseConfig, type RekeyConfigInput } from '../../lib/config';
import { RekeyStack } from '../../lib/rekey-stack';

/** The config the infra tests synthesize: two generated keys, one per fleet, plus one aws-iam key. */
export const TEST_CONFIG: RekeyConfigInput = {
  keys: [
    { name: 'agents/support/internal', provider: 'generated', schedule: 'rate(30 days)', fleets: ['support'] },
    { name: 'agents/research/internal', provider: 'generated', schedule: 'rate(4 hours)', fleets: ['research'] },
    { name: 'agents/research/aws', provider: 'aws-iam', options: { userName: 'research-agent' }, fleets: ['research'] },
  ],
  fleets: [{ name: 'support' }, { name: 'research' }],
  // The on-call operator's role (test/infra/policy-evaluation.ts) reports leaks by hand, as a named scanner.
  intake: { scannerPrincipals: ['arn:aws:iam::111111111111:role/operator'] },
};

/**
 * Synthesizes a rekey stack into a temporary directory that is removed afterwards (a bare `new App()` would
 * leave cdk.out folders in the system temp directory). Bundling is skipped: infra tests need the template.
 */
export function synthStack(config: RekeyConfigInput = TEST_CONFIG): {
  app: App;
  stack: RekeyStack;
  template: Template;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'rekey-infra-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new RekeyStack(app, 'Rekey', {
      config: parseConfig(config),
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    const template = Template.fromStack(stack);
    return { app, stack, template };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
