import * as vscode from 'vscode';
import { t } from '../l10n';
import {
  WorkDoneProgress,
  type LanguageClient,
  type WorkDoneProgressBegin,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import {
  ExportFindingsRequest,
  IncidentTimelineRequest,
  type ExportFindingsParams,
  type InspectLogsParams,
  type InspectLogsResult,
} from '#shared/protocol';
import type { InspectionModel } from './model';
import { inspectInParts } from './inspectInParts';
import { inBackground } from '../background';

/** `files.exclude` patterns that are on, plus `kms.inspect.exclude`, for the server's walk. */
function excludes(folder: vscode.WorkspaceFolder): string[] {
  const filesExclude =
    vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, boolean>>('exclude') ?? {};
  return Object.entries(filesExclude)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/** How long logs must stay unchanged before the incidents are found again. */
const TIMELINE_PAUSE_MS = 2000;

function folderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/**
 * KMS: Inspect Logs. The server walks and scans the log files; this shows a cancellable progress
 * notification fed by the server's work-done progress, then fills the tree and the summary.
 */
export class Inspector {
  private watchers: vscode.Disposable[] = [];
  private pending = new Map<string, NodeJS.Timeout>();
  /** A timeline run after logs changed: waiting, running, and whether logs changed again meanwhile. */
  private timelineTimer: NodeJS.Timeout | undefined;
  private timelineRunning = false;
  private timelineAgain = false;
  private timelineMs = 0;

  constructor(
    private readonly server: () => LanguageClient,
    private readonly model: InspectionModel,
  ) {}

  private params(extra: Partial<InspectLogsParams>): InspectLogsParams {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return { folders: folderPaths(), exclude: folders.flatMap(excludes), ...extra };
  }

  /** Inspects the whole workspace; resolves to the result, or undefined when there is no folder. */
  async inspectAll(): Promise<InspectLogsResult | undefined> {
    if (folderPaths().length === 0) {
      inBackground('message', vscode.window.showInformationMessage(t('Open a folder to inspect its log files.')));
      return undefined;
    }
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: t('KMS: Inspecting logs'),
        cancellable: true,
      },
      async (progress, cancel) => {
        const token = `kms-inspect-${Date.now()}`;
        let last = 0;
        const listener = this.server().onProgress(WorkDoneProgress.type, token, (value) => {
          if (value.kind === 'end') return;
          const step = value as WorkDoneProgressBegin | WorkDoneProgressReport;
          const percentage = step.percentage ?? last;
          progress.report({
            ...(step.message ? { message: step.message } : {}),
            increment: Math.max(0, percentage - last),
          });
          last = percentage;
        });
        try {
          return await inspectInParts(this.server(), this.params({ workDoneToken: token }), cancel);
        } finally {
          listener.dispose();
        }
      },
    );
    this.model.set(result);
    // The incidents come after the view is filled: a second pass that also reads the trails.
    if (!result.cancelled) inBackground('incident timeline', this.timeline());
    if (result.cancelled)
      inBackground(
        'message',
        vscode.window.showInformationMessage(t('Inspection cancelled: the view shows what was found so far.')),
      );
    this.watch();
    return result;
  }

  /**
   * The workspace's incidents and the ActionTrail changes before them (trails are found among its
   * JSON files by their content), with progress in the status bar; resolves when the model has them.
   */
  async timeline(): Promise<void> {
    if (folderPaths().length === 0) return;
    const started = Date.now();
    this.timelineRunning = true;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: t('KMS: Finding incidents') },
        () => this.server().sendRequest(IncidentTimelineRequest.type, this.params({})),
      );
      if (!result.cancelled) this.model.setTimeline(result);
    } finally {
      this.timelineRunning = false;
      this.timelineMs = Date.now() - started;
      if (this.timelineAgain) this.refreshTimeline();
    }
  }

  /**
   * The incidents follow logs that grow during an incident: after a change, the timeline runs again,
   * once the changes pause, one run at a time, and spaced by twice the last run's time so that a
   * large workspace is not read over and over.
   */
  private refreshTimeline(): void {
    if (!this.model.timeline) return;
    if (this.timelineRunning) {
      this.timelineAgain = true;
      return;
    }
    this.timelineAgain = false;
    clearTimeout(this.timelineTimer);
    this.timelineTimer = setTimeout(
      () => {
        this.timelineTimer = undefined;
        inBackground('incident timeline after a change', this.timeline());
      },
      Math.max(TIMELINE_PAUSE_MS, 2 * this.timelineMs),
    );
  }

  /** KMS: Export Findings: every KMS error of the workspace logs to a JSON, CSV or SARIF file. */
  /**
   * KMS: Export Findings. With the view filtered, asks whether to export every KMS error or only what
   * the filter shows (`scope` answers it beforehand); the message names the filter when one was used.
   */
  async exportFindings(
    format?: ExportFindingsParams['format'],
    target?: vscode.Uri,
    scope?: 'all' | 'filtered',
  ): Promise<vscode.Uri | undefined> {
    if (folderPaths().length === 0) return undefined;
    const filter = this.model.filter ? await this.exportScope(scope) : '';
    if (filter === undefined) return undefined;
    const chosen =
      format ??
      (
        await vscode.window.showQuickPick(
          [
            { label: 'SARIF', description: t('for code scanning tools'), format: 'sarif' as const },
            { label: 'CSV', description: t('for spreadsheets'), format: 'csv' as const },
            { label: 'JSON', description: t('the kms-diagnose JSON report'), format: 'json' as const },
          ],
          { placeHolder: t('Export KMS findings as') },
        )
      )?.format;
    if (!chosen) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const file =
      target ??
      (await vscode.window.showSaveDialog({
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `kms-findings.${chosen}`) } : {}),
        filters: { [chosen.toUpperCase()]: [chosen] },
      }));
    if (!file) return undefined;
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: t('KMS: Exporting findings'),
        cancellable: true,
      },
      (_progress, cancel) =>
        this.server().sendRequest(
          ExportFindingsRequest.type,
          {
            ...this.params({}),
            format: chosen,
            target: file.fsPath,
            ...(filter ? { filter } : {}),
          },
          cancel,
        ),
    );
    this.model.addUnreadable(result.unreadable ?? []);
    const open = t('Open');
    const message = filter
      ? t(
          'Exported {0} KMS findings from {1} files to {2} (filter: {3})',
          result.findings,
          result.files,
          vscode.workspace.asRelativePath(file),
          filter,
        )
      : t(
          'Exported {0} KMS findings from {1} files to {2}',
          result.findings,
          result.files,
          vscode.workspace.asRelativePath(file),
        );
    const unread = (result.unreadable ?? []).length;
    const shown =
      unread > 0
        ? vscode.window.showWarningMessage(
            `${message}. ${t('{0} folders or files were not read: see Not read in the KMS Errors view.', unread)}`,
            open,
          )
        : vscode.window.showInformationMessage(message, open);
    inBackground(
      'export message',
      shown.then((choice) => (choice === open ? vscode.window.showTextDocument(file) : undefined)),
    );
    return file;
  }

  /** The filter to export with: the view's, none (''), or undefined when the question was dismissed. */
  private async exportScope(scope?: 'all' | 'filtered'): Promise<string | undefined> {
    const filter = this.model.filter;
    if (scope) return scope === 'filtered' ? filter : '';
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: t('Only what the view shows'),
          description: t('{0} KMS errors, filter: {1}', this.model.visibleFindings(), filter),
          filter,
        },
        {
          label: t('Every KMS error of the workspace logs'),
          description: t('{0} KMS errors', this.model.totalFindings()),
          filter: '',
        },
      ],
      { placeHolder: t('The KMS Errors view is filtered. Export') },
    );
    return picked?.filter;
  }

  /** Re-inspects some files (after a change on disk or an edit) and merges them into the model. */
  async inspectFiles(paths: string[]): Promise<void> {
    const result = await inspectInParts(this.server(), this.params({ files: paths }));
    this.model.update(result, paths);
    this.refreshTimeline();
  }

  /** Watches the log globs and open log documents once an inspection exists. */
  private watch(): void {
    if (this.watchers.length > 0) return;
    const globs = vscode.workspace.getConfiguration('kms').get<string[]>('inspect.files') ?? ['**/*.log'];
    for (const glob of globs) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      watcher.onDidChange((uri) => this.schedule(uri));
      watcher.onDidCreate((uri) => this.schedule(uri));
      watcher.onDidDelete((uri) => {
        this.model.remove(uri.fsPath);
        this.refreshTimeline();
      });
      this.watchers.push(watcher);
    }
    this.watchers.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (
          event.document.uri.scheme === 'file' &&
          this.model.last?.files.some((f) => f.path === event.document.uri.fsPath)
        ) {
          this.schedule(event.document.uri);
        }
      }),
    );
  }

  private schedule(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    clearTimeout(this.pending.get(uri.fsPath));
    this.pending.set(
      uri.fsPath,
      setTimeout(() => {
        this.pending.delete(uri.fsPath);
        inBackground(`re-inspecting ${uri.fsPath}`, this.inspectFiles([uri.fsPath]));
      }, 500),
    );
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    for (const t of this.pending.values()) clearTimeout(t);
    clearTimeout(this.timelineTimer);
  }
}
