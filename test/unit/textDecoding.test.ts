import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { openText, type OpenTextOptions } from '../../server/src/core/files/files';
import { scanInput } from '../../server/src/core/scanner/scanInput';
import { encodeGbk, encodeUtf16 } from '../support/encodings';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-decoding-');
const catalog = builtinCatalog();

/** A Chinese log: labels 错误码 and 请求ID, a message, CJK before the code so columns count UTF-16 units. */
const CHINESE = [
  '2026-11-20 08:00:00,123 INFO 服务启动成功',
  '2026-11-20 08:00:01,456 ERROR 调用密钥服务失败 错误码: Forbidden.KeyNotFound 请求ID: 4C467B38-3910-447D-87BC-AC049166F216',
  '2026-11-20 08:00:02,789 ERROR 错误码：Rejected.Disabled 请求ID：7E1A5C0B-22D4-4C35-9B11-5A9D3E2F0C41 说明：密钥已禁用',
  '',
].join('\r\n');
const PLAIN = [
  '2026-11-20T08:00:00Z INFO started',
  '2026-11-20T08:00:01Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: 4C467B38-3910-447D-87BC-AC049166F216',
  'SDK.ServerError',
  'ErrorCode: Rejected.Throttling',
  'RequestId: 9F3B2A10-5C7D-4E8F-A1B2-C3D4E5F60718',
  '',
].join('\n');

/** What a scan reads from a file: each finding's place, code and RequestId, or why there is no text. */
async function findings(bytes: Buffer, options: OpenTextOptions = {}, name = 'x.log'): Promise<string[] | string> {
  const file = folder.file(`${Math.random().toString(36).slice(2)}-${name}`, bytes);
  const opened = await openText(file, options);
  if (opened.kind !== 'text') return opened.kind;
  const found: string[] = [];
  await scanInput(opened.chunks, catalog, (f) =>
    found.push(`${f.range.start.line}:${f.range.start.character} ${f.code} ${f.record.requestId}`),
  );
  return found;
}

/** The same, read whole and in small chunks (the streaming path, with chunk ends anywhere). */
async function bothWays(bytes: Buffer, options: OpenTextOptions = {}) {
  const whole = await findings(bytes, options);
  assert.deepEqual(await findings(bytes, { ...options, chunkSize: 97 }), whole, 'in 97-byte chunks');
  return whole;
}

describe('logs in UTF-16 and GB18030 read as their text', () => {
  for (const text of [PLAIN, CHINESE]) {
    const label = text === PLAIN ? 'an English log' : 'a Chinese log';
    it(`${label} in UTF-16LE and BE, with and without a byte order mark, as in UTF-8`, async () => {
      const expected = await bothWays(Buffer.from(text));
      assert.ok(expected.length >= 2);
      for (const order of ['le', 'be'] as const)
        for (const bom of [true, false])
          assert.deepEqual(await bothWays(encodeUtf16(text, order, bom)), expected, `${order} ${bom ? 'BOM' : ''}`);
    });
  }

  it('a GBK log as GB18030: the 请求ID labels give the RequestIds and columns are those of the text', async () => {
    const expected = await bothWays(Buffer.from(CHINESE));
    assert.deepEqual(expected, [
      '1:44 Forbidden.KeyNotFound 4C467B38-3910-447D-87BC-AC049166F216',
      '2:34 Rejected.Disabled 7E1A5C0B-22D4-4C35-9B11-5A9D3E2F0C41',
    ]);
    assert.deepEqual(await bothWays(encodeGbk(CHINESE)), expected);
  });

  it('GB18030 found when the first Chinese comes after megabytes of ASCII, or cut by a chunk end', async () => {
    const ascii = Buffer.from('2026-11-20 08:00:00,000 INFO ok\n'.repeat(70_000));
    const expected = (await findings(Buffer.concat([ascii, Buffer.from(CHINESE)]))) as string[];
    // The ASCII cut at its start, so that the first Chinese falls anywhere against the 1 MB reads.
    for (const cut of [0, 1, 3, 17])
      assert.deepEqual(await findings(Buffer.concat([ascii.subarray(cut), encodeGbk(CHINESE)])), expected, `${cut}`);
    assert.deepEqual(await findings(Buffer.concat([ascii, encodeGbk(CHINESE)]), { chunkSize: 1 << 16 }), expected);
  });

  it('reads the encoding it is given (kms.files.encoding, --encoding)', async () => {
    const latin = Buffer.from(
      'Caf\xe9 ErrorCode: Rejected.Disabled RequestId: 4C467B38-3910-447D-87BC-AC049166F216\n',
      'latin1',
    );
    assert.deepEqual(await findings(latin, { encoding: 'windows-1252' }), [
      '0:16 Rejected.Disabled 4C467B38-3910-447D-87BC-AC049166F216',
    ]);
    assert.deepEqual(await bothWays(encodeGbk(CHINESE), { encoding: 'gbk' }), await bothWays(Buffer.from(CHINESE)));
  });
});

describe('NUL bytes and binary files', () => {
  it('skips a run of NULs before the text, as copytruncate leaves it, of any length', async () => {
    const expected = await bothWays(Buffer.from(PLAIN));
    for (const nuls of [1, 2, 4097, (1 << 20) + 3])
      assert.deepEqual(await bothWays(Buffer.concat([Buffer.alloc(nuls), Buffer.from(PLAIN)])), expected, `${nuls}`);
  });

  it('skips NULs between lines and inside the text', async () => {
    const withNuls = Buffer.from(
      PLAIN.replace('INFO started\n', 'INFO started\n\0\0\0\0\0\0').replace('SDK.', 'SDK\0.'),
    );
    assert.deepEqual(await bothWays(withNuls), await bothWays(Buffer.from(PLAIN.replace('SDK.', 'SDK.'))));
  });

  it('a UTF-16 log after a run of NULs', async () => {
    const expected = await bothWays(Buffer.from(PLAIN));
    for (const order of ['le', 'be'] as const)
      assert.deepEqual(await bothWays(Buffer.concat([Buffer.alloc(4096), encodeUtf16(PLAIN, order, false)])), expected);
  });

  it('calls binary what holds NULs beside bytes that are not text, and reads it with binary: text', async () => {
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const classFile = Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34, 0, 0x1d, 0x0a, 0, 6, 0, 0x0f, 9]);
    let seed = 5;
    const noise = () =>
      Buffer.from(Array.from({ length: 2048 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    const gzipped = gzipSync(PLAIN.repeat(50));
    const code = Buffer.from(' ErrorCode: Rejected.Disabled\n');
    for (const [name, head] of Object.entries({ elf, png, classFile, noise: noise(), gzipped })) {
      // A header, then what follows it in such a file, then text.
      const bytes = Buffer.concat([head, noise(), code]);
      assert.equal(await findings(bytes), 'binary', name);
      const asText = await findings(bytes, { binary: 'text' });
      assert.ok(Array.isArray(asText), name);
    }
  });

  it('keeps as text a log with a few NULs among its lines', async () => {
    assert.ok(Array.isArray(await findings(Buffer.from(`${PLAIN}\0\n${PLAIN}`))));
  });
});
