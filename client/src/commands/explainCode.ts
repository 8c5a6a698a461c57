import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExplainCodeRequest, ListCodesRequest } from '#shared/protocol';
import type { ResultView } from '../resultView';
import { inBackground } from '../background';
import { t } from '../l10n';

// A code as written: dotted words (`Forbidden.KeyNotFound`, `InternalFailure`).
const CODE_AT_CURSOR = /[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*/;

/** The selected text, else the code-like word under the cursor of the active editor. */
function codeAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { document, selection } = editor;
  if (!selection.isEmpty) {
    const selected = document.getText(selection).trim();
    return selected.length <= 80 ? selected : undefined;
  }
  const range = document.getWordRangeAtPosition(selection.active, CODE_AT_CURSOR);
  return range ? document.getText(range) : undefined;
}

/**
 * KMS: Explain Error Code. A code given (by a code action or a hover link) or at the cursor is
 * explained at once; otherwise a searchable pick of every catalog code comes first, the codes met
 * most often at the top, searchable by their status, category, meaning and remediation.
 */
export async function explainCode(
  client: LanguageClient,
  view: ResultView,
  code?: string,
): Promise<string | undefined> {
  if (typeof code !== 'string') {
    const atCursor = codeAtCursor();
    const explained = atCursor ? await client.sendRequest(ExplainCodeRequest.type, { code: atCursor }) : null;
    if (explained) {
      await view.show(explained.code, explained.markdown);
      return explained.code;
    }
  }
  let chosen = typeof code === 'string' ? code : undefined;
  if (!chosen) {
    const codes = await client.sendRequest(ListCodesRequest.type, {});
    const picked = await vscode.window.showQuickPick(
      codes.map((c) => ({
        label: c.code,
        description: [c.status, c.category].filter(Boolean).join(' · '),
        // The meaning shows; the steps after it are there to be searched (`clock`, `quota`, `cache`).
        detail: [c.description, ...c.remediation].join(' '),
      })),
      { placeHolder: t('KMS error code'), matchOnDescription: true, matchOnDetail: true },
    );
    chosen = picked?.label;
  }
  if (!chosen) return undefined;
  const explained = await client.sendRequest(ExplainCodeRequest.type, { code: chosen });
  if (!explained) {
    inBackground('warning', vscode.window.showWarningMessage(t('{0} is not a KMS error code.', chosen)));
    return undefined;
  }
  await view.show(explained.code, explained.markdown);
  return explained.code;
}
