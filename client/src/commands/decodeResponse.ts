import * as vscode from 'vscode';
import { t } from '../l10n';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DecodeResponseRequest, type DecodeResponseParams, type DecodedOutcome } from '#shared/protocol';
import type { ResultView } from '../resultView';
import { inBackground } from '../background';

/**
 * KMS: Decode Response. Decodes the selection, or the response or error record around the cursor,
 * in the language server, and shows the result in the result panel beside the editor. Text that is
 * not a response gets a page saying so there too, so an earlier result is not taken for the answer.
 * Secret values of success responses are masked unless `showSecrets`. Never changes the document.
 */
export async function decodeResponse(
  client: LanguageClient,
  view: ResultView,
  text?: string,
  showSecrets = false,
): Promise<DecodedOutcome | undefined> {
  const editor = vscode.window.activeTextEditor;
  let params: DecodeResponseParams;
  if (typeof text === 'string') params = { text };
  else if (editor && !editor.selection.isEmpty) params = { text: editor.document.getText(editor.selection) };
  else if (editor) {
    params = {
      uri: client.code2ProtocolConverter.asUri(editor.document.uri),
      position: client.code2ProtocolConverter.asPosition(editor.selection.active),
    };
  } else {
    inBackground('warning', vscode.window.showWarningMessage(t('Select an API response or SDK error text to decode.')));
    return undefined;
  }
  if (showSecrets) params.showSecrets = true;
  const answer = await client.sendRequest(DecodeResponseRequest.type, params);
  await view.show(answer.title, answer.markdown);
  return answer.outcome;
}
