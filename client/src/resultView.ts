import * as vscode from 'vscode';

const SCHEME = 'kms-result';

/**
 * Read-only Markdown documents holding decode results and code explanations, shown with the built-in
 * Markdown preview. The text comes from the server already escaped; the preview runs no scripts.
 */
export class ResultView implements vscode.TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  register(): vscode.Disposable {
    return vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(SCHEME, this), this.changed);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? '';
  }

  /** Opens `markdown` beside the editor as a rendered page titled `title`. */
  async show(title: string, markdown: string): Promise<vscode.Uri> {
    const name = title.replace(/[^\p{L}\p{N} ._-]+/gu, ' ').trim() || 'KMS';
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}.md`, query: String(++this.counter) });
    this.pages.set(uri.toString(), markdown);
    // Keep the last few pages only.
    for (const key of [...this.pages.keys()].slice(0, -20)) this.pages.delete(key);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    return uri;
  }

  /** The Markdown of the last page shown (tests read it). */
  last(): string | undefined {
    return [...this.pages.values()].pop();
  }
}
