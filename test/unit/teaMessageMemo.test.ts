import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockFields, nearestFields } from '../../server/src/core/scanner/fields';
import { ScanCache } from '../../server/src/core/scanner/scanCache';

// Tea message fields are kept cleaned by the text before their RequestId: whatever the id, and
// whatever comes before it, the message read must be the one read without any memo.
const MIDDLES = [
  'Resource not found',
  'The specified Key is not found.',
  '',
  'x,',
  '"quoted"',
  'a  b',
  'x request id: y',
  'ends with a space ',
  'escaped\\nline',
  'entity &amp; text',
  'request id: inner',
  '...',
];
const IDS = ['9444b564-5ce2-73c0-52b8-2783fe4a73b2', 'BB176440-8417-406D', 'x', 'not an id!'];

describe('Tea message memo', () => {
  it('reads the message of each record as it reads it without a memo', () => {
    const cache = new ScanCache();
    for (const middle of MIDDLES) {
      for (const id of IDS) {
        const block = `   Code: Forbidden.KeyNotFound\n   Message: code: 404, ${middle} request id: ${id}\n`;
        const anchor = block.indexOf('Forbidden');
        const alone = nearestFields(new BlockFields(block), anchor).message;
        const memo = nearestFields(new BlockFields(block, undefined, cache), anchor).message;
        assert.deepEqual(memo, alone, JSON.stringify([middle, id]));
      }
    }
    assert.equal(
      nearestFields(new BlockFields('Code: X\nMessage: code: 404, Gone request id: A-1\n', undefined, cache), 6).message
        ?.text,
      'Gone',
    );
  });
});
