import type { ScanCache } from './scanCache';
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
  /**
   * The token is a column of a JSON row (`{"code":"X",...,"content":"<the original line>"}`, what a log
   * store's query gives): a repetition of the code of the line beside it, when that line states it.
   */
  inRowColumn?: boolean;
}

// The start of the body a Tea or Python SDK error repeats its code in, earlier on the token's line.
const BODY_BEFORE = /\b(?:Data|Response|data)\??"?\s*[:=]\s*\{/;
const BODY_AT = new RegExp(BODY_BEFORE.source, 'y');
const BODY_ANYWHERE = new RegExp(BODY_BEFORE.source, 'g');

/**
 * What isInBody learnt of the text of its last calls, as the tokens of a scan come in order: the start
 * of the last token's line, and the bodies of the text up to it (they cannot overlap). On a long line
 * of thousands of tokens, each token would otherwise read the 2,000 characters before it twice.
 * Kept in the scan's cache, and dropped at the end of each round of a scan.
 */
export interface BodyIndex {
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

// How far back a line start is looked for before the token is taken to be on a long line.
const SHORT_LINE = 512;

/**
 * True when the token at `start` is inside the `Data: {...}` body of an SDK error, on the same line.
 * What it reads is kept in `cache` for the next tokens of the same text.
 */
export function isInBody(text: string, start: number, cache: ScanCache): boolean {
  const floor = Math.max(0, start - URL_REACH);
  // On an ordinary line, its own text is read; the bodies of the whole text only pay on long lines.
  // The line start is looked for back to the last token, past which it is known.
  const bodies = cache.bodies;
  const known = bodies?.text === text && start >= bodies.checkedTo ? bodies : undefined;
  const stop = Math.max(floor, start - SHORT_LINE, known?.checkedTo ?? 0);
  let lineStart = -1;
  for (let i = start - 1; i >= stop; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineStart = i + 1;
      break;
    }
  }
  if (lineStart === -1 && stop === 0) lineStart = 0;
  else if (lineStart === -1 && known && stop === known.checkedTo) lineStart = known.lineStart;
  if (lineStart !== -1 && start - lineStart <= SHORT_LINE) return BODY_BEFORE.test(text.slice(lineStart, start));
  if (bodies?.text !== text || start < bodies.checkedTo) {
    let from = start;
    while (from > floor && text.charCodeAt(from - 1) !== 10 && text.charCodeAt(from - 1) !== 13) from--;
    cache.bodies = {
      text,
      checkedTo: start,
      lineStart: from > floor ? from : -1,
      starts: [],
      ends: [],
      scannedTo: 0,
      scanFrom: 0,
    };
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

/**
 * True when [start, end) lies inside a URL: an `http(s)://` run with no space, quote or bracket before
 * it. JSON writers that escape slashes (`https:\/\/api...`, ClickHouse's JSON output) keep it a URL.
 */
export function isInUrl(text: string, start: number): boolean {
  const from = Math.max(0, start - URL_REACH);
  for (let i = start - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    // An escaped slash, `\/`, is a slash.
    if (c === 92 && text.charCodeAt(i + 1) === 47) continue;
    // Space, tab, newlines, quotes, angle brackets, parentheses and backslash end a URL.
    if (c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 40 || c === 41 || c === 92 || c === 96) {
      return false;
    }
    if (c === 47 && text.charCodeAt(i - 1) === 47 && text.charCodeAt(i - 2) === 58) return true; // `://`
    if (c === 47 && text.slice(i - 4, i) === ':\\/\\') return true; // `:\/\/`
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
 * Groups occurrences into one finding per record as they come, in document order, so that a
 * record split between two rounds of a streamed scan is still one finding: `take(upTo)` returns
 * only the findings that no occurrence at or after `upTo` can change. A code in a URL is never a
 * finding of its own: without an occurrence outside URLs in its record, it is dropped.
 */
/** The occurrences of one record, in the order they came: never empty. */
type Group = [Occurrence, ...Occurrence[]];

export class RecordGrouper {
  // Groups whose record may still hold later occurrences, and URL occurrences not yet placed; records
  // are bounded, so both stay short and the pass is linear. Occurrences come in order, so a group
  // whose record ended stays closed: closed groups are skipped, and moved out of the list only once
  // they make up half of it (a long line holds dozens).
  private open: Group[] = [];
  private pruneAt = 16;
  private waitingUrls: Occurrence[] = [];
  /** Findings of closed groups, not yet handed out (an open group may still precede them). */
  private closed: Finding[] = [];

  add(occurrence: Occurrence): void {
    const { finding } = occurrence;
    const isOpen = (g: Group) => g[0].finding.record.end > finding.offset;
    if (this.open.length >= this.pruneAt) {
      this.closeBefore(finding.offset);
      this.pruneAt = Math.max(16, 2 * this.open.length);
    }
    if (this.waitingUrls.length > 0) {
      this.waitingUrls = this.waitingUrls.filter((u) => finding.offset - u.finding.offset < URL_REACH * 4);
    }
    if (occurrence.inUrl) {
      const group = this.open.find(
        (g) => isOpen(g) && g[0].finding.code === finding.code && contains(g[0].finding, finding.offset),
      );
      if (group) group.push(occurrence);
      else this.waitingUrls.push(occurrence);
      return;
    }
    // A JSON row's column and the line beside it in the row are one record: they join, in either order.
    const rowGroup = this.open.find(
      (g) =>
        isOpen(g) &&
        g[0].finding.code === finding.code &&
        g[0].finding.range.start.line === finding.range.start.line &&
        (occurrence.inRowColumn === true || g.every((o) => o.inRowColumn === true)),
    );
    if (rowGroup) {
      rowGroup.push(occurrence);
      return;
    }
    // Only the body an SDK error carries repeats its code; two code fields are two records.
    const group = occurrence.inBody ? this.open.find((g) => isOpen(g) && sameRecord(g[0].finding, finding)) : undefined;
    if (group) {
      group.push(occurrence);
      return;
    }
    const created: Group = [occurrence];
    const earlier =
      this.waitingUrls.length > 0
        ? this.waitingUrls.filter((u) => u.finding.code === finding.code && contains(finding, u.finding.offset))
        : [];
    if (earlier.length > 0) {
      created.push(...earlier);
      this.waitingUrls = this.waitingUrls.filter((u) => !earlier.includes(u));
    }
    this.open.push(created);
  }

  /**
   * The findings, in order, that stay as they are whatever occurrences at `upTo` or later add. With
   * `recordsEnd`, no record reaches across `upTo` (a new log entry starts there): a URL occurrence
   * before it can join no later record, and is dropped as the end of the text would drop it.
   */
  take(upTo: number, recordsEnd = false): Finding[] {
    this.closeBefore(upTo);
    this.waitingUrls = this.waitingUrls.filter((u) =>
      recordsEnd ? u.finding.offset >= upTo : upTo - u.finding.offset < URL_REACH * 4,
    );
    // A later finding can only come from an open group or a waiting URL: none starts before these.
    let bound = upTo;
    for (const group of this.open) for (const o of group) bound = Math.min(bound, o.finding.offset);
    for (const u of this.waitingUrls) bound = Math.min(bound, u.finding.offset);
    this.closed.sort((a, b) => a.offset - b.offset);
    let n = 0;
    while (n < this.closed.length && (this.closed[n] as Finding).offset < bound) n++;
    return this.closed.splice(0, n);
  }

  /** Where the earliest record still held starts (Infinity when none): its text must stay readable. */
  earliestRecordStart(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const f of this.closed) earliest = Math.min(earliest, f.record.start);
    for (const group of this.open) for (const o of group) earliest = Math.min(earliest, o.finding.record.start);
    for (const u of this.waitingUrls) earliest = Math.min(earliest, u.finding.record.start);
    return earliest;
  }

  /** Moves the groups no occurrence at or after `offset` can join to the closed ones. */
  private closeBefore(offset: number): void {
    const open: Group[] = [];
    for (const group of this.open) {
      if (group[0].finding.record.end > offset) open.push(group);
      else this.closed.push(primaryOf(group));
    }
    this.open = open;
  }
}

/** The group's finding, where the record states its code, with the other occurrences as related. */
function primaryOf(group: Group): Finding {
  const stated = (o: Occurrence) => o.inRowColumn !== true;
  const primary = group.find((o) => o.codeField && !o.inBody && stated(o)) ?? group.find(stated) ?? group[0];
  const related: Range[] = group
    .filter((o) => o !== primary)
    .sort((a, b) => a.finding.offset - b.finding.offset)
    .map((o) => o.finding.range);
  if (related.length > 0) primary.finding.related = related;
  return primary.finding;
}

function contains(finding: Finding, offset: number): boolean {
  return offset >= finding.record.start && offset < finding.record.end;
}
