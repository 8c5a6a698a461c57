import type { Catalog } from '../catalog/catalog';
import { candidatePattern, isWholeToken } from '../scanner/tokens';

// One candidate pattern per catalog (catalogs are immutable), built on first use.
const patterns = new WeakMap<Catalog, RegExp>();

/**
 * The first catalog code in `text` that the scanner would report without a code field around it
 * (a whole token of a code or alias that does not require `Code:`), and its offset. The same
 * tokens as a scan's first such finding, found without reading a record for every code in the
 * text: a 1 MB line holding thousands of codes costs one pass that stops at the first.
 */
export function firstCatalogCode(text: string, catalog: Catalog): { code: string; index: number } | null {
  let pattern = patterns.get(catalog);
  if (!pattern) {
    pattern = candidatePattern(catalog.tokens());
    patterns.set(catalog, pattern);
  }
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const token = m[0];
    const match = catalog.lookup(token);
    if (!match || match.entry.requiresCodeField) continue;
    if (isWholeToken(text, m.index, m.index + token.length)) return { code: token, index: m.index };
  }
  return null;
}
