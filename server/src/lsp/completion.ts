import { CompletionItemKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver/node';
import { completeCodes, completionContext } from '../core/code/completion';
import { statusText } from '../core/format/http';
import type { ServerContext } from './context';
import { isLogDocument } from './logDocuments';

/** Catalog codes inside string literals of source code, as the user types `Forbidden.` or any prefix. */
export async function provideCompletion(params: CompletionParams, context: ServerContext): Promise<CompletionItem[]> {
  const state = context.documents.get(params.textDocument.uri);
  if (!state) return [];
  const { doc } = state;
  if (isLogDocument(doc.uri, doc.languageId, await context.settings(doc.uri))) return [];
  const line = doc.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
  const typed = completionContext(line);
  if (!typed) return [];
  const locale = await context.locale();
  const range = { start: { line: params.position.line, character: typed.start }, end: params.position };
  return completeCodes(typed.prefix, context.catalog()).map((entry, i) => ({
    label: entry.code,
    kind: CompletionItemKind.Constant,
    ...(entry.httpStatus !== null ? { detail: statusText(entry.httpStatus) as string } : {}),
    documentation: { kind: 'markdown', value: entry.text[locale].description },
    textEdit: { range, newText: entry.code },
    filterText: entry.code,
    sortText: String(i).padStart(3, '0'),
  }));
}
