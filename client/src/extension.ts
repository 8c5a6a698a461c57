import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { decodeResponse } from './commands/decodeResponse';
import { explainCode } from './commands/explainCode';
import { copyRequestId, openTroubleshooting } from './commands/requestIds';
import { createLanguageClient } from './languageClient';
import { ResultView } from './resultView';
import { KmsStatusBar } from './statusBar';

/** What the extension exposes to its tests and to other extensions. */
export interface KmsApi {
  client: LanguageClient;
  view: ResultView;
  statusBar: KmsStatusBar;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KmsApi> {
  const output = vscode.window.createOutputChannel('KMS Diagnostics', { log: true });
  client = createLanguageClient(context, output);
  const view = new ResultView();
  const statusBar = new KmsStatusBar();
  const languageClient = client;
  context.subscriptions.push(
    output,
    view.register(),
    statusBar.register(),
    vscode.commands.registerCommand('kms.decodeResponse', (text?: string) =>
      decodeResponse(languageClient, view, text),
    ),
    vscode.commands.registerCommand('kms.explainCode', (code?: string) => explainCode(languageClient, view, code)),
    vscode.commands.registerCommand('kms.copyRequestId', copyRequestId),
    vscode.commands.registerCommand('kms.openTroubleshooting', openTroubleshooting),
    vscode.commands.registerCommand('kms.showProblems', () =>
      vscode.commands.executeCommand('workbench.actions.view.problems'),
    ),
  );
  await client.start();
  statusBar.update();
  return { client, view, statusBar };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
