import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockFields, nearestFields } from '../../server/src/core/scanner/fields';
import { isAlibabaKmsOperation, namesOtherProduct } from '../../server/src/core/scanner/markers';
import { ScanCache } from '../../server/src/core/scanner/scanCache';
import { loadCorpus } from '../support/corpus';
import { bySize } from '../support/testSize';

/*
 * The record blocks of a long line read their field and product matches from one scan of the whole
 * text (sharedMatches.ts). What a block finds must be exactly what matching the block on its own
 * finds, wherever the block starts and ends: inside a key, inside a value, in a run of whitespace.
 * The smoke size cuts blocks from two generated lines, KMS_TEST_SIZE=full from six.
 */

/** A small deterministic generator, so that a failure can be run again. */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

const snippets = loadCorpus().map((entry) => entry.text);

// Pieces that end values and keys in every way the patterns know, and runs that make them read far.
const PIECES = [
  ' ',
  '\t',
  ' '.repeat(300),
  '\u00a0\u3000',
  'Message: ',
  'Message:Message:',
  '"Message": "x y',
  '\\"Message\\": \\"a\\"b',
  "'Message': u'z",
  '<Message> a <![CDATA[ b ]]> </Message>',
  'code: 404, gone ',
  ' request id: R-1',
  ' RequestId: 7D2C9E1A-1111 ',
  '<RequestId>R-2</RequestId>',
  '?requestId=ABC-123&',
  'HttpStatus: 400 ',
  '<HostId>kms.cn-hangzhou.aliyuncs.com</HostId>',
  'ecs.cn-beijing.aliyuncs.com ',
  'acs:oss:cn:1:bucket ',
  'acs:kms:cn:1:key/k ',
  'An error occurred (AccessDenied) ',
  'aliyun kms Decrypt ',
  'product=oss ',
  '错误信息：密钥不存在 请求ID：R-3 ',
  'HTTP 状态码=404 ',
  '\\n',
  '│',
  'x'.repeat(2500),
  // Keys right after a word character or an escape: matched only when a block starts at them.
  'xMessage: cut ',
  '\\nMessage: escaped ',
  'aRequestId: R-4 ',
  'xcode: 500, inner request id: R-5',
  'akms ',
  // API names: after `Action`, and in Terraform's `Resource x CreateKey Failed!!!`.
  'Resource alicloud_kms_key CreateKey Failed!!! ',
  'Resource ResourceResource Decrypt Failed',
  '"Action": "Decrypt" ',
  'xAction=Encrypt ',
];

/** One long line: pieces of the corpus and the pieces above, with its line ends taken out. */
function longLine(next: (n: number) => number, length: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const part =
      next(3) === 0
        ? (snippets[next(snippets.length)] as string).replace(/[\r\n]+/g, ' ')
        : (PIECES[next(PIECES.length)] as string);
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

const KEYS = /Message|code:|request|HttpStatus|HostId|kms|acs:|aliyun|An error|product=|错误信息|状态码/i;

function fieldsOf(fields: BlockFields, length: number): unknown[] {
  const out: unknown[] = [];
  for (let anchor = 0; anchor <= length; anchor += 97) out.push(nearestFields(fields, anchor));
  out.push(fields.hostInText());
  return out;
}

describe('matches of a block read from the shared scan of its text', () => {
  it('are those of the block matched on its own, for blocks cut anywhere', () => {
    for (let seed = 1; seed <= bySize(2, 6); seed++) {
      const next = generator(seed);
      const text = longLine(next, 60_000);
      // Each line read with a cache of its own, as by a scanner of its own.
      const cache = new ScanCache();
      // Blocks mostly in order, as the tokens of a long line come, with jumps back now and then.
      let start = 0;
      for (let n = 0; n < 100; n++) {
        start = next(8) === 0 ? next(text.length - 9000) : Math.min(start + next(2500), text.length - 9000);
        // Now and then a block that starts or ends right at a key, where a look-behind sees its start.
        const key = KEYS.exec(text.slice(start, start + 2000));
        if (key && next(2) === 0) start = Math.min(start + key.index + next(2), text.length - 9000);
        let end = start + 4096 + next(4500);
        const keyBefore = KEYS.exec(text.slice(end, end + 2000));
        if (keyBefore && next(3) === 0) end += keyBefore.index + next(3);
        const block = text.slice(start, end);
        const label = `seed ${seed}, block [${start}, ${end})`;
        assert.deepEqual(
          fieldsOf(new BlockFields(block, { text, start, end, cache }), block.length),
          fieldsOf(new BlockFields(block), block.length),
          label,
        );
        const source = { text, start, cache };
        assert.equal(namesOtherProduct(block, source), namesOtherProduct(block), label);
        assert.equal(isAlibabaKmsOperation(block, source), isAlibabaKmsOperation(block), label);
      }
    }
  });

  it('are those of the block matched on its own for blocks starting at every offset around keys', () => {
    // Keys after a word character or an escape match only where a block starts right at them.
    const keys =
      'x\\nMessage: esc\\n aRequestId: R-4 xMessage: cut\\n xcode: 500, inner request id: R-5 akms aHttpStatus: 400 "Message": "m"';
    const filler = 'Code: Forbidden.KeyNotFound Message: gone. '.repeat(120);
    const text = `${filler}${keys}${filler}`;
    const cache = new ScanCache();
    for (let start = filler.length - 4; start < filler.length + keys.length; start++) {
      const end = start + 6000;
      const block = text.slice(start, end);
      assert.deepEqual(
        fieldsOf(new BlockFields(block, { text, start, end, cache }), block.length),
        fieldsOf(new BlockFields(block), block.length),
        `block at ${start - filler.length} from the keys`,
      );
      assert.equal(namesOtherProduct(block, { text, start, cache }), namesOtherProduct(block));
    }
  });

  it('are those of the block matched on its own for blocks ending at every offset of a line of repeated records', () => {
    // A message value stops where its key starts again; a block's end near the next key decides
    // where the block's own scan of the message patterns must begin.
    const records = [
      'SDKError: Code: Forbidden.KeyNotFound Message: code: 404, The specified Key is not found. request id: R-1 ',
      'Message:Message: doubled   Message:    ',
      '"Message": "a \\"b\\" c" "message"message": "m" ',
      '\\"Message\\": \\"x\\" \\"message\\":\\"\\"Message\\" ',
      '<Message> m </Message><Message><Message> n </Message> ',
      'code:     404, spaced out, request id: R-2 code: 500,code: 503, x request id: R-3 ',
      'Resource alicloud_kms_key CreateKey Failed!!! Action: Encrypt ',
    ].join('');
    const text = records.repeat(40);
    const tail = records.length * 2;
    const cache = new ScanCache();
    for (let end = text.length - tail; end < text.length - records.length; end++) {
      const start = end - 6000;
      const block = text.slice(start, end);
      const fields = new BlockFields(block, { text, start, end, cache });
      const own = new BlockFields(block);
      for (let anchor = block.length - 2500; anchor <= block.length; anchor += 11) {
        assert.deepEqual(
          nearestFields(fields, anchor),
          nearestFields(own, anchor),
          `block ending at ${end}, anchor ${anchor}`,
        );
      }
    }
  });
});
