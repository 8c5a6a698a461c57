import { scanText } from '../scanner/scan';
import { StreamScanner } from '../scanner/streamScanner';
import type { Finding } from '../scanner/types';
import { merge, widen, type LineRange } from './dirtyLines';
import type { LineEdit } from './editBatch';
import type { FindingIndex, LineSource, Replacement } from './findingIndex';
import { shift } from './moveFindings';

// Lines around an edit whose findings are recomputed: more than a generic code's context (50 lines)
// plus a record's reach (13 lines), so findings outside the zone cannot change. The zone is scanned
// with as many lines again on each side, its findings' context.
const ZONE_LINES = 64;
// More text than this around the edits of one didChange is not rescanned at once (by default).
export const MAX_WINDOW = 2 << 20;
// Around an edit in a long line: characters scanned on each side, and those kept of them (the record
// of a code is cut within about 5,000 characters either side of it, its body looked for 2,000 back).
const LEAD_CHARS = 1 << 14;
const KEEP_CHARS = 1 << 13;
// Text scanned between two yields of a background rescan: a keystroke waits for at most one.
const REFINE_SLICE = 1 << 15;
const PUSHED_CHARS = 1 << 15;

/** The zones (lines) around dirty lines, each with the window of lines scanned for it. */
function zonesOf(dirty: readonly LineRange[], count: number): Array<{ zone: LineRange; window: LineRange }> {
  // Zones whose context windows would overlap are scanned as one.
  return merge(widen(dirty, ZONE_LINES, count), [], 2 * ZONE_LINES).map((zone) => ({
    zone,
    window: { start: Math.max(0, zone.start - ZONE_LINES), end: Math.min(count, zone.end + ZONE_LINES) },
  }));
}

/** The offsets a zone's findings start in (to the end of the text for a zone reaching the last line). */
function zoneOffsets(source: LineSource, zone: LineRange): { start: number; end: number } {
  const end = zone.end === source.lineCount ? Number.POSITIVE_INFINITY : source.lineStart(zone.end);
  return { start: source.lineStart(zone.start), end };
}

/**
 * Recomputes, exactly, the findings on and around the lines `dirty` of `source` (already edited, the
 * findings already moved to it): each zone of ZONE_LINES around them is scanned once, with its
 * context. False, with nothing done, when that is more than `maxWindow` characters.
 */
export function rescanLines(
  index: FindingIndex,
  source: LineSource,
  dirty: readonly LineRange[],
  maxWindow = MAX_WINDOW,
): boolean {
  const zones = zonesOf(dirty, source.lineCount);
  let total = 0;
  for (const { window } of zones) {
    total += source.lineStart(window.end) - source.lineStart(window.start);
    if (total > maxWindow) return false;
  }
  const parts: Replacement[] = [];
  for (const { zone, window } of zones) {
    const { start, end } = zoneOffsets(source, zone);
    const windowStart = source.lineStart(window.start);
    const text = source.linesText(window.start, window.end);
    index.scanned += text.length;
    const findings: Finding[] = [];
    for (const found of scanText(text, index.catalog)) {
      const finding = shift(found, windowStart, window.start);
      if (finding.offset >= start && finding.offset < end) findings.push(finding);
    }
    parts.push({ start, end, findings });
  }
  index.replace(parts);
  return true;
}

/**
 * Recomputes the findings near each edit of the last round, from the characters around it: on a very
 * long line (a minified response) the lines around an edit are too much to rescan at a keystroke, but
 * the findings near it are what the user looks at. Provisional: a generic code's KMS context and the
 * records after the edit on its line (cut on a grid counted from the line's start) may differ until the
 * lines are rescanned (refineLines). False, with nothing done, when that is more than `maxWindow`.
 */
export function rescanAround(
  index: FindingIndex,
  source: LineSource,
  edits: readonly LineEdit[],
  maxWindow = MAX_WINDOW,
): boolean {
  const windows: Array<{ start: number; end: number; keepFrom: number; keepTo: number }> = [];
  let total = 0;
  for (const edit of edits) {
    // Within the edit's own zone, which the rescan in the background covers.
    const floor = source.lineStart(Math.max(0, edit.newLine - ZONE_LINES));
    const ceiling = source.lineStart(Math.min(source.lineCount, edit.newLine + edit.newCount + ZONE_LINES));
    // Where the edits start, and where the text after them starts, in the text after.
    const from = source.lineStart(edit.newLine + edit.fromLine - edit.oldLine) + edit.fromCharacter;
    const newTo = source.lineStart(edit.newLine + edit.newCount - 1) + edit.newToCharacter;
    const start = Math.max(floor, from - LEAD_CHARS);
    const end = Math.min(ceiling, newTo + LEAD_CHARS);
    const keepFrom = start === 0 ? 0 : Math.min(from, start + (LEAD_CHARS - KEEP_CHARS));
    const textEnd = source.lineStart(source.lineCount);
    const keepTo = end === textEnd ? end : Math.max(newTo, end - (LEAD_CHARS - KEEP_CHARS));
    const last = windows[windows.length - 1];
    if (last && start <= last.end) {
      last.end = Math.max(last.end, end);
      last.keepTo = Math.max(last.keepTo, keepTo);
    } else windows.push({ start, end, keepFrom, keepTo });
    total += end - start;
    if (total > maxWindow) return false;
  }
  const parts: Replacement[] = [];
  for (const window of windows) {
    const at = source.positionAt(window.start);
    const text = textBetween(source, window.start, window.end);
    index.scanned += text.length;
    const findings = scanText(text, index.catalog, {
      start: { offset: window.start, line: at.line, lineStart: window.start - at.character },
    }).filter((f) => f.offset >= window.keepFrom && f.offset < window.keepTo);
    parts.push({ start: window.keepFrom, end: window.keepTo, findings });
  }
  index.replace(parts);
  return true;
}

/** The text between two offsets of `source`. */
function textBetween(source: LineSource, start: number, end: number): string {
  const first = source.positionAt(start).line;
  const last = source.positionAt(end).line;
  const base = source.lineStart(first);
  return source.linesText(first, last + 1).slice(start - base, end - base);
}

/** The text of lines [from, to) in pieces of about `size`, long lines cut (no copy of the whole window). */
function* pieces(source: LineSource, from: number, to: number, size: number): Generator<string> {
  let line = from;
  while (line < to) {
    const text = source.lineAt(line);
    if (text.length >= size) {
      for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
      line++;
      continue;
    }
    let end = line + 1;
    while (end < to && source.lineStart(end + 1) - source.lineStart(line) < size) end++;
    yield source.linesText(line, end);
    line = end;
  }
}

/**
 * Recomputes, exactly, the findings around the lines `dirty` in the background: each zone's window is
 * scanned in small slices, yielding between them, and the index takes the results at the end, all at
 * once. False, with nothing changed, when `cancelled()` turns true (an edit came in).
 */
export async function refineLines(
  index: FindingIndex,
  source: LineSource,
  dirty: readonly LineRange[],
  cancelled: () => boolean,
): Promise<boolean> {
  const parts: Replacement[] = [];
  // Nothing at once: the edit that asked for the rescan is answered first.
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (cancelled()) return false;
  for (const { zone, window } of zonesOf(dirty, source.lineCount)) {
    const { start, end } = zoneOffsets(source, zone);
    const windowStart = source.lineStart(window.start);
    const findings: Finding[] = [];
    const scanner = new StreamScanner(
      index.catalog,
      (f) => {
        if (f.offset >= start && f.offset < end) findings.push(f);
      },
      { start: { offset: windowStart, line: window.start, lineStart: windowStart } },
    );
    for (const piece of pieces(source, window.start, window.end, REFINE_SLICE)) {
      for (let at = 0; at < piece.length; at += PUSHED_CHARS) scanner.push(piece.slice(at, at + PUSHED_CHARS));
      index.scanned += piece.length;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled()) return false;
    }
    scanner.end();
    parts.push({ start, end, findings });
  }
  index.replace(parts);
  index.provisional = false;
  index.gapped = false;
  return true;
}
