import { lastAtOrBefore } from '../sortedSearch';

/**
 * Start offsets of the lines in a stretch of text, to turn offsets into LSP positions. Line breaks
 * are `\n`, `\r\n` and a lone `\r`, as LSP counts them.
 */
export class LineIndex {
  private constructor(
    private readonly starts: number[],
    readonly firstLine: number,
  ) {}

  /**
   * The lines of [from, to) of `text`. `firstLine` is the number of the line that begins (or
   * continues) at `lineStartOffset`.
   */
  static of(text: string, from: number, to: number, firstLine: number, lineStartOffset: number): LineIndex {
    const starts = [lineStartOffset];
    // `\n`, and a lone `\r` (old Mac line ends), each end a line; both are found in one pass, in
    // order, so no sort or argument spread over a list that can hold millions of line starts.
    let lf = text.indexOf('\n', from);
    let cr = text.indexOf('\r', from);
    for (;;) {
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        if (cr >= to) break;
        if (text.charCodeAt(cr + 1) !== 10) starts.push(cr + 1);
        cr = text.indexOf('\r', cr + 1);
      } else {
        if (lf === -1 || lf >= to) break;
        starts.push(lf + 1);
        lf = text.indexOf('\n', lf + 1);
      }
    }
    return new LineIndex(starts, firstLine);
  }

  /** As {@link LineIndex.of}, from the places of every `\n` and `\r` of the stretch, in order (more may follow `to`). */
  static ofBreaks(text: string, breaks: readonly number[], to: number, firstLine: number, lineStartOffset: number) {
    const starts = [lineStartOffset];
    for (const at of breaks) {
      if (at >= to) break;
      if (text.charCodeAt(at) === 10 || text.charCodeAt(at + 1) !== 10) starts.push(at + 1);
    }
    return new LineIndex(starts, firstLine);
  }

  /** Index into `starts` of the line holding `offset`. */
  private find(offset: number): number {
    return Math.max(
      0,
      lastAtOrBefore(this.starts.length, (i) => this.starts[i] as number, offset),
    );
  }

  lineOf(offset: number): number {
    return this.firstLine + this.find(offset);
  }

  position(offset: number): { line: number; character: number } {
    const index = this.find(offset);
    return { line: this.firstLine + index, character: offset - (this.starts[index] as number) };
  }

  /** Number of the last line that starts in the indexed stretch, and where it starts. */
  get lastLine(): number {
    return this.firstLine + this.starts.length - 1;
  }

  get lastLineStart(): number {
    return this.starts[this.starts.length - 1] as number;
  }

  /** Start offset of the line `count` lines before the last one (clamped to the first). */
  startOfLineFromEnd(count: number): number {
    return this.starts[Math.max(0, this.starts.length - 1 - count)] as number;
  }
}
