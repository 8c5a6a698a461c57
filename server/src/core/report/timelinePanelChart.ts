import { formatDuration } from '../incidents/duration';
import { BUCKET_LADDER } from '../incidents/series';
import type { TimelineTexts } from '../incidents/texts';
import type { ChangeView, IncidentView } from '#shared/timeline';
import { esc, markerIds, spanOf, truncate, type Span } from './timelineChart';

const TOP = 38;
const ROW = 54;
const BAND = 28;
const MAX_BUCKETS = 120;
const TICKS = 6;

/**
 * The timeline chart of an editor panel, readable at any width: an SVG without a viewBox, so its text
 * keeps its size while times are placed in percent of the panel's width. Each incident's name is above
 * its row; its errors per bucket are bars, its changes markers (the likely cause, what ended it, others);
 * the tick labels every other one of which the panel hides when narrow are marked `minor`.
 */
export function timelinePanelSvg(
  incidents: readonly IncidentView[],
  changes: ReadonlyMap<string, ChangeView>,
  t: TimelineTexts,
): { svg: string; bucketMs: number } {
  const span = spanOf(incidents, changes, MAX_BUCKETS);
  const x = (time: number) => ((time - span.start) / (span.end - span.start)) * 100;
  const height = TOP + incidents.length * ROW;
  const axis = ticks(span, x);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="${height}" class="tl-chart fluid" role="img" aria-label="${esc(t.chartCaption(formatDuration(span.bucketMs)))}">`,
    ...axis.labels,
  ];
  incidents.forEach((incident, row) =>
    parts.push(...incidentRow(incident, TOP + row * ROW, span, x, axis.grid, changes, t)),
  );
  parts.push('</svg>');
  return { svg: parts.join('\n'), bucketMs: span.bucketMs };
}

const pct = (value: number) => `${value.toFixed(2)}%`;

/** The time labels above the rows, and where their grid lines go (in percent). */
function ticks(span: Span, x: (time: number) => number): { labels: string[]; grid: string[] } {
  const length = span.end - span.start;
  const step = BUCKET_LADDER.find((size) => length / size <= TICKS) ?? length;
  // A time of day when the chart stays within one day; the date is then said once, before the first tick.
  const sameDay = new Date(span.start).toISOString().slice(0, 10) === new Date(span.end).toISOString().slice(0, 10);
  const labels: string[] = [];
  const grid: string[] = [];
  let index = 0;
  for (let tick = Math.ceil(span.start / step) * step; tick <= span.end; tick += step) {
    // No label so near an edge that half of it would be cut off.
    if (x(tick) < 15 || x(tick) > 85) continue;
    const iso = new Date(tick).toISOString();
    const label = step < 60_000 ? iso.slice(11, 19) : sameDay ? iso.slice(11, 16) : iso.slice(5, 16).replace('T', ' ');
    grid.push(pct(x(tick)));
    labels.push(
      `<text class="tl-tick${index++ % 2 === 1 ? ' minor' : ''}" x="${pct(x(tick))}" y="${TOP - 10}" text-anchor="middle">${esc(label)}</text>`,
    );
  }
  const day = sameDay ? ` ${new Date(span.start).toISOString().slice(5, 10)}` : '';
  // On a line of its own: beside the first time it would run into it in a narrow panel.
  labels.push(`<text class="tl-tick" x="0" y="${TOP - 26}">UTC${esc(day)}</text>`);
  return { labels, grid };
}

function incidentRow(
  incident: IncidentView,
  top: number,
  span: Span,
  x: (time: number) => number,
  grid: readonly string[],
  changes: ReadonlyMap<string, ChangeView>,
  t: TimelineTexts,
): string[] {
  const band = top + 18;
  const base = band + BAND - 2;
  const counts = new Map<number, number>();
  for (const [bucket, n] of incident.series.buckets) {
    const start = Math.floor(Date.parse(bucket) / span.bucketMs) * span.bucketMs;
    counts.set(start, (counts.get(start) ?? 0) + n);
  }
  const peak = Math.max(1, ...counts.values());
  const barWidth = Math.max(0.3, (span.bucketMs / (span.end - span.start)) * 100 - 0.15);
  const where = [incident.resource ? truncate(incident.resource.id, 38) : '', incident.region ?? '']
    .filter(Boolean)
    .join(' · ');
  const out = [
    `<g class="tl-row" id="row-${esc(incident.id)}">`,
    `<text class="tl-label" x="0" y="${top + 12}"><a href="#${esc(incident.id)}">${esc(incident.id)} ${esc(incident.code)}</a>${where ? ` <tspan class="tl-sub">${esc(where)}</tspan>` : ''}</text>`,
    `<rect class="tl-band" x="0" y="${band}" width="100%" height="${BAND}"/>`,
    // Grid lines within the band only: the name above stays clear.
    ...grid.map((at) => `<line class="tl-grid" x1="${at}" y1="${band}" x2="${at}" y2="${band + BAND}"/>`),
  ];
  for (const [start, n] of [...counts].sort(([a], [b]) => a - b)) {
    const h = Math.max(2, (n / peak) * (BAND - 4));
    out.push(
      `<rect class="tl-bar" x="${pct(x(start))}" y="${(base - h).toFixed(1)}" width="${pct(barWidth)}" height="${h.toFixed(1)}"><title>${esc(`${new Date(start).toISOString().slice(0, 16)}Z: ${t.errors(n)}`)}</title></rect>`,
    );
  }
  for (const id of markerIds(incident)) {
    const change = changes.get(id);
    if (!change) continue;
    const kind = incident.cause?.change === id ? 'cause' : incident.endedBy?.change === id ? 'end' : 'change';
    const at = pct(x(Date.parse(change.time)));
    const tip = `${change.time} ${change.name} ${change.target.kind} ${change.target.id} · ${change.actor}${change.sourceIp ? ` · ${change.sourceIp}` : ''}`;
    // The diamond is drawn in pixels in a nested viewport placed in percent, so it keeps its shape.
    out.push(
      `<g class="tl-marker ${kind}"><line x1="${at}" y1="${band - 2}" x2="${at}" y2="${band + BAND + 2}"/><svg x="${at}" y="${band - 4}" overflow="visible"><path d="M0 0 l5 6 l-5 6 l-5 -6 z"/></svg><title>${esc(tip)}</title></g>`,
    );
  }
  out.push('</g>');
  return out;
}
