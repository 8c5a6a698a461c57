import * as vscode from 'vscode';
import { t } from '../l10n';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DecodeResponseRequest, TroubleshootUrlRequest } from '#shared/protocol';
import { isRequestId } from '#shared/requestId';

/** The RequestId (and code) of the error record where the cursor is, as Decode Response finds it. */
interface RecordIds {
  requestId: string;
  code: string | null;
}

/** KMS: Copy RequestId: the given one, else the record's around the cursor; asks only when there is none. */
export async function copyRequestId(client: LanguageClient, requestId?: unknown): Promise<string | undefined> {
  const id =
    typeof requestId === 'string' ? requestId : ((await recordAtCursor(client))?.requestId ?? (await askRequestId()));
  if (!id) return undefined;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(t('Copied RequestId {0}', id), 3000);
  return id;
}

/**
 * KMS: Open Troubleshooting: a URL from a code action, a RequestId, else the record's around the
 * cursor; asks for a RequestId only when there is none.
 */
export async function openTroubleshooting(client: LanguageClient, target?: unknown): Promise<string | undefined> {
  let url = typeof target === 'string' && /^https:\/\//.test(target) ? target : undefined;
  if (!url) {
    const found: RecordIds | undefined =
      typeof target === 'string' && isRequestId(target)
        ? { requestId: target, code: null }
        : await recordAtCursor(client);
    const id = found?.requestId ?? (await askRequestId());
    if (!id) return undefined;
    // The server builds the URL, in the language of the other links.
    url = (await client.sendRequest(TroubleshootUrlRequest.type, { requestId: id, code: found?.code ?? null })).url;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}

/** A selected RequestId, else the RequestId of the error record around the cursor (asked of the server). */
async function recordAtCursor(client: LanguageClient): Promise<RecordIds | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const selected = editor.selection.isEmpty ? '' : editor.document.getText(editor.selection).trim();
  if (isRequestId(selected)) return { requestId: selected, code: null };
  const answer = await client.sendRequest(
    DecodeResponseRequest.type,
    selected
      ? { text: selected }
      : {
          uri: client.code2ProtocolConverter.asUri(editor.document.uri),
          position: client.code2ProtocolConverter.asPosition(editor.selection.active),
        },
  );
  const result = (answer.outcome as { result?: { requestId: string | null; code: string | null } }).result;
  return result?.requestId ? { requestId: result.requestId, code: result.code } : undefined;
}

async function askRequestId(): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    prompt: t('No error record with a RequestId at the cursor. RequestId'),
    validateInput: (v) => (isRequestId(v.trim()) ? null : t('A RequestId has letters, digits and dashes.')),
  });
  return value?.trim() || undefined;
}

/** Copies a fix from a code action (a RAM policy, an aliyun command, retry settings): shown, never run. */
export async function copyFix(text?: unknown, title?: unknown): Promise<void> {
  if (typeof text !== 'string' || text === '') return;
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(t('Copied: {0}', typeof title === 'string' ? title : ''), 3000);
}
