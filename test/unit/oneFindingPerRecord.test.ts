import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isInBody } from '../../server/src/core/scanner/oneFindingPerRecord';
import { ScanCache } from '../../server/src/core/scanner/scanCache';

/*
 * isInBody remembers what it read of a text for the next token (the tokens of a scan come in
 * order). Whatever it remembers, its answer must be that of reading back from the token on its own.
 */

/** The answer read back from the token: a body start between its line start (at most 2,000 back) and it. */
function readBack(text: string, start: number): boolean {
  let from = start;
  const floor = Math.max(0, start - 2000);
  while (from > floor && text[from - 1] !== '\n' && text[from - 1] !== '\r') from--;
  return /\b(?:Data|Response|data)\??"?\s*[:=]\s*\{/.test(text.slice(from, start));
}

function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

// Bodies, bodies glued to a word (`xData: {`), keys split by line ends, and long stretches without one.
const PIECES = ['Data: {', 'xData: {', 'Response={', 'data?" : \n {', '\n', '\r', '\r\n', ' ', 'a'.repeat(700)];
const MORE = ['word ', 'Data', ': {', '{', '   ', 'Code: Forbidden.KeyNotFound '];

describe('isInBody', () => {
  it('answers as reading back from each token, for tokens in order and out of order', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const next = generator(seed);
      const pieces = [...PIECES, ...MORE];
      let text = '';
      while (text.length < 20_000) text += pieces[next(pieces.length)];
      const starts: number[] = [];
      for (let s = 0; s < text.length; s += 1 + next(60)) starts.push(s);
      // Now and then a jump back, as a second pass over the same text makes.
      if (seed % 5 === 0) starts.splice(next(starts.length), 0, next(text.length));
      const cache = new ScanCache();
      for (const start of starts) {
        assert.equal(isInBody(text, start, cache), readBack(text, start), `seed ${seed}, token at ${start}`);
      }
    }
  });

  it('counts a body glued to a word when the 2,000 characters before the token start right at it', () => {
    // Read back on its own, the cut text starts with `Data: {`; in the whole text `xData` is one word.
    const text = `${'x'.repeat(100)}Data: {${'y'.repeat(1993)} Forbidden.KeyNotFound`;
    const cache = new ScanCache();
    for (let start = 2090; start < 2110; start++) {
      assert.equal(isInBody(text, start, cache), readBack(text, start), `token at ${start}`);
    }
    assert.equal(isInBody(text, 2100, cache), true);
    assert.equal(isInBody(text, 2101, cache), false);
  });
});
