import type { Locale } from '../catalog/types';
import { formatDuration } from '../incidents/duration';
import { timelineTexts, type TimelineTexts } from '../incidents/texts';
import type { ChangeView, IncidentView, TimelineReport } from '#shared/timeline';
import { esc } from './timelineChart';
import { timelinePanelSvg } from './timelinePanelChart';
import { causeClause } from './timelineText';

const MAX_INCIDENTS = 20;
const MAX_CHANGES = 5;

/**
 * The incidents in the order an editor shows them: what a change explains comes first (the incidents
 * with a cause, then those with changes before them, then the others), each part in time order.
 */
export function explainedFirst(incidents: readonly IncidentView[]): IncidentView[] {
  const rank = (incident: IncidentView) => (incident.cause ? 0 : incident.changes.length > 0 ? 1 : 2);
  return [...incidents].sort((a, b) => rank(a) - rank(b));
}

/**
 * The incidents as an HTML fragment for an editor's summary panel: the chart of errors per resource
 * with the changes as markers, then each incident with its cause, the changes before it and what
 * ended it. Every value is escaped; the panel gives the styles (classes as in the HTML report).
 */
export function timelineFragment(report: TimelineReport, locale: Locale): string {
  const t = timelineTexts(locale);
  if (report.incidents.length === 0) return '';
  const changes = new Map(report.changes.map((c) => [c.id, c]));
  const ordered = explainedFirst(report.incidents);
  const ranked = ordered.filter((i) => i.cause || i.changes.length > 0);
  const shown = (ranked.length > 0 ? ranked : ordered).slice(0, MAX_INCIDENTS);
  const others = report.incidents.length - shown.length;
  const { svg, bucketMs } = timelinePanelSvg(shown, changes, t);
  const legend = `<p class="hint tl-legend">${esc(t.chartCaption(formatDuration(bucketMs)))} · ${(
    [
      ['cause', t.legendCause],
      ['end', t.legendEnd],
      ['change', t.legendChange],
    ] as const
  )
    .map(([kind, text]) => `<span><i class="swatch ${kind}"></i>${esc(text)}</span>`)
    .join(' ')}</p>`;
  const { trail } = report.inputs;
  const note = trail.files === 0 ? `<p class="hint">${esc(t.noTrail)}</p>` : '';
  const rest = others > 0 ? `<p class="hint">${esc(t.otherIncidents(others))}</p>` : '';
  return `<section class="incidents">
<h2>${esc(t.incidentsTitle)}</h2>
<p class="totals">${esc(t.summary(report.incidents.length, report.inputs.findings, trail.events, trail.changes))}</p>
${note}
${legend}
<div class="timeline-chart">${svg}</div>
${shown.map((incident) => incidentItem(incident, changes, report.window, t)).join('\n')}
${rest}
</section>`;
}

function incidentItem(
  incident: IncidentView,
  changes: ReadonlyMap<string, ChangeView>,
  window: string,
  t: TimelineTexts,
): string {
  const cause = incident.cause
    ? `<p class="cause"><strong>${esc(t.likelyCause)}:</strong> ${esc(causeClause(incident, t))}</p>`
    : `<p class="hint">${esc(t.noCause)}</p>`;
  const rows = incident.changes.slice(0, MAX_CHANGES).map((related) => {
    const change = changes.get(related.change);
    if (!change) return '';
    const cls = incident.cause?.change === related.change ? ' class="is-cause"' : '';
    return `<li${cls}>-${esc(formatDuration(related.beforeMs))} ${esc(change.name)} ${esc(`${change.target.kind} ${change.target.id}`)} · ${esc(change.actor)}</li>`;
  });
  const more = incident.changes.length - rows.length + incident.moreChanges;
  const list =
    rows.length > 0
      ? `<p class="hint">${esc(t.changesBefore(window))}</p><ul class="changes">${rows.join('')}${more > 0 ? `<li>${esc(t.moreChanges(more))}</li>` : ''}</ul>`
      : '';
  const ended = incident.endedBy ? `<p class="ended">${esc(incident.endedBy.text)}</p>` : '';
  return `<div class="incident" data-incident="${esc(incident.id)}">
<h3>${esc(incident.id)} · ${esc(incident.headline)}</h3>
${cause}${list}${ended}
</div>`;
}
