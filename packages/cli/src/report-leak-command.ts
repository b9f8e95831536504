import { readFile } from 'node:fs/promises';
import type { Finding } from '../../../lambdas/intake/finding';
import { matchFinding } from '../../../lambdas/intake/match';
import { holdSecret } from '../../client/src/held-secrets';
import type { OperatorContext } from './context';
import { OperatorError, UsageError } from './errors';
import { keyNameOf } from './keys';
import { type OutputWriter, shortId } from './output';
import {
  findingFromKey,
  findingsFromReport,
  type PutFindingsResult,
  putFindings,
  REPORT_FORMATS,
  type ReportFormat,
  ReportFormatError,
  type SkippedResult,
} from './report-leak';

export interface ReportLeakOptions {
  /** The leaked key itself (read from stdin by the CLI); only its fingerprint leaves this process. */
  readonly key?: string;
  /** A scanner's report file. */
  readonly from?: string;
  /** @default 'auto' (detected from the report's shape) */
  readonly format?: ReportFormat | 'auto';
  /** The key is being used by someone else: revoke without waiting for the fleet. */
  readonly abuse?: boolean;
  readonly location?: string;
  readonly reason?: string;
  /** The event bus exposure intake listens on. @default - the deployment's `FindingBusName` output (rekey's own bus), else 'default' */
  readonly bus?: string;
  /** Only show what would be reported and what it matches. */
  readonly dryRun?: boolean;
}

export interface ReportLeakResult {
  readonly findings: readonly Finding[];
  readonly skipped: readonly SkippedResult[];
  readonly sent?: PutFindingsResult;
}

/**
 * `rekey report-leak --key-stdin | --from FILE [--format F]`: sends findings to exposure intake as the custom
 * `rekey.scanner` / `Secret Exposed` event (packages/cli/src/report-leak.ts does the reading and sending), after
 * showing which managed key each one names. Intake then rotates or revokes on its own, as for any scanner.
 */
export async function reportLeakCommand(
  ctx: OperatorContext,
  writer: OutputWriter,
  options: ReportLeakOptions,
): Promise<ReportLeakResult> {
  if ((options.key === undefined) === (options.from === undefined)) {
    throw new UsageError(
      'give exactly one of --key-stdin and --from FILE',
      'e.g. `pbpaste | rekey report-leak --key-stdin`',
    );
  }
  if (options.format && options.format !== 'auto' && !REPORT_FORMATS.includes(options.format)) {
    throw new UsageError(`unknown report format ${options.format}`, `Use one of ${REPORT_FORMATS.join(', ')}.`);
  }
  let findings: readonly Finding[];
  let skipped: readonly SkippedResult[] = [];
  const release = options.key ? holdSecret(options.key) : () => {};
  try {
    if (options.key !== undefined) {
      findings = [
        findingFromKey(options.key, {
          abuse: options.abuse,
          ...(options.location ? { location: options.location } : {}),
          ...(options.reason ? { reason: options.reason } : {}),
        }),
      ];
    } else {
      const text = await readFile(options.from as string, 'utf8').catch((err: Error) => {
        throw new UsageError(`cannot read ${options.from}: ${err.message}`, 'Pass the report file the scanner wrote.');
      });
      try {
        const parsed = findingsFromReport(text, options.format ?? 'auto');
        findings = parsed.findings.map((f) => ({ ...f, abuse: options.abuse ?? f.abuse }));
        skipped = parsed.skipped;
        writer.out(
          `Read ${parsed.findings.length} finding${parsed.findings.length === 1 ? '' : 's'} from ${options.from} (${parsed.format}).`,
        );
      } catch (err) {
        if (err instanceof ReportFormatError) {
          throw new UsageError(err.message, `Pass --format (${REPORT_FORMATS.join(', ')}) if detection guessed wrong.`);
        }
        throw err;
      }
    }
  } finally {
    release();
  }

  for (const finding of findings) {
    const match = await matchFinding(finding, ctx.inventory);
    const named = match.versions
      .filter((v) => v.secretName.startsWith(ctx.secretPrefix))
      .map((v) => `${keyNameOf(ctx, v.secretName)} version ${shortId(v.versionId)} (${v.status})`);
    const where = finding.location ? ` at ${finding.location}` : '';
    writer.out(
      named.length > 0
        ? `  ${finding.findingId}${where}: matches ${named.join(', ')} by ${match.by}${finding.abuse ? ' — abuse: revoke at once' : ''}`
        : `  ${finding.findingId}${where}: matches no managed key (intake tells the ops topic)`,
    );
  }
  for (const s of skipped) writer.out(`  skipped ${s.ref}: ${s.reason}`);
  if (options.dryRun || findings.length === 0) {
    writer.out(findings.length === 0 ? 'Nothing to report.' : 'Dry run: nothing sent.');
    return { findings, skipped };
  }
  const bus = options.bus ?? ctx.outputs.FindingBusName ?? 'default';
  const sent = await putFindings(ctx.clients.events, findings, bus);
  writer.out(
    `Sent ${sent.sent} finding${sent.sent === 1 ? '' : 's'} to exposure intake (event bus ${bus}). ` +
      'Follow with `rekey status`.',
  );
  if (sent.failed.length > 0) {
    throw new OperatorError(
      `EventBridge refused ${sent.failed.length} finding${sent.failed.length === 1 ? '' : 's'}: ${sent.failed
        .map((f) => `${f.findingId} (${f.errorCode ?? 'no code'})`)
        .join(', ')}`,
      'Run the command again (duplicates are harmless: intake de-duplicates by finding id), or rotate by hand with `rekey rotate <key> --emergency`.',
    );
  }
  return { findings, skipped, sent };
}
