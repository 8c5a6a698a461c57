import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
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
import { recordText } from './documents';

/**
 * Quick fixes for misspelled codes, and on error records: explain the code, copy the RequestId, open
 * the troubleshooting page (commands the VS Code client implements).
 */
export async function provideCodeActions(params: CodeActionParams, context: ServerContext): Promise<CodeAction[]> {
  const state = context.documents.get(params.textDocument.uri);
  if (!state) return [];
  // Every action here is a quick fix: nothing to offer a client asking only for other kinds.
  const only = params.context.only;
  if (
    only &&
    !only.some(
      (kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === '',
    )
  )
    return [];
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
  if (!state.settledAt(state.doc.offsetAt(params.range.end) + 1)) await settled(state);
  const locale = await context.locale();
  const { doc } = state;
  const from = doc.offsetAt(params.range.start);
  const to = doc.offsetAt(params.range.end);
  const findings = state.index
    .between(from - 200, to + 1)
    .filter((f) => f.offset <= to && f.offset + f.token.length >= from);
  const seen = new Set<string>();
  // Quick fixes of the finding's diagnostic, so that the light bulb menu and the hover's "Quick Fix" agree.
  const quickFix = (title: string, command: string, argument: string, diagnostics: Diagnostic[]): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    ...(diagnostics.length > 0 ? { diagnostics } : {}),
    command: { title, command, arguments: [argument] },
  });
  for (const finding of findings.slice(0, 3)) {
    if (seen.has(finding.code)) continue;
    seen.add(finding.code);
    const own = params.context.diagnostics.filter(
      (d) => d.source === SOURCE && d.code === finding.code && d.range.start.line === finding.range.start.line,
    );
    actions.push(quickFix(s.explainAction(finding.code), Commands.explainCode, finding.code, own));
    actions.push(...fixActions(finding, params.textDocument.uri, state.doc, context, locale));
    const id = finding.record.requestId;
    if (!id) continue;
    actions.push(quickFix(s.copyRequestId(id), Commands.copyRequestId, id, own));
    const url = troubleshootUrl(finding.code, id, locale);
    actions.push(quickFix(s.openTroubleshooting(id), Commands.openTroubleshooting, url, own));
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
