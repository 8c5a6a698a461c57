import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InspectOccurrence, InspectedFile } from '#shared/protocol';
import type { InspectionModel } from './model';

type Node =
  | { kind: 'code'; code: string; count: number; file?: InspectedFile }
  | { kind: 'file'; file: InspectedFile; code?: string; count: number }
  | { kind: 'occurrence'; file: InspectedFile; occurrence: InspectOccurrence }
  | { kind: 'more'; file: InspectedFile };

const SEVERITY_ICON = {
  server: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  throttling: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  client: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
};

/** The KMS Errors view: code → file → occurrence (or file → code → occurrence); a click opens the token. */
export class ErrorsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly model: InspectionModel) {
    model.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: Node): Node[] {
    const files = this.model.visibleFiles();
    if (!node) {
      if (this.model.groupBy === 'file') return files.map((file) => ({ kind: 'file', file, count: file.findings }));
      const counts = new Map<string, number>();
      for (const file of files)
        for (const [code, n] of Object.entries(file.byCode)) counts.set(code, (counts.get(code) ?? 0) + n);
      return [...counts.entries()]
        .filter(([code]) => this.model.codeMatches(code))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([code, count]) => ({ kind: 'code', code, count }));
    }
    if (node.kind === 'code' && !node.file) {
      return files
        .filter((file) => (file.byCode[node.code] ?? 0) > 0)
        .map((file) => ({ kind: 'file', file, code: node.code, count: file.byCode[node.code] ?? 0 }));
    }
    if (node.kind === 'file' && !node.code) {
      return Object.entries(node.file.byCode)
        .filter(([code]) => this.model.codeMatches(code))
        .sort((a, b) => b[1] - a[1])
        .map(([code, count]) => ({ kind: 'code', code, count, file: node.file }));
    }
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
        item.iconPath = SEVERITY_ICON[info.severity];
        item.contextValue = 'kmsCode';
        item.tooltip = `${node.code} ${info.status ?? ''}: ${node.count}`;
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(vscode.Uri.file(node.file.path), vscode.TreeItemCollapsibleState.Collapsed);
        const folder = vscode.workspace.asRelativePath(path.dirname(node.file.path));
        const note = node.file.tooLargeForEditor ? ` · ${vscode.l10n.t('too large for in-editor diagnostics')}` : '';
        item.description = `${folder === path.dirname(node.file.path) ? '' : `${folder} · `}${node.count}${note}`;
        item.contextValue = 'kmsFile';
        return item;
      }
      case 'occurrence': {
        const { occurrence, file } = node;
        const item = new vscode.TreeItem(occurrence.preview || occurrence.token, vscode.TreeItemCollapsibleState.None);
        const time =
          occurrence.timestamp === null
            ? ''
            : ` · ${new Date(occurrence.timestamp).toISOString().replace('.000Z', 'Z')}`;
        item.description = `${vscode.l10n.t('Ln {0}', occurrence.line + 1)}${time}`;
        item.tooltip = occurrence.requestId ? `RequestId ${occurrence.requestId}` : occurrence.code;
        const range = new vscode.Range(occurrence.line, occurrence.character, occurrence.line, occurrence.endCharacter);
        item.command = {
          title: vscode.l10n.t('Open'),
          command: 'vscode.open',
          arguments: [vscode.Uri.file(file.path), { selection: range }],
        };
        return item;
      }
      case 'more':
        return new vscode.TreeItem(vscode.l10n.t('More occurrences are in the file (the list keeps the first ones).'));
    }
  }
}
