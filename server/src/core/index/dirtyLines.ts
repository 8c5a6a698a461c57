import type { LineEdit } from './editBatch';

/** Lines [start, end) of a text. */
export interface LineRange {
  start: number;
  end: number;
}

/** Where a line of the text before `edits` is after them (a line they replaced: the first or last line replacing it). */
function mapLine(edits: readonly LineEdit[], line: number, side: 'start' | 'end'): number {
  let lo = 0;
  let hi = edits.length - 1;
  let before = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((edits[mid] as LineEdit).oldLine <= line) {
      before = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (before === -1) return line;
  const edit = edits[before] as LineEdit;
  if (line < edit.oldLine + edit.oldCount)
    return side === 'start' ? edit.newLine : edit.newLine + Math.max(0, edit.newCount - 1);
  return line + edit.newLine + edit.newCount - (edit.oldLine + edit.oldCount);
}

/**
 * The lines a didChange rewrote, followed through its rounds: after each round, the ranges so far are
 * moved to where the round left them and the round's own lines are added. Sorted, apart. A round costs
 * the ranges from its first edit on, and no allocation but its own ranges (a didChange in no order
 * has as many rounds as changes).
 */
export class DirtyLines {
  private ranges: LineRange[] = [];

  get all(): readonly LineRange[] {
    return this.ranges;
  }

  /** The ranges moved to where a round of edits left their lines, and the round's own lines added. */
  add(edits: readonly LineEdit[]): void {
    this.follow(edits);
    this.include(edits.map((e) => ({ start: e.newLine, end: e.newLine + Math.max(1, e.newCount) })));
  }

  /** The ranges moved to where a round of edits left their lines (a range it rewrote covers its new lines). */
  follow(edits: readonly LineEdit[]): void {
    const first = edits[0];
    if (!first) return;
    const ranges = this.ranges;
    // Ranges ending before the first edit stay as they are.
    let i = firstEndingAfter(ranges, first.oldLine);
    if (i === ranges.length) return;
    const from = i;
    for (; i < ranges.length; i++) {
      const range = ranges[i] as LineRange;
      range.start = mapLine(edits, range.start, 'start');
      range.end = mapLine(edits, range.end - 1, 'end') + 1;
    }
    this.compact(Math.max(0, from - 1));
  }

  /** Sorted ranges added. */
  include(added: readonly LineRange[]): void {
    const ranges = this.ranges;
    for (const range of added) {
      // After the ranges starting at or before it: kept in order of start.
      let at = firstEndingAfter(ranges, range.start);
      while (at < ranges.length && (ranges[at] as LineRange).start <= range.start) at++;
      ranges.splice(at, 0, { start: range.start, end: range.end });
      this.compact(Math.max(0, at - 1));
    }
  }

  clear(): void {
    this.ranges = [];
  }

  /** True when `line` is in one of the ranges. */
  covers(line: number): boolean {
    const range = this.ranges[firstEndingAfter(this.ranges, line)];
    return range !== undefined && range.start <= line;
  }

  /** Joins, in place, the ranges from `from` on that touch or overlap the one before. */
  private compact(from: number): void {
    const ranges = this.ranges;
    let last = from;
    for (let i = from + 1; i < ranges.length; i++) {
      const range = ranges[i] as LineRange;
      const kept = ranges[last] as LineRange;
      if (range.start <= kept.end) kept.end = Math.max(kept.end, range.end);
      else ranges[++last] = range;
    }
    ranges.length = Math.min(ranges.length, last + 1);
  }
}

/** Index of the first range ending after `line` (ranges.length when none does). */
function firstEndingAfter(ranges: readonly LineRange[], line: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[mid] as LineRange).end <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Two sorted lists of ranges as one, ranges closer than `gap` lines joined. */
export function merge(a: readonly LineRange[], b: readonly LineRange[], gap: number): LineRange[] {
  const out: LineRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next =
      j >= b.length || (i < a.length && (a[i] as LineRange).start <= (b[j] as LineRange).start)
        ? (a[i++] as LineRange)
        : (b[j++] as LineRange);
    const last = out[out.length - 1];
    if (last && next.start <= last.end + gap) last.end = Math.max(last.end, next.end);
    else out.push({ start: next.start, end: next.end });
  }
  return out;
}

/** Ranges widened by `lines` on each side (within [0, count)), those that then touch or overlap joined. */
export function widen(ranges: readonly LineRange[], lines: number, count: number): LineRange[] {
  return merge(
    ranges.map((r) => ({ start: Math.max(0, r.start - lines), end: Math.min(count, r.end + lines) })),
    [],
    0,
  );
}
