import { isAscii } from 'node:buffer';
import type { ByteAnchors } from './anchors';
import type { LineBreaks } from './simdPrefilter';

/**
 * Which stretches of UTF-8 bytes a scan must read as text, and which it may pass over counting their
 * lines: those far from every place where a code, a Tea `code:` or a KMS hint may start. What a
 * finding's record, context or placement reads around its token is bounded (record.ts, the
 * grouper's URL reach), as a scan in rounds relies on too (it keeps 13 lines or 8 KB of text before
 * each round's end, and holds back 13 lines and 4200 characters after it): the margins below are
 * wider than those reaches, so a stretch passed over holds nothing any finding reads.
 */

/** Bytes of text `[from, to)`, or bytes passed over (`lines`: their LSP line breaks). */
export type Stretch = { from: number; to: number; lines?: number };

export interface StretchPlan {
  stretches: Stretch[];
  /** The bytes that follow are within reach of a place before them (plan them with `startsHot`). */
  hotAfter: boolean;
}

/** Before a place: back to the nearer of 16 lines and 8 KB, but at least 4 KB. */
const BACK_LINES = 16;
const BACK_CHARS = 8192;
const BACK_FLOOR_CHARS = 4096;
/** After a place: 16 lines and at least 4.5 KB. */
const FORWARD_LINES = 16;
const FORWARD_CHARS = 4608;
/** Shorter stretches are read as text: passing over one costs a round of the scan. */
const MIN_SKIP = 1 << 14;

/**
 * The plan for `bytes` (whole UTF-8 characters) given the candidate `places` (in order) and every
 * `\n` and `\r` in them. `startsHot`: text right before them was read without a plan (its places
 * unknown), so their start is taken as a place. `final`: no bytes follow. Every byte is in one stretch.
 */
export function planStretches(
  bytes: Uint8Array,
  places: readonly number[],
  breaks: LineBreaks,
  final: boolean,
  startsHot: boolean,
): StretchPlan {
  const n = bytes.length;
  const at = breaks.at;
  const count = breaks.count;
  const allAscii = isAscii(bytes);
  // With `\r` in the text, a line may have two breaks: line margins count breaks twice over.
  const step = bytes.indexOf(13) === -1 ? 1 : 2;

  /** Index of the first break at or after `pos`. */
  const breakIndex = (pos: number): number => {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((at[mid] as number) < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /** The start of the line after the `\n` at break index k or later; Infinity when none is in the bytes. */
  const lineStartFrom = (k: number): number => {
    for (; k < count; k++) if (bytes[at[k] as number] === 10) return (at[k] as number) + 1;
    return Number.POSITIVE_INFINITY;
  };
  /** The start of the line after the last `\n` before break index k; 0 when none is in the bytes. */
  const lineStartBefore = (k: number): number => {
    for (k--; k >= 0; k--) if (bytes[at[k] as number] === 10) return (at[k] as number) + 1;
    return 0;
  };
  const forwardEndBy = (place: number, width: number): number => {
    const k = breakIndex(place);
    return lineStartFrom(Math.max(k + FORWARD_LINES * step - 1, breakIndex(place + FORWARD_CHARS * width)));
  };
  const backStartBy = (place: number, width: number): number => {
    const k = breakIndex(place);
    const byLines = k - BACK_LINES * step - 1 >= 0 ? (at[k - BACK_LINES * step - 1] as number) + 1 : 0;
    const target = Math.min(Math.max(byLines, place - BACK_CHARS * width), place - BACK_FLOOR_CHARS * width);
    return target <= 0 ? 0 : lineStartBefore(breakIndex(target));
  };
  // Margins are counted in characters: in bytes they are the same where the bytes are ASCII, else
  // three times wider (a UTF-16 code unit takes at most three bytes). Which blocks of the bytes are
  // all ASCII is asked once.
  const blocks = allAscii ? null : asciiBlocks(bytes);
  const ascii = (from: number, to: number): boolean => {
    if (!blocks) return true;
    for (let b = from >> BLOCK_BITS; b <= (Math.min(to, n) - 1) >> BLOCK_BITS; b++) if (blocks[b] === 0) return false;
    return true;
  };
  const forwardEnd = (place: number): number => {
    const end = forwardEndBy(place, 1);
    return ascii(place, end) ? end : forwardEndBy(place, 3);
  };
  const backStart = (place: number): number => {
    const start = backStartBy(place, 1);
    return ascii(start, place) ? start : backStartBy(place, 3);
  };
  /** LSP line breaks in [from, to): `\n`, and `\r` not before a `\n`. */
  const linesIn = (from: number, to: number): number => {
    const first = breakIndex(from);
    const last = breakIndex(to);
    if (step === 1) return last - first;
    let lines = 0;
    for (let k = first; k < last; k++)
      if (bytes[at[k] as number] === 10 || bytes[(at[k] as number) + 1] !== 10) lines++;
    return lines;
  };

  const stretches: Stretch[] = [];
  let textFrom = 0;
  /** Bytes before this are within reach of a place seen. */
  let hotEnd = startsHot ? forwardEnd(0) : 0;
  const passOver = (from: number, to: number): void => {
    if (to - from < MIN_SKIP || !ascii(from, to)) return;
    if (from > textFrom) stretches.push({ from: textFrom, to: from });
    stretches.push({ from, to, lines: linesIn(from, to) });
    textFrom = to;
  };
  // The reach of a place ends no nearer than the reach of one before it: of a run of places close
  // together, only the last one's is counted.
  let last = -1;
  const reachOfLast = () => {
    if (last >= 0) hotEnd = Math.max(hotEnd, forwardEnd(last));
    last = -1;
  };
  for (const place of places) {
    if (last >= 0 && place < last + FORWARD_CHARS) {
      last = place;
      continue;
    }
    reachOfLast();
    if (place >= hotEnd) passOver(lineStartFrom(breakIndex(hotEnd === 0 ? 0 : hotEnd - 1)), backStart(place));
    last = place;
  }
  reachOfLast();
  // The end: to the last line start, or, when more bytes follow, to where a place at the very end
  // (its literal cut there) would reach back.
  const from = lineStartFrom(breakIndex(hotEnd === 0 ? 0 : hotEnd - 1));
  passOver(from, final ? lineStartBefore(count) : backStart(Math.max(0, n - 2)));
  if (n > textFrom) stretches.push({ from: textFrom, to: n });
  // What follows may complete a place cut at the end, or be within reach of one: taken as a place.
  return { stretches, hotAfter: !final };
}

const BLOCK_BITS = 12;

/** For each block of 4 KB of the bytes, 1 when all its bytes are ASCII. */
function asciiBlocks(bytes: Uint8Array): Uint8Array {
  const blocks = new Uint8Array((bytes.length >> BLOCK_BITS) + 1);
  for (let b = 0; b < blocks.length; b++) {
    blocks[b] = isAscii(bytes.subarray(b << BLOCK_BITS, (b + 1) << BLOCK_BITS)) ? 1 : 0;
  }
  return blocks;
}

/** Lists of places to take from in order, each list read once. */
export class KnownPlaces {
  private readonly next = { tokens: 0, tea: 0, hints: 0, breaks: 0 };

  constructor(private readonly found: ByteAnchors) {}

  /** Appends the places in [from, to) of each list, moved by `shift`, to `into`'s lists. */
  take(from: number, to: number, into: Record<'tokens' | 'tea' | 'hints' | 'breaks', number[]>, shift: number): void {
    const { found, next } = this;
    for (const name of ['tokens', 'tea', 'hints'] as const) {
      const list = found[name];
      const out = into[name];
      let k = next[name];
      while (k < list.length && (list[k] as number) < from) k++;
      for (; k < list.length && (list[k] as number) < to; k++) out.push((list[k] as number) + shift);
      next[name] = k;
    }
    const { at, count } = found.breaks;
    const out = into.breaks;
    let k = next.breaks;
    while (k < count && (at[k] as number) < from) k++;
    for (; k < count && (at[k] as number) < to; k++) out.push((at[k] as number) + shift);
    next.breaks = k;
  }
}
