import type { ScanCache } from './scanCache';

/**
 * The ends of the lines around a place in a scan's text, as record.ts reads them to bound records:
 * bounded reads, with what they learn of long lines kept in the scan's cache.
 */

// The last stretch of text known to hold no line end, kept in the scan's cache when there is one.
// Tokens close together on a long line would otherwise each read the same 4 KB on both sides looking
// for the line's ends.
function rememberClear(cache: ScanCache | undefined, text: string, from: number, to: number): void {
  if (!cache) return;
  const clear = cache.clear;
  if (clear && clear.text === text && from <= clear.to && to >= clear.from) {
    clear.from = Math.min(clear.from, from);
    clear.to = Math.max(clear.to, to);
  } else cache.clear = { text, from, to };
}

// Most lines are shorter than this: their ends are first looked for with indexOf (many times faster
// than a loop over the characters), the loop then reads on past any stretch known to hold no line end.
const SHORT_REACH = 512;

/** Offset in `text` after the last line end in [from, to), or -1 when there is none. */
function afterLastLineEnd(text: string, from: number, to: number): number {
  const piece = text.slice(from, to);
  const lf = piece.lastIndexOf('\n');
  // A carriage return after the last line feed (a lone CR) ends a line too; searched for in that rest only.
  const cr = (lf === -1 ? piece : piece.slice(lf + 1)).lastIndexOf('\r');
  if (cr !== -1) return from + lf + 1 + cr + 1;
  return lf === -1 ? -1 : from + lf + 1;
}

/** Offset in `text` of the first line end in [from, to), or -1 when there is none. */
function firstLineEnd(text: string, from: number, to: number): number {
  const piece = text.slice(from, to);
  const lf = piece.indexOf('\n');
  const cr = (lf === -1 ? piece : piece.slice(0, lf)).indexOf('\r');
  if (cr !== -1) return from + cr;
  return lf === -1 ? -1 : from + lf;
}

/**
 * After the last line end before `pos`, reading back at most `maxChars` characters and not before
 * `floor` (then the offset where reading stopped).
 */
export function lineStart(
  text: string,
  pos: number,
  floor: number,
  maxChars: number,
  cache: ScanCache | undefined,
): number {
  const stop = Math.max(floor, pos - maxChars);
  const near = Math.max(stop, pos - SHORT_REACH);
  const found = near < pos ? afterLastLineEnd(text, near, pos) : -1;
  if (found !== -1) return found;
  const known = cache?.clear?.text === text ? cache.clear : undefined;
  for (let i = near - 1; i >= stop; i--) {
    if (known && i < known.to && i >= known.from) {
      i = known.from; // the loop steps to the character before the known stretch
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
  }
  rememberClear(cache, text, stop, pos);
  return stop;
}

/** The first line end at or after `pos`, reading at most `maxChars` characters and not past `ceiling` (else where it stopped). */
export function lineEnd(
  text: string,
  pos: number,
  ceiling: number,
  maxChars: number,
  cache: ScanCache | undefined,
): number {
  const stop = Math.min(ceiling, pos + maxChars);
  const near = Math.min(stop, pos + SHORT_REACH);
  const found = pos < near ? firstLineEnd(text, pos, near) : -1;
  if (found !== -1) return found;
  const known = cache?.clear?.text === text ? cache.clear : undefined;
  for (let i = near; i < stop; i++) {
    if (known && i >= known.from && i < known.to) {
      i = known.to - 1; // the loop steps to the character after the known stretch
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  rememberClear(cache, text, pos, stop);
  return stop;
}

/** True when [start, end) holds only spaces, tabs and line ends. */
export function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}
