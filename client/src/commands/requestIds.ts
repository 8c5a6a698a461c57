import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TroubleshootUrlRequest } from '#shared/protocol';

/** KMS: Copy RequestId. */
export async function copyRequestId(requestId?: unknown): Promise<void> {
  const id = typeof requestId === 'string' ? requestId : await askRequestId();
  if (!id) return;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied RequestId {0}', id), 3000);
}

/**
 * KMS: Open Troubleshooting, for a URL from a code action or for a RequestId typed in (the server
 * builds its URL, in the language of the other links).
 */
export async function openTroubleshooting(client: LanguageClient, target?: unknown): Promise<void> {
  let url = typeof target === 'string' && /^https:\/\//.test(target) ? target : undefined;
  if (!url) {
    const id = typeof target === 'string' ? target : await askRequestId();
    if (!id) return;
    url = (await client.sendRequest(TroubleshootUrlRequest.type, { requestId: id })).url;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
}

async function askRequestId(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
  return vscode.window.showInputBox({
    prompt: vscode.l10n.t('RequestId'),
    value: /^[A-Za-z0-9-]{4,64}$/.test(selected) ? selected : '',
    validateInput: (v) =>
      /^[A-Za-z0-9-]{4,64}$/.test(v.trim()) ? null : vscode.l10n.t('A RequestId has letters, digits and dashes.'),
  });
}

/** Copies a fix from a code action (a RAM policy, an aliyun command, retry settings): shown, never run. */
export async function copyFix(text?: unknown, title?: unknown): Promise<void> {
  if (typeof text !== 'string' || text === '') return;
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', typeof title === 'string' ? title : ''), 3000);
}
