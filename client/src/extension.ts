import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { decodeResponse } from './commands/decodeResponse';
import { explainCode } from './commands/explainCode';
import { registerCommands } from './commands/register';
import { copyFix, copyRequestId, openTroubleshooting } from './commands/requestIds';
import { createLanguageClient } from './languageClient';
import { ErrorsTree } from './inspection/errorsTree';
import { incidentCounts } from './inspection/incidentsTree';
import { Inspector } from './inspection/inspect';
import { InspectionModel } from './inspection/model';
import { SummaryPanel } from './inspection/summaryPanel';
import { ResultView } from './resultView';
import { KmsStatusBar } from './statusBar';
import { TerminalLinks } from './terminalLinks';
import { inBackground, logBackgroundFailuresTo } from './background';
import { ServerLifecycle } from './serverLifecycle';

/** What the extension exposes to its tests and to other extensions. */
export interface KmsApi {
  /** The client of the language server running now (a restart may replace it). */
  readonly client: LanguageClient;
  restartServer(): Promise<boolean>;
  view: ResultView;
  statusBar: KmsStatusBar;
  inspection: InspectionModel;
  tree: ErrorsTree;
  summary: SummaryPanel;
}

let server: ServerLifecycle | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KmsApi> {
  const output = vscode.window.createOutputChannel('KMS Diagnostics', { log: true });
  logBackgroundFailuresTo(output);
  const view = new ResultView();
  const statusBar = new KmsStatusBar();
  const lifecycle = new ServerLifecycle(() => createLanguageClient(context, output), statusBar, output);
  server = lifecycle;
  const languageClient = () => lifecycle.client;
  // The last inspection survives a window reload.
  const inspection = new InspectionModel(context.workspaceState);
  const tree = new ErrorsTree(inspection);
  const treeView = vscode.window.createTreeView('kms.errors', { treeDataProvider: tree, showCollapseAll: true });
  const revealErrors = () => inBackground('reveal KMS Errors', vscode.commands.executeCommand('kms.errors.focus'));
  const summary = new SummaryPanel(inspection, revealErrors, languageClient);
  const inspector = new Inspector(languageClient, inspection);
  const describe = () => {
    const shown = inspection.visibleFindings();
    const files = inspection.visibleFiles().length;
    const counts = vscode.l10n.t('{0} KMS errors in {1} files', shown, files);
    // Grouped by incident, the message counts the incidents the filter shows, and their errors.
    const incidents = inspection.timeline ? inspection.visibleIncidents() : undefined;
    const listed =
      inspection.groupBy !== 'incident'
        ? counts
        : incidents === undefined
          ? vscode.l10n.t('Finding incidents…')
          : incidentCounts(incidents);
    treeView.message = inspection.last
      ? inspection.filter
        ? vscode.l10n.t('Filter: {0} · {1}', inspection.filter, listed)
        : listed
      : '';
    treeView.badge = inspection.last
      ? { value: inspection.totalFindings(), tooltip: vscode.l10n.t('KMS errors in the workspace logs') }
      : undefined;
  };
  inspection.onDidChange(describe);
  inspection.onDidChangeTimeline(describe);
  describe();
  /** Inspects the workspace, then shows the view, expanded and focused, with what was found. */
  const inspectAndReveal = async () => {
    const result = await inspector.inspectAll();
    if (!result) return result;
    await vscode.commands.executeCommand('kms.errors.focus');
    const message = vscode.l10n.t(
      'KMS: {0} errors in {1} files. They are listed in the KMS Errors view.',
      result.summary.findings,
      result.files.filter((f) => f.findings > 0).length,
    );
    vscode.window.setStatusBarMessage(`$(key) ${message}`, 10_000);
    return result;
  };
  inBackground('setContext', vscode.commands.executeCommand('setContext', 'kms.errors.groupBy', 'code'));
  context.subscriptions.push(
    lifecycle,
    treeView,
    inspector,
    output,
    view.register(),
    new TerminalLinks(languageClient, view).register(),
    statusBar.register(),
    ...registerCommands({
      restartServer: () => lifecycle.restart(),
      inspectLogs: inspectAndReveal,
      // The summary of what the view shows now; an inspection first when there is none yet.
      showSummary: async () => {
        if (inspection.last || (await inspector.inspectAll())) await summary.show();
      },
      refreshErrors: inspectAndReveal,
      exportFindings: (format?: 'json' | 'csv' | 'sarif', target?: vscode.Uri) =>
        inspector.exportFindings(format, target),
      groupErrorsByFile: () => inspection.setGrouping('file'),
      groupErrorsByCode: () => inspection.setGrouping('code'),
      groupErrorsByIncident: () => inspection.setGrouping('incident'),
      filterErrors: async (value?: string) => {
        const filter =
          typeof value === 'string'
            ? value
            : await vscode.window.showInputBox({
                prompt: vscode.l10n.t('Show codes or files containing'),
                value: inspection.filter,
              });
        if (filter !== undefined) inspection.setFilter(filter);
      },
      clearErrorsFilter: () => inspection.setFilter(''),
      decodeResponse: (text?: string) => decodeResponse(languageClient(), view, text),
      decodeResponseShowingSecrets: (text?: string) => decodeResponse(languageClient(), view, text, true),
      explainCode: (code?: string) => explainCode(languageClient(), view, code),
      copyRequestId: (id?: unknown) => copyRequestId(languageClient(), id),
      openTroubleshooting: (target?: unknown) => openTroubleshooting(languageClient(), target),
      copyFix,
      showProblems: () => vscode.commands.executeCommand('workbench.actions.view.problems'),
    }),
  );
  // A server that fails to start leaves the rest working (the KMS Errors view, the commands say why).
  await lifecycle.start();
  statusBar.update();
  return {
    get client() {
      return lifecycle.client;
    },
    restartServer: () => lifecycle.restart(),
    view,
    statusBar,
    inspection,
    tree,
    summary,
  };
}

export async function deactivate(): Promise<void> {
  if (server?.client.isRunning()) await server.client.stop();
}
