import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openText } from '../../server/src/core/files/files';

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kms-metered-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function read(file: string, chunkSize: number) {
  let bytes = 0;
  const opened = await openText(file, { onRawBytes: (count) => (bytes += count), chunkSize });
  if (opened.kind !== 'text') return null;
  let text = '';
  for await (const chunk of opened.chunks) text += chunk;
  return { text, bytes };
}

describe('openText with a byte meter', () => {
  const content = `\ufeff${'2026-11-20T08:00:00Z ErrorCode: Rejected.Disabled — ключ 🔑\n'.repeat(2000)}`;

  it('reads the text as openText does and counts every raw byte', async () => {
    const file = path.join(dir, 'plain.log');
    writeFileSync(file, content);
    const result = await read(file, 1000);
    assert.equal(result?.text, content.slice(1), 'BOM dropped, characters split across chunks intact');
    assert.equal(result?.bytes, statSync(file).size);
  });

  it('counts compressed bytes for .gz against the compressed size', async () => {
    const file = path.join(dir, 'old.log.gz');
    writeFileSync(file, gzipSync(content));
    const result = await read(file, 512);
    assert.equal(result?.text, content.slice(1));
    assert.equal(result?.bytes, statSync(file).size);
  });

  it('returns null for binary files and fails on a broken .gz', async () => {
    const binary = path.join(dir, 'blob.bin');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0, 0, 1, 2]));
    assert.equal(await read(binary, 512), null);
    const broken = path.join(dir, 'broken.log.gz');
    writeFileSync(broken, gzipSync(content).subarray(0, 200));
    await assert.rejects(read(broken, 64));
  });
});

describe('openText of small files one after the other', () => {
  const texts = [
    'ErrorCode: Forbidden.KeyNotFound\r\nRequestId: 1\r\n',
    '',
    'NUL\0between\n',
    '错误码: Rejected.Disabled\n',
    Buffer.from([0xb4, 0xed, 0xce, 0xf3, 0x3a, 0x20, 0x52, 0x65, 0x6a, 0x0a]),
    'a plain line\n'.repeat(5000),
  ];

  it('gives each file its own text, however the one before was read', async () => {
    const files = texts.map((text, i) => {
      const file = path.join(dir, `small-${i}.log`);
      writeFileSync(file, text);
      return file;
    });
    const whole = async (file: string, options = {}) => {
      const opened = await openText(file, options);
      assert.equal(opened.kind, 'text');
      return opened.kind === 'text' ? [...(opened.chunks as string[])].join('') : null;
    };
    // Every one read twice in turn: what the one before left in memory changes nothing.
    const first = await Promise.all(files.map((file) => whole(file)));
    for (const file of [...files].reverse()) assert.equal(await whole(file), first[files.indexOf(file)]);
    assert.deepEqual(first.slice(0, 4), [texts[0], '', 'NULbetween\n', texts[3]]);
    assert.equal(first[4], '错误: Rej\n', 'GB18030 decided from the bytes');
    assert.equal(first[5], texts[5]);
    assert.equal(
      await whole(files[0] ?? '', { encoding: 'utf-16le' }),
      Buffer.from(texts[0] as string).toString('utf16le'),
    );
  });
});
