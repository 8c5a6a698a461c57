import { BlockFields, HOST_IN_TEXT, cleanMessage, messageAfterCode, nearestFields, type FieldMatch } from './fields';
import { parseTimestamp } from './timestamps';
import type { ErrorRecord } from './types';

/**
 * The error record around a code: the block of lines that belong to the same log entry or
 * response (an XML or JSON body, an `SDK.ServerError` block, a Tea message). Bounded in lines and
 * characters so that a pathological input costs the same as a normal one.
 */
const MAX_LINES = 12;
const MAX_CHARS = 4096;

// A line that starts a new log entry: timestamps, glog prefixes, JSON log lines, level words, and
// the start of an XML document or error body.
const NEW_ENTRY =
  /^\s*(?:<\?xml\b|<Error[\s>]|\[?\d{4}([-/])\d{2}\1\d{2}[T ]\d|\[?\d{2}:\d{2}:\d{2}\b|[IWEF]\d{4} \d{2}:\d{2}|\{\s*"(?:level|lvl|ts|time|timestamp|@timestamp|msg|severity)"|\[?(?:INFO|WARN|WARNING|ERROR|DEBUG|TRACE|FATAL)\]?[\s:])/;

/** An error record as read from the text: the RequestId with its offsets, and the end of the first line. */
export interface RecordFields extends Omit<ErrorRecord, 'requestId' | 'requestIdRange'> {
  requestId: FieldMatch | null;
  /** The first line of the block (where a log entry's timestamp is). */
  headEnd: number;
}

function lineStart(text: string, pos: number, floor: number): number {
  const stop = Math.max(floor, pos - MAX_CHARS);
  for (let i = pos - 1; i >= stop; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
  }
  return stop;
}

function lineEnd(text: string, pos: number, ceiling: number): number {
  const stop = Math.min(ceiling, pos + MAX_CHARS);
  for (let i = pos; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return stop;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}

const TABLE_ROW = /^\s*\|.*\|\s*$/;
// A frame of a Java stack trace (`\tat com.x.Y.z(Y.java:42)`, `... 3 more`): the exception text ends
// with its frames, so a line after them that is not indented and not a `Caused by:` starts anew.
const JAVA_FRAME = /^\s+(?:at [\w$.<>/]+\(.*\)|\.\.\. \d+ more)\s*$/;
const AFTER_FRAMES = /^(?:\s|Caused by:|Suppressed:)/;

/** True when the line [nextStart, nextEnd) starts a new entry after the line [start, end) of a stack trace. */
function leavesStackTrace(text: string, start: number, end: number, nextStart: number, nextEnd: number): boolean {
  const first = text.charCodeAt(start);
  if (first !== 9 && first !== 32) return false; // frames are indented; most lines are not
  return JAVA_FRAME.test(text.slice(start, end)) && !AFTER_FRAMES.test(text.slice(nextStart, nextEnd));
}

/** Offsets [start, end) of the record containing [tokenStart, tokenEnd), within [floor, ceiling). */
export function recordBounds(
  text: string,
  tokenStart: number,
  tokenEnd: number,
  floor = 0,
  ceiling = text.length,
  maxLines = MAX_LINES,
) {
  let start = lineStart(text, tokenStart, floor);
  let end = lineEnd(text, tokenEnd, ceiling);
  // A row of a Markdown table (an error code table in docs) is a record of its own.
  if (TABLE_ROW.test(text.slice(start, end))) return { start, end, headEnd: end };
  const clipped = start > floor && !/[\r\n]/.test(text[start - 1] ?? '\n');
  const headEndOfToken = end;
  let headEnd = end;
  if (!clipped) {
    for (let n = 0; n < maxLines && start > floor; n++) {
      if (NEW_ENTRY.test(text.slice(start, Math.min(start + 64, end)))) break;
      let prevEnd = start - 1;
      if (prevEnd > floor && text.charCodeAt(prevEnd) === 10 && text.charCodeAt(prevEnd - 1) === 13) prevEnd--;
      const prevStart = lineStart(text, prevEnd, floor);
      if (isBlank(text, prevStart, prevEnd) || tokenStart - prevStart > MAX_CHARS * (maxLines / MAX_LINES)) break;
      if (leavesStackTrace(text, prevStart, prevEnd, start, lineEnd(text, start, ceiling))) break;
      start = prevStart;
      headEnd = prevEnd;
    }
  }
  if (start === lineStart(text, tokenStart, floor)) headEnd = headEndOfToken;
  for (let n = 0; n < maxLines && end < ceiling; n++) {
    let nextStart = end + 1;
    if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) nextStart++;
    const nextEnd = lineEnd(text, nextStart, ceiling);
    if (isBlank(text, nextStart, nextEnd) || nextEnd - tokenEnd > MAX_CHARS * (maxLines / MAX_LINES)) break;
    if (NEW_ENTRY.test(text.slice(nextStart, Math.min(nextStart + 64, nextEnd)))) break;
    if (leavesStackTrace(text, lineStart(text, end, floor), end, nextStart, nextEnd)) break;
    end = nextEnd;
  }
  return { start, end, headEnd };
}

// A status written just before the code on its line: `genResult(409, "Rejected...`, `| 409 | Rejected...`.
const STATUS_BEFORE = /(?:^|[^\d.])([45]\d\d)\s*[,|:]\s*["'`]?$/;

// The last block read; consecutive tokens of one record share its field matches.
let lastBlock: { text: string; start: number; end: number; fields: BlockFields } | undefined;

/** Drops the block cache at the end of a scan, so it does not keep the scanned text alive. */
export function forgetLastRecord(): void {
  lastBlock = undefined;
}

function blockFields(text: string, start: number, end: number): BlockFields {
  if (lastBlock && lastBlock.text === text && lastBlock.start === start && lastBlock.end === end)
    return lastBlock.fields;
  const fields = new BlockFields(text.slice(start, end));
  lastBlock = { text, start, end, fields };
  return fields;
}

/** Reads the fields of the record around the token [tokenStart, tokenEnd) of `text`. */
export function readRecord(text: string, tokenStart: number, tokenEnd: number): RecordFields {
  const { start, end, headEnd } = recordBounds(text, tokenStart, tokenEnd);
  const fields = blockFields(text, start, end);
  const block = fields.text;
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
    message = cleanMessage(after) ?? message;
  }
  const { hostId, recommend, api } = near;
  const host =
    hostId && /\./.test(hostId) ? hostId : block.includes('aliyuncs') ? (HOST_IN_TEXT.exec(block)?.[1] ?? null) : null;
  const timestamp = parseTimestamp(text.slice(start, Math.min(headEnd, start + 200))) ?? null;

  return {
    httpStatus,
    requestId,
    message,
    hostId,
    recommend,
    api,
    host,
    timestamp,
    start,
    end,
    headEnd,
  };
}
