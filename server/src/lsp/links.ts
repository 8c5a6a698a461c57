import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver/node';
import { troubleshootUrl } from '../core/format/links';
import { strings } from '../core/format/strings';
import { settled, type ServerContext } from './context';
import { isKmsError } from '../core/scanner/types';

/** Links on the RequestIds of error records, to the troubleshooting page of that request. */
export async function provideDocumentLinks(
  params: DocumentLinkParams,
  context: ServerContext,
): Promise<DocumentLink[]> {
  const state = context.documents.get(params.textDocument.uri);
  if (!state) return [];
  await settled(state);
  const locale = await context.locale();
  const s = strings(locale);
  const seen = new Set<string>();
  const links: DocumentLink[] = [];
  for (const finding of state.index.all()) {
    const { requestId, requestIdRange } = finding.record;
    if (!requestId || !requestIdRange || !isKmsError(finding)) continue;
    const key = `${requestIdRange.start.line}:${requestIdRange.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({
      range: requestIdRange,
      target: troubleshootUrl(finding.code, requestId, locale),
      tooltip: s.troubleshootTitle(requestId),
    });
  }
  return links;
}
