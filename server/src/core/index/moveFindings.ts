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
 * Moves the findings of a text (sorted) past one round of edits (in ascending order), in place, in one
 * pass over those from the first edited line on; positions decide, so no offset of the text is read.
 * Findings on the edited text itself are dropped; those before it on its lines stay, and those after
 * it on the group's last line move with it (on a long line, most findings of the line), for a rescan
 * of the lines or characters around each edit to correct.
 */
export function moveFindings(findings: Finding[], edits: readonly LineEdit[]): void {
  const first = edits[0];
  if (!first) return;
  const lineOf = (n: number) => (findings[n] as Finding).range.start.line;
  let kept = lastAtOrBefore(findings.length, lineOf, first.oldLine - 1) + 1;
  let k = 0;
  let offsetDelta = 0;
  let lineDelta = 0;
  for (let i = kept; i < findings.length; i++) {
    const finding = findings[i] as Finding;
    const { line, character } = finding.range.start;
    let edit = edits[k];
    while (edit && line >= edit.oldLine + edit.oldCount) {
      offsetDelta += edit.newLength - edit.oldLength;
      lineDelta += edit.newCount - edit.oldCount;
      edit = edits[++k];
    }
    const lastLine = edit ? edit.oldLine + edit.oldCount - 1 : -1;
    if (!edit || line < edit.fromLine || (line === edit.fromLine && character < edit.fromCharacter)) {
      findings[kept++] = shift(finding, offsetDelta, lineDelta);
    } else if (line === lastLine && character >= edit.oldToCharacter) {
      findings[kept++] = shift(
        finding,
        offsetDelta + edit.newLength - edit.oldLength,
        lineDelta + edit.newCount - edit.oldCount,
        lastLine,
        edit.newToCharacter - edit.oldToCharacter,
      );
    }
  }
  findings.length = kept;
}
