import { z } from 'zod';
import { fingerprint } from '../../../client/src/fingerprint';
import { isSkipped, keyIn, leakFinding, type ParsedReport, ReportFormatError } from './common';

/** SARIF 2.1.0 (gitleaks, secretlint's SARIF formatter, …): `runs[].results[]`, the match in the region's snippet. */
const SarifLog = z.looseObject({
  version: z.string().optional(),
  runs: z.array(
    z.looseObject({
      tool: z.looseObject({ driver: z.looseObject({ name: z.string() }) }),
      results: z
        .array(
          z.looseObject({
            ruleId: z.string().optional(),
            message: z.looseObject({ text: z.string().optional() }).optional(),
            locations: z
              .array(
                z.looseObject({
                  physicalLocation: z
                    .looseObject({
                      artifactLocation: z.looseObject({ uri: z.string().optional() }).optional(),
                      region: z
                        .looseObject({
                          startLine: z.number().optional(),
                          snippet: z.looseObject({ text: z.string().optional() }).optional(),
                        })
                        .optional(),
                    })
                    .optional(),
                }),
              )
              .optional(),
            partialFingerprints: z.record(z.string(), z.string()).optional(),
          }),
        )
        .default([]),
    }),
  ),
});

export function parseSarif(json: unknown): ParsedReport {
  const parsed = SarifLog.safeParse(json);
  if (!parsed.success) throw new ReportFormatError('not a SARIF log (runs[].results[])');
  const out: ParsedReport = { findings: [], skipped: [] };
  for (const run of parsed.data.runs) {
    const tool =
      run.tool.driver.name
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[^a-z0-9]+/, '') || 'sarif';
    for (const r of run.results) {
      const loc = r.locations?.[0]?.physicalLocation;
      const uri = loc?.artifactLocation?.uri ?? '?';
      const line = loc?.region?.startLine ?? 0;
      const snippet = loc?.region?.snippet?.text?.trim();
      const value = matchedValue(snippet, r.message?.text);
      const commit = r.partialFingerprints?.commitSha;
      const rule = r.ruleId ?? 'result';
      const result = leakFinding(value, {
        source: tool,
        idBase: `${commit ?? ''}:${uri}:${rule}:${line}${value && !/REDACTED|\*{3}|…|\.{3}/.test(value) ? `:${fingerprint(value).slice(0, 12)}` : ''}`,
        location: `${uri}:${line}${commit ? `@${commit.slice(0, 12)}` : ''}`,
        reason: `${tool} rule ${rule}`,
        secretType: rule,
      });
      if (isSkipped(result)) out.skipped.push(result);
      else out.findings.push(result);
    }
  }
  return out;
}

/** A key-shaped part of the snippet, else the snippet when it is one token, else a key in the message. */
function matchedValue(snippet: string | undefined, message: string | undefined): string | undefined {
  const inSnippet = keyIn(snippet);
  if (inSnippet) return inSnippet;
  if (snippet && !/\s/.test(snippet) && snippet.length >= 4) return snippet;
  return keyIn(message) ?? snippet;
}
