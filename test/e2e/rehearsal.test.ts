import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entriesFromFindingFile } from '../../local/rehearsal/findings-file';
import { runRehearsal } from '../../local/rehearsal/rehearsal';
import { writeRehearsalOutputs } from '../../local/rehearsal/rehearsal-output';

// Generated tokens are rk_ + 40 alphanumerics, the in-house key service's keys inh_ and its admin key inadm_ + 40:
// none may be printed, reported or drawn.
const KEY_MATERIAL = [/rk_[A-Za-z0-9]{40}/, /inh_[A-Za-z0-9]{40}/, /inadm_[A-Za-z0-9]{40}/];

describe('the local rehearsal (npm start)', () => {
  it('rotates on schedule and after a finding with zero failed requests, kills the exposed key, heals a dead key', async () => {
    const lines: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'rekey-rehearsal-'));
    try {
      const report = await runRehearsal({ agents: 20, write: (line) => lines.push(line) });
      writeRehearsalOutputs(report, { report: join(dir, 'report.json'), picture: join(dir, 'timeline.svg') });

      expect(report.totalRequests).toBeGreaterThan(100);
      expect(report.failedRequests).toBe(0);
      expect(report.exposedKeyRevoked).toBe(true);
      expect(report.exposureWindowMs).toBeGreaterThan(0);
      // Every agent reads each version it moves to once: the first, the scheduled and the emergency one.
      expect(report.getSecretValueCalls).toBe(report.agents * 3);
      const rehearsed = report.keys.find((k) => k.secretName === report.secretName);
      expect(rehearsed?.versions.filter((v) => v.stages.includes('AWSCURRENT'))).toHaveLength(1);
      expect(rehearsed?.versions.filter((v) => v.status === 'revoked' && v.revokedAt).length).toBeGreaterThanOrEqual(2);

      // The key the provider killed under its fleet: reported, confirmed once, rotated; none failed once healed.
      const dead = report.deadKey;
      if (!dead) throw new Error('the dead-key scenario did not run');
      expect(dead.newVersionId).not.toBe(dead.deadVersionId);
      expect(dead.newKeyLive).toBe(true);
      expect(dead.reports.dead).toBe(1);
      expect(dead.firstReportAt).toBeGreaterThan(dead.killedAt);
      expect(dead.confirmedAt).toBeGreaterThanOrEqual(dead.firstReportAt ?? Number.POSITIVE_INFINITY);
      expect(dead.newKeyCurrentAt).toBeGreaterThan(dead.confirmedAt ?? Number.POSITIVE_INFINITY);
      expect(dead.fleetOnNewKeyAt).toBeGreaterThanOrEqual(dead.newKeyCurrentAt);
      expect(report.deadKeyFailedRequests).toEqual({
        untilNewKeyCurrent: expect.any(Number),
        afterNewKeyCurrent: 0,
        beforeKill: 0,
      });
      expect(report.deadKeyFailedRequests?.untilNewKeyCurrent).toBeGreaterThan(0);
      const healed = report.keys.find((k) => k.secretName === dead.secretName);
      expect(healed?.versions.find((v) => v.versionId === dead.newVersionId)?.stages).toContain('AWSCURRENT');
      expect(healed?.versions.find((v) => v.versionId === dead.deadVersionId)?.status).toBe('revoked');
      expect(lines.join('\n')).toContain('key-report function: the provider refuses the key');

      const written = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      for (const field of [
        'exposureWindowMs',
        'fleetConvergenceMs',
        'totalRequests',
        'failedRequests',
        'getSecretValueCalls',
        'deadKeyFailedRequests',
        'deadKey',
        'keys',
      ]) {
        expect(written).toHaveProperty(field);
      }
      const svg = readFileSync(join(dir, 'timeline.svg'), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg.match(/<text\b/g)?.length).toBe(svg.match(/<\/text>/g)?.length);
      expect(svg).toContain(`exposure window ${report.exposureWindowMs} ms`);
      expect(svg).toContain(`dead key: kill → new key current ${dead.newKeyCurrentAt - dead.killedAt} ms`);

      for (const output of [lines.join('\n'), JSON.stringify(report), svg]) {
        for (const pattern of KEY_MATERIAL) expect(output).not.toMatch(pattern);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('plays a scanner event file and reports what the intake did with it', async () => {
    const findings = entriesFromFindingFile(
      readFileSync('test/fixtures/findings/aws-health-credentials-exposed.json', 'utf8'),
    );

    const report = await runRehearsal({ agents: 5, deadKeyAgents: 0, findings, print: false });

    expect(report.findings).toEqual([expect.objectContaining({ source: 'aws.health', outcome: 'handled' })]);
    expect(JSON.stringify(report.findings[0]?.result)).toContain('"action":"unmatched"');
    expect(report.exposedKeyRevoked).toBeNull();
    expect(report.failedRequests).toBe(0);
    expect(report.deadKey).toBeNull();
  }, 120_000);
});
