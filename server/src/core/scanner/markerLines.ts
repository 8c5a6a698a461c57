import { firstAtOrAfter } from '../sortedSearch';
import type { LineIndex } from './lineIndex';
import { isKmsMarkerAt } from './markers';

/** A stretch of scanned text whose KMS markers were not confirmed yet: where its hints are (markerHintOffsets). */
interface Unsearched {
  text: string;
  hints: readonly number[];
  lines: LineIndex;
}

// Text kept unsearched at most (characters of the kept buffers); beyond it the oldest is searched.
const UNSEARCHED_CHARS = 1 << 20;

/**
 * Lines that hold KMS evidence, for generic codes: one is a KMS finding when such a line is within
 * `contextLines` of it. Confirming a marker costs a pattern's test at each hint, and only generic codes
 * ask, so a stretch's hints are confirmed only once a generic code comes within reach of them; until
 * then its text is kept (while it is within reach of the text to come, and up to a bound).
 */
export class MarkerLines {
  private lines: number[] = [];
  private unsearched: Unsearched[] = [];
  private unsearchedChars = 0;
  private lastGenericLine = Number.NEGATIVE_INFINITY;

  constructor(private readonly contextLines: number) {}

  /**
   * Takes a stretch of `text`, just scanned: the offsets of its marker hints, the lines of its generic
   * codes, and those of its codes that are KMS evidence themselves.
   */
  addStretch(text: string, hints: readonly number[], lines: LineIndex, generic: number[], coded: number[]): void {
    const found = coded.slice();
    for (const line of generic) if (line > this.lastGenericLine) this.lastGenericLine = line;
    const stretch = { text, hints, lines };
    if (this.lastGenericLine + this.contextLines >= lines.firstLine) {
      for (const earlier of this.unsearched) searchStretch(earlier, found);
      this.unsearched = [];
      this.unsearchedChars = 0;
      searchStretch(stretch, found);
    } else {
      this.unsearched.push(stretch);
      this.unsearchedChars += text.length;
      // A generic code to come lies on the stretch's last line or after: earlier lines out of its reach never count.
      const reach = lines.lastLine - this.contextLines;
      while (this.unsearched.length > 0 && (this.unsearched[0] as Unsearched).lines.lastLine < reach) this.dropOldest();
      while (this.unsearchedChars > UNSEARCHED_CHARS) searchStretch(this.dropOldest(), found);
    }
    found.sort((a, b) => a - b);
    this.add(found);
  }

  private dropOldest(): Unsearched {
    const oldest = this.unsearched.shift() as Unsearched;
    this.unsearchedChars -= oldest.text.length;
    return oldest;
  }

  /** Whether a marker line is within `contextLines` of `line`. */
  near(line: number): boolean {
    const lines = this.lines;
    const first = firstAtOrAfter(lines, line - this.contextLines);
    return first < lines.length && (lines[first] as number) <= line + this.contextLines;
  }

  /** Forgets marker lines before `oldest`: no code to come reaches them. */
  forgetBefore(oldest: number): void {
    if (this.lines.length > 0 && (this.lines[0] as number) < oldest) this.lines = this.lines.filter((l) => l >= oldest);
  }

  forget(): void {
    this.unsearched = [];
    this.unsearchedChars = 0;
  }

  private add(sorted: number[]): void {
    if (sorted.length === 0) return;
    const merged = this.lines.concat(sorted);
    if (this.lines.length > 0 && (this.lines[this.lines.length - 1] as number) > (sorted[0] as number)) {
      merged.sort((a, b) => a - b);
    }
    this.lines = merged;
  }
}

/** Appends the lines of the stretch's KMS markers to `out`. */
function searchStretch({ text, hints, lines }: Unsearched, out: number[]): void {
  let lastMarkerLine = -1;
  for (const hint of hints) {
    const line = lines.lineOf(hint);
    if (line !== lastMarkerLine && isKmsMarkerAt(text, hint)) {
      out.push(line);
      lastMarkerLine = line;
    }
  }
}
