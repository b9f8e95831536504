import { GITHUB_EVENT, SCANNER_EVENT } from '../../../contract';
import * as z from '../../common/zod';
import { MalformedFindingError } from '../errors';
import { FindingSchema } from '../finding';
import { envelope, issuesOf, type Normalised, type SourceNormaliser } from './types';

/** Finding sources only rekey's own normalisers may claim (so a custom event cannot shadow their duplicates). */
const RESERVED_SOURCES = new Set(['github', 'aws-health', 'security-hub', 'guardduty']);

function findingEvent(kind: { source: string; detailType: string }, fixedSource?: string): SourceNormaliser {
  const schema = envelope(z.unknown());
  const eventSource = kind.source;
  return {
    eventSource,
    detailTypes: [kind.detailType],
    normalise(event: unknown): Normalised {
      const e = schema.safeParse(event);
      if (!e.success) throw new MalformedFindingError(eventSource, issuesOf(e.error));
      const parsed = FindingSchema.safeParse(e.data.detail);
      if (!parsed.success)
        throw new MalformedFindingError(
          eventSource,
          issuesOf(parsed.error).map((i) => `detail.${i}`),
        );
      const finding = parsed.data;
      if (fixedSource !== undefined && finding.source !== fixedSource) {
        throw new MalformedFindingError(eventSource, [`detail.source: must be "${fixedSource}"`]);
      }
      if (fixedSource === undefined && RESERVED_SOURCES.has(finding.source)) {
        throw new MalformedFindingError(eventSource, [
          `detail.source: "${finding.source}" is reserved for rekey's own intake`,
        ]);
      }
      return { findings: [finding], ignored: [] };
    },
  };
}

/** `rekey.scanner` / `Secret Exposed`: gitleaks, trufflehog, `rekey report-leak` or any CI job (docs/scanner-events.md). */
export const scannerEvent = findingEvent(SCANNER_EVENT);

/** `rekey.github` / `Secret Exposed`: what the GitHub webhook receiver puts on the bus. */
export const githubEvent = findingEvent(GITHUB_EVENT, 'github');
