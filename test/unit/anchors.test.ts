import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { anchorSearchOf } from '../../server/src/core/scanner/anchors';
import { TEA_MESSAGE_LITERAL } from '../../server/src/core/scanner/inferred';
import { KMS_MARKER_HINTS } from '../../server/src/core/scanner/markers';

const catalog = builtinCatalog();

/** Every place in [from, to) where one of `literals` starts. */
function startsOf(text: string, literals: readonly string[], from: number, to: number): number[] {
  const places: number[] = [];
  for (let at = from; at < to; at++) if (literals.some((literal) => text.startsWith(literal, at))) places.push(at);
  return places;
}

/** Whether every place of `wanted` is among the candidates `found`, which are in order. */
function covers(found: number[], wanted: number[]): boolean {
  const set = new Set(found);
  return (
    wanted.every((place) => set.has(place)) && found.every((place, i) => i === 0 || (found[i - 1] as number) < place)
  );
}

// Pieces the text is made of: codes, Tea messages, hints, their near misses, and characters above
// 0xFF whose low byte is an ASCII letter of a code (U+0146 is `F` there, U+0172 `r`).
const PIECES = [
  'Forbidden.KeyNotFound',
  'Rejected.Throttling ',
  'code: 403, ',
  'xkms.cn-hangzhou ',
  'KMS ',
  'HttpStatus',
  'Forbidde',
  'ņorbidden.KeyNotFound',
  'Fņr',
  'Ʋejected.Throttling',
  '\u4e2dInvalidParameter',
  // Their low bytes are those of a line feed and a carriage return.
  '\u010a\u020d',
  '\r\n',
  '\n',
  ' quiet words of a log line ',
  'cod',
];

function randomText(seed: number, length: number): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
  let text = '';
  while (text.length < length) text += PIECES[next() % PIECES.length];
  return text;
}

describe('anchor search', () => {
  it('finds every place where a code, a Tea message or a KMS hint starts, and every line break, across windows and cuts', () => {
    const text = randomText(7, 200_000);
    for (const [from, to] of [
      [0, text.length],
      [1, 65_537],
      [65_534, 131_075],
      [3, 3],
      [text.length - 5, text.length],
    ] as [number, number][]) {
      const found = anchorSearchOf(catalog).find(text, from, to);
      assert.ok(covers(found.tokens, startsOf(text, catalog.tokens(), from, to)), `tokens in [${from}, ${to})`);
      assert.ok(covers(found.tea, startsOf(text, [TEA_MESSAGE_LITERAL], from, to)), `Tea in [${from}, ${to})`);
      assert.ok(covers(found.hints, startsOf(text, KMS_MARKER_HINTS, from, to)), `hints in [${from}, ${to})`);
      assert.ok([...found.tokens, ...found.tea, ...found.hints].every((place) => place >= from && place < to));
      assert.deepEqual(found.breaks, startsOf(text, ['\n', '\r'], from, to), `line breaks in [${from}, ${to})`);
    }
  });

  it('keeps few places where nothing starts', () => {
    const text = ' quiet words of a log line, request ok took=12ms id=ab12\n'.repeat(2000);
    const found = anchorSearchOf(catalog).find(text, 0, text.length);
    assert.deepEqual({ ...found, breaks: found.breaks.length }, { tokens: [], tea: [], hints: [], breaks: 2000 });
  });
});
