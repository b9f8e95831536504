import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type Finding, FindingSchema, identifyLeakedValue } from '../../../lambdas/intake/finding';
import { fingerprint } from '../../client/src/fingerprint';
import {
  type ParsedReport,
  parseJson,
  type ReportFormat,
  ReportFormatError,
  type SkippedResult,
} from './reports/common';
import { parseGitleaks } from './reports/gitleaks';
import { parseSarif } from './reports/sarif';
import { parseSecretlint } from './reports/secretlint';
import { parseTrufflehog } from './reports/trufflehog';

/**
 * The library behind `rekey report-leak`: turns a leaked key, or the report a scanner wrote, into findings that name
 * the key by fingerprint (computed here, so the key itself never crosses the wire), and puts them on the bus as the
 * custom `rekey.scanner` / `Secret Exposed` event (docs/scanner-events.md). The CLI wiring lives in bin/.
 */

export type { ReportFormat, SkippedResult } from './reports/common';
export { ReportFormatError } from './reports/common';

/** The custom event every finding travels as. */
export const SCANNER_EVENT = { source: 'rekey.scanner', detailType: 'Secret Exposed' } as const;

export const REPORT_FORMATS: readonly ReportFormat[] = ['gitleaks', 'trufflehog', 'secretlint', 'sarif'];

export interface ReportFindings {
  /** The format read (detected, for `auto`). */
  readonly format: ReportFormat;
  readonly findings: readonly Finding[];
  /** Results that name no key rekey can match (a fully redacted value): reported, not sent. */
  readonly skipped: readonly SkippedResult[];
}

/**
 * Reads a scanner's report: gitleaks JSON, trufflehog JSON lines, secretlint JSON or SARIF. Each result becomes a
 * finding with the value's fingerprint (AWS access key ids also by id); a result whose value the report redacted
 * falls back to the hint (prefix…last4) where enough is visible, and is skipped otherwise.
 */
export function findingsFromReport(text: string, format: ReportFormat | 'auto' = 'auto'): ReportFindings {
  const chosen = format === 'auto' ? detectFormat(text) : format;
  let parsed: ParsedReport;
  switch (chosen) {
    case 'gitleaks':
      parsed = parseGitleaks(parseJson(text, 'the gitleaks report'));
      break;
    case 'trufflehog':
      parsed = parseTrufflehog(text);
      break;
    case 'secretlint':
      parsed = parseSecretlint(parseJson(text, 'the secretlint report'));
      break;
    case 'sarif':
      parsed = parseSarif(parseJson(text, 'the SARIF log'));
      break;
    default:
      throw new ReportFormatError(`unknown report format ${String(chosen)}; use one of ${REPORT_FORMATS.join(', ')}`);
  }
  return { format: chosen, findings: dedupe(parsed.findings), skipped: parsed.skipped };
}

/** Which format a report is in, from its shape. */
export function detectFormat(text: string): ReportFormat {
  const trimmed = text.trim();
  if (trimmed === '') throw new ReportFormatError('the report is empty');
  if (trimmed.startsWith('[')) {
    const json = parseJson(trimmed, 'the report');
    const first = Array.isArray(json) ? (json[0] as Record<string, unknown> | undefined) : undefined;
    if (first === undefined) return 'gitleaks';
    if ('RuleID' in first) return 'gitleaks';
    if ('filePath' in first && 'messages' in first) return 'secretlint';
    if ('DetectorName' in first) return 'trufflehog';
    throw new ReportFormatError('a JSON array, but not a gitleaks, secretlint or trufflehog report');
  }
  if (trimmed.startsWith('{')) {
    const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
    if (/"DetectorName"\s*:/.test(firstLine) || /"SourceMetadata"\s*:/.test(firstLine)) return 'trufflehog';
    const json = parseJson(trimmed, 'the report') as Record<string, unknown>;
    if (Array.isArray(json.runs)) return 'sarif';
    if ('DetectorName' in json) return 'trufflehog';
  }
  throw new ReportFormatError('not a gitleaks, trufflehog, secretlint or SARIF report');
}

export interface KeyMeta {
  /** @default - derived from the fingerprint (reporting the same key twice is one finding) */
  readonly findingId?: string;
  /** Who reports it. @default 'report-leak' */
  readonly source?: string;
  /** Where it was found. */
  readonly location?: string;
  readonly reason?: string;
  readonly secretType?: string;
  /** The key is being used by someone else: revoke without waiting for the fleet. @default false */
  readonly abuse?: boolean;
}

/** A finding for a key an operator holds (`rekey report-leak --key -` reads it from stdin): its fingerprint, never the key. */
export function findingFromKey(key: string, meta: KeyMeta = {}): Finding {
  const identity = identifyLeakedValue(key);
  return FindingSchema.parse({
    findingId: meta.findingId ?? `report-leak:${fingerprint(key.trim()).slice(0, 32)}`,
    source: meta.source ?? 'report-leak',
    ...identity,
    abuse: meta.abuse ?? false,
    ...(meta.location ? { location: meta.location } : {}),
    reason: meta.reason ?? 'reported by an operator (rekey report-leak)',
    ...(meta.secretType ? { secretType: meta.secretType } : {}),
    detectedAt: new Date().toISOString(),
  });
}

/** The PutEvents entries for findings: the custom event, its detail the finding (validated again here). */
export function findingEntries(findings: readonly Finding[], busName = 'default'): PutEventsRequestEntry[] {
  return findings.map((f) => ({
    EventBusName: busName,
    Source: SCANNER_EVENT.source,
    DetailType: SCANNER_EVENT.detailType,
    Detail: JSON.stringify(FindingSchema.parse(f)),
  }));
}

export interface PutFindingsResult {
  readonly sent: number;
  readonly failed: readonly {
    readonly findingId: string;
    readonly errorCode?: string;
    readonly errorMessage?: string;
  }[];
}

/** Puts findings on the bus, ten per PutEvents call (its limit), retrying entries EventBridge failed once. */
export async function putFindings(
  client: EventBridgeClient,
  findings: readonly Finding[],
  busName = 'default',
): Promise<PutFindingsResult> {
  const entries = findingEntries(findings, busName);
  let sent = 0;
  const failed: { findingId: string; errorCode?: string; errorMessage?: string }[] = [];
  for (let i = 0; i < entries.length; i += 10) {
    let batch = entries.slice(i, i + 10).map((entry, j) => ({ entry, finding: findings[i + j] as Finding }));
    for (let attempt = 0; attempt < 2 && batch.length > 0; attempt++) {
      const out = await client.send(new PutEventsCommand({ Entries: batch.map((b) => b.entry) }));
      const results = out.Entries ?? [];
      const retry: typeof batch = [];
      batch.forEach((b, j) => {
        const r = results[j];
        if (r?.EventId && !r.ErrorCode) sent++;
        else if (attempt === 0) retry.push(b);
        else failed.push({ findingId: b.finding.findingId, errorCode: r?.ErrorCode, errorMessage: r?.ErrorMessage });
      });
      batch = retry;
    }
  }
  return { sent, failed };
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.source}:${f.findingId}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
