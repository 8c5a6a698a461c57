import type { Catalog } from '../catalog/catalog';
import { scanText } from '../scanner/scan';
import { lastAtOrBefore as lastAtOrBeforeIn } from '../sortedSearch';
import { StreamScanner } from '../scanner/streamScanner';
import type { Finding } from '../scanner/types';
import type { LineEdit } from './editBatch';
import { moveFindings } from './moveFindings';

// Pieces handed to the scanner: V8 copies strings over 128 KB into fresh pages, which costs more than the scan.
const PUSHED_CHARS = 1 << 15;

/** Where the index reads the text around an edit: a document held as lines. */
export interface LineSource {
  readonly lineCount: number;
  /** Offset of the start of `line` (the text length for lineCount). */
  lineStart(line: number): number;
  /** The text of lines [from, to), line ends included. */
  linesText(from: number, to: number): string;
  /** Line `line` with its line end. */
  lineAt(line: number): string;
  /** The line and character of an offset. */
  positionAt(offset: number): { line: number; character: number };
  /** The whole text, when the source has it without work. */
  textAtHand?(): string | null;
  /** Told how far into that text the index has read, so the source may store the part before compactly. */
  consumed?(offset: number): void;
  /** The text's length and a stretch of it: a rebuild reads text appended while it runs from them. */
  readonly length?: number;
  slice?(start: number, end: number): string;
}

export interface RebuildOptions {
  /** Checked between slices: true stops the rebuild. */
  cancelled?: () => boolean;
  /** Characters per slice. */
  slice?: number;
  /** Called between slices (not after the last) with the characters read so far, the findings so far in place. */
  onSlice?: (read: number) => void;
}

/** Index of the last finding starting at or before `offset` (-1 when none does). */
function lastAtOrBefore(findings: readonly Finding[], offset: number): number {
  return lastAtOrBeforeIn(findings.length, (i) => (findings[i] as Finding).offset, offset);
}

/**
 * The text of `source` in pieces of about `size` characters, ending at line ends where lines are
 * shorter than that. Pieces cut from a text at hand are reported to the source once read.
 */
function* slices(source: LineSource, size: number): Generator<string> {
  const text = source.textAtHand?.();
  if (text !== null && text !== undefined) {
    for (let at = 0; at < text.length;) {
      // At a line end, or inside a line far longer than a slice (the scanner reads across pieces).
      const newline = text.indexOf('\n', at + size - 1);
      const end = Math.min(newline === -1 ? text.length : newline + 1, at + 2 * size);
      yield text.slice(at, end);
      source.consumed?.(end);
      at = end;
    }
    return;
  }
  // The lines there are now: text appended later is read from the offset reached (see rebuild).
  const lineCount = source.lineCount;
  for (let line = 0; line < lineCount;) {
    const start = source.lineStart(line);
    let end = line + 1;
    while (end < lineCount && source.lineStart(end + 1) - start < size) end++;
    const piece = source.linesText(line, end);
    for (let at = 0; at < piece.length; at += 2 * size) yield piece.slice(at, at + 2 * size);
    line = end;
  }
}

/**
 * The findings of one document, sorted by offset, answering "which finding is here" in O(log n) and
 * kept current after an edit by rescanning only the lines around it.
 */
export class FindingIndex {
  private findings: Finding[] = [];
  /** True while a rebuild is still adding findings (they arrive in order, so those present are final). */
  rebuilding = false;
  /**
   * True while some findings are provisional: an edit in a very long line was rescanned only around
   * itself, and the lines around it wait for a rescan in the background (see refineLines).
   */
  provisional = false;
  /**
   * True while the findings of some edited lines are missing, not only provisional: edits too many
   * to rescan even around each of them (the unsettled lines say which, see applyChanges).
   */
  gapped = false;
  /** Characters scanned since the index was made, by rebuilds and rescans: the work edits cost. */
  scanned = 0;

  constructor(readonly catalog: Catalog) {}

  /** Every finding is final: no rebuild is running and none is provisional. */
  get complete(): boolean {
    return !this.rebuilding && !this.provisional;
  }

  all(): readonly Finding[] {
    return this.findings;
  }

  /**
   * True when the findings at and before `offset` may be read: no rebuild is running, or it has
   * already found something after `offset` (findings come out in document order). Provisional findings
   * count: they are the best known, and a hover should not wait seconds for the line around them.
   */
  settledAt(offset: number): boolean {
    return !this.rebuilding || (this.findings[this.findings.length - 1]?.offset ?? -1) > offset;
  }

  /** The finding whose token covers `offset` (its end included, where a cursor after it stands). */
  at(offset: number): Finding | undefined {
    const i = lastAtOrBefore(this.findings, offset);
    const finding = this.findings[i];
    if (!finding) return undefined;
    // An inferred finding covers its message, longer than the code it names.
    const { start, end } = finding.range;
    const length = start.line === end.line ? end.character - start.character : finding.token.length;
    return offset <= finding.offset + length ? finding : undefined;
  }

  /**
   * The finding one of whose related locations (another mention of its code in the same record, such
   * as the Recommend URL's `q=`) covers `position`; records are bounded, so only a few findings before
   * `offset` can hold it.
   */
  relatedAt(offset: number, position: { line: number; character: number }): Finding | undefined {
    const covers = (finding: Finding) =>
      finding.record.start <= offset &&
      offset <= finding.record.end &&
      finding.related?.some(
        (r) =>
          r.start.line === position.line &&
          r.start.character <= position.character &&
          position.character <= r.end.character,
      );
    // The record's finding may come before the mention (a Tea block's Code: line) or after it (a JSON
    // body whose Recommend precedes its Code).
    const at = lastAtOrBefore(this.findings, offset);
    for (let i = at, seen = 0; i >= 0 && seen < 64; i--, seen++) {
      if (covers(this.findings[i] as Finding)) return this.findings[i];
    }
    for (let i = at + 1, seen = 0; i < this.findings.length && seen < 64; i++, seen++) {
      if (covers(this.findings[i] as Finding)) return this.findings[i];
    }
    return undefined;
  }

  /** Findings whose token starts in [from, to). */
  between(from: number, to: number): Finding[] {
    const first = lastAtOrBefore(this.findings, from - 1) + 1;
    const out: Finding[] = [];
    for (let i = first; i < this.findings.length && (this.findings[i] as Finding).offset < to; i++) {
      out.push(this.findings[i] as Finding);
    }
    return out;
  }

  /**
   * Scans the whole document in slices of about a megabyte, yielding to the event loop between them
   * so that other requests are served meanwhile; findings become visible as they are found. A text
   * just received is cut straight from the string, so the first findings do not wait for the
   * document to be split into lines. Stops early (returning false) when `cancelled()` turns true.
   */
  async rebuild(source: LineSource, options: RebuildOptions = {}): Promise<boolean> {
    const { cancelled = () => false, slice = 1 << 20, onSlice } = options;
    const found: Finding[] = [];
    this.findings = found;
    this.rebuilding = true;
    this.provisional = false;
    this.gapped = false;
    // Scanned in rounds of the scanner's own size: its buffer stays a small string (see decodeUtf8).
    const scanner = new StreamScanner(this.catalog, (f) => found.push(f));
    let read = 0;
    const scan = async (piece: string) => {
      if (read > 0) onSlice?.(read);
      for (let at = 0; at < piece.length; at += PUSHED_CHARS) scanner.push(piece.slice(at, at + PUSHED_CHARS));
      read += piece.length;
      this.scanned += piece.length;
      await new Promise<void>((resolve) => setImmediate(resolve));
      return !cancelled();
    };
    for (const piece of slices(source, slice)) if (!(await scan(piece))) return false;
    // A log that grows while it is indexed (the app appends to it): the text appended meanwhile is
    // read on, as a scan of the longer text would read it.
    while (source.slice && source.length !== undefined && read < source.length)
      if (!(await scan(source.slice(read, Math.min(source.length, read + slice))))) return false;
    scanner.end();
    this.rebuilding = false;
    return true;
  }

  /** Replaces the findings with those of `text`, synchronously (small documents, tests). */
  rebuildSync(text: string): void {
    this.scanned += text.length;
    this.findings = scanText(text, this.catalog);
    this.rebuilding = false;
    this.provisional = false;
    this.gapped = false;
  }

  /**
   * Moves the findings past one round of edits (`LineEdit`s in ascending order); those on the text
   * it rewrote are dropped, for `rescan` to replace (see moveFindings).
   */
  shiftAround(edits: readonly LineEdit[]): void {
    moveFindings(this.findings, edits);
  }

  /**
   * Replaces the findings starting in each part's [start, end) (offsets; parts in ascending order,
   * apart) with the part's findings, in one pass.
   */
  replace(parts: readonly Replacement[]): void {
    const findings = this.findings;
    const out: Finding[] = [];
    let i = 0;
    for (const part of parts) {
      while (i < findings.length && (findings[i] as Finding).offset < part.start) out.push(findings[i++] as Finding);
      while (i < findings.length && (findings[i] as Finding).offset < part.end) i++;
      for (const finding of part.findings) out.push(finding);
    }
    while (i < findings.length) out.push(findings[i++] as Finding);
    this.findings = out;
  }
}

/** Findings for the offsets [start, end) of a text. */
export interface Replacement {
  start: number;
  end: number;
  findings: readonly Finding[];
}
