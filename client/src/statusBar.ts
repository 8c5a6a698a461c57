import * as vscode from 'vscode';
import { DiagnosticCodes, type MoreNotShownData } from '#shared/protocol';
import { Commands } from '#shared/commands';

/** The language client keeps a diagnostic's LSP `data` on the object it hands to VS Code. */
function hiddenCount(diagnostic: vscode.Diagnostic): number {
  const data = (diagnostic as { data?: Partial<MoreNotShownData> }).data;
  return typeof data?.hidden === 'number' ? data.hidden : 0;
}

/**
 * The number of KMS errors in the active editor; a click opens the Problems view. While the language
 * server is down it says so instead, whatever the editor, and a click restarts it.
 */
export class KmsStatusBar {
  private readonly item = vscode.window.createStatusBarItem('kms.errors', vscode.StatusBarAlignment.Left, 50);
  /** Why the server is down; undefined while it runs. */
  private serverDown: string | undefined;
  private shown = false;

  constructor() {
    this.item.name = vscode.l10n.t('KMS errors');
    this.item.command = Commands.showProblems;
  }

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      this.item,
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
  }

  /**
   * KMS error count of the active editor: its diagnostics of source `kms` that are not typo warnings,
   * plus those the server left out past kms.diagnostics.maxPerFile (counted on its note).
   */
  count(): number {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return 0;
    let count = 0;
    for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
      if (d.source !== 'kms' || d.code === DiagnosticCodes.unknownCode) continue;
      if (d.code === DiagnosticCodes.moreNotShown) count += hiddenCount(d);
      else count++;
    }
    return count;
  }

  /** The server went down (`reason`) or is running again (undefined). */
  setServerDown(reason: string | undefined): void {
    this.serverDown = reason;
    this.update();
  }

  /** What the item says now, or undefined while it is hidden (for tests). */
  get text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  update(): void {
    if (this.serverDown !== undefined) {
      this.item.text = `$(error) ${vscode.l10n.t('KMS: server down')}`;
      this.item.tooltip = `${this.serverDown} ${vscode.l10n.t('Click to restart the KMS language server.')}`;
      this.item.command = Commands.restartServer;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.show();
      this.shown = true;
      return;
    }
    this.item.command = Commands.showProblems;
    this.item.backgroundColor = undefined;
    const count = this.count();
    if (!vscode.window.activeTextEditor || count === 0) {
      this.item.hide();
      this.shown = false;
      return;
    }
    this.item.text = `$(key) ${vscode.l10n.t('KMS: {0}', count)}`;
    this.item.tooltip = vscode.l10n.t(
      '{0} KMS error code(s) found in this file, shown as errors or warnings by what they need. Click to open the Problems view.',
      count,
    );
    this.item.show();
    this.shown = true;
  }
}
