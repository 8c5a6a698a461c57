import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';

export interface Typo {
  /** Offsets of the string's content (inside the quotes). */
  start: number;
  end: number;
  token: string;
  suggestion: CatalogEntry;
}

// A quoted string whose whole content is shaped like an error code: `Word.Word` or one CamelCase word.
const QUOTED = /(["'`])([A-Z][A-Za-z0-9]{1,60}(?:\.[A-Z][A-Za-z0-9]{1,60}){0,3})\1/g;
// Prefixes of KMS's dotted codes; other dotted shapes (`Forbidden.RAM`) are other products' codes.
const KMS_PREFIXES = /^(?:Forbidden|Rejected|Unsupported|InvalidAccessKeyId|Certificate)\./;

/** How far a string may be from a catalog code to be taken for a misspelling of it. */
function maxDistance(token: string): number {
  return token.length >= 12 ? 2 : 1;
}

/**
 * String literals in source code that look like a KMS error code but are not one, with the catalog
 * code they most likely meant: `'Forbidden.KeyNotFond'` means `Forbidden.KeyNotFound`. Strings far
 * from every code (`Forbidden.RAM`, `InvalidParameter.KMSKeyId.CMKNotEnabled`) are left alone.
 */
export function findTypos(text: string, catalog: Catalog): Typo[] {
  const typos: Typo[] = [];
  QUOTED.lastIndex = 0;
  for (let m = QUOTED.exec(text); m; m = QUOTED.exec(text)) {
    const token = m[2] as string;
    if (catalog.lookup(token)) continue;
    const dotted = token.includes('.');
    if (dotted && !KMS_PREFIXES.test(token)) continue;
    if (!dotted && token.length < 12) continue;
    const [best] = catalog.suggest(token, maxDistance(token), 1);
    // Codes are compared case-sensitively by SDKs and callers, so a case-only difference is a typo too.
    if (!best || best.entry.requiresCodeField) continue;
    const start = (m.index ?? 0) + 1;
    typos.push({ start, end: start + token.length, token, suggestion: best.entry });
  }
  return typos;
}
