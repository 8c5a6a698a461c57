import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { FindingIndex } from '../../server/src/core/index/findingIndex';
import { lineEndAfter, lineStartBefore } from '../../server/src/core/index/lines';
import type { Finding } from '../../server/src/core/scanner/types';
import { loadCorpus } from '../support/corpus';

const catalog = builtinCatalog();

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
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
    for (let step = 0; step < 120; step++) {
      const start = Math.floor(next() * text.length);
      const oldEnd = Math.min(text.length, start + Math.floor(next() * 40));
      const insert = inserts[Math.floor(next() * inserts.length)] as string;
      const updated = text.slice(0, start) + insert + text.slice(oldEnd);
      const change = {
        start,
        oldEnd,
        newEnd: start + insert.length,
        startLine: lineOf(text, start),
        oldEndLine: lineOf(text, oldEnd),
        newEndLine: lineOf(updated, start + insert.length),
      };
      // An edit that splits a CRLF pair changes line numbering before it; editors never do that.
      if (text[start - 1] === '\r' && text[start] === '\n') continue;
      if (text[oldEnd - 1] === '\r' && text[oldEnd] === '\n') continue;
      text = updated;
      index.update(text, change);
      const full = new FindingIndex(catalog);
      full.rebuildSync(text);
      assert.deepEqual(index.all().map(key), full.all().map(key), `step ${step}`);
    }
  });

  it('walks lines with every kind of line end', () => {
    const text = 'a\r\nb\nc\rd\ne';
    assert.deepEqual(lineStartBefore(text, text.indexOf('d'), 2), { offset: text.indexOf('b'), lines: 2 });
    assert.deepEqual(lineStartBefore(text, 1, 5), { offset: 0, lines: 0 });
    assert.equal(lineEndAfter(text, 0, 1), text.indexOf('c'));
    assert.equal(lineEndAfter(text, 0, 9), text.length);
  });
});
