import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { decodeResponse } from './commands/decodeResponse';
import { explainCode } from './commands/explainCode';
import { copyFix, copyRequestId, openTroubleshooting } from './commands/requestIds';
import { createLanguageClient } from './languageClient';
import { ErrorsTree } from './inspection/errorsTree';
import { Inspector } from './inspection/inspect';
import { InspectionModel } from './inspection/model';
import { SummaryPanel } from './inspection/summaryPanel';
import { ResultView } from './resultView';
import { KmsStatusBar } from './statusBar';

/** What the extension exposes to its tests and to other extensions. */
export interface KmsApi {
  client: LanguageClient;
  view: ResultView;
  statusBar: KmsStatusBar;
  inspection: InspectionModel;
  tree: ErrorsTree;
  summary: SummaryPanel;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KmsApi> {
  const output = vscode.window.createOutputChannel('KMS Diagnostics', { log: true });
  client = createLanguageClient(context, output);
  const view = new ResultView();
  const statusBar = new KmsStatusBar();
  const languageClient = client;
  const inspection = new InspectionModel();
  const tree = new ErrorsTree(inspection);
  const treeView = vscode.window.createTreeView('kms.errors', { treeDataProvider: tree, showCollapseAll: true });
  const revealErrors = () => void vscode.commands.executeCommand('kms.errors.focus');
  const summary = new SummaryPanel(inspection, revealErrors);
  const inspector = new Inspector(languageClient, inspection, summary);
  inspection.onDidChange(() => {
    treeView.message = inspection.filter ? vscode.l10n.t('Filter: {0}', inspection.filter) : '';
    treeView.badge = inspection.last
      ? { value: inspection.totalFindings(), tooltip: vscode.l10n.t('KMS errors in the workspace logs') }
      : undefined;
  });
  void vscode.commands.executeCommand('setContext', 'kms.errors.groupBy', 'code');
  context.subscriptions.push(
    treeView,
    inspector,
    vscode.commands.registerCommand('kms.inspectLogs', () => inspector.inspectAll()),
    vscode.commands.registerCommand('kms.showSummary', async () => {
      const result = inspection.last?.summaryHtml ? inspection.last : await inspector.inspectAll();
      if (result?.summaryHtml) summary.show(result.summaryHtml);
    }),
    vscode.commands.registerCommand('kms.errors.refresh', () => inspector.inspectAll()),
    vscode.commands.registerCommand('kms.exportFindings', (format?: 'json' | 'csv' | 'sarif', target?: vscode.Uri) =>
      inspector.exportFindings(format, target),
    ),
    vscode.commands.registerCommand('kms.errors.groupByFile', () => inspection.setGrouping('file')),
    vscode.commands.registerCommand('kms.errors.groupByCode', () => inspection.setGrouping('code')),
    vscode.commands.registerCommand('kms.errors.filter', async (value?: string) => {
      const filter =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({
              prompt: vscode.l10n.t('Show codes or files containing'),
              value: inspection.filter,
            });
      if (filter !== undefined) inspection.setFilter(filter);
    }),
    vscode.commands.registerCommand('kms.errors.clearFilter', () => inspection.setFilter('')),
    output,
    view.register(),
    statusBar.register(),
    vscode.commands.registerCommand('kms.decodeResponse', (text?: string) =>
      decodeResponse(languageClient, view, text),
    ),
    vscode.commands.registerCommand('kms.explainCode', (code?: string) => explainCode(languageClient, view, code)),
    vscode.commands.registerCommand('kms.copyRequestId', copyRequestId),
    vscode.commands.registerCommand('kms.openTroubleshooting', openTroubleshooting),
    vscode.commands.registerCommand('kms.copyFix', copyFix),
    vscode.commands.registerCommand('kms.showProblems', () =>
      vscode.commands.executeCommand('workbench.actions.view.problems'),
    ),
  );
  await client.start();
  statusBar.update();
  return { client, view, statusBar, inspection, tree, summary };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
