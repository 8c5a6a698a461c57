import type { Finding, Range } from './types';

/**
 * One error record, one finding. A Tea SDKError names its code three times (`Code:`, the
 * `Data: {"Code": ...}` body and the Recommend URL's `q=`), an SDK.ServerError twice: counting each
 * would inflate every count users see. The record's finding sits where the record states its code
 * (its first code field, else its first occurrence); the other occurrences become related locations.
 */

/** What the merge needs to know of each candidate besides the finding itself. */
export interface Occurrence {
  finding: Finding;
  /** The token is the value of a code field (`ErrorCode:`, `Code:`, `<Code>`, `"Code":`). */
  codeField: boolean;
  /** The token sits inside a URL (`...troubleshoot?q=Forbidden.KeyNotFound&...`). */
  inUrl: boolean;
  /** The token sits in the body an SDK error carries along (`Data: {"Code": ...}`, `Response: {...}`). */
  inBody: boolean;
}

// The start of the body a Tea or Python SDK error repeats its code in, earlier on the token's line.
const BODY_BEFORE = /\b(?:Data|Response|data)\??"?\s*[:=]\s*\{/;
const BODY_AT = new RegExp(BODY_BEFORE.source, 'y');
const BODY_ANYWHERE = new RegExp(BODY_BEFORE.source, 'g');

/**
 * What isInBody learnt of the text of its last calls, as the tokens of a scan come in order: the start
 * of the last token's line, and the bodies of the text up to it (they cannot overlap). On a long line
 * of thousands of tokens, each token would otherwise read the 2,000 characters before it twice.
 * Dropped by oneFindingPerRecord, which ends each round of a scan.
 */
let bodies:
  | {
      text: string;
      /** The last token's start; the line breaks before it are known. */
      checkedTo: number;
      /** After the last line break before checkedTo, or -1 when it lies before that token's reach. */
      lineStart: number;
      starts: number[];
      ends: number[];
      /** Every body starting before this offset is listed; the scan goes on from scanFrom. */
      scannedTo: number;
      scanFrom: number;
    }
  | undefined;

/** True when the token at `start` is inside the `Data: {...}` body of an SDK error, on the same line. */
export function isInBody(text: string, start: number): boolean {
  const floor = Math.max(0, start - URL_REACH);
  if (bodies?.text !== text || start < bodies.checkedTo) {
    let from = start;
    while (from > floor && text.charCodeAt(from - 1) !== 10 && text.charCodeAt(from - 1) !== 13) from--;
    bodies = { text, checkedTo: start, lineStart: from > floor ? from : -1, starts: [], ends: [], scannedTo: 0, scanFrom: 0 };
    return BODY_BEFORE.test(text.slice(from, start));
  }
  for (let i = start - 1; i >= bodies.checkedTo; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      bodies.lineStart = i + 1;
      break;
    }
  }
  bodies.checkedTo = start;
  // Where the line starts, or where the reach cuts it; the same `from` as reading back from `start`.
  const from = Math.max(bodies.lineStart, floor);
  // A body right at a cut counts even after a word character, as in the cut text on its own.
  BODY_AT.lastIndex = 0;
  if (BODY_AT.test(text.slice(from, start))) return true;
  const { starts, ends } = bodies;
  while (bodies.scannedTo < start) {
    BODY_ANYWHERE.lastIndex = bodies.scanFrom;
    const m = BODY_ANYWHERE.exec(text);
    if (!m) {
      bodies.scannedTo = Number.POSITIVE_INFINITY;
      break;
    }
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    bodies.scanFrom = m.index + m[0].length;
    bodies.scannedTo = m.index + 1;
  }
  // The last body ending by `start`: the token is in a body when it starts at or after `from`.
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ends[mid] as number) <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && (starts[lo - 1] as number) >= from;
}

// How far back on its line a URL holding the token may start.
const URL_REACH = 2000;

/** True when [start, end) lies inside a URL: an `http(s)://` run with no space, quote or bracket before it. */
export function isInUrl(text: string, start: number): boolean {
  const from = Math.max(0, start - URL_REACH);
  for (let i = start - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    // Space, tab, newlines, quotes, angle brackets, parentheses and backslash end a URL.
    if (c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 40 || c === 41 || c === 92 || c === 96) {
      return false;
    }
    if (c === 47 && text.charCodeAt(i - 1) === 47 && text.charCodeAt(i - 2) === 58) return true; // `://`
  }
  return false;
}

/** True when b belongs to the record of a: the same code, within each other's record, the same RequestId. */
function sameRecord(a: Finding, b: Finding): boolean {
  if (a.code !== b.code) return false;
  if (b.offset < a.record.start || b.offset >= a.record.end || a.offset < b.record.start || a.offset >= b.record.end) {
    return false;
  }
  return a.record.requestId !== null && a.record.requestId === b.record.requestId;
}

/**
 * The findings to report, in order, each with the other occurrences of its record as `related`.
 * A code in a URL is never a finding of its own: without an occurrence outside URLs in its record, it
 * is dropped.
 */
export function oneFindingPerRecord(occurrences: readonly Occurrence[]): Finding[] {
  bodies = undefined;
  const groups: Occurrence[][] = [];
  // Groups whose record may still hold later occurrences, and URL occurrences not yet placed; records
  // are bounded, so both stay short and the pass is linear.
  // Occurrences come in order, so a group whose record ended stays closed: closed groups are
  // skipped, and dropped from the list only once they make up half of it (a long line holds dozens).
  let open: Occurrence[][] = [];
  let pruneAt = 16;
  let waitingUrls: Occurrence[] = [];
  for (const occurrence of occurrences) {
    const { finding } = occurrence;
    const isOpen = (g: Occurrence[]) => g[0]!.finding.record.end > finding.offset;
    if (open.length >= pruneAt) {
      open = open.filter(isOpen);
      pruneAt = Math.max(16, 2 * open.length);
    }
    if (waitingUrls.length > 0) {
      waitingUrls = waitingUrls.filter((u) => finding.offset - u.finding.offset < URL_REACH * 4);
    }
    if (occurrence.inUrl) {
      const group = open.find(
        (g) => isOpen(g) && g[0]!.finding.code === finding.code && contains(g[0]!.finding, finding.offset),
      );
      if (group) group.push(occurrence);
      else waitingUrls.push(occurrence);
      continue;
    }
    // Only the body an SDK error carries repeats its code; two code fields are two records.
    const group = occurrence.inBody ? open.find((g) => isOpen(g) && sameRecord(g[0]!.finding, finding)) : undefined;
    if (group) {
      group.push(occurrence);
      continue;
    }
    const created = [occurrence];
    const earlier =
      waitingUrls.length > 0
        ? waitingUrls.filter((u) => u.finding.code === finding.code && contains(finding, u.finding.offset))
        : [];
    if (earlier.length > 0) {
      created.push(...earlier);
      waitingUrls = waitingUrls.filter((u) => !earlier.includes(u));
    }
    groups.push(created);
    open.push(created);
  }
  const kept: Finding[] = [];
  for (const group of groups) {
    const primary = group.find((o) => o.codeField && !o.inBody) ?? group[0]!;
    const related: Range[] = group
      .filter((o) => o !== primary)
      .sort((a, b) => a.finding.offset - b.finding.offset)
      .map((o) => o.finding.range);
    if (related.length > 0) primary.finding.related = related;
    kept.push(primary.finding);
  }
  return kept.sort((a, b) => a.offset - b.offset);
}

function contains(finding: Finding, offset: number): boolean {
  return offset >= finding.record.start && offset < finding.record.end;
}
