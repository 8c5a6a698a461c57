import type { Catalog } from '../catalog/catalog';
import { candidatePatternOf, isWholeToken } from '../scanner/tokens';

/**
 * The first catalog code in `text` that the scanner would report without a code field around it
 * (a whole token of a code or alias that does not require `Code:`), and its offset. The same
 * tokens as a scan's first such finding, found without reading a record for every code in the
 * text: a 1 MB line holding thousands of codes costs one pass that stops at the first.
 */
export function firstCatalogCode(text: string, catalog: Catalog): { code: string; index: number } | null {
  const pattern = candidatePatternOf(catalog);
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const token = m[0];
    const match = catalog.lookup(token);
    if (!match || match.entry.requiresCodeField) continue;
    if (isWholeToken(text, m.index, m.index + token.length)) return { code: token, index: m.index };
  }
  return null;
}
