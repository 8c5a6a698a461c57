import * as vscode from 'vscode';
import {
  WorkDoneProgress,
  type LanguageClient,
  type WorkDoneProgressBegin,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import { ReadAheadRequest } from '#shared/protocol';
import { inBackground } from './background';

/**
 * The first feedback on a large log. VS Code takes seconds to load megabytes into an editor and as
 * many again to hand them to extensions; as soon as the file's tab opens, the language server reads
 * it from disk instead (`kms/readAhead`). Its progress shows in the status bar from that moment, and
 * the problems it answers show until the language server's own diagnostics of the document arrive.
 */
export class ReadAhead implements vscode.Disposable {
  private readonly early = vscode.languages.createDiagnosticCollection('kms');
  /** Files asked about since their tab opened, by URI. */
  private readonly asked = new Set<string>();
  /** Files whose own diagnostics arrived: what is read ahead is no longer needed for them. */
  private readonly answered = new Set<string>();
  private readonly listeners: vscode.Disposable[] = [];
  private tokens = 0;

  constructor(private readonly server: () => LanguageClient) {}

  /** From now on, reads ahead the large logs whose tabs open (and those open already). */
  followTabs(): void {
    this.listeners.push(
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of [...event.opened, ...event.changed]) this.consider(tab);
        for (const tab of event.closed) this.closed(tab);
      }),
    );
    for (const group of vscode.window.tabGroups.all) for (const tab of group.tabs) this.consider(tab);
  }

  /** The language server's diagnostics of `uri` arrived (pulled or pushed): they replace those read ahead. */
  diagnosticsArrived(uri: vscode.Uri): void {
    const key = uri.toString();
    this.answered.add(key);
    if (this.early.has(uri)) this.early.delete(uri);
  }

  private consider(tab: vscode.Tab): void {
    const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
    if (!uri || uri.scheme !== 'file') return;
    const key = uri.toString();
    if (this.asked.has(key) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
    this.asked.add(key);
    inBackground('read ahead', this.readAhead(uri));
  }

  private closed(tab: vscode.Tab): void {
    const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
    if (!uri) return;
    const key = uri.toString();
    const stillOpen = vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
    );
    if (stillOpen) return;
    this.asked.delete(key);
    this.answered.delete(key);
    this.early.delete(uri);
  }

  private async readAhead(uri: vscode.Uri): Promise<void> {
    const client = this.server();
    if (!client.isRunning()) return;
    const token = `kms-read-ahead-${++this.tokens}`;
    let end = () => undefined as void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    let shown: vscode.Progress<{ message?: string }> | undefined;
    // The server begins progress only for a large log: the status bar says nothing for other files.
    const listener = client.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'end') return end();
      if (value.kind === 'begin') {
        const begin = value as WorkDoneProgressBegin;
        inBackground(
          'read-ahead progress',
          vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: begin.title }, (progress) => {
            shown = progress;
            return ended;
          }),
        );
      } else {
        const percentage = (value as WorkDoneProgressReport).percentage;
        if (percentage !== undefined) shown?.report({ message: `${percentage}%` });
      }
    });
    try {
      const result = await client.sendRequest(ReadAheadRequest.type, {
        uri: client.code2ProtocolConverter.asUri(uri),
        workDoneToken: token,
      });
      const key = uri.toString();
      if (!result.diagnostics || this.answered.has(key) || !this.asked.has(key)) return;
      this.early.set(uri, await client.protocol2CodeConverter.asDiagnostics(result.diagnostics));
    } finally {
      listener.dispose();
      end();
    }
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.early.dispose();
  }
}
