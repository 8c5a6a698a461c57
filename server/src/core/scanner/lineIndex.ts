import { lastAtOrBefore } from '../sortedSearch';

/**
 * Start offsets of the lines in a stretch of text, to turn offsets into LSP positions. Line breaks
 * are `\n`, `\r\n` and a lone `\r`, as LSP counts them.
 */
export class LineIndex {
  private readonly starts: number[];

  /** `firstLine` is the number of the line that begins (or continues) at `lineStartOffset`. */
  constructor(
    text: string,
    from: number,
    to: number,
    readonly firstLine: number,
    lineStartOffset: number,
  ) {
    const starts = [lineStartOffset];
    for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    // Lone carriage returns (old Mac line ends) also end lines; merge them in where they occur.
    const loneCr: number[] = [];
    for (let i = text.indexOf('\r', from); i !== -1 && i < to; i = text.indexOf('\r', i + 1)) {
      if (text.charCodeAt(i + 1) !== 10) loneCr.push(i + 1);
    }
    if (loneCr.length > 0) {
      starts.push(...loneCr);
      starts.sort((a, b) => a - b);
    }
    this.starts = starts;
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
