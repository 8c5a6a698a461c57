import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { Commands } from '#shared/protocol';
import type { Locale } from '../core/catalog/types';
import { diagnoseFinding } from '../core/diagnosis/finding';
import type { SdkLanguage } from '../core/diagnosis/facts';
import { SDK_NAMES } from '../core/diagnosis/sdkSnippets';
import { diagnosisTexts } from '../core/diagnosis/texts';
import { troubleshootUrl } from '../core/format/links';
import type { Finding } from '../core/scanner/types';
import { strings } from '../core/format/strings';
import { settled, type ServerContext } from './context';
import { SOURCE, type TypoData } from './diagnostics';
import { recordText } from './hover';

/**
 * Quick fixes for misspelled codes, and on error records: explain the code, copy the RequestId, open
 * the troubleshooting page (commands the VS Code client implements).
 */
export async function provideCodeActions(params: CodeActionParams, context: ServerContext): Promise<CodeAction[]> {
  const state = context.documents.get(params.textDocument.uri);
  if (!state) return [];
  const s = strings(await context.locale());
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const data = diagnostic.data as TypoData | undefined;
    if (diagnostic.source !== SOURCE || !data?.replacement) continue;
    actions.push({
      title: s.changeTo(data.replacement),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [params.textDocument.uri]: [{ range: diagnostic.range, newText: data.replacement }] } },
    });
  }
  // While a large log is being indexed, a range above what is indexed so far need not wait.
  if (!state.index.settledAt(state.doc.offsetAt(params.range.end) + 1)) await settled(state);
  const locale = await context.locale();
  const { doc } = state;
  const from = doc.offsetAt(params.range.start);
  const to = doc.offsetAt(params.range.end);
  const findings = state.index
    .between(from - 200, to + 1)
    .filter((f) => f.offset <= to && f.offset + f.token.length >= from);
  const seen = new Set<string>();
  for (const finding of findings.slice(0, 3)) {
    if (seen.has(finding.code)) continue;
    seen.add(finding.code);
    actions.push({
      title: s.explainAction(finding.code),
      command: { title: s.explainAction(finding.code), command: Commands.explainCode, arguments: [finding.code] },
    });
    actions.push(...fixActions(finding, params.textDocument.uri, state.doc, context, locale));
    const id = finding.record.requestId;
    if (!id) continue;
    actions.push({
      title: s.copyRequestId(id),
      command: { title: s.copyRequestId(id), command: Commands.copyRequestId, arguments: [id] },
    });
    const url = troubleshootUrl(finding.code, id, locale);
    actions.push({
      title: s.openTroubleshooting(id),
      command: { title: s.openTroubleshooting(id), command: Commands.openTroubleshooting, arguments: [url] },
    });
  }
  return actions;
}

/**
 * The fixes read from a finding's record, as commands the client runs: copy the RAM policy or the
 * aliyun command, open the key in the KMS console, copy retry settings. Nothing is run by the server.
 */
function fixActions(
  finding: Finding,
  uri: string,
  doc: { slice(start: number, end: number): string },
  context: ServerContext,
  locale: Locale,
): CodeAction[] {
  const t = diagnosisTexts(locale);
  const diagnosis = diagnoseFinding(finding, uri, context.catalog(), locale, recordText(doc, finding));
  const actions: CodeAction[] = [];
  for (const fix of diagnosis.fixes) {
    if (fix.kind === 'console-url') {
      // Only a deep link to the key is worth an action; the console's start page is in the hover.
      if (!fix.text.includes('/key/detail/')) continue;
      const title = t.actionOpenConsole;
      actions.push({ title, command: { title, command: Commands.openTroubleshooting, arguments: [fix.text] } });
      continue;
    }
    const title =
      fix.kind === 'ram-policy'
        ? t.actionCopyPolicy
        : fix.kind === 'aliyun-cli'
          ? t.actionCopyCommand
          : t.actionCopyRetry(SDK_NAMES[fix.language as SdkLanguage] ?? fix.language ?? '');
    actions.push({ title, command: { title, command: Commands.copyFix, arguments: [fix.text, fix.title] } });
  }
  return actions;
}
