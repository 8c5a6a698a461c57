import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openText, wholeText, type OpenedText } from '../../server/src/core/files/files';
import { groupFileBytes, readGroup } from '../../server/src/core/files/groupRead';
import { encodeGbk } from '../support/encodings';
import { tempFolder } from '../support/tempFiles';

const LINE = '2026-11-20T08:00:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: 4C467B38-0001\n';

/** The text of an opened file, its pieces read out whether they come as a list or as a stream. */
async function textOf(opened: OpenedText): Promise<unknown> {
  if (opened.kind !== 'text') return opened;
  const pieces: string[] = [];
  for await (const piece of opened.chunks) pieces.push(piece);
  return { kind: 'text', text: pieces.join('') };
}

describe('the small files of a group, read by the thread that hands the group on', () => {
  const folder = tempFolder('kms-group-read-');
  const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const files = () => ({
    ascii: folder.file('a/ascii.log', LINE),
    bom: folder.file('a/bom.log', `\ufeff${LINE}请求ID: 中文\n`),
    utf16: folder.file('a/utf16.log', utf16(LINE)),
    gbk: folder.file('a/gbk.log', encodeGbk(`错误码: Forbidden.KeyNotFound 请求ID: 4C467B38-0002\n`)),
    nuls: folder.file('a/nuls.log', Buffer.concat([Buffer.alloc(4096), Buffer.from(LINE)])),
    binary: folder.file('a/binary.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0xff, 0x10])),
    empty: folder.file('a/empty.log', ''),
    large: folder.file('a/large.log', LINE.repeat(1000)),
    gz: folder.file('a/old.log.gz', gzipSync(LINE)),
    missing: path.join(folder.dir, 'a', 'missing.log'),
    dir: path.join(folder.dir, 'a', 'dir.log'),
  });

  it('gives each small file the text that opening it gives, and leaves the others to be read where they are scanned', async () => {
    const named = files();
    mkdirSync(named.dir);
    const list = Object.values(named);
    const read = readGroup(list, {});
    assert.ok(read, 'the group was read');
    const notRead: string[] = [];
    for (const [i, file] of list.entries()) {
      const bytes = groupFileBytes(read, i);
      if (bytes === null) {
        notRead.push(path.basename(file));
        continue;
      }
      assert.deepEqual(
        await textOf(wholeText(bytes, {})),
        await textOf(await openText(file, { listedAsFile: true, streams: true })),
        path.basename(file),
      );
    }
    assert.deepEqual(notRead, ['large.log', 'old.log.gz', 'missing.log', 'dir.log']);
  });

  it('reads nothing when the report goes to a regular file, or when no file of the group can be read', () => {
    const named = files();
    const { dev, ino } = statSync(named.ascii);
    assert.equal(readGroup([named.ascii, named.bom], { output: { dev, ino } }), undefined);
    assert.equal(readGroup([named.missing, named.gz, named.large], {}), undefined);
  });

  it('survives a message between threads: the bytes as a plain Uint8Array', () => {
    const named = files();
    const read = readGroup([named.bom, named.ascii], {});
    assert.ok(read);
    const copy = structuredClone(read);
    assert.ok(!Buffer.isBuffer(copy.bytes));
    assert.deepEqual(groupFileBytes(copy, 1), Buffer.from(LINE));
    assert.deepEqual(groupFileBytes(copy, 0)?.subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
