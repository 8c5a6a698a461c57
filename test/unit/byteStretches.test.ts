import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { anchorSearchOf } from '../../server/src/core/scanner/anchors';
import { planStretches } from '../../server/src/core/scanner/byteStretches';
import { present } from '../support/assertions';

const search = present(anchorSearchOf(builtinCatalog()).inBytes, 'the SIMD prefilter runs here');

/** LSP line breaks of a text: `\n`, `\r\n` and a lone `\r`. */
const lspLines = (text: string) => text.split(/\r\n|\r|\n/).length - 1;

function quiet(lines: number, line: (i: number) => string, end = '\n'): string {
  return Array.from({ length: lines }, (_, i) => line(i)).join(end) + end;
}

function planOf(text: string, final = true) {
  const bytes = Buffer.from(text, 'utf8');
  const found = search(bytes);
  return { bytes, found, plan: planStretches(bytes, found.places, found.breaks, final, false) };
}

describe('byte stretches', () => {
  const error = 'ERROR kms.cn-hangzhou.aliyuncs.com ErrorCode: Forbidden.KeyNotFound RequestId: 0A1B-2C3D\n';
  const ascii = quiet(4000, (i) => `2026-11-20T08:00:00Z INFO worker took=${i}ms order queue refresh`);
  const crlf = quiet(3000, (i) => `INFO served ${i}\rin ${i % 7} ms`, '\r\n');
  const cjk = quiet(3000, (i) => `INFO 请求 ${i} 已完成 🚀`);

  it('passes over the quiet stretches far from a place, and reads every byte once, in order', () => {
    const text = `${ascii}${error}${ascii}${crlf}${error}${ascii}`;
    const { bytes, found, plan } = planOf(text);
    let next = 0;
    let passed = 0;
    for (const stretch of plan.stretches) {
      assert.equal(stretch.from, next);
      assert.ok(stretch.to > stretch.from);
      next = stretch.to;
      if (stretch.lines === undefined) continue;
      passed += stretch.to - stretch.from;
      const part = bytes.subarray(stretch.from, stretch.to).toString('utf8');
      assert.equal(stretch.lines, lspLines(part), 'its line breaks are counted as LSP counts them');
      assert.equal(bytes[stretch.from - 1], 10, 'it starts a line');
      assert.equal(bytes[stretch.to - 1], 10, 'it ends a line');
      for (const place of found.places) {
        const near = place >= stretch.from - 4608 && place < stretch.to + 4096;
        assert.ok(!near, `no place (${place}) within reach of [${stretch.from}, ${stretch.to})`);
      }
    }
    assert.equal(next, bytes.length);
    assert.ok(passed > 0.8 * bytes.length, `most bytes are passed over (${passed} of ${bytes.length})`);
  });

  it('reads as text what is not ASCII, and keeps wider margins there', () => {
    const text = `${cjk}${error}${cjk}`;
    const { bytes, plan } = planOf(text);
    for (const stretch of plan.stretches) {
      if (stretch.lines !== undefined) assert.ok(bytes.subarray(stretch.from, stretch.to).every((b) => b < 0x80));
    }
    assert.ok(plan.stretches.every((stretch) => stretch.lines === undefined));
  });

  it('leaves the last lines to the bytes that follow, unless they are the last', () => {
    const more = planOf(ascii, false).plan;
    const last = present(more.stretches[more.stretches.length - 1], 'a last stretch');
    assert.equal(last.lines, undefined);
    assert.ok(last.to - last.from >= 4096, 'a place cut at the end reaches back into them');
    assert.equal(more.hotAfter, true);
    const final = planOf(ascii, true).plan;
    const passed = present(final.stretches[final.stretches.length - 1], 'a last stretch');
    assert.ok(passed.lines !== undefined && passed.to === Buffer.byteLength(ascii), 'passed over to the end');
  });
});
