import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SummaryViewRequest } from '#shared/protocol';
import { isRequestId } from '#shared/requestId';
import { webviewDocument } from '../webviewDocument';
import { sideColumn } from '../sideColumn';
import type { InspectionModel } from './model';
import { inBackground } from '../background';

/**
 * The summary of the KMS Errors view in a webview: bars per code (a click filters the view), errors
 * per hour, top RequestIds, and when its data is from. It is the sum of the view's files, asked of the
 * server whenever the view changes, so it never contradicts the view. It opens in the column of the
 * result panel (never a third one) and its charts fit any width. The charts come from the server
 * already escaped; the page allows no remote content and runs only its own script (nonce); colours
 * follow the theme.
 */
export class SummaryPanel {
  private panel: vscode.WebviewPanel | undefined;
  /** The view changed while the panel was hidden: render when it shows. */
  private stale = false;
  private timer: NodeJS.Timeout | undefined;
  /** Renders answered out of order are dropped: only the latest request's answer is shown. */
  private requested = 0;

  constructor(
    private readonly model: InspectionModel,
    private readonly revealErrors: () => void,
    private readonly server: () => LanguageClient,
  ) {
    model.onDidChange(() => this.changed());
    // New incidents replace their section in place: reloading the page would take the focus.
    model.onDidChangeTimeline(() => {
      if (this.panel)
        inBackground(
          'summary incidents',
          this.panel.webview.postMessage({ type: 'incidents', html: this.model.timeline?.html ?? '' }),
        );
    });
  }

  /** Opens the panel (or brings it forward) with the summary of what the view shows now. */
  async show(): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'kms.summary',
        vscode.l10n.t('KMS Error Summary'),
        { viewColumn: sideColumn(), preserveFocus: true },
        { enableScripts: true, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        clearTimeout(this.timer);
      });
      this.panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible && this.stale) inBackground('summary', this.render());
      });
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.received(message));
    } else this.panel.reveal(this.panel.viewColumn, true);
    await this.render();
  }

  private changed(): void {
    if (!this.panel) return;
    this.stale = true;
    if (!this.panel.visible) return;
    // A burst of file changes renders once.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => inBackground('summary', this.render()), 300);
  }

  private async render(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    this.stale = false;
    const request = ++this.requested;
    const { html } = await this.server().sendRequest(SummaryViewRequest.type, this.model.summaryParams());
    if (request !== this.requested || this.panel !== panel) return;
    // The incidents of the last timeline follow the summary, with the changes before each.
    const incidents = `<div id="incidents">${this.model.timeline?.html ?? ''}</div>`;
    panel.webview.html = webviewDocument({ style: STYLE + INCIDENT_STYLE, body: html + incidents, script: SCRIPT });
  }

  private received(message: unknown): void {
    const { type, code, requestId } = (message ?? {}) as { type?: string; code?: unknown; requestId?: unknown };
    if (type === 'filter' && typeof code === 'string' && /^[A-Za-z0-9.]{1,80}$/.test(code)) {
      this.model.setFilter(code);
      this.revealErrors();
    }
    if (type === 'requestId' && typeof requestId === 'string' && isRequestId(requestId)) {
      inBackground('open RequestId', this.openRequestId(requestId));
    }
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

const STYLE = `  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px;
    container-type: inline-size; }
  h2 { font-size: 1.1em; margin-top: 1.6em; }
  .totals { font-weight: 600; margin-bottom: 0; }
  .as-of, .hint { color: var(--vscode-descriptionForeground); }
  .as-of { margin-top: 2px; }
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
  .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; margin: 8px 0 0; }
  .legend li { display: flex; align-items: center; gap: 6px; }
  a { color: var(--vscode-textLink-foreground); }
  /* Bars per code: the label takes what it needs up to half the panel, the bar the rest. */
  table.code-chart { width: 100%; border-collapse: collapse; }
  table.code-chart td { padding: 2px 0; vertical-align: middle; }
  td.label { padding-right: 8px; }
  .label-text { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 50vw; }
  td.track { width: 100%; min-width: 40px; }
  td.track svg { display: block; }
  td.value { padding-left: 6px; text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  .bar-link { cursor: pointer; }
  .bar-link:hover .bar, .bar-link:focus .bar { stroke: var(--vscode-focusBorder); stroke-width: 2; }
  .bar-link:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  /* Errors per hour: y ticks beside a chart as wide as the panel; fewer hour labels when narrow. */
  .hour-chart { display: flex; gap: 6px; }
  .y-axis { display: flex; flex-direction: column; justify-content: space-between; align-items: flex-end;
    height: 164px; min-width: 2em; color: var(--vscode-descriptionForeground); font-size: 11px; line-height: 14px; }
  .hour-chart svg { flex: 1 1 auto; min-width: 0; overflow: visible; }
  @container (max-width: 520px) { .hour-chart text.minor { display: none; } }
  @container (max-width: 240px) { .hour-chart text.mid { display: none; } }
  /* RequestIds: the count first; an id breaks only at its dashes; the code goes under it when narrow. */
  table.request-ids { width: 100%; border-collapse: collapse; }
  table.request-ids th, table.request-ids td { text-align: left; padding: 3px 12px 3px 0; vertical-align: top;
    border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  table.request-ids .num { text-align: right; white-space: nowrap; width: 1%; font-variant-numeric: tabular-nums; }
  /* Breaks at its dashes first, anywhere only in a panel narrower than one part of the id. */
  table.request-ids td.id code { font-family: var(--vscode-editor-font-family); white-space: normal; overflow-wrap: anywhere; }
  table.request-ids td.code { white-space: nowrap; }
  .code-below { display: none; color: var(--vscode-descriptionForeground); overflow-wrap: anywhere; }
  @container (max-width: 480px) {
    table.request-ids .code { display: none; }
    .code-below { display: block; }
  }
  /* A narrow panel puts each code's label above its bar, so that neither is cut to nothing. */
  @container (max-width: 360px) {
    table.code-chart tr.bar-link { display: grid; grid-template-columns: 1fr auto; align-items: center; }
    table.code-chart td.label { grid-column: 1 / -1; padding: 4px 0 0; }
    .label-text { max-width: none; }
  }`;

// The incidents: the timeline chart is as wide as the panel, its text keeps its size; markers are the
// trail's changes, and every other time label goes when the panel is narrow.
const INCIDENT_STYLE = `
  .timeline-chart svg.tl-chart { display: block; width: 100%; overflow: hidden; }
  .tl-label .tl-sub { font-weight: normal; }
  @container (max-width: 420px) { .timeline-chart .tl-tick.minor { display: none; } }
  .tl-legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 8px; }
  .swatch.cause { background: var(--vscode-charts-red); }
  .swatch.end { background: var(--vscode-charts-green); }
  .swatch.change { background: var(--vscode-descriptionForeground); }
  .tl-band { fill: var(--vscode-editorWidget-background, transparent); }
  .tl-grid { stroke: var(--vscode-editorWidget-border, var(--vscode-descriptionForeground)); stroke-opacity: 0.35; }
  .tl-tick, .tl-sub { fill: var(--vscode-descriptionForeground); font-size: 11px; }
  .tl-label { fill: var(--vscode-foreground); font-size: 12px; font-weight: 600; }
  .tl-label a { fill: var(--vscode-foreground); }
  .tl-bar { fill: var(--vscode-charts-blue); }
  .tl-marker line { stroke-width: 2; }
  .tl-marker.cause line { stroke: var(--vscode-charts-red); } .tl-marker.cause path { fill: var(--vscode-charts-red); }
  .tl-marker.end line { stroke: var(--vscode-charts-green); } .tl-marker.end path { fill: var(--vscode-charts-green); }
  .tl-marker.change line { stroke: var(--vscode-descriptionForeground); stroke-dasharray: 3 2; }
  .tl-marker.change path { fill: var(--vscode-descriptionForeground); }
  .incident h3 { font-size: 1em; margin: 1.2em 0 0.3em; overflow-wrap: anywhere; }
  .incident .cause { border-left: 3px solid var(--vscode-charts-red); padding-left: 8px; margin: 4px 0; overflow-wrap: anywhere; }
  .incident .ended { border-left: 3px solid var(--vscode-charts-green); padding-left: 8px; margin: 4px 0; }
  .incident ul.changes { margin: 2px 0; padding-left: 18px; overflow-wrap: anywhere; }
  .incident li.is-cause { color: var(--vscode-charts-red); font-weight: 600; }`;

// Bars filter the KMS Errors view; RequestIds open their occurrences.
const SCRIPT = `  for (const bar of document.querySelectorAll('.bar-link')) {
    const pick = () => vscode.postMessage({ type: 'filter', code: bar.getAttribute('data-code') });
    bar.addEventListener('click', pick);
    bar.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') pick(); });
  }
  // The incidents' section, escaped by the server as the rest of the page, replaced when they change.
  window.addEventListener('message', (event) => {
    const data = event.data;
    const section = document.getElementById('incidents');
    if (section && data && data.type === 'incidents' && typeof data.html === 'string') section.innerHTML = data.html;
  });
  for (const link of document.querySelectorAll('.request-id')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      vscode.postMessage({ type: 'requestId', requestId: link.getAttribute('data-request-id') });
    });
  }`;
