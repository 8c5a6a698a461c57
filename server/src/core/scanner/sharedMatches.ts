import { firstAtOrAfter } from '../sortedSearch';
import type { ScanCache } from './scanCache';

/**
 * The matches of a pattern in a window of a long text, read mostly from one scan of the whole text
 * shared by every window. The record blocks of a long line (a minified response, a line of repeated
 * errors) are overlapping windows a few KB wide, one per grid cell; matching each pattern on each
 * window again read every character of the line about seven times.
 *
 * The result is exactly that of `window.matchAll(pattern)`. An attempt of the pattern at a position
 * reads a few characters before it (a word boundary, a look-behind) and, after it, a bounded number
 * of non-whitespace characters (its `reach`: every unbounded run in the field patterns is a run of
 * whitespace). An attempt whose reads stay inside the window sees the same characters, and no end of
 * text, in the window and in the whole text, so it has the same outcome in both. The window's own
 * scan is run only at its start, until it meets a position the shared scan also tries, and over its
 * last `reach` non-whitespace characters, where the window's end may change the outcome.
 */

/**
 * How far before its position an attempt may read: one character for `\b` and `^` with the m flag,
 * two for the keys' look-behind (`\nMessage:`), and one to spare.
 */
const BACK = 3;

export interface WindowMatch {
  /** The match's value (group 1, else group 2) and its offset in the window. */
  value: string;
  index: number;
}

/**
 * One forward scan of a pattern over the whole text, extended as windows need it. Its matches are
 * kept in parallel arrays rather than one object each: a long line has hundreds of thousands, and
 * they live as long as the scan.
 */
export class TextScan {
  private readonly global: RegExp;
  /** Where each match starts and ends, its value (group 1, else group 2) and where that starts. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly values: Array<string | undefined> = [];
  readonly valueIndexes: number[] = [];
  /** Every match starting before this offset is listed. */
  private scannedTo: number;
  private done = false;

  constructor(
    pattern: RegExp,
    private readonly text: string,
    readonly from: number,
  ) {
    this.global = globalCopy(pattern);
    this.global.lastIndex = from;
    this.scannedTo = from;
  }

  /** Reads on until every match starting before `offset` is known. */
  extendTo(offset: number): void {
    while (!this.done && this.scannedTo < offset) {
      const m = this.global.exec(this.text);
      if (!m) {
        this.done = true;
        this.scannedTo = Number.POSITIVE_INFINITY;
        break;
      }
      const value = m[1] ?? m[2];
      this.starts.push(m.index);
      this.ends.push(m.index + m[0].length);
      this.values.push(value);
      this.valueIndexes.push(value === undefined ? m.index : m.index + m[0].lastIndexOf(value));
      if (m[0].length === 0) this.global.lastIndex++;
      this.scannedTo = m.index + 1;
    }
  }

  /** Index of the first match starting at or after `offset` (after `extendTo(offset)`). */
  firstFrom(offset: number): number {
    return firstAtOrAfter(this.starts, offset);
  }

  /** True when the scan tries a match at `offset`: not inside one of its matches. */
  tries(offset: number): boolean {
    this.extendTo(offset + 1);
    const next = this.firstFrom(offset);
    return offset >= this.from && (next === 0 || (this.ends[next - 1] as number) <= offset);
  }
}

/**
 * What the windows of one long text share, built as they ask: the scan of each pattern, the
 * non-whitespace counts of its chunks, and where words occur in it (as written and lower-cased).
 * Kept in the scan's cache (scanCache.ts) for the text last asked about; they keep that text alive
 * until the cache forgets them.
 */
export interface TextIndexes {
  text: string;
  scans: Map<RegExp, TextScan>;
  /** Non-whitespace characters per chunk of CHUNK characters, -1 where not counted yet. */
  counts: Int32Array | undefined;
  /** The lower-cased text (null when lower-casing changes its length) and where each hint word occurs in it. */
  lowered: { lower: string | null; occurrences: Map<string, number[]> } | undefined;
  /** Where each literal occurs in the text as written. */
  written: Map<string, number[]>;
}

function indexesOf(cache: ScanCache, text: string): TextIndexes {
  if (cache.indexes?.text !== text)
    cache.indexes = { text, scans: new Map(), counts: undefined, lowered: undefined, written: new Map() };
  return cache.indexes;
}

function scanOf(cache: ScanCache, pattern: RegExp, text: string, from: number): TextScan {
  const { scans } = indexesOf(cache, text);
  let scan = scans.get(pattern);
  // Windows of a long line come in order; one that starts before the scan gets a new scan.
  if (!scan || scan.from > from) {
    scan = new TextScan(pattern, text, from);
    scans.set(pattern, scan);
  }
  return scan;
}

/** The characters of `\s` in regular expressions. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// Non-whitespace counts of the text's chunks, computed as windows ask, so that finding where a
// window's last `reach` non-whitespace characters start does not read thousands of characters each time.
const CHUNK = 256;

function nonSpaceIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) count++;
  return count;
}

function chunkCount(cache: ScanCache, text: string, chunk: number): number {
  const indexes = indexesOf(cache, text);
  const counts = (indexes.counts ??= new Int32Array(Math.ceil(text.length / CHUNK)).fill(-1));
  let count = counts[chunk] as number;
  if (count < 0) {
    count = nonSpaceIn(text, chunk * CHUNK, Math.min(text.length, (chunk + 1) * CHUNK));
    counts[chunk] = count;
  }
  return count;
}

/** The offset after which fewer than `reach` + 1 non-whitespace characters are left before `end`. */
export function reachStart(cache: ScanCache, text: string, start: number, end: number, reach: number): number {
  let count = 0;
  let i = end;
  // Whole chunks while they cannot hold the character that makes the count exceed `reach`.
  while (i > start) {
    if (i % CHUNK === 0 && i - CHUNK >= start) {
      const inChunk = chunkCount(cache, text, i / CHUNK - 1);
      if (count + inChunk <= reach) {
        count += inChunk;
        i -= CHUNK;
        continue;
      }
    }
    i--;
    if (!isSpace(text.charCodeAt(i))) {
      count++;
      if (count > reach) return i;
    }
  }
  return start;
}

function globalCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
}

// Copies of each pattern that try one position (sticky) and that scan on, kept so that V8 compiles them once.
const stickyCopies = new Map<RegExp, RegExp>();
const globalCopies = new Map<RegExp, RegExp>();

function sticky(pattern: RegExp): RegExp {
  let copy = stickyCopies.get(pattern);
  if (!copy) {
    copy = new RegExp(pattern.source, pattern.flags.replace('g', '') + 'y');
    stickyCopies.set(pattern, copy);
  }
  return copy;
}

function scanning(pattern: RegExp): RegExp {
  let copy = globalCopies.get(pattern);
  if (!copy) {
    copy = globalCopy(pattern);
    globalCopies.set(pattern, copy);
  }
  return copy;
}

/** Called with each match's value (group 1, else group 2) and its offset in the window; true stops. */
type OnMatch = (value: string | undefined, index: number) => boolean;

function report(m: RegExpExecArray, onMatch: OnMatch): boolean {
  const value = m[1] ?? m[2];
  return onMatch(value, value === undefined ? m.index : m.index + m[0].lastIndexOf(value));
}

/**
 * The matches of `pattern` in `window` = text.slice(start, end), in the order `window.matchAll`
 * gives them, where attempts of `pattern` before `zoneEnd` (`reachStart` of the pattern's reach)
 * cannot read the window's end. False when the window is too short to gain from the shared scan.
 */
function scanWindow(
  cache: ScanCache,
  pattern: RegExp,
  text: string,
  window: string,
  start: number,
  zoneEnd: number,
  onMatch: OnMatch,
): boolean {
  if (zoneEnd - start < 4 * BACK) return false;
  const scan = scanOf(cache, pattern, text, start + BACK);
  // The window's own scan until it tries a position the shared scan tries too.
  const attempt = sticky(pattern);
  let at = start;
  while (at < zoneEnd && (at < start + BACK || !scan.tries(at))) {
    attempt.lastIndex = at - start;
    const m = attempt.exec(window);
    if (m) {
      if (report(m, onMatch)) return true;
      at = start + m.index + Math.max(1, m[0].length);
    } else at++;
  }
  // From there both scans try the same positions with the same outcomes, up to the zone's end.
  if (at < zoneEnd) {
    scan.extendTo(zoneEnd);
    const { starts, ends, values, valueIndexes } = scan;
    for (let i = scan.firstFrom(at); i < starts.length; i++) {
      const matchStart = starts[i] as number;
      if (matchStart >= zoneEnd) break;
      if (onMatch(values[i], (valueIndexes[i] as number) - start)) return true;
      at = Math.max(ends[i] as number, matchStart + 1);
    }
    at = Math.max(at, zoneEnd);
  }
  // The window's own scan near its end.
  const rest = scanning(pattern);
  rest.lastIndex = at - start;
  for (let m = rest.exec(window); m; m = rest.exec(window)) {
    if (report(m, onMatch)) return true;
    if (m[0].length === 0) rest.lastIndex++;
  }
  return true;
}

/**
 * Matches of a key that a pattern's value cannot run over (the next `Message:` for `Message: text`).
 * An attempt of the pattern reads nothing at or past `after` characters from the start of the second
 * mark after its own start, nor past that mark's end: its value may begin at the first mark (a value
 * is not checked for the key at its first character), but it stops before the next.
 */
export interface StopMarks {
  marks: RegExp;
  after: number;
}

/**
 * Where the window [start, end)'s own scan of a pattern with stop marks must begin: attempts before
 * the second-to-last mark whose reads end inside the window read the same text in the window and in
 * the whole text. Never before `zoneEnd`, the bound from the pattern's reach. On a long line of
 * repeated records this leaves the window's own scan the last record or two instead of 2 KB.
 */
export function stopZoneEnd(
  cache: ScanCache,
  stop: StopMarks,
  text: string,
  start: number,
  end: number,
  zoneEnd: number,
): number {
  const scan = scanOf(cache, stop.marks, text, start);
  scan.extendTo(end);
  let last = scan.firstFrom(end) - 1;
  while (last >= 0 && ((scan.starts[last] as number) + stop.after > end || (scan.ends[last] as number) >= end)) last--;
  const before = scan.starts[last - 1];
  return before !== undefined && before >= start ? Math.max(zoneEnd, before) : zoneEnd;
}

/**
 * `window.matchAll(pattern)` as value and offset pairs, for a pattern whose every match starts with
 * one of the literal texts `starts` (case-sensitive): the pattern is tried at their offsets only, in
 * order, skipping those inside the previous match. A pattern with an unbounded run of non-space
 * characters (`Resource \S+ `) cannot take its matches from the shared scan; tried at every offset
 * of every window of a long line, it would cost more than the rest of the scan.
 */
export function literalStartMatches(pattern: RegExp, window: string, starts: readonly string[]): WindowMatch[] {
  const offsets: number[] = [];
  for (const literal of starts) {
    for (let at = window.indexOf(literal); at !== -1; at = window.indexOf(literal, at + 1)) offsets.push(at);
  }
  if (starts.length > 1) offsets.sort((a, b) => a - b);
  const out: WindowMatch[] = [];
  const attempt = sticky(pattern);
  let next = 0;
  for (const at of offsets) {
    if (at < next) continue;
    attempt.lastIndex = at;
    const m = attempt.exec(window);
    if (!m) continue;
    report(m, (value, index) => {
      if (value !== undefined) out.push({ value, index });
      return false;
    });
    next = m.index + Math.max(1, m[0].length);
  }
  return out;
}

/** `window.matchAll(pattern)` as value and offset pairs (see scanWindow); null when that does not pay. */
export function windowMatches(
  cache: ScanCache,
  pattern: RegExp,
  text: string,
  window: string,
  start: number,
  zoneEnd: number,
): WindowMatch[] | null {
  const out: WindowMatch[] = [];
  const scanned = scanWindow(cache, pattern, text, window, start, zoneEnd, (value, index) => {
    if (value !== undefined) out.push({ value, index });
    return false;
  });
  return scanned ? out : null;
}

/** Where a window was cut from a longer text, and the scan's cache of that text. */
export interface LongTextSource {
  text: string;
  start: number;
  cache: ScanCache;
}

/** `pattern.test(window)` (see scanWindow), where `reach` bounds what an attempt of `pattern` reads. */
export function windowHasMatch(pattern: RegExp, reach: number, window: string, source: LongTextSource): boolean {
  const { cache, text, start } = source;
  let found = false;
  const scanned = scanWindow(
    cache,
    pattern,
    text,
    window,
    start,
    reachStart(cache, text, start, start + window.length, reach),
    () => {
      found = true;
      return true;
    },
  );
  return scanned ? found : pattern.test(window);
}

/** `pattern.exec(window)`'s group 1 (see scanWindow), where `reach` bounds what an attempt of `pattern` reads. */
export function windowFirstValue(
  pattern: RegExp,
  reach: number,
  window: string,
  source: LongTextSource,
): string | null {
  const { cache, text, start } = source;
  let first: string | null = null;
  const scanned = scanWindow(
    cache,
    pattern,
    text,
    window,
    start,
    reachStart(cache, text, start, start + window.length, reach),
    (value) => {
      first = value ?? null;
      return true;
    },
  );
  return scanned ? first : (pattern.exec(window)?.[1] ?? null);
}

/** Every offset of `literal` in `text`, ascending. */
function offsetsOf(text: string, literal: string, occurrences: Map<string, number[]>): number[] {
  let at = occurrences.get(literal);
  if (!at) {
    at = [];
    for (let i = text.indexOf(literal); i !== -1; i = text.indexOf(literal, i + 1)) at.push(i);
    occurrences.set(literal, at);
  }
  return at;
}

/** Whether one of the ascending offsets `at` of a text of `length` characters lies inside [start, end). */
function occursIn(at: readonly number[], length: number, start: number, end: number): boolean {
  // The first occurrence at or after `start`, and whether it ends inside the window.
  const first = firstAtOrAfter(at, start);
  return first < at.length && (at[first] as number) + length <= end;
}

/**
 * Whether `text.slice(start, end).toLowerCase()` contains `hint`, from one index of the whole lower-cased
 * text; null when that cannot answer (the text holds a character whose lower case is longer, `İ`).
 * Lower-casing is the same for a slice as for the whole but for the final sigma, which no hint holds.
 */
export function windowHasHint(
  cache: ScanCache,
  text: string,
  start: number,
  end: number,
  hint: string,
): boolean | null {
  const indexes = indexesOf(cache, text);
  if (!indexes.lowered) {
    const lower = text.toLowerCase();
    indexes.lowered = { lower: lower.length === text.length ? lower : null, occurrences: new Map() };
  }
  const { lower, occurrences } = indexes.lowered;
  if (lower === null || hint.length === 0) return null;
  return occursIn(offsetsOf(lower, hint, occurrences), hint.length, start, end);
}

/** `text.slice(start, end).includes(literal)`, from one index of the whole text (`literal` not empty). */
export function windowIncludes(cache: ScanCache, text: string, start: number, end: number, literal: string): boolean {
  return occursIn(offsetsOf(text, literal, indexesOf(cache, text).written), literal.length, start, end);
}
