import * as vscode from 'vscode';
import type { ChangeView, CodeInfo, IncidentChange, IncidentView } from '#shared/protocol';
import type { OccurrenceNode } from './errorsTree';
import type { InspectionModel } from './model';

/** The KMS Errors view grouped by incident: each incident, the changes before it, what ended it, its errors. */
export type IncidentNode =
  | { kind: 'incident'; incident: IncidentView }
  | { kind: 'change'; incident: IncidentView; change: ChangeView; role: 'cause' | 'before' | 'end'; beforeMs: number }
  | { kind: 'incidentMore'; incident: IncidentView; count: number };

// An incident lists its changes, then as many of its errors as the view lists, at most this many.
const MAX_OCCURRENCES = 200;

/** The incidents the filter shows, or one line saying why there are none. */
export function incidentRoots(model: InspectionModel): Array<IncidentNode | OccurrenceNode> {
  return model.visibleIncidents().map((incident) => ({ kind: 'incident', incident }));
}

export function incidentChildren(model: InspectionModel, node: IncidentNode): Array<IncidentNode | OccurrenceNode> {
  if (node.kind !== 'incident') return [];
  const { incident } = node;
  const changes = new Map((model.timeline?.report.changes ?? []).map((c) => [c.id, c]));
  const out: Array<IncidentNode | OccurrenceNode> = [];
  const related = (r: IncidentChange): IncidentNode | null => {
    const change = changes.get(r.change);
    if (!change) return null;
    return {
      kind: 'change',
      incident,
      change,
      role: incident.cause?.change === r.change ? 'cause' : 'before',
      beforeMs: r.beforeMs,
    };
  };
  for (const r of incident.changes) {
    const child = related(r);
    if (child) out.push(child);
  }
  const ended = incident.endedBy ? changes.get(incident.endedBy.change) : undefined;
  if (ended && incident.endedBy)
    out.push({ kind: 'change', incident, change: ended, role: 'end', beforeMs: -incident.endedBy.afterMs });
  let listed = 0;
  for (const [path, line] of incident.members) {
    if (listed >= MAX_OCCURRENCES) break;
    const file = model.file(path);
    const occurrence = file?.occurrences.find((o) => o.line === line);
    if (!file || !occurrence) continue;
    out.push({ kind: 'occurrence', file, occurrence });
    listed++;
  }
  if (incident.count > listed) out.push({ kind: 'incidentMore', incident, count: incident.count - listed });
  return out;
}

/**
 * The view's message grouped by incident: how many incidents and errors it lists. Errors only the trail
 * recorded (failed calls with no log line) are counted apart, so the logs' count matches the other views.
 */
export function incidentCounts(incidents: readonly IncidentView[]): string {
  const errors = incidents.reduce((n, i) => n + i.count, 0);
  const fromTrail = incidents.reduce((n, i) => n + i.fromTrail, 0);
  return fromTrail === 0
    ? vscode.l10n.t('{0} incidents, {1} KMS errors', incidents.length, errors)
    : vscode.l10n.t(
        '{0} incidents, {1} KMS errors in the logs and {2} in the trail',
        incidents.length,
        errors - fromTrail,
        fromTrail,
      );
}

function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return vscode.l10n.t('{0} s', s);
  if (s < 3600) return vscode.l10n.t('{0} min', Math.round(s / 60));
  if (s < 86_400) return vscode.l10n.t('{0} h', Math.round(s / 360) / 10);
  return vscode.l10n.t('{0} d', Math.round(s / 8640) / 10);
}

export function incidentTreeItem(
  model: InspectionModel,
  node: IncidentNode,
  icon: (info: CodeInfo) => vscode.ThemeIcon,
): vscode.TreeItem {
  switch (node.kind) {
    case 'incident': {
      const { incident } = node;
      const item = new vscode.TreeItem(
        `${incident.count} · ${incident.code}`,
        vscode.TreeItemCollapsibleState.Collapsed,
      );
      const resource = incident.resource ? incident.resource.id : vscode.l10n.t('no resource named');
      item.description = `${resource}${incident.region ? ` · ${incident.region}` : ''}`;
      item.iconPath = icon(model.info(incident.code));
      item.contextValue = 'kmsIncident';
      item.tooltip = [
        incident.headline,
        incident.cause ? incident.cause.text : vscode.l10n.t('No change in the trail explains it.'),
      ]
        .filter(Boolean)
        .join('\n\n');
      item.accessibilityInformation = { label: incident.headline };
      return item;
    }
    case 'change': {
      const { change, role } = node;
      const label =
        role === 'cause'
          ? vscode.l10n.t('Likely cause: {0} by {1}', change.name, change.actor)
          : role === 'end'
            ? vscode.l10n.t('Ended by {0} by {1}', change.name, change.actor)
            : vscode.l10n.t('{0} by {1}', change.name, change.actor);
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.description =
        role === 'end'
          ? vscode.l10n.t('{0} after the first error', duration(node.beforeMs))
          : vscode.l10n.t('{0} before the first error', duration(node.beforeMs));
      item.iconPath =
        role === 'cause'
          ? new vscode.ThemeIcon('history', new vscode.ThemeColor('list.errorForeground'))
          : role === 'end'
            ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
            : new vscode.ThemeIcon('circle-outline');
      item.tooltip = [
        `${change.time} ${change.name}`,
        `${change.target.kind} ${change.target.id}${change.region ? ` (${change.region})` : ''}`,
        `${change.actor}${change.sourceIp ? ` · ${change.sourceIp}` : ''}`,
        vscode.l10n.t('Event id {0}', change.id),
      ].join('\n');
      item.contextValue = 'kmsChange';
      return item;
    }
    case 'incidentMore':
      return new vscode.TreeItem(
        vscode.l10n.t('{0} more errors of this incident are in the logs (the view lists the first ones).', node.count),
      );
  }
}
