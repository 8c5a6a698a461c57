import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import { cleanMessage } from './messageText';
import { KMS_MARKER, namesOtherProduct } from './markers';
import { isWholeToken } from './tokens';
import { copyOut, remembered, type ScanCache } from './scanCache';

/**
 * Errors without a code token. Java and C# Tea exceptions carry only the status and the official
 * message: `com.aliyun.tea.TeaException: code: 403, This operation for acs:kms:...:key/key-... is
 * forbidden by permission system. request id: 7d2c9e1a-...`. The message names the code, so the
 * scanner reports it as an inferred finding on the message text.
 */

// `code: 403, ` opens a Tea message; its end is the `request id:` on the same line.
const TEA_MESSAGE_START = /\bcode:\s?([45]\d\d),\s?/g;
const TEA_MESSAGE_START_HERE = new RegExp(TEA_MESSAGE_START.source, 'y');
/** What every Tea message starts with (see TEA_MESSAGE_START). */
export const TEA_MESSAGE_LITERAL = 'code:';
const REQUEST_ID_WORD = /request ?id:/gi;
const SPACE = /\s/;
const MAX_MESSAGE = 2000;
const KMS_EVIDENCE = new RegExp(KMS_MARKER.source, 'i');

/**
 * Where `/,?\s+request ?id:/i` first matches in `text`, or -1: at the comma or the first of the
 * spaces before the first `request id:` that follows a space. One pass; the pattern itself would read
 * a long run of spaces again from each of them.
 */
function requestIdLabel(text: string): number {
  REQUEST_ID_WORD.lastIndex = 0;
  for (let m = REQUEST_ID_WORD.exec(text); m; m = REQUEST_ID_WORD.exec(text)) {
    let at = m.index;
    while (at > 0 && SPACE.test(text.charAt(at - 1))) at--;
    if (at === m.index) continue;
    return at > 0 && text.charCodeAt(at - 1) === 44 /* , */ ? at - 1 : at;
  }
  return -1;
}

export interface InferredMessage {
  entry: CatalogEntry;
  /** Offsets of the message text in the scanned buffer. */
  start: number;
  end: number;
  message: string;
  httpStatus: number;
}

/** Where TEA_MESSAGE_START matches in [from, to), searching from `from`. */
export function teaMessageStarts(text: string, from: number, to: number): number[] {
  const starts: number[] = [];
  TEA_MESSAGE_START.lastIndex = from;
  for (let m = TEA_MESSAGE_START.exec(text); m && m.index < to; m = TEA_MESSAGE_START.exec(text)) starts.push(m.index);
  return starts;
}

/**
 * Tea messages starting at `places` (candidates in order; see anchors.ts) whose text is a catalog code's documented message. `recordAround` gives
 * the record's offsets; messages whose record states a code token, or names another product, are
 * left out: the token is the finding there, and another product's message is not a KMS error.
 */
export function findInferredMessages(
  text: string,
  places: readonly number[],
  catalog: Catalog,
  codeToken: RegExp,
  recordAround: (start: number, end: number) => { start: number; end: number },
  cache: ScanCache,
): InferredMessage[] {
  const found: InferredMessage[] = [];
  // What the last record said; the messages of a long line of repeated errors share their records.
  let last: { start: number; end: number; statesCode: boolean; otherProduct?: boolean } | undefined;
  // The next LF and CR at or after the last message, each searched again only once passed.
  let lf = -1;
  let cr = -1;
  // Messages do not overlap: a place inside the last one is not looked at, as a search from it would not.
  let after = 0;
  for (const place of places) {
    if (place < after) continue;
    TEA_MESSAGE_START_HERE.lastIndex = place;
    const m = TEA_MESSAGE_START_HERE.exec(text);
    if (!m) continue;
    after = place + m[0].length;
    const start = m.index + m[0].length;
    if (lf < start) lf = nextOf(text, '\n', start);
    if (cr < start) cr = nextOf(text, '\r', start);
    const lineEnd = Math.min(lf, cr, start + MAX_MESSAGE);
    const label = requestIdLabel(text.slice(start, lineEnd));
    if (label === -1) continue;
    const end = start + label;
    const raw = text.slice(start, end);
    const httpStatus = Number(m[1]);
    const inferred = inferredFrom(cache, catalog, httpStatus, raw);
    if (!inferred) continue;
    const { entry, message } = inferred;
    const record = recordAround(start, end);
    if (last?.start !== record.start || last.end !== record.end) {
      last = { start: record.start, end: record.end, statesCode: statesCode(text, record, codeToken, catalog) };
    }
    if (last.statesCode) continue;
    const recordText = text.slice(record.start, record.end);
    last.otherProduct ??= namesOtherProduct(recordText, { text, start: record.start, cache });
    if (last.otherProduct) continue;
    // A code other products return too needs KMS evidence in the record itself (`acs:kms:`, a kms host).
    if ((entry.shared || entry.alsoUsedBy.length > 0) && !KMS_EVIDENCE.test(recordText)) continue;
    found.push({ entry, start, end, message, httpStatus });
  }
  return found;
}

/** What a Tea message names, and its cleaned text. */
export interface InferredFrom {
  entry: CatalogEntry;
  message: string;
}

/**
 * The entry the message `raw` with this status names, read once per scan for the repetitions of a
 * message (kept in the scan's cache, copied out of the text).
 */
function inferredFrom(cache: ScanCache, catalog: Catalog, httpStatus: number, raw: string): InferredFrom | null {
  return remembered(
    cache.inferred,
    `${httpStatus} ${raw}`,
    () => {
      const message = cleanMessage(raw);
      const entry = message ? catalog.inferFromMessage(message, httpStatus) : undefined;
      return entry && message ? { entry, message: copyOut(message) } : null;
    },
    256,
  );
}

/** Offset of the first `c` at or after `from`, or the text's length. */
function nextOf(text: string, c: string, from: number): number {
  const at = text.indexOf(c, from);
  return at === -1 ? text.length : at;
}

// The global copy of the scanner's token pattern, compiled once per pattern.
const globalTokens = new WeakMap<RegExp, RegExp>();

/** True when the record holds a catalog code as a whole token: then that token is the finding. */
function statesCode(
  text: string,
  record: { start: number; end: number },
  codeToken: RegExp,
  catalog: Catalog,
): boolean {
  let pattern = globalTokens.get(codeToken);
  if (!pattern) {
    pattern = new RegExp(codeToken.source, 'g');
    globalTokens.set(codeToken, pattern);
  }
  pattern.lastIndex = 0;
  const slice = text.slice(record.start, record.end);
  for (let m = pattern.exec(slice); m; m = pattern.exec(slice)) {
    if (catalog.lookup(m[0]) && isWholeToken(slice, m.index, m.index + m[0].length)) return true;
  }
  return false;
}
