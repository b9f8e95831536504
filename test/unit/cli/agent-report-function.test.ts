import { describe, expect, it } from 'vitest';
import { reportTarget, sidecarOptions } from '../../../packages/cli/src/agent-command';
import { UsageError } from '../../../packages/cli/src/errors';

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
  it("gives the sidecar a dead-key reporter that invokes the fleet's alias", () => {
    const options = sidecarOptions({
      ...flags,
      reportFunction: 'arn:aws:lambda:eu-west-1:111111111111:function:Rekey-KeyReport:fleet-support',
    });

    expect(typeof options.deadKeyReporter?.report).toBe('function');
  });

  it('invokes a qualified name or ARN as given, and an unqualified one through the alias --fleet names', () => {
    const arn = 'arn:aws:lambda:eu-west-1:111111111111:function:Rekey-KeyReport';

    expect(reportTarget(`${arn}:fleet-support`, undefined)).toEqual({ functionName: `${arn}:fleet-support` });
    expect(reportTarget('Rekey-KeyReport:fleet-support', 'other')).toEqual({
      functionName: 'Rekey-KeyReport:fleet-support',
    });
    expect(reportTarget(arn, 'support')).toEqual({ functionName: arn, qualifier: 'fleet-support' });
    expect(reportTarget('Rekey-KeyReport', 'support')).toEqual({
      functionName: 'Rekey-KeyReport',
      qualifier: 'fleet-support',
    });
  });

  it('refuses an unqualified function without --fleet (the function would refuse every report)', () => {
    expect(() => sidecarOptions({ ...flags, reportFunction: 'Rekey-KeyReport' })).toThrow(UsageError);
    expect(() => reportTarget('Rekey-KeyReport', 'not a fleet')).toThrow(UsageError);
  });

  it('gives the sidecar no reporter without the flag', () => {
    const options = sidecarOptions(flags);

    expect(options.deadKeyReporter).toBeUndefined();
  });
});
