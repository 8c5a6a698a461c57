import * as vscode from 'vscode';
import { isRequestId } from '#shared/requestId';
import { webviewDocument } from '../webviewDocument';
import type { InspectionModel } from './model';
import { inBackground } from '../background';

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
        const { type, code, requestId } = (message ?? {}) as { type?: string; code?: unknown; requestId?: unknown };
        if (type === 'filter' && typeof code === 'string' && /^[A-Za-z0-9.]{1,80}$/.test(code)) {
          this.model.setFilter(code);
          this.revealErrors();
        }
        if (type === 'requestId' && typeof requestId === 'string' && isRequestId(requestId)) {
          inBackground('open RequestId', this.openRequestId(requestId));
        }
      });
    }
    this.panel.webview.html = page(html);
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** Opens the log line of a RequestId; with several, offers them to pick from. */
  private async openRequestId(requestId: string): Promise<void> {
    const found = this.model.occurrencesOf(requestId);
    const pick =
      found.length <= 1
        ? found[0]
        : await vscode.window
            .showQuickPick(
              found.map((o) => ({
                label: `${vscode.workspace.asRelativePath(o.path)}:${o.occurrence.line + 1}`,
                description: o.occurrence.code,
                item: o,
              })),
              { placeHolder: vscode.l10n.t('Occurrences of RequestId {0}', requestId) },
            )
            .then((chosen) => chosen?.item);
    if (!pick) {
      if (found.length === 0)
        inBackground(
          'message',
          vscode.window.showInformationMessage(
            vscode.l10n.t('RequestId {0} is not in the listed occurrences.', requestId),
          ),
        );
      return;
    }
    const { line, character, endCharacter } = pick.occurrence;
    await vscode.window.showTextDocument(vscode.Uri.file(pick.path), {
      selection: new vscode.Range(line, character, line, endCharacter),
      viewColumn: vscode.ViewColumn.One,
    });
  }

  /** The page's HTML (tests read it). */
  html(): string | undefined {
    return this.panel?.webview.html;
  }
}

const STYLE = `  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
  h2 { font-size: 1.1em; margin-top: 1.6em; }
  .totals, .hint { color: var(--vscode-descriptionForeground); }
  .scroll { overflow-x: auto; }
  svg text { fill: var(--vscode-foreground); font-size: 12px; font-family: var(--vscode-font-family); }
  svg .axis { fill: var(--vscode-descriptionForeground); font-size: 11px; }
  svg .grid { stroke: var(--vscode-editorWidget-border, var(--vscode-descriptionForeground)); stroke-opacity: 0.35; }
  /* Chart colours of the theme, outlined so that each bar stands out in light, dark and high contrast. */
  .bar { stroke: var(--vscode-contrastBorder, transparent); }
  .bar.permission { fill: var(--vscode-charts-red); }
  .bar.key-state { fill: var(--vscode-charts-purple); }
  .bar.service { fill: var(--vscode-charts-blue); }
  .bar.parameter { fill: var(--vscode-charts-green); }
  .bar.time { fill: var(--vscode-charts-foreground, var(--vscode-foreground)); fill-opacity: 0.7; }
  .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 16px; padding: 0; margin: 8px 0 0; }
  .legend li { display: flex; align-items: center; gap: 6px; }
  a { color: var(--vscode-textLink-foreground); }
  .bar-link { cursor: pointer; }
  .bar-link:hover .bar, .bar-link:focus .bar { stroke: var(--vscode-focusBorder); stroke-width: 2; }
  .bar-link:focus { outline: none; }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  .num { text-align: right; }`;

// Bars filter the KMS Errors view; RequestIds open their occurrences.
const SCRIPT = `  for (const bar of document.querySelectorAll('.bar-link')) {
    const pick = () => vscode.postMessage({ type: 'filter', code: bar.getAttribute('data-code') });
    bar.addEventListener('click', pick);
    bar.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') pick(); });
  }
  for (const link of document.querySelectorAll('.request-id')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      vscode.postMessage({ type: 'requestId', requestId: link.getAttribute('data-request-id') });
    });
  }`;

function page(body: string): string {
  return webviewDocument({ style: STYLE, body, script: SCRIPT });
}
