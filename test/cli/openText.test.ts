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
