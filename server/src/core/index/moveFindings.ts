import type { Finding, Range } from '../scanner/types';
import { lastAtOrBefore } from '../sortedSearch';
import type { LineEdit } from './editBatch';

/**
 * Moves a finding by an edit's deltas, in place: an edit in a large log moves thousands of findings,
 * and copying them all costs more than the rescan itself. Each finding owns its objects (record,
 * ranges), and nothing holds a finding across an edit expecting its old place. `onLine` (with
 * `characterDelta`) is the one line whose characters move too, as the text after an edit on it does.
 */
export function shift(
  finding: Finding,
  offsetDelta: number,
  lineDelta: number,
  onLine = -1,
  characterDelta = 0,
): Finding {
  finding.offset += offsetDelta;
  finding.record.start += offsetDelta;
  finding.record.end += offsetDelta;
  if (lineDelta === 0 && characterDelta === 0) return finding;
  const move = (range: Range | null | undefined) => {
    if (!range) return;
    for (const p of [range.start, range.end]) {
      if (p.line === onLine) p.character += characterDelta;
      p.line += lineDelta;
    }
  };
  move(finding.range);
  move(finding.record.requestIdRange);
  for (const range of finding.related ?? []) move(range);
  return finding;
}

/**
 * The findings of a text moved past one round of edits (in ascending order), in one pass over those
 * after the first edit. Findings on the edited text itself are dropped; those before it on its lines
 * stay, and those after it on the group's last line move with it (on a long line, most findings of
 * the line), for a rescan of the lines or characters around each edit to correct.
 */
export function moveFindings(findings: readonly Finding[], edits: readonly LineEdit[]): Finding[] {
  const first = edits[0];
  if (!first) return findings.slice();
  let i = lastAtOrBefore(findings.length, (n) => (findings[n] as Finding).offset, first.from - 1) + 1;
  const kept = findings.slice(0, i);
  let k = 0;
  let offsetDelta = 0;
  let lineDelta = 0;
  for (; i < findings.length; i++) {
    const finding = findings[i] as Finding;
    let edit = edits[k];
    while (edit && finding.offset >= edit.oldStart + edit.oldLength) {
      offsetDelta += edit.newLength - edit.oldLength;
      lineDelta += edit.newCount - edit.oldCount;
      edit = edits[++k];
    }
    if (!edit || finding.offset < edit.from) {
      kept.push(shift(finding, offsetDelta, lineDelta));
    } else if (finding.offset >= edit.oldTo) {
      const lastLine = edit.oldLine + edit.oldCount - 1;
      const lines = edit.newCount - edit.oldCount;
      kept.push(
        shift(
          finding,
          offsetDelta + edit.newTo - edit.oldTo,
          lineDelta + lines,
          lastLine,
          edit.newToCharacter - edit.oldToCharacter,
        ),
      );
    }
  }
  return kept;
}
