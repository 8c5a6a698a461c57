import * as path from 'node:path';
import * as vscode from 'vscode';
import type {
  CodeInfo,
  InspectDiagnosis,
  InspectFix,
  InspectOccurrence,
  InspectedFile,
  UnreadPath,
} from '#shared/protocol';
import type { InspectionModel } from './model';
import { fixTreeItem, occurrenceTooltip } from './occurrenceDiagnosis';
import { incidentChildren, incidentTreeItem, incidentRoots, type IncidentNode } from './incidentsTree';

/** An error in the view, under its code, its file or its incident. */
export type OccurrenceNode = { kind: 'occurrence'; file: InspectedFile; occurrence: InspectOccurrence };

type Node =
  | { kind: 'code'; code: string; count: number; file?: InspectedFile }
  | { kind: 'file'; file: InspectedFile; code?: string; count: number }
  | OccurrenceNode
  | { kind: 'fix'; fix: InspectFix }
  | { kind: 'more'; file: InspectedFile }
  | IncidentNode
  /** The folders and files that were not read, listed after the errors. */
  | { kind: 'notRead'; count: number }
  | { kind: 'unread'; entry: UnreadPath };

/** The icon's shape says the code's class (as its colour in the editor does), its colour the severity. */
const CLASS_ICON: Record<CodeInfo['codeClass'], string> = {
  permission: 'lock',
  'key-state': 'key',
  service: 'pulse',
  parameter: 'symbol-parameter',
};
const SEVERITY_COLOUR: Record<CodeInfo['severity'], string> = {
  actionRequired: 'list.errorForeground',
  transient: 'list.warningForeground',
};

function codeIcon(info: CodeInfo): vscode.ThemeIcon {
  return new vscode.ThemeIcon(CLASS_ICON[info.codeClass], new vscode.ThemeColor(SEVERITY_COLOUR[info.severity]));
}

function severityLabel(info: CodeInfo): string {
  return info.severity === 'actionRequired'
    ? vscode.l10n.t('error: needs action')
    : vscode.l10n.t('warning: transient, retried by the SDK');
}

/** `2026-11-20 08:14:07Z` for an occurrence's label. */
/** An occurrence's likely causes and fixes, listed once in its file. */
function diagnosisOf(file: InspectedFile, occurrence: InspectOccurrence): InspectDiagnosis | undefined {
  return occurrence.diagnosis === undefined ? undefined : file.diagnoses?.[occurrence.diagnosis];
}

function shortTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

/**
 * The KMS Errors view: code → file → occurrence (or file → code → occurrence); a click opens the
 * token. An occurrence whose record names what went wrong has its fixes as children, to copy or open.
 */
export class ErrorsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly model: InspectionModel) {
    model.onDidChange(() => this.changed.fire(undefined));
    model.onDidChangeTimeline(() => this.changed.fire(undefined));
  }

  getChildren(node?: Node): Node[] {
    if (this.model.groupBy === 'incident' && !node) return incidentRoots(this.model);
    if (node && (node.kind === 'incident' || node.kind === 'incidentMore' || node.kind === 'change'))
      return incidentChildren(this.model, node);
    const files = this.model.visibleFiles();
    if (!node) {
      const notRead = this.model.notRead().length;
      const last: Node[] = notRead > 0 ? [{ kind: 'notRead', count: notRead }] : [];
      if (this.model.groupBy === 'file')
        return [...files.map((file): Node => ({ kind: 'file', file, count: this.model.visibleCount(file) })), ...last];
      // Counts are what the filter shows, not the files' totals.
      const counts = new Map<string, number>();
      for (const file of files)
        for (const [code, n] of this.model.visibleCodes(file)) counts.set(code, (counts.get(code) ?? 0) + n);
      const codes = [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([code, count]): Node => ({ kind: 'code', code, count }));
      return [...codes, ...last];
    }
    if (node.kind === 'notRead') return this.model.notRead().map((entry) => ({ kind: 'unread', entry }));
    if (node.kind === 'code' && !node.file) {
      return files
        .filter((file) => this.model.visibleCodes(file).some(([code]) => code === node.code))
        .map((file) => ({ kind: 'file', file, code: node.code, count: file.byCode[node.code] ?? 0 }));
    }
    if (node.kind === 'file' && !node.code) {
      return this.model
        .visibleCodes(node.file)
        .sort((a, b) => b[1] - a[1])
        .map(([code, count]) => ({ kind: 'code', code, count, file: node.file }));
    }
    if (node.kind === 'occurrence')
      return (diagnosisOf(node.file, node.occurrence)?.fixes ?? []).map((fix) => ({ kind: 'fix', fix }));
    const file = node.kind === 'code' ? node.file : node.kind === 'file' ? node.file : undefined;
    const code = node.kind === 'code' ? node.code : node.kind === 'file' ? node.code : undefined;
    if (!file || !code) return [];
    const occurrences: Node[] = file.occurrences
      .filter((o) => o.code === code)
      .map((occurrence) => ({ kind: 'occurrence', file, occurrence }));
    if (file.truncated) occurrences.push({ kind: 'more', file });
    return occurrences;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'code': {
        const info = this.model.info(node.code);
        const item = new vscode.TreeItem(node.code, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${info.status ?? ''} · ${node.count}`;
        item.iconPath = codeIcon(info);
        item.contextValue = 'kmsCode';
        const kind = [info.classLabel, severityLabel(info)].filter(Boolean).join(' · ');
        item.tooltip = `${node.code} ${info.status ?? ''}: ${node.count}\n${kind}`;
        item.accessibilityInformation = {
          label: vscode.l10n.t('{0}, {1}, {2} occurrences, {3}', node.code, info.status ?? '', node.count, kind),
        };
        return item;
      }
      case 'file': {
        const name = path.basename(node.file.path);
        const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
        item.resourceUri = vscode.Uri.file(node.file.path);
        item.iconPath = vscode.ThemeIcon.File;
        const relative = vscode.workspace.asRelativePath(path.dirname(node.file.path));
        const folder = relative === path.dirname(node.file.path) || relative === '.' ? '' : relative;
        const note = node.file.tooLargeForEditor ? ` · ${vscode.l10n.t('too large for in-editor diagnostics')}` : '';
        item.description = `${folder ? `${folder} · ` : ''}${node.count}${note}`;
        item.tooltip = node.file.path;
        item.accessibilityInformation = {
          label: vscode.l10n.t('{0}, {1} KMS errors', folder ? `${folder}/${name}` : name, node.count),
        };
        item.contextValue = 'kmsFile';
        return item;
      }
      case 'occurrence': {
        const { occurrence, file } = node;
        // Labelled by when it happened and which request it was; the line text is the tooltip.
        const parts = [
          occurrence.timestamp === null ? null : shortTime(occurrence.timestamp),
          occurrence.requestId ? `RequestId ${occurrence.requestId}` : null,
        ].filter((p): p is string => p !== null);
        const line = vscode.l10n.t('Ln {0}', occurrence.line + 1);
        const label = parts.length > 0 ? parts.join(' · ') : line;
        const diagnosis = diagnosisOf(file, occurrence);
        const hasFixes = (diagnosis?.fixes ?? []).length > 0;
        const item = new vscode.TreeItem(
          label,
          hasFixes ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.description = parts.length > 0 ? line : occurrence.preview.trim();
        item.tooltip = occurrenceTooltip(occurrence, diagnosis);
        item.accessibilityInformation = { label: `${occurrence.code}, ${label}, ${line}` };
        const range = new vscode.Range(occurrence.line, occurrence.character, occurrence.line, occurrence.endCharacter);
        item.command = {
          title: vscode.l10n.t('Open'),
          command: 'vscode.open',
          arguments: [vscode.Uri.file(file.path), { selection: range }],
        };
        return item;
      }
      case 'fix':
        return fixTreeItem(node.fix);
      case 'more':
        return new vscode.TreeItem(vscode.l10n.t('More occurrences are in the file (the list keeps the first ones).'));
      default:
        return incidentTreeItem(this.model, node, codeIcon);
      case 'notRead': {
        const item = new vscode.TreeItem(
          vscode.l10n.t('Not read ({0})', node.count),
          vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = vscode.l10n.t(
          'Folders and files the inspection could not read or skipped: their KMS errors are not counted.',
        );
        item.contextValue = 'kmsNotRead';
        return item;
      }
      case 'unread': {
        const { path: where, message } = node.entry;
        const item = new vscode.TreeItem(path.basename(where) || where);
        item.resourceUri = vscode.Uri.file(where);
        item.description = `${vscode.workspace.asRelativePath(path.dirname(where))} · ${message}`;
        item.tooltip = `${where}: ${message}`;
        item.accessibilityInformation = { label: vscode.l10n.t('{0} was not read: {1}', where, message) };
        return item;
      }
    }
  }
}
