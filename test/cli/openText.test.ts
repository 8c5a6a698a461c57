import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openText, openTextSoon } from '../../server/src/core/files/files';

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

  it('reads a large file 256 KB at a time, or in the reads its caller asks for', async () => {
    const file = path.join(dir, 'large.log');
    writeFileSync(file, 'x'.repeat(3 * 1048576 + 5));
    const reads = async (readBytes?: number) => {
      const sizes: number[] = [];
      const opened = await openText(file, {
        onRawBytes: (count) => sizes.push(count),
        ...(readBytes ? { readBytes } : {}),
      });
      assert.equal(opened.kind, 'text');
      if (opened.kind === 'text') for await (const chunk of opened.chunks) assert.ok(chunk.length > 0);
      return sizes;
    };
    assert.deepEqual(await reads(), [...Array<number>(12).fill(262144), 5]);
    assert.deepEqual(await reads(1048576), [1048576, 1048576, 1048576, 5]);
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

describe('openText of a large file, each chunk read ahead of the one handed on', () => {
  const openFiles = () => readdirSync('/proc/self/fd').length;

  it('closes the file once its last read is done, also when the reader stops early', async () => {
    const file = path.join(dir, 'ahead.log');
    const lines = 'ErrorCode: Forbidden.KeyNotFound RequestId: 1\n'.repeat(3000);
    writeFileSync(file, lines);
    const before = openFiles();
    const whole = await read(file, 4096);
    assert.equal(whole?.text, lines, 'every chunk once, in order');
    assert.equal(whole?.bytes, statSync(file).size);
    assert.equal(openFiles(), before, 'closed after the end');
    for (const wanted of [1, 2, 5]) {
      const opened = await openText(file, { chunkSize: 4096 });
      assert.equal(opened.kind, 'text');
      if (opened.kind !== 'text') return;
      let taken = 0;
      // Stopping gives up the chunk being read ahead: the file is closed once that read is done.
      for await (const chunk of opened.chunks) {
        assert.ok(chunk.length > 0);
        if (++taken === wanted) break;
      }
      assert.equal(openFiles(), before, `closed after ${wanted} chunk(s) taken`);
    }
  });

  it('reads a file that grows while it is read in order, at least to its size when opened', async () => {
    const file = path.join(dir, 'growing.log');
    const start = 'a'.repeat(4096 * 20);
    writeFileSync(file, start);
    const opened = await openText(file, { chunkSize: 4096 });
    assert.equal(opened.kind, 'text');
    if (opened.kind !== 'text') return;
    let text = '';
    for await (const chunk of opened.chunks) {
      if (text.length < 4096 * 40) appendFileSync(file, 'b'.repeat(4096));
      text += chunk;
    }
    const now = String(readFileSync(file));
    assert.ok(text.length >= start.length, `${text.length} characters read`);
    assert.equal(text, now.slice(0, text.length), 'a prefix of the file, no chunk lost or read twice');
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

describe('openText of files a folder walk listed (no status asked first)', () => {
  const texts: Array<string | Buffer> = [
    'ErrorCode: Forbidden.KeyNotFound\n',
    '',
    Buffer.from('\ufeffErrorCode: Rejected.Disabled\n', 'utf16le'),
    Buffer.from([0x50, 0x4b, 0, 0, 1, 2]),
    'x'.repeat((1 << 16) - 1) + '\n', // fills the small-file buffer exactly
    'a line of a larger log 错误\n'.repeat(4000),
  ];

  it('reads every file as openText does without the promise, however large', async () => {
    for (const [i, text] of texts.entries()) {
      const file = path.join(dir, `listed-${i}.log`);
      writeFileSync(file, text);
      let bytes = 0;
      const listed = await openTextSoon(file, { listedAsFile: true, onRawBytes: (count) => (bytes += count) });
      const plain = await openText(file);
      assert.equal(listed.kind, plain.kind, `file ${i}`);
      if (listed.kind !== 'text' || plain.kind !== 'text') continue;
      let got = '';
      for await (const chunk of listed.chunks) got += chunk;
      let want = '';
      for await (const chunk of plain.chunks) want += chunk;
      assert.equal(got, want, `file ${i}`);
      assert.equal(bytes, statSync(file).size, `file ${i}: every byte counted once`);
    }
  });

  it('still refuses what is no regular file now: a folder, and a FIFO is not waited on', async () => {
    const folder = path.join(dir, 'now-a-folder.log');
    mkdirSync(folder);
    assert.throws(() => openTextSoon(folder, { listedAsFile: true }), { code: 'EISDIR' });
    const fifo = path.join(dir, 'now-a-fifo.log');
    execFileSync('mkfifo', [fifo]);
    // Opened without blocking: with no writer it reads as empty, at once.
    const opened = await openTextSoon(fifo, { listedAsFile: true });
    assert.equal(opened.kind, 'text');
  });

  it("asks for the status when the report's own file is to be skipped", async () => {
    const file = path.join(dir, 'report.json');
    writeFileSync(file, '{"findings": []}\n');
    const { dev, ino } = statSync(file);
    assert.equal((await openTextSoon(file, { listedAsFile: true, output: { dev, ino } })).kind, 'output');
  });
});
