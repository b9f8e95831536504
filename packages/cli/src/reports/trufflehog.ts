import { z } from 'zod';
import { isAwsAccessKeyId } from '../../../../lambdas/intake/finding';
import { fingerprint } from '../../../client/src/fingerprint';
import { isSkipped, leakFinding, type ParsedReport, parseJson, ReportFormatError, validFinding } from './common';

/** One line of `trufflehog … --json`. */
const TrufflehogResult = z.looseObject({
  DetectorName: z.string(),
  Verified: z.boolean().optional(),
  Raw: z.string().optional(),
  RawV2: z.string().optional(),
  Redacted: z.string().optional(),
  SourceMetadata: z.looseObject({ Data: z.record(z.string(), z.unknown()).optional() }).optional(),
});
type Result = z.infer<typeof TrufflehogResult>;

/** trufflehog writes JSON lines; an array of the same objects is accepted too. */
export function parseTrufflehog(text: string): ParsedReport {
  const trimmed = text.trim();
  const items: unknown[] = trimmed.startsWith('[')
    ? (parseJson(trimmed, 'the trufflehog report') as unknown[])
    : trimmed
        .split(/\r?\n/)
        .filter((l) => l.trim().startsWith('{'))
        .map((l, i) => parseJson(l, `line ${i + 1} of the trufflehog report`));
  const out: ParsedReport = { findings: [], skipped: [] };
  items.forEach((item, i) => {
    const parsed = TrufflehogResult.safeParse(item);
    if (!parsed.success) {
      // trufflehog also logs JSON lines without a detector (progress, errors): not results.
      if (item && typeof item === 'object' && !('DetectorName' in item)) return;
      throw new ReportFormatError(`result ${i + 1} of the trufflehog report has no DetectorName`);
    }
    const r = parsed.data;
    const where = locationOf(r);
    const meta = {
      source: 'trufflehog',
      location: where.text,
      reason: `trufflehog detector ${r.DetectorName}${r.Verified ? ' (verified live)' : ''}`,
      secretType: r.DetectorName,
      ...(where.timestamp ? { detectedAt: where.timestamp } : {}),
    };
    const raw = r.Raw?.trim() ?? '';
    // AWS: Raw is the access key id, RawV2 the id followed by the secret access key.
    if (isAwsAccessKeyId(raw)) {
      const secret = r.RawV2?.startsWith(raw) ? r.RawV2.slice(raw.length) : '';
      const result = validFinding(
        {
          ...meta,
          findingId: `${r.DetectorName}:${where.key}:${fingerprint(raw).slice(0, 16)}`.slice(0, 256),
          abuse: false,
          keyId: raw,
          ...(secret ? { fingerprint: fingerprint(secret) } : {}),
        },
        `${r.DetectorName}:${where.key}`,
      );
      if (isSkipped(result)) out.skipped.push(result);
      else out.findings.push(result);
      return;
    }
    const value = raw || r.RawV2 || r.Redacted;
    const idTail = value ? fingerprint(value.trim()).slice(0, 16) : `${i}`;
    const result = leakFinding(value, { ...meta, idBase: `${r.DetectorName}:${where.key}:${idTail}` });
    if (isSkipped(result)) out.skipped.push(result);
    else out.findings.push(result);
  });
  return out;
}

function locationOf(r: Result): { text: string; key: string; timestamp?: string } {
  const data = r.SourceMetadata?.Data ?? {};
  const [kind, raw] = Object.entries(data)[0] ?? ['unknown', {}];
  const d = (raw ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : undefined);
  const file = str('file') ?? str('path') ?? str('link') ?? '?';
  const line = str('line') ?? '?';
  const commit = str('commit');
  const repo = str('repository');
  const text = `${repo ? `${repo} ` : ''}${file}:${line}${commit ? `@${commit.slice(0, 12)}` : ''}`;
  return { text, key: `${kind}:${repo ?? ''}:${commit ?? ''}:${file}:${line}`, timestamp: str('timestamp') };
}
