import { formatDuration } from '../incidents/duration';
import { BUCKET_LADDER, bucketFor } from '../incidents/series';
import type { TimelineTexts } from '../incidents/texts';
import type { ChangeView, IncidentView } from '#shared/timeline';

/** Text for HTML element content and attribute values alike. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const WIDTH = 1100;
const LABEL = 280;
const ROW = 46;
const TOP = 34;
const PLOT = WIDTH - LABEL - 20;
const MAX_BUCKETS = 200;
const TICKS = 8;

export interface Span {
  start: number;
  end: number;
  bucketMs: number;
}

/**
 * Errors per resource over time as one SVG: a row per incident with its errors per bucket as bars, and
 * its changes as markers (the likely cause in red, what ended it in green, other changes in grey).
 * Tooltips are SVG titles: no script.
 */
export function timelineSvg(
  incidents: readonly IncidentView[],
  changes: ReadonlyMap<string, ChangeView>,
  t: TimelineTexts,
  maxBuckets = MAX_BUCKETS,
): { svg: string; bucketMs: number } {
  const span = spanOf(incidents, changes, maxBuckets);
  const x = (time: number) => LABEL + ((time - span.start) / (span.end - span.start)) * PLOT;
  const height = TOP + incidents.length * ROW + 8;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" class="tl-chart" role="img" aria-label="${esc(t.chartCaption(formatDuration(span.bucketMs)))}">`,
    ...axis(span, x, height),
  ];
  incidents.forEach((incident, row) => parts.push(...incidentRow(incident, row, span, x, changes, t)));
  parts.push('</svg>');
  return { svg: parts.join('\n'), bucketMs: span.bucketMs };
}

/** The time the incidents' errors and markers cover, with a margin, and the bucket that fits it. */
export function spanOf(
  incidents: readonly IncidentView[],
  changes: ReadonlyMap<string, ChangeView>,
  maxBuckets: number,
): Span {
  let start = Infinity;
  let end = -Infinity;
  let finest = BUCKET_LADDER[0] ?? 1000;
  for (const incident of incidents) {
    for (const [bucket] of incident.series.buckets) {
      const time = Date.parse(bucket);
      start = Math.min(start, time);
      end = Math.max(end, time + incident.series.bucketSeconds * 1000);
    }
    finest = Math.max(finest, incident.series.bucketSeconds * 1000);
    for (const id of markerIds(incident)) {
      const change = changes.get(id);
      if (!change) continue;
      const time = Date.parse(change.time);
      start = Math.min(start, time);
      end = Math.max(end, time);
    }
  }
  if (!Number.isFinite(start)) {
    start = 0;
    end = 3_600_000;
  }
  const bucketMs = bucketFor(Math.max(end - start, 60_000), finest, maxBuckets);
  const margin = Math.max(bucketMs, (end - start) * 0.02);
  return { start: Math.floor((start - margin) / bucketMs) * bucketMs, end: end + margin, bucketMs };
}

/** The changes drawn as an incident's markers: those before it, and what ended it. */
export function markerIds(incident: IncidentView): string[] {
  const ids = incident.changes.map((c) => c.change);
  if (incident.endedBy) ids.push(incident.endedBy.change);
  return ids;
}

function axis(span: Span, x: (time: number) => number, height: number): string[] {
  const step = BUCKET_LADDER.find((size) => (span.end - span.start) / size <= TICKS) ?? span.end - span.start;
  const out: string[] = [];
  // No tick so near the right edge that its label would be cut off.
  const last = span.end - (span.end - span.start) * 0.04;
  for (let tick = Math.ceil(span.start / step) * step; tick <= last; tick += step) {
    const px = x(tick).toFixed(1);
    const label = new Date(tick)
      .toISOString()
      .slice(5, step < 60_000 ? 19 : 16)
      .replace('T', ' ');
    out.push(
      `<line class="tl-grid" x1="${px}" y1="${TOP - 6}" x2="${px}" y2="${height - 6}"/>`,
      `<text class="tl-tick" x="${px}" y="${TOP - 12}" text-anchor="middle">${esc(label)}</text>`,
    );
  }
  out.push(`<text class="tl-tick" x="8" y="${TOP - 12}">UTC</text>`);
  return out;
}

function incidentRow(
  incident: IncidentView,
  row: number,
  span: Span,
  x: (time: number) => number,
  changes: ReadonlyMap<string, ChangeView>,
  t: TimelineTexts,
): string[] {
  const top = TOP + row * ROW;
  const base = top + ROW - 10;
  const counts = new Map<number, number>();
  for (const [bucket, n] of incident.series.buckets) {
    const start = Math.floor(Date.parse(bucket) / span.bucketMs) * span.bucketMs;
    counts.set(start, (counts.get(start) ?? 0) + n);
  }
  const peak = Math.max(1, ...counts.values());
  const barWidth = Math.max(1, (span.bucketMs / (span.end - span.start)) * PLOT - 1);
  const resource = incident.resource ? incident.resource.id : '';
  const out = [
    `<g class="tl-row" id="row-${esc(incident.id)}">`,
    `<rect class="tl-band" x="${LABEL}" y="${top + 4}" width="${PLOT}" height="${ROW - 8}"/>`,
    `<text class="tl-label" x="8" y="${top + 20}"><a href="#${esc(incident.id)}">${esc(incident.id)} ${esc(incident.code)}</a></text>`,
    `<text class="tl-sub" x="8" y="${top + 36}">${esc(truncate(resource, 38))}${incident.region ? ` · ${esc(incident.region)}` : ''}</text>`,
  ];
  for (const [start, n] of [...counts].sort(([a], [b]) => a - b)) {
    const h = Math.max(2, (n / peak) * (ROW - 16));
    out.push(
      `<rect class="tl-bar" x="${x(start).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(`${new Date(start).toISOString().slice(0, 16)}Z: ${t.errors(n)}`)}</title></rect>`,
    );
  }
  const markers: Array<[string, string]> = incident.changes.map((c) => [
    c.change,
    incident.cause?.change === c.change ? 'cause' : 'change',
  ]);
  if (incident.endedBy) markers.push([incident.endedBy.change, 'end']);
  for (const [id, kind] of markers) {
    const change = changes.get(id);
    if (!change) continue;
    const px = x(Date.parse(change.time)).toFixed(1);
    const tip = `${change.time} ${change.name} ${change.target.kind} ${change.target.id} · ${change.actor}${change.sourceIp ? ` · ${change.sourceIp}` : ''}`;
    out.push(
      `<g class="tl-marker ${kind}"><line x1="${px}" y1="${top + 2}" x2="${px}" y2="${top + ROW - 6}"/><path d="M${px} ${top + 2} l5 6 l-5 6 l-5 -6 z"/><title>${esc(tip)}</title></g>`,
    );
  }
  out.push('</g>');
  return out;
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
