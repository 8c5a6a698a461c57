import { BlockFields, nearestFields, type FieldMatch } from './fields';
import { cleanMessage, messageAfterCode } from './messageText';
import { isBlank, lineEnd, lineStart } from './lineEnds';
import type { ScanCache } from './scanCache';
import { parseTimestamp } from './timestamps';
import type { ErrorRecord } from './types';

/**
 * The error record around a code: the block of lines that belong to the same log entry or
 * response (an XML or JSON body, an `SDK.ServerError` block, a Tea message). Bounded in lines and
 * characters so that a pathological input costs the same as a normal one.
 */
const MAX_LINES = 12;
const MAX_CHARS = 4096;

// A line that starts a new log entry: timestamps, glog prefixes, JSON log lines, level words, the
// start of an XML document or error body, and a shell prompt (`user@host:~/dir$ `, `$ `) in a
// terminal transcript.
const NEW_ENTRY =
  /^\s*(?:<\?xml\b|<Error[\s>]|\[?\d{4}([-/])\d{2}\1\d{2}[T ]\d|\[?\d{2}:\d{2}:\d{2}\b|[IWEF]\d{4} \d{2}:\d{2}|\{\s*"(?:level|lvl|ts|time|timestamp|@timestamp|msg|severity)"|\[?(?:INFO|WARN|WARNING|ERROR|DEBUG|TRACE|FATAL)\]?[\s:]|[\w.-]{1,32}@[\w.-]{1,64}:[^\s$#]{0,64}[$#] |\$ )/;
// The aliyun CLI prints a failed call as `ERROR: SDK.ServerError` under the command line that made it:
// that command (which names the API, the region and the profile) belongs to the error's record.
const CLI_ERROR_HEAD = /^\s*ERROR: SDK\./;
const CLI_COMMAND = /\baliyun[ \t]+[a-z]/;

/**
 * True when the line [start, end) of `text` starts a new log entry: no record reaches across the start
 * of such a line, so the records before it are complete (a live stream's findings go out there).
 */
export function startsNewEntry(text: string, start: number, end: number): boolean {
  return NEW_ENTRY.test(text.slice(start, Math.min(start + 64, end)));
}

/**
 * An error record as read from the text: the RequestId with its offsets, and the end of the first line.
 * Its other strings are copies, not pieces of the text (they do not keep the text alive).
 */
export interface RecordFields extends Omit<ErrorRecord, 'requestId' | 'requestIdRange'> {
  requestId: FieldMatch | null;
  /** The first line of the block (where a log entry's timestamp is). */
  headEnd: number;
}

const TABLE_ROW = /^\s*\|.*\|\s*$/;
// A frame of a Java stack trace (`\tat com.x.Y.z(Y.java:42)`, `... 3 more`): the exception text ends
// with its frames, so a line after them that is not indented and not a `Caused by:` starts anew.
const JAVA_FRAME = /^\s+(?:at [\w$.<>/]+\(.*\)|\.\.\. \d+ more)\s*$/;
const AFTER_FRAMES = /^(?:\s|Caused by:|Suppressed:)/;

/** True when the line starting at `start` is indented, as the frames of a stack trace are; most lines are not. */
function isIndented(text: string, start: number): boolean {
  const first = text.charCodeAt(start);
  return first === 9 || first === 32;
}

/** True when the line [nextStart, nextEnd) starts a new entry after the indented line [start, end) of a stack trace. */
function leavesStackTrace(text: string, start: number, end: number, nextStart: number, nextEnd: number): boolean {
  return JAVA_FRAME.test(text.slice(start, end)) && !AFTER_FRAMES.test(text.slice(nextStart, nextEnd));
}

// Where a line runs on past MAX_CHARS around a token, the block is cut at points of this grid (in
// offsets of the whole input) within that reach, so that tokens close together on a long line (a
// minified response, a line of repeated errors) share one block and its field matches instead of
// reading 8 KB each. The grid is counted from the start of the token's line (`origin` is minus that
// start's offset in `text`), so that a scan in chunks, or of a slice of a file, cuts the same blocks as
// a scan of the whole text.
const GRID = 1024;

function isLineEnd(code: number): boolean {
  return code === 10 || code === 13;
}

/**
 * Offsets [start, end) of the record containing [tokenStart, tokenEnd), within [floor, ceiling). A
 * scan passes its cache, where what it learns of the text's lines is kept for the next tokens.
 */
export function recordBounds(
  text: string,
  tokenStart: number,
  tokenEnd: number,
  floor = 0,
  ceiling = text.length,
  maxLines = MAX_LINES,
  origin = 0,
  cache?: ScanCache,
) {
  const tokenLineStart = lineStart(text, tokenStart, floor, MAX_CHARS, cache);
  let start = tokenLineStart;
  let end = lineEnd(text, tokenEnd, ceiling, MAX_CHARS, cache);
  // A row of a Markdown table (an error code table in docs) is a record of its own.
  if (TABLE_ROW.test(text.slice(start, end))) return { start, end, headEnd: end };
  const clipped = start > floor && !isLineEnd(text.charCodeAt(start - 1));
  const clippedEnd = end < ceiling && !isLineEnd(text.charCodeAt(end));
  if (clipped) start = Math.min(tokenStart, Math.ceil((start + origin) / GRID) * GRID - origin);
  if (clippedEnd) end = Math.max(tokenEnd, Math.floor((end + origin) / GRID) * GRID - origin);
  const headEndOfToken = end;
  let headEnd = end;
  if (!clipped) {
    for (let n = 0; n < maxLines && start > floor; n++) {
      const head = text.slice(start, Math.min(start + 64, end));
      const newEntry = NEW_ENTRY.test(head);
      if (newEntry && !CLI_ERROR_HEAD.test(head)) break;
      let prevEnd = start - 1;
      if (prevEnd > floor && text.charCodeAt(prevEnd) === 10 && text.charCodeAt(prevEnd - 1) === 13) prevEnd--;
      const prevStart = lineStart(text, prevEnd, floor, MAX_CHARS, cache);
      if (isBlank(text, prevStart, prevEnd) || tokenStart - prevStart > MAX_CHARS * (maxLines / MAX_LINES)) break;
      if (
        isIndented(text, prevStart) &&
        leavesStackTrace(text, prevStart, prevEnd, start, lineEnd(text, start, ceiling, MAX_CHARS, cache))
      ) {
        break;
      }
      // An aliyun CLI error takes the command line above it, and no more.
      if (newEntry && !CLI_COMMAND.test(text.slice(prevStart, prevEnd))) break;
      start = prevStart;
      headEnd = prevEnd;
      if (newEntry) break;
    }
  }
  if (start === tokenLineStart) headEnd = headEndOfToken;
  // A line cut short of its end reaches no further lines (their first would be its own rest).
  if (clippedEnd) return { start, end, headEnd };
  // The start of the record's last line, once known: after the token's line, the start of the line last taken.
  let lastLineStart = -1;
  for (let n = 0; n < maxLines && end < ceiling; n++) {
    let nextStart = end + 1;
    if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) nextStart++;
    const nextEnd = lineEnd(text, nextStart, ceiling, MAX_CHARS, cache);
    if (isBlank(text, nextStart, nextEnd) || nextEnd - tokenEnd > MAX_CHARS * (maxLines / MAX_LINES)) break;
    if (NEW_ENTRY.test(text.slice(nextStart, Math.min(nextStart + 64, nextEnd)))) break;
    const endLineStart = lastLineStart >= 0 ? lastLineStart : lineStart(text, end, floor, MAX_CHARS, cache);
    if (isIndented(text, endLineStart) && leavesStackTrace(text, endLineStart, end, nextStart, nextEnd)) break;
    end = nextEnd;
    lastLineStart = nextStart;
  }
  return { start, end, headEnd };
}

// Words of a log entry's first line saying the client's retries ran out. Literal alternatives only,
// so the test stays linear on any input.
const RETRIES_EXHAUSTED =
  /\b(?:after \d{1,3} (?:attempts|retries|tries)|retries (?:exhausted|ran out)|(?:exhausted|max|maximum) retries|retry limit|giving up|gave up|not retrying|no more retries)\b|重试次数已用尽|已达最大重试次数|重試次數已用盡|已達最大重試次數/i;

// A word every match of RETRIES_EXHAUSTED holds: a quick test first, three times quicker on heads without one.
const MAYBE_RETRIES = /retr|after|gave up|giving up|重试|重試/i;

// A status written just before the code on its line: `genResult(409, "Rejected...`, `| 409 | Rejected...`.
const STATUS_BEFORE = /(?:^|[^\d.])([45]\d\d)\s*[,|:]\s*["'`]?$/;

/** The fields of the block [start, end); consecutive tokens of one record share the last block's field matches. */
function blockFields(cache: ScanCache, text: string, start: number, end: number): BlockFields {
  const last = cache.lastBlock;
  if (last && last.text === text && last.start === start && last.end === end) return last.fields;
  // A long block (a window of a long line) takes most of its matches from a scan shared with its neighbours.
  const source = end - start >= MAX_CHARS ? { text, start, end, cache } : undefined;
  const fields = new BlockFields(text.slice(start, end), source, cache);
  cache.lastBlock = { text, start, end, fields };
  return fields;
}

function retriesRunOut(head: string): boolean {
  return MAYBE_RETRIES.test(head) && RETRIES_EXHAUSTED.test(head);
}

/** What the first line of a record says: its timestamp, and whether retries ran out. */
export interface RecordHead {
  text: string;
  start: number;
  headEnd: number;
  timestamp: number | null;
  retriesExhausted: boolean;
}

/** The head of the record [start, headEnd); the tokens of one block share the last one read. */
function headOf(cache: ScanCache, text: string, start: number, headEnd: number): RecordHead {
  const last = cache.lastHead;
  if (last && last.text === text && last.start === start && last.headEnd === headEnd) return last;
  const head = {
    text,
    start,
    headEnd,
    timestamp: parseTimestamp(text.slice(start, Math.min(headEnd, start + 200))) ?? null,
    retriesExhausted: retriesRunOut(text.slice(start, Math.min(headEnd, start + 1000))),
  };
  cache.lastHead = head;
  return head;
}

/** Reads the fields of the record around the token [tokenStart, tokenEnd), keeping what it learns in the scan's cache. */
export function readRecord(
  cache: ScanCache,
  text: string,
  tokenStart: number,
  tokenEnd: number,
  floor = 0,
  ceiling = text.length,
  origin = 0,
): RecordFields {
  const bounds = recordBounds(text, tokenStart, tokenEnd, floor, ceiling, MAX_LINES, origin, cache);
  const { start, end, headEnd } = bounds;
  const fields = blockFields(cache, text, start, end);
  const anchor = tokenStart - start;

  const near = nearestFields(fields, anchor);
  let httpStatus = near.status;
  if (httpStatus === null) {
    const before = STATUS_BEFORE.exec(text.slice(Math.max(start, tokenStart - 20), tokenStart));
    if (before) httpStatus = Number(before[1]);
  }
  const requestId = near.requestId && { value: near.requestId.value, index: near.requestId.index + start };
  let message = near.message?.text ?? null;
  const after = messageAfterCode(text, tokenStart, tokenEnd);
  if (after && (message === null || tokenEnd - start + 4 < (near.message?.distance ?? Infinity))) {
    message = cache.cleanedMessage(after, cleanMessage) ?? message;
  }
  const { hostId, recommend, api } = near;
  const host = hostId && /\./.test(hostId) ? hostId : fields.hostInText();
  const { timestamp, retriesExhausted } = headOf(cache, text, start, headEnd);

  // Every string but the RequestId is copied out of the text once per distinct value (the scan's memo).
  return {
    httpStatus,
    requestId,
    message,
    hostId: hostId === null ? null : cache.intern(hostId),
    recommend: recommend === null ? null : cache.intern(recommend),
    api: api === null ? null : cache.intern(api),
    host: host === null ? null : cache.intern(host),
    timestamp,
    retriesExhausted,
    start,
    end,
    headEnd,
  };
}
