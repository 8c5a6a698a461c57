import { fileURLToPath } from 'node:url';
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { diagnoseFinding } from '../core/diagnosis/finding';
import { hoverMarkdown } from '../core/format/hover';
import { settled, type ServerContext } from './context';
import { hasDiagnostic } from './diagnostics';
import { recordText } from './documents';
import type { IncidentStore } from './timeline';

/** The file system path of a `file:` URI; other schemes are never in a timeline. */
function filePath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : '';
  } catch {
    return '';
  }
}

/**
 * Markdown hover on any KMS code token: canonical, alias, or a generic code without KMS context. An
 * error the last incident timeline grouped says first what changed before its incident.
 */
export async function provideHover(
  params: HoverParams,
  context: ServerContext,
  incidents?: IncidentStore,
): Promise<Hover | null> {
  const state = context.documents.get(params.textDocument.uri);
  if (!state) return null;
  let offset = state.doc.offsetAt(params.position);
  // While a large log is being indexed, a hover above what is indexed so far need not wait.
  if (!state.settledAt(offset)) {
    await settled(state);
    offset = state.doc.offsetAt(params.position);
  }
  const finding = state.index.at(offset) ?? state.index.relatedAt(offset, params.position);
  if (!finding) return null;
  const match = context.catalog().lookup(finding.token);
  if (!match) return null;
  const locale = await context.locale();
  const recordDiagnosis = diagnoseFinding(
    finding,
    params.textDocument.uri,
    context.catalog(),
    locale,
    recordText(state.doc, finding),
  );
  // The incident's recent change comes first; the record's diagnosis may be shared, so it is not changed.
  const recentChange = incidents?.causeAt(filePath(params.textDocument.uri), finding.range.start.line);
  const diagnosis = recentChange
    ? { ...recordDiagnosis, causes: [recentChange, ...recordDiagnosis.causes] }
    : recordDiagnosis;
  const value = hoverMarkdown(
    {
      entry: match.entry,
      token: finding.token,
      isAlias: match.isAlias,
      reason: finding.reason,
      record: finding.record,
      diagnosis,
      meaningShown: await hasDiagnostic(state, finding, context),
    },
    locale,
    { commandLinks: context.commandLinks() },
  );
  // On a related mention (a Recommend URL's code), the hover covers that mention.
  const range =
    finding.related?.find(
      (r) =>
        r.start.line === params.position.line &&
        r.start.character <= params.position.character &&
        params.position.character <= r.end.character,
    ) ?? finding.range;
  return { contents: { kind: 'markdown', value }, range };
}
