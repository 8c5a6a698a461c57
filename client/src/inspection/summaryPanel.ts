import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { InspectionModel } from './model';

/**
 * The summary of the last inspection in a webview: bars per code (a click filters the KMS Errors
 * view), errors per hour, top RequestIds. The charts come from the server already escaped; the page
 * allows no remote content and runs only its own script (nonce); colours follow the theme.
 */
export class SummaryPanel {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly model: InspectionModel,
    private readonly revealErrors: () => void,
  ) {}

  show(html: string): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'kms.summary',
        vscode.l10n.t('KMS Error Summary'),
        vscode.ViewColumn.Beside,
        {
          enableScripts: true,
          localResourceRoots: [],
        },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((message: unknown) => {
        const code = (message as { type?: string; code?: unknown })?.code;
        if (
          (message as { type?: string }).type === 'filter' &&
          typeof code === 'string' &&
          /^[A-Za-z0-9.]{1,80}$/.test(code)
        ) {
          this.model.setFilter(code);
          this.revealErrors();
        }
      });
    }
    this.panel.webview.html = page(html, randomBytes(16).toString('base64'));
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** The page's HTML (tests read it). */
  html(): string | undefined {
    return this.panel?.webview.html;
  }
}

function page(body: string, nonce: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
  h2 { font-size: 1.1em; margin-top: 1.6em; }
  .totals, .hint { color: var(--vscode-descriptionForeground); }
  svg text { fill: var(--vscode-foreground); font-size: 12px; }
  svg .axis { fill: var(--vscode-descriptionForeground); font-size: 11px; }
  svg .axis-line { stroke: var(--vscode-panel-border, var(--vscode-foreground)); }
  .bar.server { fill: var(--vscode-charts-red); }
  .bar.throttling { fill: var(--vscode-charts-orange); }
  .bar.client { fill: var(--vscode-charts-yellow); }
  .bar.time { fill: var(--vscode-charts-blue); }
  .bar-link { cursor: pointer; }
  .bar-link:hover .bar, .bar-link:focus .bar { stroke: var(--vscode-focusBorder); stroke-width: 2; }
  .bar-link:focus { outline: none; }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  .num { text-align: right; }
</style>
</head>
<body>
${body}
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  for (const bar of document.querySelectorAll('.bar-link')) {
    const pick = () => vscode.postMessage({ type: 'filter', code: bar.getAttribute('data-code') });
    bar.addEventListener('click', pick);
    bar.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') pick(); });
  }
</script>
</body>
</html>`;
}
