import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { FindingIndex } from '../../server/src/core/index/findingIndex';
import { applyChanges } from '../../server/src/core/index/applyChanges';
import { LineDocument } from '../../server/src/core/index/lineDocument';
import { splitLines } from '../../server/src/core/index/lines';
import type { Finding } from '../../server/src/core/scanner/types';
import { loadCorpus } from '../support/corpus';
import { present } from '../support/assertions';

const catalog = builtinCatalog();

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const key = (f: Finding) =>
  `${f.code}@${f.offset} ${f.range.start.line}:${f.range.start.character} ${f.confidence} ${f.record.requestId} ${f.record.requestIdRange?.start.line}`;

describe('finding index', () => {
  it('finds the finding under an offset, token end included', () => {
    const index = new FindingIndex(catalog);
    index.rebuildSync('abc ErrorCode: Rejected.Disabled xyz');
    assert.equal(index.at(14), undefined);
    assert.equal(index.at(15)?.code, 'Rejected.Disabled');
    assert.equal(index.at(32)?.code, 'Rejected.Disabled');
    assert.equal(index.at(33), undefined);
  });

  it('after random edits, matches a full rescan of the new text', () => {
    const next = random(7);
    const corpus = loadCorpus().map((e) => e.text);
    let text = corpus.slice(0, 30).join('\n\r\n');
    const doc = new LineDocument('file:///t.log', 'log', 1, text);
    const index = new FindingIndex(catalog);
    index.rebuildSync(text);
    const inserts = [
      ' ErrorCode: Rejected.Disabled ',
      '\n',
      'kms.cn-hangzhou.aliyuncs.com\n',
      'x',
      '\r\n\r\n',
      'RequestId: ABCD-1234\n',
      '',
    ];
    for (let step = 0; step < 150; step++) {
      let start = Math.floor(next() * text.length);
      let end = Math.min(text.length, start + Math.floor(next() * 40));
      // Editors never split a CRLF pair.
      if (text[start - 1] === '\r' && text[start] === '\n') start--;
      if (text[end - 1] === '\r' && text[end] === '\n') end++;
      const insert = inserts[Math.floor(next() * inserts.length)] as string;
      const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
      text = text.slice(0, start) + insert + text.slice(end);
      assert.equal(applyChanges(doc, index, [{ range, text: insert }], () => undefined).needsFull, false);
      assert.equal(doc.getText(), text, `document text after step ${step}`);
      const full = new FindingIndex(catalog);
      full.rebuildSync(text);
      assert.deepEqual(index.all().map(key), full.all().map(key), `step ${step}`);
    }
  });

  it('keeps document lines and positions as LSP counts them', () => {
    assert.deepEqual(splitLines('a\r\nb\nc\rd'), ['a\r\n', 'b\n', 'c\r', 'd']);
    assert.deepEqual(splitLines('x\n'), ['x\n', '']);
    const doc = new LineDocument('u', 'log', 1, 'a\r\nb\nc\rd');
    assert.equal(doc.lineCount, 4);
    assert.deepEqual(doc.positionAt(doc.getText().indexOf('d')), { line: 3, character: 0 });
    assert.equal(doc.offsetAt({ line: 1, character: 99 }), 4, 'characters clamp to the line content');
    applyChanges(
      doc,
      new FindingIndex(catalog),
      [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '\n' }],
      () => undefined,
    );
    assert.equal(doc.getText(), 'a\r\nb\nc\r\nd', 'a lone CR meeting an LF becomes CRLF');
    assert.equal(doc.lineCount, 4);
  });

  it('indexes a just-opened document from its text, in slices cut anywhere, as one scan would', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 0
        ? `RequestId: ${i}-AB\r\nmsg 解密 ErrorCode: Forbidden.KeyNotFound\r`
        : `line ${i} Code: Rejected.Disabled\n`,
    );
    const text = lines.join('');
    const fresh = new LineDocument('u', 'log', 1, text);
    assert.equal(fresh.textAtHand(), text);
    const index = new FindingIndex(catalog);
    assert.equal(await index.rebuild(fresh, { slice: 4096 }), true);
    const full = new FindingIndex(catalog);
    full.rebuildSync(text);
    assert.ok(full.all().length > 800);
    assert.deepEqual(index.all().map(key), full.all().map(key));
  });

  it('knows which findings are final while a rebuild is still running', async () => {
    const text = Array.from({ length: 20000 }, (_, i) => `line ${i} ErrorCode: Rejected.Disabled\n`).join('');
    const index = new FindingIndex(catalog);
    let checked = false;
    await index.rebuild(new LineDocument('u', 'log', 1, text), {
      slice: 65536,
      onSlice: () => {
        if (checked) return;
        checked = true;
        const last = present(index.all().at(-1), 'a finding');
        assert.equal(index.complete, false);
        assert.equal(index.settledAt(last.offset - 1), true);
        assert.equal(index.settledAt(last.offset), false);
      },
    });
    assert.ok(checked);
    assert.equal(index.settledAt(text.length), true);
  });

  it('stores a large document as lines while indexing it, keeping its text and positions', async () => {
    const lines = Array.from({ length: 40000 }, (_, i) =>
      i % 97 === 0
        ? `│ 解密失败 line ${i}\r\n`
        : i % 89 === 0
          ? `old mac ${i}\r`
          : `line ${i} ErrorCode: Rejected.Disabled\n`,
    );
    const text = lines.join('');
    const reference = new LineDocument('r', 'log', 1, text);
    const expected = [
      reference.lineCount,
      reference.positionAt(123456),
      reference.offsetAt({ line: 30000, character: 5 }),
    ];
    const doc = new LineDocument('u', 'log', 1, text);
    const index = new FindingIndex(catalog);
    await index.rebuild(doc, { slice: 65536 });
    assert.equal(doc.textAtHand(), null, 'the received text is let go once indexed');
    assert.equal(doc.getText(), text);
    assert.deepEqual([doc.lineCount, doc.positionAt(123456), doc.offsetAt({ line: 30000, character: 5 })], expected);
    const again = new FindingIndex(catalog);
    await again.rebuild(doc);
    const full = new FindingIndex(catalog);
    full.rebuildSync(text);
    assert.deepEqual(index.all().map(key), full.all().map(key));
    assert.deepEqual(again.all().map(key), full.all().map(key));
  });

  it('splits only whole lines, whatever offsets it is told were read', () => {
    const text = `${'ab\r\ncd\ref\n'.repeat(200_000)}tail`;
    const doc = new LineDocument('u', 'log', 1, text);
    const next = random(7);
    for (let at = 0; at < text.length; at += Math.floor(next() * 50_000)) doc.consumed(at);
    assert.equal(doc.lineCount, splitLines(text).length);
    assert.equal(doc.getText(), text);
    assert.deepEqual(doc.positionAt(text.length - 2), { line: doc.lineCount - 1, character: 2 });
  });
});
