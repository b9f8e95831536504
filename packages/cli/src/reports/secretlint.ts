import { z } from 'zod';
import { classifyKey } from '../../../client/src/patterns';
import { isSkipped, keyIn, leakFinding, type ParsedReport, ReportFormatError } from './common';

/**
 * `secretlint --format json`: an array of `{ filePath, messages[] }`. Each message carries the matched text in
 * `message` and in `data` (e.g. `data.TOKEN`); with `--maskSecrets` both say `***`.
 */
const SecretlintResult = z.looseObject({
  filePath: z.string(),
  messages: z.array(
    z.looseObject({
      ruleId: z.string(),
      messageId: z.string().optional(),
      message: z.string().optional(),
      loc: z.looseObject({ start: z.looseObject({ line: z.number(), column: z.number() }) }).optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

export function parseSecretlint(json: unknown): ParsedReport {
  const parsed = z.array(SecretlintResult).safeParse(json);
  if (!parsed.success) throw new ReportFormatError('not a secretlint JSON report (an array of { filePath, messages })');
  const out: ParsedReport = { findings: [], skipped: [] };
  for (const file of parsed.data) {
    for (const m of file.messages) {
      const line = m.loc?.start.line ?? 0;
      const column = m.loc?.start.column ?? 0;
      const result = leakFinding(matchedValue(m.data, m.message), {
        source: 'secretlint',
        idBase: `${m.ruleId}:${file.filePath}:${line}:${column}`,
        location: `${file.filePath}:${line}`,
        reason: `secretlint rule ${m.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')}`,
        secretType: m.messageId ?? m.ruleId,
      });
      if (isSkipped(result)) out.skipped.push(result);
      else out.findings.push(result);
    }
  }
  return out;
}

/** The matched value: a `data` field shaped like a known key, else the longest `data` string, else a key in the message. */
function matchedValue(data: Record<string, unknown> | undefined, message: string | undefined): string | undefined {
  const strings = Object.values(data ?? {}).filter((v): v is string => typeof v === 'string' && v.length >= 8);
  const known = strings.find((v) => classifyKey(v) !== 'held-secret');
  if (known) return known;
  const longest = [...strings].sort((a, b) => b.length - a.length)[0];
  return longest ?? keyIn(message) ?? (message?.includes('***') ? '***' : undefined);
}
