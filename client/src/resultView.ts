import * as vscode from 'vscode';
import { inBackground } from './background';
import { webviewDocument } from './webviewDocument';
import { sideColumn } from './sideColumn';

interface Page {
  title: string;
  markdown: string;
}

/** Pages kept for Back and Forward. */
const MAX_HISTORY = 30;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * One result panel beside the editor for decode results and code explanations: every command reuses
 * it, in the column of the summary when that is open (Decode, Explain and the summary never open a
 * third column), and it keeps its own history (Back, Forward).
 * The Markdown comes from the server with every response field escaped; VS Code's Markdown engine
 * renders it, and the page loads nothing remote and runs only its own navigation script.
 */
export class ResultView {
  private panel: vscode.WebviewPanel | undefined;
  private history: Page[] = [];
  private index = -1;

  register(): vscode.Disposable {
    return new vscode.Disposable(() => this.panel?.dispose());
  }

  /** Shows `markdown` as the newest page of the panel, opening the panel beside the editor if needed. */
  async show(title: string, markdown: string): Promise<void> {
    this.history = [...this.history.slice(0, this.index + 1), { title, markdown }].slice(-MAX_HISTORY);
    this.index = this.history.length - 1;
    await this.render();
  }

  async back(): Promise<void> {
    if (this.index <= 0) return;
    this.index--;
    await this.render();
  }

  async forward(): Promise<void> {
    if (this.index >= this.history.length - 1) return;
    this.index++;
    await this.render();
  }

  /** The Markdown of the page shown (tests read it). */
  last(): string | undefined {
    return this.history[this.index]?.markdown;
  }

  /** The panel's HTML (tests read it). */
  html(): string | undefined {
    return this.panel?.webview.html;
  }

  private async render(): Promise<void> {
    const page = this.history[this.index];
    if (!page) return;
    const body = await renderMarkdown(page.markdown);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'kms.result',
        page.title,
        { viewColumn: sideColumn(), preserveFocus: true },
        { enableScripts: true, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((message: unknown) => {
        const type = (message as { type?: unknown })?.type;
        if (type === 'back') inBackground('back', this.back());
        if (type === 'forward') inBackground('forward', this.forward());
      });
    } else {
      this.panel.reveal(this.panel.viewColumn, true);
    }
    this.panel.title = page.title;
    this.panel.webview.html = html(body, {
      canGoBack: this.index > 0,
      canGoForward: this.index < this.history.length - 1,
      position: vscode.l10n.t('{0} of {1}', this.index + 1, this.history.length),
    });
  }
}

/** HTML of the Markdown, by the editor's own Markdown engine; escaped text where it is not there. */
async function renderMarkdown(markdown: string): Promise<string> {
  try {
    const rendered = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof rendered === 'string') return rendered;
  } catch {
    // No Markdown extension: the page shows the Markdown source as text.
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

interface Navigation {
  canGoBack: boolean;
  canGoForward: boolean;
  position: string;
}

const STYLE = `  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
    padding: 0 20px 24px; line-height: 1.5; overflow-wrap: anywhere; }
  nav { display: flex; gap: 8px; align-items: center; padding: 8px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  nav .position { color: var(--vscode-descriptionForeground); }
  button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground);
    border: 1px solid var(--vscode-button-border, transparent); padding: 2px 10px; cursor: pointer; }
  button:disabled { opacity: 0.5; cursor: default; }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  a { color: var(--vscode-textLink-foreground); }
  a:hover { color: var(--vscode-textLink-activeForeground); }
  /* Tables fit the panel: long values (URLs, messages) wrap instead of running off the side. */
  table { border-collapse: collapse; width: 100%; table-layout: fixed; }
  th, td { text-align: left; vertical-align: top; padding: 4px 12px 4px 0;
    border-bottom: 1px solid var(--vscode-panel-border, transparent); overflow-wrap: anywhere; word-break: break-word; }
  td:first-child { width: 10em; color: var(--vscode-descriptionForeground); }
  pre, code { white-space: pre-wrap; overflow-wrap: anywhere; font-family: var(--vscode-editor-font-family); }
  blockquote { margin: 8px 0; padding: 4px 12px; border-left: 3px solid var(--vscode-editorWarning-foreground);
    background: var(--vscode-textBlockQuote-background); }
  img { max-width: 100%; }`;

const SCRIPT = `  document.getElementById('back').addEventListener('click', () => vscode.postMessage({ type: 'back' }));
  document.getElementById('forward').addEventListener('click', () => vscode.postMessage({ type: 'forward' }));`;

function html(body: string, nav: Navigation): string {
  const button = (id: string, label: string, enabled: boolean) =>
    `<button id="${id}" type="button"${enabled ? '' : ' disabled'}>${escapeHtml(label)}</button>`;
  const page = `<nav aria-label="${escapeHtml(vscode.l10n.t('Result history'))}">
${button('back', vscode.l10n.t('Back'), nav.canGoBack)}
${button('forward', vscode.l10n.t('Forward'), nav.canGoForward)}
<span class="position">${escapeHtml(nav.position)}</span>
</nav>
<main>
${body}
</main>`;
  return webviewDocument({ style: STYLE, body: page, script: SCRIPT });
}
