import * as vscode from 'vscode';
import { t } from '../l10n';
import { Commands, type InspectDiagnosis, type InspectFix, type InspectOccurrence } from '#shared/protocol';

const FENCE_LANGUAGE: Record<string, string> = { 'ram-policy': 'json', 'aliyun-cli': 'sh', 'console-url': 'text' };

/** A code fence longer than any run of backticks in `text`, so text read from a log cannot close it. */
function fenced(text: string, kind: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `\n\n${fence}${FENCE_LANGUAGE[kind] ?? 'text'}\n${text}\n${fence}\n\n`;
}

/**
 * Log text as inert Markdown on one line: no emphasis, link, HTML or code span can come out of it.
 * (MarkdownString.appendText would also turn every space into a non-breaking one, so tooltips would not wrap.)
 */
function escaped(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, (c) => `\\${c}`);
}

/** A tooltip that renders no HTML and runs no command link: every text in it comes from a log. */
function safeMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/**
 * An occurrence's tooltip: its line, then "Likely cause" and "Fix" as the hover shows them (causes as
 * escaped text, each fix in a code fence). Plain line text when the record has no diagnosis.
 */
export function occurrenceTooltip(
  occurrence: InspectOccurrence,
  diagnosis: InspectDiagnosis | undefined,
): string | vscode.MarkdownString {
  const line = occurrence.preview.trim() || occurrence.code;
  const causes = diagnosis?.causes ?? [];
  const fixes = diagnosis?.fixes ?? [];
  if (causes.length === 0 && fixes.length === 0) return line;
  const md = safeMarkdown();
  md.appendMarkdown(escaped(line));
  if (causes.length > 0) {
    md.appendMarkdown(`\n\n**${t('Likely cause')}:**\n\n`);
    for (const cause of causes) {
      md.appendMarkdown(`- ${escaped(cause)}\n`);
    }
  }
  if (fixes.length > 0) {
    md.appendMarkdown(`\n\n**${t('Fix')}:**`);
    for (const fix of fixes) {
      md.appendMarkdown(`\n\n${escaped(fix.title)}:${fenced(fix.text, fix.kind)}`);
    }
  }
  return md;
}

/** A fix as a child of its occurrence: a click copies its text, or opens a console URL in the browser. */
export function fixTreeItem(fix: InspectFix): vscode.TreeItem {
  const item = new vscode.TreeItem(fix.title, vscode.TreeItemCollapsibleState.None);
  const opens = fix.kind === 'console-url' && /^https:\/\//.test(fix.text);
  item.iconPath = new vscode.ThemeIcon(opens ? 'link-external' : 'copy');
  item.description = opens ? t('click to open') : t('click to copy');
  const md = safeMarkdown();
  md.appendMarkdown(fenced(fix.text, fix.kind));
  item.tooltip = md;
  item.contextValue = 'kmsFix';
  item.accessibilityInformation = { label: `${fix.title}, ${String(item.description)}` };
  item.command = opens
    ? { title: t('Open in KMS console'), command: Commands.openTroubleshooting, arguments: [fix.text] }
    : { title: t('Copy fix'), command: Commands.copyFix, arguments: [fix.text, fix.title] };
  return item;
}
