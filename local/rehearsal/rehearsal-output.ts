import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { figuresOf, type RehearsalReport } from './rehearsal';
import { timelineSvg } from './timeline-svg';

/**
 * The timeline picture of a rehearsal: every step, the exposure window, time to revocation and the dead key's time to
 * a new current key, the figures.
 */
export function rehearsalPicture(report: RehearsalReport): string {
  const finding = report.timeline.find((e) => e.phase === 'exposure');
  const spans = [];
  if (finding && report.exposureWindowMs !== null) {
    spans.push({
      label: `exposure window ${report.exposureWindowMs} ms`,
      from: finding.t,
      to: finding.t + report.exposureWindowMs,
      color: '#d1242f',
    });
  }
  if (finding && report.timeToRevocationMs !== null) {
    spans.push({
      label: `time to revocation ${report.timeToRevocationMs} ms`,
      from: finding.t,
      to: finding.t + report.timeToRevocationMs,
      color: '#8250df',
    });
  }
  const dead = report.deadKey;
  if (dead) {
    spans.push({
      label: `dead key: kill → new key current ${dead.newKeyCurrentAt - dead.killedAt} ms`,
      from: dead.killedAt,
      to: dead.newKeyCurrentAt,
      color: '#bf8700',
    });
  }
  return timelineSvg({
    title: `rekey rehearsal: ${report.secretName}, ${report.agents} agents`,
    entries: report.timeline,
    figures: figuresOf(report),
    spans,
  });
}

/** Writes the JSON report and the SVG picture, making their folders. */
export function writeRehearsalOutputs(report: RehearsalReport, files: { report: string; picture: string }): void {
  for (const [file, text] of [
    [files.report, `${JSON.stringify(report, null, 2)}\n`],
    [files.picture, rehearsalPicture(report)],
  ] as const) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
