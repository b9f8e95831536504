import { type Finding, FindingSchema, hintFromRedacted, identifyLeakedValue } from '../../../../lambdas/intake/finding';
import { KEY_PATTERNS } from '../../../client/src/patterns';
import { redact } from '../../../client/src/redact';

/** A scanner report format `rekey report-leak --from FILE` reads. */
export type ReportFormat = 'gitleaks' | 'trufflehog' | 'secretlint' | 'sarif';

/** A result the report holds that rekey could not turn into a finding, and why (no key material in either). */
export interface SkippedResult {
  readonly ref: string;
  readonly reason: string;
}

export interface ParsedReport {
  readonly findings: Finding[];
  readonly skipped: SkippedResult[];
}

/** The report is not in the format it claims (or in none rekey reads). */
export class ReportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportFormatError';
  }
}

/** What a report says about one leaked value, apart from the value. */
export interface LeakMeta {
  readonly source: string;
  /** Stable across re-runs of the scanner on the same code, so a re-report is a duplicate. */
  readonly idBase: string;
  readonly location?: string;
  readonly reason?: string;
  readonly secretType?: string;
  readonly detectedAt?: string;
}

const REDACTION_MARKERS = /REDACTED|\*{3,}|…|\.{3}/;

/**
 * The finding for one reported value: its fingerprint (and, for an AWS access key id, the id) when the report holds
 * the value; its hint when the report holds only a redacted form rekey can read; else a skipped result. The value is
 * not kept: only its identity leaves this function.
 */
export function leakFinding(value: string | undefined, meta: LeakMeta): Finding | SkippedResult {
  const v = value?.trim() ?? '';
  const base = {
    source: meta.source,
    abuse: false,
    ...(meta.location ? { location: redact(meta.location).slice(0, 1000) } : {}),
    ...(meta.reason ? { reason: redact(meta.reason).slice(0, 500) } : {}),
    ...(meta.secretType ? { secretType: meta.secretType.slice(0, 128) } : {}),
    ...(meta.detectedAt ? { detectedAt: meta.detectedAt.slice(0, 64) } : {}),
  };
  if (v.length > 0 && !REDACTION_MARKERS.test(v)) {
    return validFinding({ ...base, ...identifyLeakedValue(v), findingId: boundedId(meta.idBase) }, meta.idBase);
  }
  const keyHint = v ? hintFromRedacted(v) : undefined;
  if (keyHint) return validFinding({ ...base, keyHint, findingId: boundedId(meta.idBase) }, meta.idBase);
  return {
    ref: meta.idBase.slice(0, 200),
    reason: v
      ? 'the report holds only a redacted value with too little of the key to name it'
      : 'the report holds no value',
  };
}

/** The finding, or a skipped result naming the fields that did not validate (never their values). */
export function validFinding(input: Record<string, unknown>, ref: string): Finding | SkippedResult {
  const parsed = FindingSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
  return { ref: ref.slice(0, 200), reason: `not a valid finding (bad fields: ${fields})` };
}

export function isSkipped(x: Finding | SkippedResult): x is SkippedResult {
  return !('findingId' in x);
}

/** A key-shaped substring of a text (a message, a snippet), by the shapes the redactor knows; else undefined. */
export function keyIn(text: string | undefined): string | undefined {
  if (!text) return undefined;
  for (const { kind, re } of KEY_PATTERNS) {
    if (kind === 'bearer' || kind === 'api-key-field') continue;
    const m = new RegExp(re.source, re.flags.replace('g', '')).exec(text);
    if (m?.[0]) return m[0];
  }
  return undefined;
}

/** Parses JSON without echoing the input in the error (JSON.parse quotes it, and it holds secrets). */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ReportFormatError(`${what} is not JSON`);
  }
}

function boundedId(id: string): string {
  return id.length <= 256 ? id : `${id.slice(0, 190)}…${id.slice(-60)}`;
}
