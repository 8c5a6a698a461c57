import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { LineDocument } from '../../server/src/core/index/lineDocument';
import { scanText } from '../../server/src/core/scanner/scan';
import type { Finding } from '../../server/src/core/scanner/types';
import { DocumentState } from '../../server/src/lsp/documents';

// A log open in the editor that the app appends to: the editor sends each append as an insertion
// at the end. The findings before it stay as they are; a rebuild still running reads on.

const catalog = builtinCatalog();
const entry = (n: number) =>
  n % 7 === 0
    ? `2026-11-20T08:00:00Z ERROR decrypt failed: ErrorCode: Forbidden.KeyNotFound RequestId: ${String(n).padStart(8, '0')}-3910\n`
    : `2026-11-20T08:00:00Z INFO  request ${n} served in 12 ms\n`;
const log = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => entry(from + i)).join('');
const key = (f: Finding) =>
  `${f.code}@${f.offset} ${f.range.start.line}:${f.range.start.character} ${f.record.requestId}`;
const atEnd = (doc: LineDocument) => {
  const end = doc.positionAt(doc.length);
  return { start: end, end };
};

describe('a log growing while it is open', () => {
  it('keeps the findings before an append as they are, and finds those of the appended lines', () => {
    const text = log(0, 2000);
    const state = new DocumentState(new LineDocument('file:///app.log', 'log', 1, text), catalog);
    state.index.rebuildSync(text);
    const before = [...state.index.all()];
    const { needsFull } = state.apply([{ range: atEnd(state.doc), text: log(2000, 2030) }], 2);
    assert.equal(needsFull, false, 'no rescan of the whole log');
    const after = state.index.all();
    // Objects of the findings far from the end are the very ones found before: they were not scanned again.
    const untouched = before.filter((f) => f.range.start.line < 2000 - 130);
    assert.ok(untouched.length > 200);
    for (const [i, finding] of untouched.entries()) assert.equal(after[i], finding);
    assert.deepEqual(after.map(key), scanText(log(0, 2030), catalog).map(key));
    assert.equal(after.length - before.length, 4, 'the appended lines hold 4 errors');
  });

  it('lets a rebuild that is still running read the appended text rather than start again', async () => {
    const text = log(0, 20_000);
    const state = new DocumentState(new LineDocument('file:///app.log', 'log', 1, text), catalog);
    let appended = 0;
    let refused = 0;
    const building = state.reindex(() => {
      // Between the slices of the rebuild, the app appends, and the editor sends each append.
      if (appended >= 3) return;
      appended++;
      const { needsFull } = state.apply(
        [{ range: atEnd(state.doc), text: log(20_000 + 10 * appended, 20_010 + 10 * appended) }],
        1 + appended,
      );
      if (needsFull) refused++;
    });
    const slice = state.ready;
    await building;
    assert.equal(appended, 3, 'appended while the rebuild ran');
    assert.equal(refused, 0, 'no append asked for a rebuild from the start');
    assert.equal(state.ready, slice, 'the one rebuild ran to its end');
    assert.equal(state.index.complete, true);
    const whole = log(0, 20_000) + log(20_010, 20_020) + log(20_020, 20_030) + log(20_030, 20_040);
    assert.equal(state.doc.getText(), whole);
    assert.deepEqual(state.index.all().map(key), scanText(whole, catalog).map(key));
  });

  it('starts a running rebuild again after a change that is not an append', async () => {
    const text = log(0, 20_000);
    const state = new DocumentState(new LineDocument('file:///app.log', 'log', 1, text), catalog);
    let result: { needsFull: boolean } | undefined;
    const building = state.reindex(() => {
      result ??= state.apply(
        [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
        2,
      );
    });
    await building;
    assert.equal(result?.needsFull, true);
  });
});
