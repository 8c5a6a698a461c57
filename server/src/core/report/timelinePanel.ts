import type { Locale } from '../catalog/types';
import { formatDuration } from '../incidents/duration';
import { timelineTexts, type TimelineTexts } from '../incidents/texts';
import type { ChangeView, IncidentView, TimelineReport } from '#shared/timeline';
import { esc, timelineSvg } from './timelineChart';
import { causeClause } from './timelineText';

const MAX_INCIDENTS = 20;
const MAX_CHANGES = 5;

/**
 * The incidents as an HTML fragment for an editor's summary panel: the chart of errors per resource
 * with the changes as markers, then each incident with its cause, the changes before it and what
 * ended it. Every value is escaped; the panel gives the styles (classes as in the HTML report).
 */
export function timelineFragment(report: TimelineReport, locale: Locale): string {
  const t = timelineTexts(locale);
  if (report.incidents.length === 0) return '';
  const changes = new Map(report.changes.map((c) => [c.id, c]));
  // What a change explains comes first: the incidents with a cause, then those with changes before them.
  const withCause = report.incidents.filter((i) => i.cause);
  const withChanges = report.incidents.filter((i) => !i.cause && i.changes.length > 0);
  const ranked = [...withCause, ...withChanges];
  const shown = (ranked.length > 0 ? ranked : report.incidents).slice(0, MAX_INCIDENTS);
  const others = report.incidents.length - shown.length;
  const { svg } = timelineSvg(shown, changes, t);
  const { trail } = report.inputs;
  const note = trail.files === 0 ? `<p class="hint">${esc(t.noTrail)}</p>` : '';
  const rest = others > 0 ? `<p class="hint">${esc(t.otherIncidents(others))}</p>` : '';
  return `<section class="incidents">
<h2>${esc(t.incidentsTitle)}</h2>
<p class="totals">${esc(t.summary(report.incidents.length, report.inputs.findings, trail.events, trail.changes))}</p>
${note}
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
