import * as vscode from 'vscode';

/** The number of KMS errors in the active editor; a click opens the Problems view. */
export class KmsStatusBar {
  private readonly item = vscode.window.createStatusBarItem('kms.errors', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = vscode.l10n.t('KMS errors');
    this.item.command = 'kms.showProblems';
  }

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      this.item,
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
  }

  /** KMS error count of the active editor (diagnostics of source `kms` that are not typo warnings). */
  count(): number {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return 0;
    return vscode.languages
      .getDiagnostics(editor.document.uri)
      .filter((d) => d.source === 'kms' && d.code !== 'unknown-code').length;
  }

  update(): void {
    const count = this.count();
    if (!vscode.window.activeTextEditor || count === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(key) ${vscode.l10n.t('KMS: {0}', count)}`;
    this.item.tooltip = vscode.l10n.t('{0} KMS error(s) in this file. Click to open the Problems view.', count);
    this.item.show();
  }
}
