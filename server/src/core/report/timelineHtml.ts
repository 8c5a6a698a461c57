import type { Locale } from '../catalog/types';
import { formatDuration } from '../incidents/duration';
import { timelineTexts, type TimelineTexts } from '../incidents/texts';
import type { ChangeView, IncidentView, TimelineReport } from '#shared/timeline';
import { esc, timelineSvg } from './timelineChart';
import { causeClause } from './timelineText';

const MAX_CHART_ROWS = 40;
const ZOOMED_BUCKETS = 60;

// Nothing leaves the page: no network, no script; styles are inline.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --band: #f6f8fa; --grid: #d1d9e0; --bar: #4f7ecf;
  --cause: #cf222e; --end: #1a7f37; --change: #8c959f; --card: #ffffff; --border: #d1d9e0; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --band: #161b22; --grid: #30363d;
  --bar: #6e9be8; --cause: #ff7b72; --end: #56d364; --change: #8b949e; --card: #0d1117; --border: #30363d; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--card); margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 0 0 6px; }
.muted, .tl-tick, .tl-sub { color: var(--muted); fill: var(--muted); }
.tl-tick, .tl-sub { font-size: 11px; } .tl-label { font-size: 12px; font-weight: 600; fill: var(--fg); }
.tl-label a { fill: var(--fg); } .tl-band { fill: var(--band); } .tl-grid { stroke: var(--grid); stroke-width: 1; }
.tl-bar { fill: var(--bar); } .tl-marker line { stroke-width: 2; } .tl-marker.cause line { stroke: var(--cause); }
.tl-marker.cause path { fill: var(--cause); } .tl-marker.end line { stroke: var(--end); } .tl-marker.end path { fill: var(--end); }
.tl-marker.change line { stroke: var(--change); stroke-dasharray: 3 2; } .tl-marker.change path { fill: var(--change); }
.chart { overflow-x: auto; border: 1px solid var(--border); border-radius: 6px; padding: 8px 0; margin: 12px 0; }
.legend span { margin-right: 16px; } .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
section.incident { border: 1px solid var(--border); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.cause { border-left: 4px solid var(--cause); padding: 4px 10px; margin: 8px 0; }
.ended { border-left: 4px solid var(--end); padding: 4px 10px; margin: 8px 0; }
table { border-collapse: collapse; margin: 6px 0; } td, th { text-align: left; padding: 2px 12px 2px 0; vertical-align: top; }
table.changes td { white-space: nowrap; } table.changes td.notes { white-space: normal; } th { white-space: nowrap; }
.scroll { overflow-x: auto; }
th { color: var(--muted); font-weight: 500; } tr.is-cause td { color: var(--cause); font-weight: 600; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
.notes { color: var(--muted); font-size: 12px; }
`;

/** The timeline as one self-contained HTML page: the chart of errors and changes, then each incident. */
export function timelineHtml(report: TimelineReport, locale: Locale): string {
  const t = timelineTexts(locale);
  const changes = new Map(report.changes.map((c) => [c.id, c]));
  const charted = report.incidents.slice(0, MAX_CHART_ROWS);
  const { svg, bucketMs } = timelineSvg(charted, changes, t);
  const { trail } = report.inputs;
  const notes = [
    trail.files === 0 ? t.noTrail : null,
    trail.malformed > 0 ? t.malformed(trail.malformed) : null,
    trail.outOfOrder > 0 ? t.outOfOrder(trail.outOfOrder) : null,
  ].filter((n) => n !== null);
  return `<!DOCTYPE html>
<html lang="${esc(locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(t.title)}</h1>
<p class="muted">${esc(t.summary(report.incidents.length, report.inputs.findings, trail.events, trail.changes))} · ${esc(t.changesBefore(report.window))}</p>
${notes.map((n) => `<p class="notes">${esc(n)}</p>`).join('\n')}
${report.incidents.length === 0 ? `<p>${esc(t.noIncidents)}</p>` : ''}
${
  report.incidents.length > 0
    ? `<p class="legend muted">${esc(t.chartCaption(formatDuration(bucketMs)))} · <span><i class="swatch" style="background:var(--cause)"></i>${esc(t.legendCause)}</span><span><i class="swatch" style="background:var(--end)"></i>${esc(t.legendEnd)}</span><span><i class="swatch" style="background:var(--change)"></i>${esc(t.legendChange)}</span></p>
<div class="chart">${svg}</div>`
    : ''
}
${report.incidents.map((incident) => incidentSection(incident, changes, report.window, t)).join('\n')}
</body>
</html>
`;
}

function incidentSection(
  incident: IncidentView,
  changes: ReadonlyMap<string, ChangeView>,
  window: string,
  t: TimelineTexts,
): string {
  const facts: Array<[string, string]> = [];
  if (incident.api) facts.push([t.api, incident.api]);
  if (incident.region) facts.push([t.region, incident.region]);
  if (incident.via.length > 0) facts.push(['', t.via(incident.via.join(', '))]);
  if (incident.firstSeen) facts.push([t.firstLast, `${incident.firstSeen} .. ${incident.lastSeen ?? ''}`]);
  if (incident.untimed > 0) facts.push(['', t.untimed(incident.untimed)]);
  for (const [label, values] of [
    [t.callers, incident.callers],
    [t.requestIds, incident.requestIds],
    [t.services, incident.services],
    [t.hosts, incident.hosts],
    [t.files, incident.files],
  ] as const)
    if (values.length > 0) facts.push([label, values.join(', ')]);
  const cause = incident.cause
    ? `<div class="cause"><strong>${esc(t.likelyCause)}:</strong> ${esc(causeClause(incident, t))}</div>`
    : `<p class="muted">${esc(t.noCause)}</p>`;
  const ended = incident.endedBy
    ? `<div class="ended">${esc(incident.endedBy.text)}${incident.endedBy.errorsAfter ? ` (${esc(t.errorsContinued)})` : ''}</div>`
    : '';
  // The incident alone, zoomed to its own errors and changes, in buckets that show its rate.
  const zoomed = timelineSvg([incident], changes, t, ZOOMED_BUCKETS);
  return `<section class="incident" id="${esc(incident.id)}">
<h2>${esc(incident.id)} · ${esc(incident.headline)}</h2>
${cause}
<div class="chart">${zoomed.svg}</div>
${changesTable(incident, changes, window, t)}
${ended}
<table>${facts.map(([label, value]) => `<tr><th>${esc(label)}</th><td>${esc(value)}</td></tr>`).join('')}</table>
</section>`;
}

function changesTable(
  incident: IncidentView,
  changes: ReadonlyMap<string, ChangeView>,
  window: string,
  t: TimelineTexts,
): string {
  if (incident.changes.length === 0) return '';
  const rows = incident.changes.map((related) => {
    const change = changes.get(related.change);
    if (!change) return '';
    const notes = [t.relation[related.relation], related.explains ? t.explains : null, related.undone ? t.undone : null]
      .filter((n) => n !== null)
      .join(', ');
    const isCause = incident.cause?.change === related.change;
    return `<tr${isCause ? ' class="is-cause"' : ''}><td>-${esc(formatDuration(related.beforeMs))}</td><td><code>${esc(change.time)}</code></td><td>${esc(change.name)}</td><td><code>${esc(`${change.target.kind} ${change.target.id}`)}</code></td><td>${esc(change.actor)}</td><td>${esc(change.sourceIp ?? '')}</td><td><code>${esc(change.id)}</code></td><td class="notes">${esc(notes)}</td></tr>`;
  });
  const more = incident.moreChanges > 0 ? `<p class="notes">${esc(t.moreChanges(incident.moreChanges))}</p>` : '';
  const head = t.changeColumns.map((c) => `<th>${esc(c)}</th>`).join('');
  return `<p class="muted">${esc(t.changesBefore(window))}</p><div class="scroll"><table class="changes"><tr>${head}</tr>${rows.join('')}</table></div>${more}`;
}
