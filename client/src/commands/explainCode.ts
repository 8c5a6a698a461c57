import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExplainCodeRequest, ListCodesRequest } from '#shared/protocol';
import type { ResultView } from '../resultView';
import { inBackground } from '../background';

/**
 * KMS: Explain Error Code. With a code (from a code action) opens its details; without one, offers a
 * searchable pick of every catalog code first.
 */
export async function explainCode(
  client: LanguageClient,
  view: ResultView,
  code?: string,
): Promise<string | undefined> {
  let chosen = typeof code === 'string' ? code : undefined;
  if (!chosen) {
    const codes = await client.sendRequest(ListCodesRequest.type, {});
    const picked = await vscode.window.showQuickPick(
      codes.map((c) => ({
        label: c.code,
        description: c.status ?? '',
        detail: c.message ?? c.description,
      })),
      { placeHolder: vscode.l10n.t('KMS error code'), matchOnDescription: true, matchOnDetail: true },
    );
    chosen = picked?.label;
  }
  if (!chosen) return undefined;
  const explained = await client.sendRequest(ExplainCodeRequest.type, { code: chosen });
  if (!explained) {
    inBackground('warning', vscode.window.showWarningMessage(vscode.l10n.t('{0} is not a KMS error code.', chosen)));
    return undefined;
  }
  await view.show(explained.code, explained.markdown);
  return explained.code;
}
