import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WordSearch } from '../../server/src/core/wordSearch';

describe('WordSearch', () => {
  const search = new WordSearch([
    ['code:', 1],
    ['httpcode', 2],
    ['request', 4],
    ['requestid=', 8],
    ['status', 16],
  ]);

  it('finds each word in any case, words inside others and words starting where others do', () => {
    assert.equal(search.flagsIn('HttpCode: 403'), 1 | 2);
    assert.equal(search.flagsIn('?RequestId=abc'), 4 | 8);
    assert.equal(search.flagsIn('request status'), 4 | 16);
    assert.equal(search.flagsIn('STATUS'), 16);
  });

  it('finds none in a text without them, and refuses words it cannot search for', () => {
    assert.equal(search.flagsIn('code 403 req-id: x; stat us; http-code'), 0);
    assert.throws(() => new WordSearch([['Upper', 1]]));
    assert.throws(() => new WordSearch([['状态码', 1]]));
  });
});
