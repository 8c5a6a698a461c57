import { contentLength, lineBreaks } from './lines';

/** A zero-based line and UTF-16 character, as LSP positions are. */
export interface Pos {
  line: number;
  character: number;
}

/** A text change as LSP sends it: a range in the current text, or the whole new text. */
export type Change = { range: { start: Pos; end: Pos }; text: string } | { text: string };

/** One edit of a round: a range of the text before the round (inside its lines) and its new text. */
export interface PlannedEdit {
  start: Pos;
  end: Pos;
  text: string;
}

/**
 * What a round of edits did to one group of lines (edits on the same or adjacent lines): lines
 * [oldLine, oldLine + oldCount) of the text before it, `oldLength` characters with their line ends,
 * became lines [newLine, newLine + newCount), `newLength` characters. Within them the text before
 * (fromLine, fromCharacter) is unchanged, and so is the text after the last edit, which starts on the
 * group's last line: at `oldToCharacter` before, at `newToCharacter` after. In lines and characters
 * only: a round never needs the offset of a line.
 */
export interface LineEdit {
  oldLine: number;
  oldCount: number;
  newLine: number;
  newCount: number;
  oldLength: number;
  newLength: number;
  fromLine: number;
  fromCharacter: number;
  oldToCharacter: number;
  newToCharacter: number;
}

/** A round applied to the text: its line edits in ascending order, or `replaced` for a whole new text. */
export type Round = readonly LineEdit[] | 'replaced';

/** The document a batch edits: its lines before the round, and how a round is applied. */
export interface BatchTarget {
  readonly lineCount: number;
  /** Line `line` with its line end. */
  lineAt(line: number): string;
  /** Applies edits sorted in ascending order that do not overlap, in one pass. */
  applyEdits(edits: readonly PlannedEdit[]): LineEdit[];
  /** Replaces the whole text. */
  replaceAll(text: string): void;
}

/** `a` is at or before `b`. */
const before = (a: Pos, b: Pos) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/**
 * The changes of one didChange, applied to a document in rounds. Each change's range is in the text
 * the changes before it produced. Changes that run through the text in one direction (VS Code sends a
 * multi-cursor edit or a Replace All last first; other clients first first) are all ranges of the
 * text before the round too, once mapped back, so the round applies them in one pass over the lines:
 * 2,000 changes cost one pass instead of 2,000. A change out of order ends the round before it; one
 * that may join a `\r` and a `\n` into one line end (its lines depend on its neighbours) ends it after.
 */
export class EditBatch {
  private readonly rounds: Round[] = [];
  /** The round: ascending when it runs forward, descending when it runs backward. */
  private edits: PlannedEdit[] = [];
  private direction: 'backward' | 'forward' | undefined;
  private lineDelta = 0;
  /** Where the round's last edit ends, in the text before the round and in the current text. */
  private lastOldEnd: Pos = { line: 0, character: 0 };
  private lastNewEnd: Pos = { line: 0, character: 0 };

  constructor(private readonly target: BatchTarget) {}

  /** Lines of the text with every change added so far. */
  get lineCount(): number {
    return this.target.lineCount + this.lineDelta;
  }

  add(change: Change): void {
    if (!('range' in change)) {
      this.flush();
      this.target.replaceAll(change.text);
      this.rounds.push('replaced');
      return;
    }
    const { start, end } = change.range;
    let joins = this.tryAdd(start, end, change.text);
    if (joins === undefined) {
      this.flush();
      // Against the text as it now is, with an empty round: always taken.
      joins = this.tryAdd(start, end, change.text) ?? true;
    }
    if (joins) this.flush();
  }

  /** Applies what is pending; returns every round, in order. */
  finish(): Round[] {
    this.flush();
    return this.rounds;
  }

  private flush(): void {
    if (this.edits.length === 0) return;
    const ascending = this.direction === 'backward' ? this.edits.reverse() : this.edits;
    this.rounds.push(this.target.applyEdits(ascending));
    this.edits = [];
    this.direction = undefined;
    this.lineDelta = 0;
  }

  /**
   * Adds a change to the round when it keeps the round's direction: returns whether it may join
   * line ends (the round must end after it), or undefined, with nothing done, when it does not fit.
   */
  private tryAdd(start: Pos, end: Pos, text: string): boolean | undefined {
    const edits = this.edits;
    const first = edits[edits.length - 1];
    let oldStart: Pos;
    let oldEnd: Pos;
    let touches = false;
    if (first === undefined || (this.direction !== 'forward' && before(end, first.start))) {
      // Before every edit so far (or the first): the text there is as it was.
      oldStart = this.clamp(start);
      oldEnd = this.clamp(end);
      if (first) {
        touches = same(oldEnd, first.start);
        this.direction = 'backward';
      }
    } else if (this.direction !== 'backward' && before(this.lastNewEnd, start)) {
      oldStart = this.mapBack(start);
      oldEnd = this.mapBack(end);
      touches = same(start, this.lastNewEnd);
      this.direction = 'forward';
    } else return undefined;
    const { breaks, lastLength } = lineBreaks(text);
    if (this.direction !== 'backward') {
      const newStart = this.forward(oldStart);
      this.lastOldEnd = oldEnd;
      this.lastNewEnd =
        breaks === 0
          ? { line: newStart.line, character: newStart.character + text.length }
          : { line: newStart.line + breaks, character: lastLength };
    }
    this.lineDelta += breaks - (oldEnd.line - oldStart.line);
    edits.push({ start: oldStart, end: oldEnd, text });
    const c0 = text.charCodeAt(0);
    const cN = text.charCodeAt(text.length - 1);
    return c0 === 10 || cN === 13 || (text === '' && (touches || this.joinsAround(oldStart, oldEnd)));
  }

  /** A position of the text before the round, clamped into its lines (past the last line: the end). */
  private clamp(p: Pos): Pos {
    const count = this.target.lineCount;
    if (p.line >= count) {
      const last = count - 1;
      return { line: last, character: this.target.lineAt(last).length };
    }
    return { line: p.line, character: Math.min(p.character, contentLength(this.target.lineAt(p.line))) };
  }

  /** A current position at or after the last edit's new text, in the text before the round. */
  private mapBack(p: Pos): Pos {
    const { lastNewEnd: newEnd, lastOldEnd: oldEnd } = this;
    if (p.line === newEnd.line)
      return this.clamp({ line: oldEnd.line, character: oldEnd.character + (p.character - newEnd.character) });
    return this.clamp({ line: p.line - (newEnd.line - oldEnd.line), character: p.character });
  }

  /** A position at or after the last edit's end in the text before the round, in the current text. */
  private forward(old: Pos): Pos {
    if (this.edits.length === 0) return old;
    const { lastNewEnd: newEnd, lastOldEnd: oldEnd } = this;
    if (old.line === oldEnd.line)
      return { line: newEnd.line, character: newEnd.character + (old.character - oldEnd.character) };
    return { line: old.line + (newEnd.line - oldEnd.line), character: old.character };
  }

  /** True when deleting [start, end) of the text before the round brings a `\r` and a `\n` together. */
  private joinsAround(start: Pos, end: Pos): boolean {
    if (this.target.lineAt(end.line).charCodeAt(end.character) !== 10) return false;
    if (start.character > 0) return this.target.lineAt(start.line).charCodeAt(start.character - 1) === 13;
    if (start.line === 0) return false;
    const previous = this.target.lineAt(start.line - 1);
    return previous.charCodeAt(previous.length - 1) === 13;
  }
}

const same = (a: Pos, b: Pos) => a.line === b.line && a.character === b.character;
