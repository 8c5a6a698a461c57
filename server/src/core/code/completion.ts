import ranks from '../../../catalog/code-ranks.json';
import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';

// The codes met most often in public error records, most often first (data: catalog/code-ranks.json).
const RANK = new Map(ranks.mostSeen.map((code, i) => [code, i]));

/** The entries with the codes met most often first, then the rest in catalog order. */
export function byUse(entries: readonly CatalogEntry[]): CatalogEntry[] {
  const rank = (e: CatalogEntry) => RANK.get(e.code) ?? RANK.size;
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
}

export interface CompletionContext {
  /** What is typed so far inside the string, e.g. `Forbidden.Key`. */
  prefix: string;
  /** Offset in the line where the prefix starts. */
  start: number;
}

/**
 * When the cursor is inside a string literal on this line, after code-like characters, returns what
 * is typed so far. `lineBefore` is the line's text up to the cursor.
 */
export function completionContext(lineBefore: string): CompletionContext | null {
  let quote: string | null = null;
  let opened = -1;
  for (let i = 0; i < lineBefore.length; i++) {
    const c = lineBefore[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
      opened = i;
    }
  }
  if (!quote) return null;
  const inside = lineBefore.slice(opened + 1);
  if (!/^[A-Za-z0-9.]*$/.test(inside)) return null;
  return { prefix: inside, start: opened + 1 };
}

/** Catalog codes that start with `prefix` (case-insensitive), the most often met first, aliases left out. */
export function completeCodes(prefix: string, catalog: Catalog): CatalogEntry[] {
  const lower = prefix.toLowerCase();
  return byUse(catalog.entries.filter((e) => e.code.toLowerCase().startsWith(lower)));
}
