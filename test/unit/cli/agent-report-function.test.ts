import { describe, expect, it } from 'vitest';
import { sidecarOptions } from '../../../packages/cli/src/agent-command';

/** `rekey agent --report-function`: the sidecar reports a current key still refused after refreshNow. */

const flags = {
  secret: ['rekey/a'],
  port: 0,
  host: '127.0.0.1',
  pollSeconds: 0,
  refreshCooldownMs: 1000,
  notificationDelayMs: 250,
  logLevel: 'info' as const,
  agentId: 'support/pod-1',
};

describe('rekey agent --report-function', () => {
  it('gives the sidecar a dead-key reporter that invokes the named function', () => {
    const options = sidecarOptions({ ...flags, reportFunction: 'Rekey-KeyReport' });

    expect(typeof options.deadKeyReporter?.report).toBe('function');
  });

  it('gives the sidecar no reporter without the flag', () => {
    const options = sidecarOptions(flags);

    expect(options.deadKeyReporter).toBeUndefined();
  });
});
