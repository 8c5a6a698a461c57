import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordBounds } from '../../server/src/core/scanner/record';
import { ScanCache } from '../../server/src/core/scanner/scanCache';

const TOKEN = 'Forbidden.KeyNotFound';

/** The text of the record around the first TOKEN of `text`, read with a scan's cache as the scanner does. */
function recordOf(text: string): string {
  const at = text.indexOf(TOKEN);
  const { start, end } = recordBounds(text, at, at + TOKEN.length, 0, text.length, 12, 0, new ScanCache());
  return text.slice(start, end);
}

describe('record bounds', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    it(`end at blank lines and new entries with ${name} line ends`, () => {
      const record = ['2026-01-01T00:00:00Z ERROR call failed', `ErrorCode: ${TOKEN}`, 'RequestId: ABCD-1234'];
      const text = ['2026-01-01T00:00:00Z INFO before', ...record, '', 'after'].join(eol);
      assert.equal(recordOf(text), record.join(eol));
      const next = [...record, '2026-01-01T00:00:01Z INFO next'].join(eol);
      assert.equal(recordOf(next), record.join(eol));
    });
  }

  it('find line ends far from the token, and a lone CR after the last LF', () => {
    const long = 'x'.repeat(700);
    // The token's line starts after a lone CR that follows a line feed, and runs on for 700 characters.
    const line = `${long} ${TOKEN} ${long}`;
    assert.equal(recordOf(`a\n\nb\r${line}\n\nc`), `b\r${line}`);
    assert.equal(recordOf(`2026-01-01T00:00:00Z INFO a\nb\r${line}\n\nc`), `2026-01-01T00:00:00Z INFO a\nb\r${line}`);
    assert.equal(recordOf(`a\n\n${line}\r\rc`), line);
    assert.equal(recordOf(`a\n\n${line}\r\n\r\nc`), line);
  });

  it('give a line longer than the reach the cells of the grid around the token', () => {
    const line = `${'y'.repeat(5000)} ${TOKEN} ${'y'.repeat(5000)}`;
    const text = `a\n\n${line}\r\nb`;
    const record = recordOf(text);
    assert.ok(record.includes(TOKEN));
    assert.ok(!record.includes('\n') && !record.includes('\r'));
    assert.ok(record.length < line.length);
  });
});
