import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import { anchorSearchOf, type AnchorSearch } from './anchors';
import { findInferredMessages } from './inferred';
import { LineIndex } from './lineIndex';
import { MarkerLines } from './markerLines';
import { hintsAt, isAlibabaKmsOperation, namesOtherProduct } from './markers';
import { isInBody, isInUrl, RecordGrouper } from './oneFindingPerRecord';
import { readRecord, recordBounds, startsNewEntry } from './record';
import { releaseLastRegExpInput } from './regexpMemory';
import { ScanCache } from './scanCache';
import { candidatePatternHereOf, candidatePatternOf, isIdentifierRole, isInCodeField, isWholeToken } from './tokens';
import type { ConfidenceReason, ErrorRecord, Finding } from './types';

export interface ScanOptions {
  /** Lines before and after a generic code searched for KMS evidence. */
  contextLines?: number;
  /** Unprocessed text gathered before a scan round; bounds memory on huge inputs. */
  chunkSize?: number;
  /** Keep each finding's line text (cut to 200 characters), for lists of occurrences. */
  previews?: boolean;
  /** Keep each finding's record text, for the diagnosis of reports written while the scan runs. */
  recordText?: boolean;
  /**
   * Where the first character pushed lies in a larger text: its offset, its line and the offset of
   * that line's start (before it when the text starts inside a line). Findings are placed in that
   * text, and a long line is cut into records on the grid of its own start.
   */
  start?: { offset: number; line: number; lineStart: number };
}

const PREVIEW_CHARS = 200;
// eslint-disable-next-line no-control-regex -- terminal colours in logs are noise in a preview
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;

/** The line around `start`, at most PREVIEW_CHARS long, centred on the token when the line is long. */
function linePreview(text: string, start: number, end: number): string {
  const lineEnd = (c: number) => c === 10 || c === 13;
  let from = start;
  while (from > 0 && start - from < PREVIEW_CHARS && !lineEnd(text.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < text.length && to - from < PREVIEW_CHARS && !lineEnd(text.charCodeAt(to))) to++;
  return (' ' + text.slice(from, to)).slice(1).replace(ANSI_COLOUR, '').trim();
}

// `"key": "` before a JSON value whose opening quote is not escaped (so not JSON inside a JSON string).
const ROW_COLUMN_BEFORE = /(?:^|[^\\])"[A-Za-z_@][\w.@-]{0,40}"\s*:\s*"$/;
// How far back a row's `{` is looked for: a row's columns come before its long line, if any.
const ROW_REACH = 4096;

/**
 * True when the token is the whole value of a column of a JSON row: `{"code":"X", ..., "content":"..."}`,
 * as log stores and SQL engines give rows (JSONEachRow, JSON Lines). Such a column repeats the code
 * of the original line in the same row; the grouper makes them one record.
 */
function isRowColumn(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end) !== 34 || text.charCodeAt(start - 1) !== 34) return false;
  if (!ROW_COLUMN_BEFORE.test(text.slice(Math.max(0, start - 48), start))) return false;
  let first = start;
  for (const floor = Math.max(0, start - ROW_REACH); first > floor; first--) {
    const c = text.charCodeAt(first - 1);
    if (c === 10 || c === 13) break;
  }
  if (first > 0 && start - first >= ROW_REACH) return false;
  while (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9) first++;
  return text.charCodeAt(first) === 123; // `{`: the line is a JSON object
}

// A UTF-16 code unit above U+00FF (found at once in a string stored one byte a character).
const WIDE_CHAR = /[\u0100-\uffff]/;

const RECORD_REACH_LINES = 13;
const RECORD_REACH_CHARS = 4200;
const TAIL_CHARS = 8192;
const LONG_LINES_CHARS = 1 << 16;

interface Pending {
  finding: Finding;
  line: number;
  /** A generic code whose confidence depends on lines not read yet. */
  waiting: boolean;
}

function isBlankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Start of the line `count` lines before the end of `text` (not before `floor`); scans backwards only. */
function startOfLastLines(text: string, count: number, floor: number): number {
  let at = text.length;
  for (let n = 0; n <= count; n++) {
    const newline = text.lastIndexOf('\n', at - 1);
    if (newline < floor) return floor;
    at = newline;
  }
  return at + 1;
}

/**
 * A copy of a string cut from the scan buffer. V8 keeps the whole buffer alive as long as a
 * substring of it lives, so findings would otherwise hold every chunk of a huge log in memory.
 */
function detach(value: string | null): string | null {
  return value === null ? null : (' ' + value).slice(1);
}

/**
 * How far a round of the scan reaches: `more` keeps the last lines back as context for what comes
 * next, `final` reads to the end of the input, and `entry` reads to a line where a new log entry
 * starts (no record reaches across it, so every record before it is complete).
 */
type RoundKind = 'more' | 'final' | { entry: number };

/** A finding before its confidence is settled. */
type Draft = Finding & {
  entry: CatalogEntry;
  /** The token is a code field's value; it is where its record states its code. */
  codeField?: boolean;
  /** The token is inside a URL, never a finding of its own. */
  inUrl?: boolean;
  /** The token is in the `Data: {...}` body an SDK error carries: a repetition of its record's code. */
  inBody?: boolean;
  /** The token is the whole value of a column of a JSON row (isRowColumn). */
  inRowColumn?: boolean;
};

/** The finding of a draft: its fields but the catalog entry, the record last (the order output shows). */
function findingOf(draft: Draft): Finding {
  const finding: Finding = {
    code: draft.code,
    token: draft.token,
    isAlias: draft.isAlias,
    range: draft.range,
    offset: draft.offset,
    confidence: draft.confidence,
    reason: draft.reason,
  } as Finding;
  if ('preview' in draft) finding.preview = draft.preview;
  if ('recordText' in draft) finding.recordText = draft.recordText;
  if ('related' in draft) finding.related = draft.related;
  finding.record = draft.record;
  return finding;
}

/**
 * Scans text pushed in chunks of any size, in one pass and bounded memory, and reports findings in
 * document order. A finding for a generic code waits until `contextLines` lines after it have been
 * read, since KMS evidence may follow it.
 */
export class StreamScanner {
  private readonly pattern: RegExp;
  /** The candidate pattern, tried at one place (anchors.ts finds the places). */
  private readonly patternHere: RegExp;
  private readonly anchors: AnchorSearch;
  private readonly contextLines: number;
  private readonly chunkSize: number;
  private readonly previews: boolean;
  private readonly keepRecordText: boolean;

  private buf = '';
  private bufBase = 0;
  private processed = 0;
  private line = 0;
  private lineStartAbs = 0;
  private readonly markerLines: MarkerLines;
  private queue: Pending[] = [];
  private readonly grouper = new RecordGrouper();
  /** What this scan learns of its text for the next tokens; no other scan sees it. */
  private readonly cache = new ScanCache();
  private ended = false;
  /**
   * Where the text pushed up to the last character above U+00FF ends (-1: none in the buffer). V8
   * keeps a string holding one at two bytes a character, and every string cut from it, so the
   * buffer would stay so for the rest of the scan (twice the copying, slower searches): once the
   * kept text starts after it, it is copied back to one byte a character.
   */
  private wideUntil = -1;
  /** Complete lines before this offset of the buffer were looked at for a new entry's start. */
  private entriesCheckedTo = 0;

  constructor(
    private readonly catalog: Catalog,
    private readonly onFinding: (finding: Finding) => void,
    options: ScanOptions = {},
  ) {
    this.pattern = candidatePatternOf(catalog);
    this.patternHere = candidatePatternHereOf(catalog);
    this.anchors = anchorSearchOf(catalog);
    this.contextLines = options.contextLines ?? 50;
    this.markerLines = new MarkerLines(this.contextLines);
    this.previews = options.previews ?? false;
    this.keepRecordText = options.recordText ?? false;
    // A round must see more than a record's reach of text, or it could not process anything. Small
    // rounds keep the buffer under V8's large-object size (see decodeUtf8); the output does not
    // depend on the round size (test/unit/scanEquality.test.ts).
    this.chunkSize = Math.max(options.chunkSize ?? 0, 4 * RECORD_REACH_CHARS);
    if (options.start) {
      this.bufBase = options.start.offset;
      this.line = options.start.line;
      this.lineStartAbs = options.start.lineStart;
    }
  }

  push(text: string): void {
    if (this.ended) throw new Error('push after end');
    this.buf += text;
    if (WIDE_CHAR.test(text)) this.wideUntil = this.bufBase + this.buf.length;
    if (this.buf.length - this.processed >= this.chunkSize) this.round('more');
  }

  /**
   * A live input has caught up with its writer: the records before the last line that starts a new
   * log entry are complete, so their findings go out now. The findings are those of a scan of the
   * whole input, in the same order.
   */
  caughtUp(): void {
    if (this.ended) return;
    const entry = this.lastEntryStart();
    if (entry > this.processed) this.round({ entry });
  }

  /**
   * A live input went quiet: its complete lines are taken as complete records, and every settled
   * finding goes out, even past a generic code still waiting for the lines after it (it follows
   * when they come, or at the end). A record the writer goes on with later starts a finding anew.
   */
  pause(): void {
    if (this.ended) return;
    const cut = this.buf.lastIndexOf('\n') + 1;
    if (cut > this.processed) {
      // A line still being written is left for later: a code may be cut in two.
      const rest = this.buf.slice(cut);
      this.buf = this.buf.slice(0, cut);
      this.round({ entry: cut });
      this.buf += rest;
    }
    this.flush(true);
  }

  end(): void {
    if (this.ended) return;
    this.round('final');
    this.ended = true;
    for (const pending of this.queue) if (pending.waiting) this.settle(pending, 'low', 'no-kms-context');
    this.flush();
    // Nothing of the scanned text may outlive the scan.
    this.buf = '';
    this.lastEvidence = undefined;
    this.cache.forget();
    this.markerLines.forget();
    releaseLastRegExpInput();
  }

  /** Where the last complete line that starts a new entry (or is blank) starts; 0 when none does. */
  private lastEntryStart(): number {
    const buf = this.buf;
    const complete = buf.lastIndexOf('\n') + 1;
    let found = 0;
    for (let start = Math.max(this.processed, this.entriesCheckedTo); start < complete;) {
      const newline = buf.indexOf('\n', start);
      const end = newline > start && buf.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      if (start > this.processed && (isBlankLine(buf, start, end) || startsNewEntry(buf, start, end))) found = start;
      start = newline + 1;
    }
    this.entriesCheckedTo = complete;
    return found;
  }

  /** Scans the unprocessed text, keeping back the last lines (as context for records) unless final. */
  private round(kind: RoundKind): void {
    const buf = this.buf;
    const final = kind === 'final';
    let regionEnd = buf.length;
    if (typeof kind === 'object') {
      regionEnd = kind.entry;
      if (regionEnd <= this.processed) return;
    } else if (!final) {
      const byLines = startOfLastLines(buf, RECORD_REACH_LINES, this.processed);
      const byChars = buf.length - RECORD_REACH_CHARS;
      // A record reaches a bounded number of characters too: in very long lines (a minified response)
      // the last lines can hold the whole buffer, and waiting for them to end would scan it all at once.
      regionEnd = byChars - byLines > LONG_LINES_CHARS ? byChars : Math.min(byLines, byChars);
      if (regionEnd <= this.processed) return;
    }
    const from = this.processed;
    const anchors = this.anchors.find(buf, from, regionEnd);
    const lines = LineIndex.ofBreaks(buf, anchors.breaks, regionEnd, this.line, this.lineStartAbs - this.bufBase);
    const drafts = this.findCandidates(buf, anchors.tokens, from, regionEnd, lines);
    const inferred = this.findInferred(buf, anchors.tea, from, regionEnd, lines);
    if (inferred.length > 0) {
      drafts.push(...inferred);
      drafts.sort((a, b) => a.offset - b.offset);
    }
    const generic: number[] = [];
    const coded: number[] = [];
    for (const draft of drafts) (draft.entry.shared ? generic : coded).push(draft.range.start.line);
    this.markerLines.addStretch(buf, hintsAt(buf, anchors.hints), lines, generic, coded);

    for (const d of drafts) {
      this.grouper.add({
        finding: d,
        codeField: d.codeField ?? false,
        inUrl: d.inUrl ?? false,
        inBody: d.inBody ?? false,
        inRowColumn: d.inRowColumn ?? false,
      });
    }
    this.cache.bodies = undefined;
    // A record that runs past the region may gain occurrences in the next round: its finding waits.
    const settledUpTo = final ? Number.POSITIVE_INFINITY : this.bufBase + regionEnd;
    for (const draft of this.grouper.take(settledUpTo, typeof kind === 'object') as Draft[]) this.classify(draft);

    // Settle earlier generic findings whose context window is now fully read.
    const lastReadLine = final ? Number.POSITIVE_INFINITY : lines.lastLine - 1;
    for (const pending of this.queue) {
      if (!pending.waiting) continue;
      if (this.markerLines.near(pending.line)) this.settle(pending, 'high', 'kms-context');
      else if (pending.line + this.contextLines <= lastReadLine) this.settle(pending, 'low', 'no-kms-context');
    }
    this.flush();

    this.line = lines.lastLine;
    this.lineStartAbs = this.bufBase + lines.lastLineStart;
    this.processed = regionEnd;
    if (!final) {
      // Keep the last lines before the region end: records of the next tokens may start there.
      // Records still grouped are classified later, from their text: keep it too.
      const held = this.grouper.earliestRecordStart() - this.bufBase;
      const keepFrom = Math.max(
        0,
        Math.min(Math.max(lines.startOfLineFromEnd(RECORD_REACH_LINES), regionEnd - TAIL_CHARS), held),
      );
      this.buf = buf.slice(keepFrom);
      if (this.wideUntil >= 0 && this.bufBase + keepFrom >= this.wideUntil) {
        this.buf = Buffer.from(this.buf, 'latin1').toString('latin1');
        this.wideUntil = -1;
      }
      this.bufBase += keepFrom;
      this.processed -= keepFrom;
      this.entriesCheckedTo = Math.max(0, this.entriesCheckedTo - keepFrom);
    }
    this.markerLines.forgetBefore(this.line - 2 * this.contextLines);
  }

  /** Drafts of the tokens at `places` (candidates in order, in [from, to)); tokens do not overlap. */
  private findCandidates(buf: string, places: number[], from: number, to: number, lines: LineIndex): Draft[] {
    const drafts: Draft[] = [];
    let after = 0;
    for (const place of places) {
      if (place < after) continue;
      this.patternHere.lastIndex = place;
      const m = this.patternHere.exec(buf);
      if (!m) continue;
      const token = m[0];
      const start = place;
      const end = start + token.length;
      after = end;
      const match = this.catalog.lookup(token);
      if (!match || !isWholeToken(buf, start, end) || isIdentifierRole(buf, start, end)) continue;
      if (match.entry.requiresCodeField && !isInCodeField(buf, start, end)) continue;
      const record = this.recordAt(buf, start, end, from, to, lines);
      const position = lines.position(start);
      const draft: Draft = {
        entry: match.entry,
        code: match.entry.code,
        token: match.isAlias ? (match.entry.aliases.find((a) => a === token) ?? token) : match.entry.code,
        isAlias: match.isAlias,
        range: { start: position, end: { line: position.line, character: position.character + token.length } },
        offset: this.bufBase + start,
        confidence: 'low',
        reason: 'kms-code',
        record,
        codeField: isInCodeField(buf, start, end),
        inUrl: isInUrl(buf, start),
        inBody: isInBody(buf, start, this.cache),
        inRowColumn: isRowColumn(buf, start, end),
      };
      // Assigned rather than spread: a spread per token costs more than the rest of its draft.
      if (this.previews) draft.preview = linePreview(buf, start, end);
      if (this.keepRecordText) {
        draft.recordText = detach(buf.slice(record.start - this.bufBase, record.end - this.bufBase)) ?? '';
      }
      drafts.push(draft);
    }
    return drafts;
  }

  /** Findings for Tea messages that carry no code token, inferred from the documented message. */
  private findInferred(buf: string, places: number[], from: number, to: number, lines: LineIndex): Draft[] {
    const bounds = (start: number, end: number) =>
      recordBounds(buf, start, end, 0, buf.length, undefined, lines.position(start).character - start, this.cache);
    const found = findInferredMessages(buf, places, this.catalog, this.pattern, bounds, this.cache);
    return found.map(({ entry, start, end }) => {
      const position = lines.position(start);
      return {
        entry,
        code: entry.code,
        token: entry.code,
        isAlias: false,
        range: { start: position, end: lines.position(end) },
        offset: this.bufBase + start,
        confidence: 'inferred',
        reason: 'inferred-from-message',
        record: this.recordAt(buf, start, end, from, to, lines),
        ...(this.previews ? { preview: linePreview(buf, start, end) } : {}),
      };
    });
  }

  /** The error record around [start, end), its strings detached from the buffer. */
  private recordAt(buf: string, start: number, end: number, from: number, to: number, lines: LineIndex): ErrorRecord {
    // Long lines are cut on a grid counted from the line's start, which may be out of the buffer.
    const fields = readRecord(this.cache, buf, start, end, 0, buf.length, lines.position(start).character - start);
    const record: ErrorRecord = {
      httpStatus: fields.httpStatus,
      requestId: detach(fields.requestId?.value ?? null),
      // The other strings are copies already (readRecord).
      message: fields.message,
      hostId: fields.hostId,
      recommend: fields.recommend,
      api: fields.api,
      host: fields.host,
      timestamp: fields.timestamp,
      retriesExhausted: fields.retriesExhausted,
      start: fields.start + this.bufBase,
      end: fields.end + this.bufBase,
      requestIdRange: null,
    };
    if (fields.requestId) {
      const ridStart = fields.requestId.index;
      const ridEnd = ridStart + fields.requestId.value.length;
      record.requestIdRange =
        ridStart >= from && ridEnd <= to
          ? { start: lines.position(ridStart), end: lines.position(ridEnd) }
          : this.positionOutsideRegion(buf, ridStart, ridEnd, lines, start);
    }
    return record;
  }

  /** Position of a RequestId outside the indexed region, counted from the token's line. */
  private positionOutsideRegion(buf: string, ridStart: number, ridEnd: number, lines: LineIndex, tokenStart: number) {
    const local = LineIndex.of(buf, Math.min(ridStart, tokenStart), Math.max(ridEnd, tokenStart), 0, 0);
    const token = lines.position(tokenStart);
    const delta = local.lineOf(ridStart) - local.lineOf(tokenStart);
    let character: number;
    if (delta === 0) {
      // On the token's line, whose start may already be out of the buffer (a long line).
      character = token.character - (tokenStart - ridStart);
    } else {
      let lineStart = ridStart;
      while (lineStart > 0 && buf[lineStart - 1] !== '\n' && buf[lineStart - 1] !== '\r') lineStart--;
      character = ridStart - lineStart;
    }
    const line = token.line + delta;
    return { start: { line, character }, end: { line, character: character + (ridEnd - ridStart) } };
  }

  private classify(draft: Draft): void {
    const { entry, record } = draft;
    const pending: Pending = { finding: findingOf(draft), line: draft.range.start.line, waiting: false };
    this.queue.push(pending);
    if (draft.confidence === 'inferred') return;
    if (!entry.shared && entry.alsoUsedBy.length === 0) return this.settle(pending, 'high', 'kms-code');
    if (this.evidence(record).otherProduct) return this.settle(pending, 'low', 'other-product');
    if (!entry.shared) return this.settle(pending, 'high', 'kms-code');
    if (record.message && this.catalog.isOfficialMessage(entry, record.message)) {
      return this.settle(pending, 'high', 'kms-message');
    }
    if (this.evidence(record).kmsOperation) return this.settle(pending, 'high', 'kms-context');
    if (this.markerLines.near(pending.line)) return this.settle(pending, 'high', 'kms-context');
    pending.waiting = true;
  }

  private recordText(record: ErrorRecord): string {
    return this.buf.slice(Math.max(0, record.start - this.bufBase), Math.max(0, record.end - this.bufBase));
  }

  // What the last record read says about its product; tokens of one record (a long line of them) share it.
  private lastEvidence: { start: number; end: number; otherProduct: boolean; kmsOperation: boolean } | undefined;

  private evidence(record: ErrorRecord) {
    const last = this.lastEvidence;
    if (last && last.start === record.start && last.end === record.end) return last;
    const text = this.recordText(record);
    const source = { text: this.buf, start: Math.max(0, record.start - this.bufBase), cache: this.cache };
    const found = {
      start: record.start,
      end: record.end,
      otherProduct: namesOtherProduct(text, source),
      kmsOperation: isAlibabaKmsOperation(text, source),
    };
    this.lastEvidence = found;
    return found;
  }

  private settle(pending: Pending, confidence: Finding['confidence'], reason: ConfidenceReason): void {
    pending.finding.confidence = confidence;
    pending.finding.reason = reason;
    pending.waiting = false;
  }

  /**
   * Emits settled findings in order; a generic finding still waiting for context holds back those
   * after it, unless `pastWaiting` (a live input went quiet).
   */
  private flush(pastWaiting = false): void {
    if (pastWaiting) {
      const waiting = this.queue.filter((pending) => pending.waiting);
      for (const pending of this.queue) if (!pending.waiting) this.onFinding(pending.finding);
      this.queue = waiting;
      return;
    }
    let i = 0;
    while (i < this.queue.length && !(this.queue[i] as Pending).waiting)
      this.onFinding((this.queue[i++] as Pending).finding);
    if (i > 0) this.queue = this.queue.slice(i);
  }
}
