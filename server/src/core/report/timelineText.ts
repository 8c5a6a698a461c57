import type { Locale } from '../catalog/types';
import { formatDuration } from '../incidents/duration';
import { timelineTexts } from '../incidents/texts';
import type { ChangeView, IncidentView, TimelineReport } from '#shared/timeline';

/** The emphasis a terminal may add; plain functions when colours are off. */
export interface Emphasis {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

// Values come from logs and trails: control characters (escape sequences among them) never reach the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const plain = (text: string) => text.replace(CONTROL, ' ');

const MAX_LISTED = 5;

/** The timeline as terminal lines: a summary, then each incident with its cause and the changes before it. */
export function timelineLines(report: TimelineReport, locale: Locale, style: Emphasis): string[] {
  const t = timelineTexts(locale);
  const { trail } = report.inputs;
  const lines: string[] = [
    style.bold(`${t.title} (${report.window})`),
    t.summary(report.incidents.length, report.inputs.findings, trail.events, trail.changes),
  ];
  if (trail.files === 0) lines.push(style.dim(t.noTrail));
  if (trail.malformed > 0) {
    const where = report.inputs.malformedSamples
      .slice(0, 3)
      .map((s) => `${plain(s.path)}:${s.line} ${s.reason}`)
      .join('; ');
    lines.push(`${t.malformed(trail.malformed)}: ${where}${trail.malformed > 3 ? '; ...' : ''}`);
  }
  if (trail.outOfOrder > 0) lines.push(style.dim(t.outOfOrder(trail.outOfOrder)));
  for (const [what, count] of [
    ['findings', report.inputs.droppedFindings],
    ['trail changes', trail.droppedChanges],
    ['trail failures', trail.droppedFailures],
  ] as const)
    if (count > 0) lines.push(t.dropped(what, count));
  if (report.incidents.length === 0) {
    lines.push('', t.noIncidents);
    return lines;
  }
  const changes = new Map(report.changes.map((c) => [c.id, c]));
  for (const incident of report.incidents) lines.push('', ...incidentLines(incident, changes, report.window, t, style));
  return lines;
}

function incidentLines(
  incident: IncidentView,
  changes: ReadonlyMap<string, ChangeView>,
  window: string,
  t: ReturnType<typeof timelineTexts>,
  style: Emphasis,
): string[] {
  const lines = [`${style.bold(incident.id)}  ${style.bold(plain(incident.headline))}`];
  const facts = [
    incident.api ? `API ${plain(incident.api)}` : null,
    incident.region ? plain(incident.region) : null,
    incident.via.length > 0 ? t.via(plain(incident.via.join(', '))) : null,
    incident.lastSeen ? `${incident.firstSeen} .. ${incident.lastSeen}` : null,
    incident.untimed > 0 ? t.untimed(incident.untimed) : null,
  ].filter((f) => f !== null);
  if (facts.length > 0) lines.push(`    ${facts.join(' · ')}`);
  if (incident.cause) {
    lines.push(`    ${style.red(`${t.likelyCause}:`)} ${plain(causeClause(incident, t))}`);
  } else lines.push(`    ${style.dim(t.noCause)}`);
  if (incident.changes.length > 0) {
    lines.push(`    ${t.changesBefore(window)}:`);
    for (const related of incident.changes) {
      const change = changes.get(related.change);
      if (!change) continue;
      const notes = [
        t.relation[related.relation],
        related.explains ? t.explains : null,
        related.undone ? t.undone : null,
      ].filter((n) => n !== null);
      const row = `      -${formatDuration(related.beforeMs).padEnd(10)} ${change.time}  ${plain(change.name)}  ${plain(
        `${change.target.kind} ${change.target.id}`,
      )}  ${plain(change.actor)}${change.sourceIp ? `  ${plain(change.sourceIp)}` : ''}  [${notes.join(', ')}]`;
      lines.push(incident.cause?.change === related.change ? style.red(row) : row);
    }
    if (incident.moreChanges > 0) lines.push(`      ${t.moreChanges(incident.moreChanges)}`);
  }
  if (incident.endedBy) {
    const ended = `    ${style.green(plain(incident.endedBy.text))}`;
    lines.push(incident.endedBy.errorsAfter ? `${ended} (${t.errorsContinued})` : ended);
  }
  const listed = (label: string, values: readonly string[]) =>
    values.length > 0
      ? `    ${label}: ${plain(values.slice(0, MAX_LISTED).join(', '))}${values.length > MAX_LISTED ? ', ...' : ''}`
      : null;
  for (const line of [
    listed(t.callers, incident.callers),
    listed(t.requestIds, incident.requestIds),
    listed(t.files, incident.files),
    listed(t.hosts, incident.hosts),
    listed(t.services, incident.services),
  ])
    if (line) lines.push(style.dim(line));
  return lines;
}

/** The cause after the headline: "4 s earlier DisableKey on key key-x by RAM user alice from 203.0.113.7 (event id E1)". */
export function causeClause(incident: IncidentView, t: ReturnType<typeof timelineTexts>): string {
  const cause = incident.cause;
  if (!cause) return '';
  const e = cause.evidence;
  return t.cause(
    e['before'] ?? '',
    e['eventName'] ?? '',
    e['target'] ?? '',
    e['actor'] ?? '',
    e['sourceIpAddress'] ?? null,
    e['eventId'] ?? null,
  );
}
