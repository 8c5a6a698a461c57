import { lastAtOrBefore } from '../sortedSearch';
import type { BatchTarget, LineEdit, PlannedEdit, Pos } from './editBatch';
import { compactLines, contentLength, isLineEnd, replaceLines, splitLines } from './lines';

export type { Change, Pos } from './editBatch';

const KEEP_WHOLE = 1 << 20;
// Rounds of more groups of edited lines than this build the line array anew instead of splicing it.
const SPLICED_GROUPS = 8;

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
export class LineDocument implements BatchTarget {
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

  /** Line `line` with its line end. */
  lineAt(line: number): string {
    return this.lines[line] as string;
  }

  /** Replaces the whole text. */
  replaceAll(text: string): void {
    this.split = [];
    this.unsplit = text;
    this.splitUpTo = 0;
    this.starts = new Float64Array(0);
    this.validUpTo = 0;
    this.whole = text.length <= KEEP_WHOLE ? text : null;
    this.total = text.length;
  }

  /**
   * Applies edits of this text, in ascending order and not overlapping, in one pass: the lines they
   * touch are rebuilt from their text (edits on one line together), the others are kept. Returns what
   * changed by lines, in ascending order. Reads no offset of the text: a round costs the lines it
   * edits and one move of the line array, wherever in the text it is (offsets are counted again once,
   * when next asked for).
   */
  applyEdits(edits: readonly PlannedEdit[]): LineEdit[] {
    const lines = this.lines;
    const groups: Group[] = [];
    for (let i = 0; i < edits.length;) {
      const first = edits[i] as PlannedEdit;
      let to = first.end.line + 1;
      let j = i + 1;
      // Edits on the same or adjacent lines share a group, so an untouched line lies between two groups.
      while (j < edits.length && (edits[j] as PlannedEdit).start.line <= to)
        to = (edits[j++] as PlannedEdit).end.line + 1;
      groups.push(this.rewrite(edits.slice(i, j), to));
      i = j;
    }
    const result: LineEdit[] = [];
    let offsetDelta = 0;
    let lineDelta = 0;
    for (const g of groups) {
      const lastLine = g.fresh[g.fresh.length - 1] as string;
      result.push({
        oldLine: g.from,
        oldCount: g.to - g.from,
        newLine: g.from + lineDelta,
        newCount: g.fresh.length,
        oldLength: g.oldLength,
        newLength: g.replaced.length,
        fromLine: g.first.line,
        fromCharacter: g.first.character,
        oldToCharacter: g.last.character,
        newToCharacter: lastLine.length - (g.replaced.length - g.newTo),
      });
      offsetDelta += g.replaced.length - g.oldLength;
      lineDelta += g.fresh.length - (g.to - g.from);
    }
    if (groups.length <= SPLICED_GROUPS) {
      for (let k = groups.length - 1; k >= 0; k--) {
        const g = groups[k] as Group;
        replaceLines(lines, g.from, g.to - g.from, g.fresh);
      }
    } else {
      const rebuilt: string[] = [];
      let next = 0;
      for (const g of groups) {
        for (let i = next; i < g.from; i++) rebuilt.push(lines[i] as string);
        for (const line of g.fresh) rebuilt.push(line);
        next = g.to;
      }
      for (let i = next; i < lines.length; i++) rebuilt.push(lines[i] as string);
      this.split = rebuilt;
    }
    this.validUpTo = Math.min(this.validUpTo, (groups[0] as Group).from);
    this.whole = null;
    this.total += offsetDelta;
    return result;
  }

  /** The new text of lines [edits' first line, to) with `edits` (of those lines, in order) made. */
  private rewrite(edits: readonly PlannedEdit[], to: number): Group {
    const lines = this.lines;
    let from = (edits[0] as PlannedEdit).start.line;
    let text = this.linesText(from, to);
    // Offsets within `text`, counted from its first line by the lengths of the lines before.
    let line = from;
    let lineOffset = 0;
    const offset = (p: Pos) => {
      for (; line < p.line; line++) lineOffset += (lines[line] as string).length;
      return lineOffset + p.character;
    };
    const parts: string[] = [];
    let at = 0;
    for (const edit of edits) {
      parts.push(text.slice(at, offset(edit.start)), edit.text);
      at = offset(edit.end);
    }
    parts.push(text.slice(at));
    let replaced = parts.join('');
    let newTo = replaced.length - (text.length - at);
    // One line edited with no line break typed stays one line: no search through a 10 MB line for breaks.
    let breaks = to - from > 1 || edits.some((e) => /[\r\n]/.test(e.text));
    // A lone `\r` ending the line before, meeting a `\n` now first, makes one CRLF line end: take it in.
    if (replaced.charCodeAt(0) === 10 && from > 0 && (lines[from - 1] as string).endsWith('\r')) {
      const previous = lines[from - 1] as string;
      from--;
      replaced = previous + replaced;
      text = previous + text;
      newTo += previous.length;
      breaks = true;
    }
    const fresh = breaks ? splitLines(replaced) : [replaced];
    if (to < lines.length && fresh[fresh.length - 1] === '') fresh.pop();
    const first = (edits[0] as PlannedEdit).start;
    const last = (edits[edits.length - 1] as PlannedEdit).end;
    return { from, to, oldLength: text.length, replaced, fresh, newTo, first, last };
  }
}

/** Lines [from, to) rewritten: their old length, new text and lines, and where the edits lie in them. */
interface Group {
  from: number;
  to: number;
  oldLength: number;
  replaced: string;
  fresh: string[];
  /** Where the text after the last edit starts in `replaced`. */
  newTo: number;
  /** The first edit's start and the last edit's end, in the text before. */
  first: Pos;
  last: Pos;
}
