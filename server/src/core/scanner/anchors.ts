import type { Catalog } from '../catalog/catalog';
import { TEA_MESSAGE_LITERAL, teaMessageStarts } from './inferred';
import { KMS_MARKER_HINTS, markerHintOffsets } from './markers';
import { simdPrefilter, type Prefilter } from './simdPrefilter';
import { candidatePatternOf } from './tokens';

/**
 * Where the scanner's searches may match in a stretch of text, found in one pass: catalog codes
 * and aliases, the `code:` of Tea messages, and the literals that hint at KMS markers. Each place
 * is a candidate only, confirmed by its own pattern there; no place where one matches is missed.
 */
export interface Anchors {
  tokens: number[];
  tea: number[];
  hints: number[];
  /** Every `\n` and `\r` (not candidates: these are all and only the line breaks). */
  breaks: number[];
}

const TOKEN = 1;
const TEA = 2;
const HINT = 4;

/** The searches of one catalog: one pass of the SIMD prefilter, or each pattern's own search without it. */
export interface AnchorSearch {
  find(text: string, from: number, to: number): Anchors;
}

const searches = new WeakMap<Catalog, AnchorSearch>();

// Below this many characters each pattern's own search costs less than a call of the prefilter
// (a folder of small files: 50,000 one-line logs).
const SMALL_STRETCH = 1 << 13;

export function anchorSearchOf(catalog: Catalog): AnchorSearch {
  let search = searches.get(catalog);
  if (!search) {
    const patterns = patternSearch(catalog);
    const prefiltered = prefilteredSearch(catalog);
    search = !prefiltered
      ? patterns
      : { find: (text, from, to) => (to - from < SMALL_STRETCH ? patterns : prefiltered).find(text, from, to) };
    searches.set(catalog, search);
  }
  return search;
}

/** Each search run on its own (where WebAssembly SIMD is missing, or a literal is too short for it). */
function patternSearch(catalog: Catalog): AnchorSearch {
  const pattern = candidatePatternOf(catalog);
  return {
    find(text, from, to) {
      const tokens: number[] = [];
      pattern.lastIndex = from;
      for (let m = pattern.exec(text); m && m.index < to; m = pattern.exec(text)) tokens.push(m.index);
      const breaks = lineBreaks(text, from, to);
      return { tokens, tea: teaMessageStarts(text, from, to), hints: markerHintOffsets(text, from, to), breaks };
    },
  };
}

/** The places of every `\n` and `\r` in [from, to), in order. */
function lineBreaks(text: string, from: number, to: number): number[] {
  const breaks: number[] = [];
  let lf = text.indexOf('\n', from);
  let cr = text.indexOf('\r', from);
  for (;;) {
    const next = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
    if (next === -1 || next >= to) return breaks;
    breaks.push(next);
    if (next === lf) lf = text.indexOf('\n', lf + 1);
    else cr = text.indexOf('\r', cr + 1);
  }
}

const lowByte = (text: string, at: number) => text.charCodeAt(at) & 0xff;
const keyOf = (a: number, b: number, c: number) => (a << 16) | (b << 8) | c;

function prefilteredSearch(catalog: Catalog): AnchorSearch | null {
  // The first three code units of each literal, by what it is the start of.
  const families = new Map<number, number>();
  const literals: [readonly string[], number][] = [
    [catalog.tokens(), TOKEN],
    [[TEA_MESSAGE_LITERAL], TEA],
    [KMS_MARKER_HINTS, HINT],
  ];
  for (const [list, family] of literals) {
    for (const literal of list) {
      if (literal.length < 3) return null;
      const key = keyOf(lowByte(literal, 0), lowByte(literal, 1), lowByte(literal, 2));
      families.set(key, (families.get(key) ?? 0) | family);
    }
  }
  const prefilter = simdPrefilter(bucketsOf([...families.keys()]));
  return prefilter && { find: (text, from, to) => confirmed(prefilter, families, text, from, to) };
}

function confirmed(
  prefilter: Prefilter,
  families: Map<number, number>,
  text: string,
  from: number,
  to: number,
): Anchors {
  const anchors: Anchors = { tokens: [], tea: [], hints: [], breaks: [] };
  const breaks = anchors.breaks;
  const lineBreak = (at: number) => breaks.push(at);
  prefilter.places(
    text,
    from,
    to,
    (at) => {
      // The prefilter's tables let through mixes of prefixes of one bucket: only whole ones count.
      const family = families.get(keyOf(lowByte(text, at), lowByte(text, at + 1), lowByte(text, at + 2)));
      if (family === undefined) return;
      if (family & TOKEN) anchors.tokens.push(at);
      if (family & TEA) anchors.tea.push(at);
      if (family & HINT) anchors.hints.push(at);
    },
    lineBreak,
  );
  return anchors;
}

/** How often a byte is expected in a log, roughly: lower-case letters most. */
const weight = (byte: number) => (byte >= 97 && byte <= 122 ? 4 : byte === 32 || (byte >= 48 && byte <= 57) ? 2 : 1);

/** The nibbles of a bucket's prefixes: for each of the three bytes, a 16-bit set of low nibbles and one of high. */
type Nibbles = number[];

/**
 * The prefixes (3-byte keys) in at most eight buckets. A bucket lets through every mix of the
 * nibbles of its prefixes, so prefixes go where that mix grows least: prefixes of one first byte
 * together, the largest groups first. One pass (a start costs a few milliseconds at most).
 */
function bucketsOf(keys: number[]): number[][][] {
  const byFirst = new Map<number, number[][]>();
  for (const key of keys) {
    const group = byFirst.get(key >> 16) ?? [];
    group.push([key >> 16, (key >> 8) & 0xff, key & 0xff]);
    byFirst.set(key >> 16, group);
  }
  const groups = [...byFirst.values()].sort((a, b) => b.length - a.length);
  const buckets: { prefixes: number[][]; nibbles: Nibbles }[] = [];
  for (const group of groups) {
    const nibbles = nibblesOf(group);
    if (buckets.length < 8) {
      buckets.push({ prefixes: group, nibbles });
      continue;
    }
    let best = buckets[0] as (typeof buckets)[number];
    let bestCost = Number.POSITIVE_INFINITY;
    for (const bucket of buckets) {
      const cost = mixWeight(union(bucket.nibbles, nibbles)) - mixWeight(bucket.nibbles);
      if (cost < bestCost) [best, bestCost] = [bucket, cost];
    }
    best.prefixes = best.prefixes.concat(group);
    best.nibbles = union(best.nibbles, nibbles);
  }
  return buckets.map((bucket) => bucket.prefixes);
}

function nibblesOf(prefixes: number[][]): Nibbles {
  const nibbles = [0, 0, 0, 0, 0, 0];
  for (const prefix of prefixes) {
    for (let k = 0; k < 3; k++) {
      const byte = prefix[k] as number;
      nibbles[2 * k] = (nibbles[2 * k] as number) | (1 << (byte & 15));
      nibbles[2 * k + 1] = (nibbles[2 * k + 1] as number) | (1 << (byte >> 4));
    }
  }
  return nibbles;
}

const union = (a: Nibbles, b: Nibbles): Nibbles => a.map((bits, k) => bits | (b[k] as number));

/** The expected weight of the 3-byte strings a bucket with these nibbles lets through. */
function mixWeight(nibbles: Nibbles): number {
  let total = 1;
  for (let k = 0; k < 3; k++) {
    let sum = 0;
    for (let high = 0; high < 16; high++) {
      if (!(((nibbles[2 * k + 1] as number) >> high) & 1)) continue;
      for (let low = 0; low < 16; low++) if (((nibbles[2 * k] as number) >> low) & 1) sum += weight((high << 4) | low);
    }
    total *= sum;
  }
  return total;
}
