import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, DecodeResponseRequest, type DecodeResponseParams, type DecodedOutcome } from '#shared/protocol';
import type { ResultView } from '../resultView';
import { inBackground } from '../background';

/**
 * KMS: Decode Response. Decodes the selection, or the response or error record around the cursor,
 * in the language server, and shows the result beside the editor. Never changes the document.
 */
export async function decodeResponse(
  client: LanguageClient,
  view: ResultView,
  text?: string,
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
    inBackground('warning', vscode.window.showWarningMessage(vscode.l10n.t('Select an API response or SDK error text to decode.')));
    return undefined;
  }
  const answer = await client.sendRequest(DecodeResponseRequest.type, params);
  const outcome = answer.outcome;
  if (!outcome.ok) {
    inBackground(
      'warning',
      vscode.window.showWarningMessage(
        vscode.l10n.t(
          'This is not a response KMS Diagnostics can decode: {0}. Expected {1}.',
          outcome.error.reason,
          outcome.error.expected,
        ),
      ),
    );
    return outcome;
  }
  await view.show(answer.title, answer.markdown);
  const requestId = outcome.result.requestId;
  if (requestId) {
    const copy = vscode.l10n.t('Copy RequestId');
    inBackground(
      'copy RequestId',
      vscode.window
        .showInformationMessage(
          vscode.l10n.t('Decoded {0}, RequestId {1}', outcome.result.code ?? 'Success', requestId),
          copy,
        )
        .then((choice) =>
          choice === copy ? vscode.commands.executeCommand(Commands.copyRequestId, requestId) : undefined,
        ),
    );
  }
  return outcome;
}
