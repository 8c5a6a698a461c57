import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { applyChanges } from '../../server/src/core/index/applyChanges';
import { DirtyLines } from '../../server/src/core/index/dirtyLines';
import type { Pos } from '../../server/src/core/index/editBatch';
import { FindingIndex } from '../../server/src/core/index/findingIndex';
import { LineDocument } from '../../server/src/core/index/lineDocument';
import { refineLines } from '../../server/src/core/index/rescan';
import { scanText } from '../../server/src/core/scanner/scan';
import { loadCorpus } from '../support/corpus';

// A didChange of many changes (a multi-cursor edit, a Replace All) and keystrokes in a very long line:
// the text and findings after them are those of the new text scanned whole, for the cost of one pass
// over the lines and one rescan of what changed (counted: rounds applied, characters scanned).

const catalog = builtinCatalog();
const noProblem = () => undefined;

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** Reference lines of a plain string, as LSP counts them: [start, content end, end] of each. */
function referenceLines(text: string): Array<[number, number, number]> {
  const lines: Array<[number, number, number]> = [];
  let start = 0;
  for (const end of text.matchAll(/\r\n|\r|\n/g)) {
    lines.push([start, end.index, end.index + end[0].length]);
    start = end.index + end[0].length;
  }
  lines.push([start, text.length, text.length]);
  return lines;
}

/** LSP position of an offset (inside a CRLF: the end of the line's content). */
function positionOf(text: string, offset: number): Pos {
  const lines = referenceLines(text);
  for (let line = lines.length - 1; line >= 0; line--) {
    const [start, contentEnd] = lines[line] as [number, number, number];
    if (start <= offset) return { line, character: Math.min(offset, contentEnd) - start };
  }
  return { line: 0, character: 0 };
}

/** Applies one LSP change to a plain string: the reference the document is checked against. */
function applyReference(text: string, change: { range: { start: Pos; end: Pos }; text: string }): string {
  const lines = referenceLines(text);
  const offset = (p: Pos) => {
    const line = lines[p.line];
    if (!line) return text.length;
    return Math.min(line[0] + p.character, line[1]);
  };
  return text.slice(0, offset(change.range.start)) + change.text + text.slice(offset(change.range.end));
}

interface Edited {
  doc: LineDocument;
  index: FindingIndex;
  unsettled: DirtyLines;
}

function open(text: string): Edited {
  const doc = new LineDocument('file:///t.log', 'log', 1, text);
  const index = new FindingIndex(catalog);
  index.rebuildSync(text);
  return { doc, index, unsettled: new DirtyLines() };
}

/** Applies changes as the server does, finishing any background work; returns the characters scanned for them at once. */
async function edit(
  target: Edited,
  changes: Array<{ range: { start: Pos; end: Pos }; text: string }>,
  maxWindow?: number,
): Promise<{ rounds: number; scannedAtOnce: number; refined: boolean }> {
  const { doc, index, unsettled } = target;
  let rounds = 0;
  const applyEdits = doc.applyEdits.bind(doc);
  doc.applyEdits = (edits) => {
    rounds++;
    return applyEdits(edits);
  };
  const before = index.scanned;
  const applied = applyChanges(doc, index, changes, noProblem, unsettled, maxWindow);
  const scannedAtOnce = index.scanned - before;
  doc.applyEdits = applyEdits;
  assert.equal(applied.needsFull, false);
  if (applied.needsRefine) {
    assert.equal(index.complete, false, 'provisional findings are not called complete');
    assert.equal(await refineLines(index, doc, unsettled.all, () => false), true);
    unsettled.clear();
  }
  assert.equal(index.complete, true);
  return { rounds, scannedAtOnce, refined: applied.needsRefine };
}

function assertSameAsFullScan(target: Edited, text: string, message: string): void {
  assert.equal(target.doc.getText(), text, `${message}: text`);
  assert.deepEqual(target.index.all(), scanText(text, catalog), `${message}: findings`);
}

/** A log of `lines` lines: corpus snippets (records of every shape) between ordinary lines. */
function logOf(lines: number): string {
  const snippets = loadCorpus().map((e) => e.text);
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(`2026-05-01T10:00:${String(i % 60).padStart(2, '0')}Z INFO request ${i} handled in ${i % 97} ms`);
    if (i % 9 === 0) out.push(...(snippets[i % snippets.length] as string).split(/\r\n|\r|\n/));
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

const insertAt = (line: number, character: number, text: string) => ({
  range: { start: { line, character }, end: { line, character } },
  text,
});

describe('document edits', () => {
  const log = logOf(40_000);
  const lines = log.split('\n');

  for (const order of ['last first', 'first first', 'no order'] as const) {
    it(`applies 2,000 insertions of one didChange (${order}) with one rescan`, async () => {
      const target = open(log);
      const cursors = Array.from({ length: 2000 }, (_, i) => i * 20);
      const changes = cursors.map((line) => insertAt(line, 0, '> '));
      if (order === 'last first') changes.reverse();
      const next = random(3);
      if (order === 'no order')
        for (let i = changes.length - 1; i > 0; i--) {
          const j = Math.floor(next() * (i + 1));
          [changes[i], changes[j]] = [changes[j] as (typeof changes)[number], changes[i] as (typeof changes)[number]];
        }
      const work = await edit(target, changes);
      const expected = lines.map((line, i) => (i % 20 === 0 && i < 40_000 ? `> ${line}` : line)).join('\n');
      assertSameAsFullScan(target, expected, order);
      // In order, one pass over the lines; in no order, a round per run of changes in order.
      if (order !== 'no order') assert.equal(work.rounds, 1, 'one pass over the lines');
      assert.ok(target.index.scanned - log.length <= expected.length * 1.05, 'one rescan of the text at most');
    });
  }

  it('applies a Replace All of 2,000 words and 2,000 cursors on one line in one pass each', async () => {
    const target = open(log);
    const replaceAll: Array<{ range: { start: Pos; end: Pos }; text: string }> = [];
    const replaced = lines.slice();
    for (let line = 0; line < lines.length && replaceAll.length < 2000; line++) {
      const character = (lines[line] as string).indexOf('INFO');
      if (character === -1) continue;
      const text = 'ErrorCode: Rejected.Disabled';
      replaceAll.push({ range: { start: { line, character }, end: { line, character: character + 4 } }, text });
      replaced[line] = (lines[line] as string).replace('INFO', text);
    }
    replaceAll.reverse();
    const expected = replaced.join('\n');
    const scannedBefore = target.index.scanned;
    assert.equal((await edit(target, replaceAll)).rounds, 1);
    assertSameAsFullScan(target, expected, 'Replace All');
    assert.ok(target.index.scanned - scannedBefore <= expected.length * 1.05);

    // 2,000 cursors typing at the start of one line of the middle, each change before the one before
    // it: one line rewritten, a few hundred lines rescanned.
    const line = 20_001;
    const typed = Array.from({ length: 2000 }, (_, i) => (i % 2 ? 'x ' : 'Rejected.Disabled '));
    const cursors = typed.map((text) => insertAt(line, 0, text));
    replaced[line] = typed.slice().reverse().join('') + (replaced[line] as string);
    const work = await edit(target, cursors);
    assertSameAsFullScan(target, replaced.join('\n'), 'cursors on one line');
    assert.equal(work.rounds, 1);
    assert.equal(work.refined, false);
    assert.ok(work.scannedAtOnce < 200 * 1024, `${work.scannedAtOnce} characters rescanned for one line`);
  });

  it('types into a 2.3 MB line rescanning only the characters around each keystroke at once', async () => {
    const snippets = loadCorpus().map((e) => e.text.replace(/[\r\n]+/g, ' '));
    const parts: string[] = [];
    for (let i = 0, length = 0; length < (2 << 20) + (1 << 18); i++) {
      const part = JSON.stringify({ at: i, body: snippets[i % snippets.length] });
      parts.push(part);
      length += part.length + 1;
    }
    let text = `first line\n[${parts.join(',')}]\nlast line ErrorCode: Forbidden.KeyNotFound\n`;
    const target = open(text);
    const middle = Math.floor(text.length / 2);
    const typed = ' ErrorCode: Rejected.Disabled ';
    let scannedAtOnce = 0;
    target.index.scanned = 0;
    for (let i = 0; i < typed.length; i++) {
      const change = insertAt(1, middle + i, typed[i] as string);
      text = applyReference(text, change);
      const applied = applyChanges(target.doc, target.index, [change], noProblem, target.unsettled);
      assert.deepEqual(applied, { needsFull: false, needsRefine: true });
      scannedAtOnce = Math.max(scannedAtOnce, target.index.scanned);
      target.index.scanned = 0;
    }
    assert.ok(scannedAtOnce <= 64 * 1024, `${scannedAtOnce} characters scanned at a keystroke`);
    // The finding typed is there at once, before the line is rescanned.
    const typedAt = text.indexOf('Rejected.Disabled', middle);
    assert.equal(target.index.at(typedAt)?.code, 'Rejected.Disabled');
    assert.equal(await refineLines(target.index, target.doc, target.unsettled.all, () => false), true);
    assertSameAsFullScan(target, text, 'after typing');
  });

  it('says which edited lines miss their findings until the background rescan, when too many to rescan at once', async () => {
    const target = open(log);
    const cursors = Array.from({ length: 2000 }, (_, i) => i * 20).reverse();
    const changes = cursors.map((line) => insertAt(line, 0, 'ErrorCode: Rejected.Disabled '));
    const applied = applyChanges(target.doc, target.index, changes, noProblem, target.unsettled, 64 * 1024);
    assert.deepEqual(applied, { needsFull: false, needsRefine: true });
    assert.equal(target.index.gapped, true);
    assert.equal(target.unsettled.covers(20_000), true, 'an edited line');
    assert.equal(target.unsettled.covers(20_010), false, 'a line between');
    assert.equal(target.index.at(target.doc.offsetAt({ line: 20_000, character: 15 })), undefined);
    assert.equal(await refineLines(target.index, target.doc, target.unsettled.all, () => false), true);
    assert.equal(target.index.gapped, false);
    assert.equal(target.index.at(target.doc.offsetAt({ line: 20_000, character: 15 }))?.code, 'Rejected.Disabled');
  });

  it('keeps text and findings equal to a full scan after random batches in every order', async () => {
    const next = random(11);
    const snippets = loadCorpus().map((e) => e.text);
    // Short lines of every line end, and lines of 20-60 KB (the background path, with a small window).
    const blocks: string[] = [];
    for (let i = 0; i < 60; i++) {
      const ending = ['\n', '\r\n', '\r'][i % 3] as string;
      if (i % 15 === 7) {
        const long: string[] = [];
        while (long.join(' ').length < 20_000 + i * 500)
          long.push(snippets[(i * 7 + long.length) % snippets.length] as string);
        blocks.push(long.join(' ').replace(/[\r\n]+/g, ' ') + ending);
      } else blocks.push((snippets[i % snippets.length] as string).replace(/\r\n|\r|\n/g, ending) + ending);
    }
    let text = blocks.join('');
    const target = open(text);
    const inserts = [
      '',
      'x',
      '\n',
      '\r\n',
      '\r',
      ' ErrorCode: Rejected.Disabled ',
      'RequestId: ABCD-1234\n',
      '\nkms.cn-hangzhou.aliyuncs.com ',
      'Forbidden.KeyNotFound\r\n',
      '请求ID',
    ];
    const orders = ['last first', 'first first', 'any'] as const;
    const seen = { refined: 0, rounds: 0 };
    for (let batch = 0; batch < 45; batch++) {
      const order = orders[batch % 3] as (typeof orders)[number];
      const count = 1 + Math.floor(next() * (batch % 5 === 0 ? 60 : 6));
      const changes: Array<{ range: { start: Pos; end: Pos }; text: string }> = [];
      const point = () => Math.floor(next() * (text.length + 1));
      const span = () => (next() < 0.3 ? Math.floor(next() * 300) : 0);
      const insert = () => inserts[Math.floor(next() * inserts.length)] as string;
      if (order === 'any') {
        for (let i = 0; i < count; i++) {
          const start = point();
          const end = Math.min(text.length, start + span());
          const change = { range: { start: positionOf(text, start), end: positionOf(text, end) }, text: insert() };
          // Sometimes a character past the line's end, or the position past the last line.
          if (next() < 0.1) change.range.end.character += 500;
          if (next() < 0.05) change.range.end = { line: referenceLines(text).length, character: 0 };
          changes.push(change);
          text = applyReference(text, change);
        }
      } else {
        const starts = Array.from({ length: count }, point).sort((a, b) => a - b);
        const ranges = starts.map((start, i) => [start, Math.min(start + span(), starts[i + 1] ?? text.length)]);
        if (order === 'last first') ranges.reverse();
        let delta = 0;
        for (const [start, end] of ranges as Array<[number, number]>) {
          const shift = order === 'first first' ? delta : 0;
          const change = {
            range: { start: positionOf(text, start + shift), end: positionOf(text, end + shift) },
            text: insert(),
          };
          const before = text.length;
          text = applyReference(text, change);
          delta += text.length - before;
          changes.push(change);
        }
      }
      const work = await edit(target, changes, 64 * 1024);
      seen.refined += work.refined ? 1 : 0;
      seen.rounds = Math.max(seen.rounds, work.rounds);
      assertSameAsFullScan(target, text, `batch ${batch} (${order}, ${count} changes)`);
    }
    assert.ok(seen.refined > 0, 'some batches were rescanned in the background');
    assert.ok(seen.rounds > 1, 'some batches took more than one round');
  });
});
