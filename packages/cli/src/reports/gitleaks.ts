import { z } from 'zod';
import { isSkipped, leakFinding, type ParsedReport, ReportFormatError } from './common';

/** One result of `gitleaks detect --report-format json` (with `--redact`, Secret and Match say REDACTED). */
const GitleaksResult = z.looseObject({
  RuleID: z.string(),
  Secret: z.string().optional(),
  File: z.string().optional(),
  StartLine: z.number().optional(),
  Commit: z.string().optional(),
  Date: z.string().optional(),
  Fingerprint: z.string().optional(),
});

export function parseGitleaks(json: unknown): ParsedReport {
  const parsed = z.array(GitleaksResult).safeParse(json);
  if (!parsed.success) throw new ReportFormatError('not a gitleaks JSON report (an array of results with RuleID)');
  const out: ParsedReport = { findings: [], skipped: [] };
  for (const r of parsed.data) {
    const where = `${r.File ?? '?'}:${r.StartLine ?? '?'}`;
    const result = leakFinding(r.Secret, {
      source: 'gitleaks',
      idBase: r.Fingerprint || `${r.Commit ?? ''}:${r.File ?? ''}:${r.RuleID}:${r.StartLine ?? ''}`,
      location: r.Commit ? `${where}@${r.Commit.slice(0, 12)}` : where,
      reason: `gitleaks rule ${r.RuleID}`,
      secretType: r.RuleID,
      detectedAt: r.Date,
    });
    if (isSkipped(result)) out.skipped.push(result);
    else out.findings.push(result);
  }
  return out;
}
