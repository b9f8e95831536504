import { describe, expect, it } from 'vitest';
import { runRehearsal } from '../../local/rehearsal';

describe('the local rehearsal (npm start)', () => {
  it('rotates on schedule and after a finding with zero failed agent requests, and kills the exposed key', async () => {
    const lines: string[] = [];

    const report = await runRehearsal({ agents: 20, write: (line) => lines.push(line) });

    expect(report.totalRequests).toBeGreaterThan(100);
    expect(report.failedRequests).toBe(0);
    expect(report.exposedKeyRevoked).toBe(true);
    // Every agent reads each version it moves to once: the first, the scheduled and the emergency one.
    expect(report.getSecretValueCalls).toBe(report.agents * 3);
    const rehearsed = report.keys.find((k) => k.secretName === report.secretName);
    expect(rehearsed?.versions.filter((v) => v.stages.includes('AWSCURRENT'))).toHaveLength(1);
    expect(rehearsed?.versions.filter((v) => v.status === 'revoked').length).toBeGreaterThanOrEqual(2);
    const printed = lines.join('\n');
    expect(printed).toContain('exposure window');
    // Generated tokens look like rk_ + 40 alphanumerics: none may be printed or reported.
    expect(printed).not.toMatch(/rk_[A-Za-z0-9]{40}/);
    expect(JSON.stringify(report)).not.toMatch(/rk_[A-Za-z0-9]{40}/);
  }, 120_000);
});
