import type { TimelineEntry } from './timeline';

export interface TimelinePicture {
  readonly title: string;
  readonly entries: readonly TimelineEntry[];
  /** Figures printed under the chart, label → value. */
  readonly figures: readonly (readonly [string, string])[];
  /** Spans drawn as bars under the steps, e.g. the exposure window. */
  readonly spans?: readonly { label: string; from: number; to: number; color: string }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const PHASE_COLORS = ['#eef4ff', '#fff4e5', '#fdecec', '#ecf8ef', '#f3eefe'];

/**
 * Draws the rehearsal's timeline as an SVG: one row per step (a dot at its time, its text beside it), rows shaded by
 * phase, the spans that matter (exposure window, time to revocation) as bars, and the figures below. The text comes
 * from the timeline, which holds ids and versions only.
 */
export function timelineSvg(picture: TimelinePicture): string {
  const entries = picture.entries;
  const start = Math.min(...entries.map((e) => e.t));
  const end = Math.max(...entries.map((e) => e.t), start + 1);
  const width = 1400;
  const left = 110;
  const right = 30;
  const top = 70;
  const row = 17;
  const spans = picture.spans ?? [];
  const x = (t: number) => left + ((t - start) / (end - start)) * (width - left - right);
  const chartBottom = top + entries.length * row;
  const spansBottom = chartBottom + 12 + spans.length * 24;
  const height = spansBottom + 30 + picture.figures.length * 22 + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<title>${esc(picture.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="20" y="30" font-size="18" font-weight="bold">${esc(picture.title)}</text>`,
  ];
  // phase bands
  const phases = [...new Set(entries.map((e) => e.phase))];
  phases.forEach((phase, i) => {
    const first = entries.findIndex((e) => e.phase === phase);
    const last = entries.length - 1 - [...entries].reverse().findIndex((e) => e.phase === phase);
    const y = top + first * row;
    parts.push(
      `<rect x="0" y="${y}" width="${width}" height="${(last - first + 1) * row}" fill="${PHASE_COLORS[i % PHASE_COLORS.length]}"/>`,
      `<text x="12" y="${y + 13}" font-weight="bold" fill="#444">${esc(phase)}</text>`,
    );
  });
  // time axis
  for (let i = 0; i <= 10; i++) {
    const t = start + ((end - start) * i) / 10;
    parts.push(
      `<line x1="${x(t)}" y1="${top - 6}" x2="${x(t)}" y2="${spansBottom}" stroke="#d0d0d0" stroke-dasharray="2,3"/>`,
      `<text x="${x(t)}" y="${top - 12}" text-anchor="middle" fill="#666">${(t / 1000).toFixed(1)} s</text>`,
    );
  }
  entries.forEach((e, i) => {
    const y = top + i * row + row / 2;
    const cx = x(e.t);
    const onLeft = cx > left + (width - left - right) * 0.5;
    parts.push(
      `<circle cx="${cx}" cy="${y}" r="3.5" fill="#1f6feb"/>`,
      `<text x="${onLeft ? cx - 7 : cx + 7}" y="${y + 4}" text-anchor="${onLeft ? 'end' : 'start'}" fill="#222">${esc(`${(e.t / 1000).toFixed(2)} s  ${e.text.trim()}`)}</text>`,
    );
  });
  spans.forEach((span, i) => {
    const y = chartBottom + 12 + i * 24;
    const x0 = x(span.from);
    const x1 = Math.max(x0 + 2, x(span.to));
    parts.push(
      `<rect x="${x0}" y="${y}" width="${x1 - x0}" height="14" fill="${span.color}" opacity="0.85"/>`,
      `<text x="${x0 - 6}" y="${y + 11}" text-anchor="end" font-weight="bold">${esc(span.label)}</text>`,
    );
  });
  picture.figures.forEach(([label, value], i) => {
    const y = spansBottom + 30 + i * 22;
    parts.push(
      `<text x="20" y="${y}" font-size="13">${esc(label)}</text>`,
      `<text x="560" y="${y}" font-size="13" font-weight="bold">${esc(value)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
