import { DirtyLines } from './dirtyLines';
import { EditBatch, type Change, type LineEdit } from './editBatch';
import type { FindingIndex } from './findingIndex';
import type { LineDocument } from './lineDocument';
import { MAX_WINDOW, rescanAround, rescanLines } from './rescan';

/** What applying a didChange left to do. */
export interface Applied {
  /** Re-index the whole text in the background: the index was being rebuilt, or the text was replaced. */
  needsFull: boolean;
  /** Rescan `unsettled` in the background (refineLines): some findings are provisional. */
  needsRefine: boolean;
  /** The first malformed change, refused with those after it. */
  refused?: string;
}

/**
 * Applies the changes of one didChange to a document and to its findings, in time proportional to
 * the edited text plus one rescan of what changed: the text in rounds of one pass each (see
 * EditBatch), the findings moved past each round, then the lines around every edited line scanned
 * once. When those lines are too long for that (a keystroke in a 10 MB line), only the characters
 * around each edit are scanned at once, and the lines join `unsettled`, the lines the caller rescans
 * in the background. `problem` checks each change against the line count of the text before it; the
 * first malformed change stops the batch, those before it stay applied. `maxWindow` is the most text
 * rescanned at once (tests lower it).
 */
export function applyChanges(
  doc: LineDocument,
  index: FindingIndex,
  changes: readonly unknown[],
  problem: (change: unknown, lineCount: number) => string | undefined,
  unsettled = new DirtyLines(),
  maxWindow = MAX_WINDOW,
): Applied {
  const batch = new EditBatch(doc);
  let refused: string | undefined;
  for (let i = 0; i < changes.length; i++) {
    const found = problem(changes[i], batch.lineCount);
    if (found) {
      refused = `contentChanges[${i}]: ${found}`;
      break;
    }
    batch.add(changes[i] as Change);
  }
  const rounds = batch.finish();
  const applied = (needsFull: boolean): Applied => ({
    needsFull,
    needsRefine: !needsFull && unsettled.all.length > 0,
    ...(refused === undefined ? {} : { refused }),
  });
  if (index.rebuilding || rounds.includes('replaced')) {
    unsettled.clear();
    return applied(true);
  }
  const dirty = new DirtyLines();
  for (const round of rounds as Array<readonly LineEdit[]>) {
    index.shiftAround(round);
    dirty.add(round);
    unsettled.follow(round);
  }
  if (!rescanLines(index, doc, dirty.all, maxWindow)) {
    const last = rounds[rounds.length - 1] as readonly LineEdit[];
    if (!rescanAround(index, doc, last, maxWindow) || rounds.length > 1) index.gapped = true;
    unsettled.include(dirty.all);
    index.provisional = true;
  }
  return applied(false);
}
