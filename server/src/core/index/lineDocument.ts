import { lastAtOrBefore } from '../sortedSearch';

/** A zero-based line and UTF-16 character, as LSP positions are. */
export interface Pos {
  line: number;
  character: number;
}

/** A text change as LSP sends it: a range in the current text, or the whole new text. */
export type Change = { range: { start: Pos; end: Pos }; text: string } | { text: string };

const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/y;
const KEEP_WHOLE = 1 << 20;
// eslint-disable-next-line no-control-regex -- any character outside ASCII
const NON_ASCII = /[^\u0000-\u007f]/;

/** Replaces lines [from, to) with compact copies: one one-byte string per run of ASCII lines. */
function compactLines(lines: string[], from: number, to: number): void {
  let runStart = from;
  const flush = (end: number) => {
    if (end <= runStart) return;
    const joined = Buffer.from(lines.slice(runStart, end).join(''), 'latin1').toString('latin1');
    let at = 0;
    for (let i = runStart; i < end; i++) {
      const length = (lines[i] as string).length;
      lines[i] = joined.slice(at, at + length);
      at += length;
    }
  };
  for (let i = from; i < to; i++) {
    const line = lines[i] as string;
    if (!NON_ASCII.test(line)) continue;
    flush(i);
    lines[i] = (' ' + line).slice(1);
    runStart = i + 1;
  }
  flush(to);
}

/** Splits text into lines that keep their line end (`\n`, `\r\n` or a lone `\r`); the last may have none. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  LINE.lastIndex = 0;
  while (LINE.lastIndex < text.length) {
    const m = LINE.exec(text);
    if (!m || m[0] === '') break;
    lines.push(m[0]);
  }
  if (lines.length === 0 || /[\r\n]$/.test(lines[lines.length - 1] as string)) lines.push('');
  return lines;
}

/** `lines.splice(at, count, ...fresh)` without spreading: a pasted text can hold more lines than a call takes arguments. */
function replaceLines(lines: string[], at: number, count: number, fresh: string[]): void {
  if (fresh.length < 10_000) {
    lines.splice(at, count, ...fresh);
    return;
  }
  const tail = lines.splice(at + count);
  lines.length = at;
  for (const line of fresh) lines.push(line);
  for (const line of tail) lines.push(line);
}

function isLineEnd(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10);
}

function contentLength(line: string): number {
  if (line.endsWith('\r\n')) return line.length - 2;
  if (line.endsWith('\n') || line.endsWith('\r')) return line.length - 1;
  return line.length;
}

/**
 * An open document held as an array of lines. An edit replaces the few lines it touches, so a
 * one-line change to a 50 MB log costs microseconds instead of copying the whole text (which a single
 * string would, on every edit). Offsets are recomputed lazily from the first edited line.
 *
 * A large text just received stays whole while it is indexed; the index hands it over piece by piece
 * (`consumed`) and each piece is split into lines stored compactly: runs of ASCII lines become one
 * one-byte string each (V8 holds a text with any non-ASCII character at two bytes per character), and
 * no line keeps the received text alive. A 50 MB log with a few non-ASCII lines then takes about
 * 55 MB instead of 100 MB, and opening it never waits for a split.
 */
export class LineDocument {
  private split: string[] = [];
  /** The text as received, until all of it is split into lines; `splitUpTo` is how far the split went. */
  private unsplit: string | null;
  private splitUpTo = 0;
  private starts: Float64Array;
  private validUpTo = 0;
  private whole: string | null;
  private total: number;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.unsplit = text;
    this.starts = new Float64Array(0);
    // Small documents keep their whole text at hand; large ones are read line by line once split.
    this.whole = text.length <= KEEP_WHOLE ? text : null;
    this.total = text.length;
  }

  private get lines(): string[] {
    if (this.unsplit !== null) this.consumed(this.total);
    return this.split;
  }

  /** The whole text when it is at hand without joining lines (just opened, or small). */
  textAtHand(): string | null {
    return this.unsplit ?? this.whole;
  }

  /** The index has read the received text up to `offset`: that part is now split and stored compactly. */
  consumed(offset: number): void {
    const text = this.unsplit;
    if (text === null) return;
    let end = Math.min(offset, text.length);
    if (end < text.length) {
      // Whole lines only: back to the last line end before `end` (CR then LF is one line end).
      let last = end - 1;
      while (last >= this.splitUpTo && !isLineEnd(text, last)) last--;
      end = last + 1;
    }
    if (end > this.splitUpTo) {
      const piece = splitLines(text.slice(this.splitUpTo, end));
      if (piece[piece.length - 1] === '') piece.pop();
      const from = this.split.length;
      for (const line of piece) this.split.push(line);
      if (this.total > KEEP_WHOLE) compactLines(this.split, from, this.split.length);
      this.splitUpTo = end;
    }
    // An empty text has nothing to split but is done too: one empty line.
    if (end === text.length) {
      if (this.split.length === 0 || /[\r\n]$/.test(this.split[this.split.length - 1] as string)) this.split.push('');
      this.unsplit = null;
      this.starts = new Float64Array(this.split.length + 1);
    }
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** Length of the text in UTF-16 code units. */
  get length(): number {
    return this.total;
  }

  private ensureStarts(upToLine: number): void {
    if (this.starts.length < this.lines.length + 1) {
      const grown = new Float64Array(Math.max(this.lines.length + 1, this.starts.length * 2));
      grown.set(this.starts.subarray(0, this.validUpTo + 1));
      this.starts = grown;
    }
    for (let i = this.validUpTo; i < Math.min(upToLine, this.lines.length); i++) {
      this.starts[i + 1] = (this.starts[i] as number) + (this.lines[i] as string).length;
    }
    this.validUpTo = Math.max(this.validUpTo, Math.min(upToLine, this.lines.length));
  }

  /** Offset of the start of `line`. */
  lineStart(line: number): number {
    const clamped = Math.max(0, Math.min(line, this.lines.length));
    this.ensureStarts(clamped);
    return this.starts[clamped] as number;
  }

  offsetAt(position: Pos): number {
    if (position.line >= this.lines.length) return this.total;
    if (position.line < 0) return 0;
    const line = this.lines[position.line] as string;
    return this.lineStart(position.line) + Math.max(0, Math.min(position.character, contentLength(line)));
  }

  positionAt(offset: number): Pos {
    const target = Math.max(0, Math.min(offset, this.total));
    this.ensureStarts(this.lines.length);
    const lo = Math.max(
      0,
      lastAtOrBefore(this.lines.length, (i) => this.starts[i] as number, target),
    );
    const line = this.lines[lo] as string;
    return { line: lo, character: Math.min(target - (this.starts[lo] as number), contentLength(line)) };
  }

  /** The whole text; joined (and kept) only when asked for after an edit. */
  getText(range?: { start: Pos; end: Pos }): string {
    if (range) return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    this.whole ??= this.lines.join('');
    return this.whole;
  }

  /** The text of lines [from, to). */
  linesText(from: number, to: number): string {
    return this.lines.slice(Math.max(0, from), Math.min(to, this.lines.length)).join('');
  }

  /** Text between two offsets, joined from the lines that hold it. */
  slice(start: number, end: number): string {
    if (this.whole !== null) return this.whole.slice(start, end);
    const first = this.positionAt(start).line;
    const last = this.positionAt(end).line;
    const base = this.lineStart(first);
    return this.linesText(first, last + 1).slice(start - base, end - base);
  }

  /** Applies one LSP change; returns it in offsets and lines of the old and new text (null for full replacement). */
  apply(change: Change, version: number) {
    this.version = version;
    if (!('range' in change)) {
      this.split = [];
      this.unsplit = change.text;
      this.splitUpTo = 0;
      this.starts = new Float64Array(0);
      this.validUpTo = 0;
      this.whole = change.text.length <= KEEP_WHOLE ? change.text : null;
      this.total = change.text.length;
      return null;
    }
    const { start, end } = change.range;
    const startOffset = this.offsetAt(start);
    const endOffset = this.offsetAt(end);
    let firstLine = Math.min(start.line, this.lines.length - 1);
    let lastLine = Math.min(end.line, this.lines.length - 1);
    // A lone `\r` ending the line before, meeting an inserted `\n`, becomes one CRLF line end: take it in.
    if (
      firstLine > 0 &&
      (this.lines[firstLine - 1] as string).endsWith('\r') &&
      startOffset === this.lineStart(firstLine)
    ) {
      firstLine--;
    }
    const base = this.lineStart(firstLine);
    const affected = this.linesText(firstLine, lastLine + 1);
    let replaced = affected.slice(0, startOffset - base) + change.text + affected.slice(endOffset - base);
    // A `\r` now meeting a `\n` on the next line makes one CRLF line end: take that line in too.
    if (
      replaced.endsWith('\r') &&
      lastLine + 1 < this.lines.length &&
      (this.lines[lastLine + 1] as string).startsWith('\n')
    ) {
      lastLine++;
      replaced += this.lines[lastLine] as string;
    }
    const fresh = splitLines(replaced);
    if (lastLine + 1 < this.lines.length && fresh[fresh.length - 1] === '') fresh.pop();
    replaceLines(this.lines, firstLine, lastLine - firstLine + 1, fresh);
    this.validUpTo = Math.min(this.validUpTo, firstLine);
    this.whole = null;
    this.total += change.text.length - (endOffset - startOffset);
    const newEnd = startOffset + change.text.length;
    return {
      start: startOffset,
      oldEnd: endOffset,
      newEnd,
      startLine: start.line,
      oldEndLine: end.line,
      newEndLine: this.positionAt(newEnd).line,
    };
  }
}
