import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { decodeInput } from '../../server/src/core/files/textDecoding';
import { scanInput } from '../../server/src/core/scanner/scanInput';
import { scanText } from '../../server/src/core/scanner/scan';
import { planSlices, scanSlice, sliceExtent, SlicePlacement } from '../../server/src/core/scanner/sliceScan';
import { StreamScanner, type ScanOptions } from '../../server/src/core/scanner/streamScanner';
import type { Finding } from '../../server/src/core/scanner/types';
import { loadCorpus } from '../support/corpus';
import { ROOT } from '../support/paths';
import { bySize } from '../support/testSize';
import { present } from '../support/assertions';

// The fast path (bytes read in pieces, decoded piece by piece, scanned in small rounds with records
// and findings carried from one round to the next) must give exactly what the reference path gives:
// the whole text scanned in one round. Every field of every finding is compared. The smoke size
// runs fewer round sizes and seeds and a smaller generated log than KMS_TEST_SIZE=full.

const catalog = builtinCatalog();
const OPTIONS: ScanOptions = { previews: true, recordText: true };

function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const reference = (text: string) => scanText(text, catalog, OPTIONS).map((f) => JSON.stringify(f));

/** Equal lists of findings; on a difference, the first differing finding only (the lists are long). */
function assertSame(actual: string[], expected: string[], what = ''): void {
  const at = actual.findIndex((f, i) => f !== expected[i]);
  if (at === -1 && actual.length === expected.length) return;
  const index = at === -1 ? Math.min(actual.length, expected.length) : at;
  const a = actual[index] ?? '';
  const e = expected[index] ?? '';
  let char = 0;
  while (char < a.length && a[char] === e[char]) char++;
  // The code and range, then the text around the first difference.
  const cut = (f: string) =>
    `${f.slice(0, 160)} ... ${f.slice(Math.max(160, char - 200), char + 200)} ... ${f.slice(f.lastIndexOf('"record"'))}`;
  assert.fail(
    `${what} differs at finding ${index} of ${expected.length} (got ${actual.length}):\n  got      ${cut(a)}\n  expected ${cut(e)}`,
  );
}

/** Text pushed in pieces of random sizes into a scanner that runs a round every `chunkSize` characters. */
function streamed(text: string, chunkSize: number, seed: number): string[] {
  const found: Finding[] = [];
  const scanner = new StreamScanner(catalog, (f) => found.push(f), { ...OPTIONS, chunkSize });
  const rand = seeded(seed);
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(rand() * 2 * chunkSize);
    scanner.push(text.slice(at, at + size));
    at += size;
  }
  scanner.end();
  return found.map((f) => JSON.stringify(f));
}

/** Bytes decoded as the CLI decodes files (these are text). */
async function textOf(bytes: AsyncIterable<Buffer>): Promise<AsyncIterable<string> | string[]> {
  const decoded = await decodeInput(bytes);
  assert.equal(decoded.kind, 'text');
  return decoded.kind === 'text' ? decoded.chunks : [];
}

/** The CLI's path: UTF-8 bytes cut at random places (inside characters too), decoded and scanned. */
async function fromBytes(text: string, seed: number): Promise<string[]> {
  const bytes = Buffer.from(text, 'utf8');
  const rand = seeded(seed);
  async function* pieces() {
    for (let at = 0; at < bytes.length;) {
      const size = 1 + Math.floor(rand() * 300_000);
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }
  const found: Finding[] = [];
  await scanInput(await textOf(pieces()), catalog, (f) => found.push(f), OPTIONS);
  return found.map((f) => JSON.stringify(f));
}

/** The file cut into slices of about `sliceBytes`, each scanned on its own, the findings placed back. */
async function sliced(text: string, sliceBytes: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kms-slices-'));
  try {
    const file = path.join(dir, 'log.txt');
    writeFileSync(file, text);
    const slices = await planSlices(file, Buffer.byteLength(text), sliceBytes);
    assert.ok(slices.length > 2, `the text is cut into slices (${slices.length})`);
    // Slices are placed from extents counted before any is scanned, as the workers' slices are.
    const extents = await Promise.all(slices.map((slice) => sliceExtent(file, slice)));
    const placement = new SlicePlacement();
    const found: string[] = [];
    for (const [i, slice] of slices.entries()) {
      const own: Finding[] = [];
      const extent = await scanSlice(file, slice, catalog, (f) => own.push(f), OPTIONS);
      if (i < slices.length - 1) assert.deepEqual(extents[i], extent, `extent of slice ${i}`);
      for (const f of own) found.push(JSON.stringify(placement.place(f)));
      placement.advance(present(extents[i], `extent of slice ${i}`));
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function generatedLog(chars: number): Promise<string> {
  const generator = (await import(path.join(ROOT, 'bench', 'generate.mjs'))) as {
    logLines(rand: () => number): Iterable<string>;
    mulberry32(seed: number): () => number;
  };
  const lines: string[] = [];
  let size = 0;
  for (const line of generator.logLines(generator.mulberry32(7))) {
    lines.push(line);
    size += line.length + 1;
    if (size >= chars) break;
  }
  return lines.join('\n');
}

const examples = () =>
  readdirSync(path.join(ROOT, 'examples', 'logs'))
    .sort()
    .map((name) => readFileSync(path.join(ROOT, 'examples', 'logs', name), 'utf8'));

/** Lines no log of the corpus has in such numbers: CRLF, lone CR, CJK, emoji, a long minified line. */
function edgeCases(): string {
  const record = (i: number) =>
    `{"Code":"Forbidden.KeyNotFound","Message":"The specified Key is not found.","RequestId":"0A1B2C3D-${String(i).padStart(4, '0')}-4E5F","HostId":"kms.cn-hangzhou.aliyuncs.com"}`;
  const long = `response=[${Array.from({ length: 1500 }, (_, i) => record(i)).join(',')}]`;
  return [
    'ERROR 2026-11-20 08:00:01 解密失败 🔐 ErrorCode: Rejected.Disabled\r\nRequestId: 6F1E2D3C-AAAA\r\nMessage: 密钥已禁用\r\n',
    'WARN throttled 🚦\rCode: Throttling\rRequestId: 11112222-3333\r',
    long,
    `${'é'.repeat(5000)} SDK.ServerError\nErrorCode: Forbidden.NoPermission\nRequestId: 99998888-7777\nMessage: This operation is forbidden by permission system.`,
    '\u001b[31mError:\u001b[0m InternalFailure: code: 500, Internal Failure. request id: ABCD1234-5678',
  ].join('\n');
}

describe('the streamed scan gives exactly the whole-text scan', () => {
  it('on the public corpus, as one log', () => {
    const text = loadCorpus()
      .map((e) => e.text)
      .join('\n--\n');
    const expected = reference(text);
    assert.ok(expected.length > 40, `the corpus holds findings (${expected.length})`);
    const rounds: Array<[number, number]> = [
      [16_800, 1],
      [40_000, 2],
      [200_000, 3],
    ];
    for (const [size, seed] of bySize(rounds.slice(0, 2), rounds)) {
      assertSame(streamed(text, size, seed), expected, `rounds of ${size}`);
    }
  });

  it('on the example logs', () => {
    for (const text of examples()) assertSame(streamed(text, 16_800, 4), reference(text));
  });

  it('on CRLF, lone CR, CJK, emoji and a 250,000-character line', () => {
    const text = edgeCases();
    const expected = reference(text);
    assert.ok(expected.length >= 1500);
    for (const seed of bySize([5], [5, 6, 7])) assertSame(streamed(text, 16_800, seed), expected, `seed ${seed}`);
  });

  it(`on a generated log of ${bySize(1, 3)} MB`, async () => {
    const text = await generatedLog(bySize(1_000_000, 3_000_000));
    const expected = reference(text);
    assert.ok(expected.length > bySize(100, 300), `the log holds findings (${expected.length})`);
    assertSame(streamed(text, 16_800, 8), expected, 'streamed');
    assertSame(await fromBytes(text, 9), expected, 'from bytes');
    assertSame(await sliced(text, bySize(150_000, 300_000)), expected, 'in slices');
  });

  it('in slices, on the corpus, the examples and the edge cases, with a byte order mark', async () => {
    const corpus = loadCorpus()
      .map((e) => e.text)
      .join('\n--\n');
    const text = `\ufeff${corpus}\n${examples().join('\n')}\n${edgeCases()}\n${corpus}`;
    assertSame(await sliced(text, 20_000), reference(text.slice(1)));
  });

  it('keeps a U+FEFF that starts a piece in the middle of a file', async () => {
    async function* chunks() {
      yield Buffer.from('ErrorCode: Rejected.Disabled\n');
      yield Buffer.from('\ufeffErrorCode: Rejected.Disabled 中\n');
    }
    let text = '';
    for await (const piece of await textOf(chunks())) text += piece;
    assert.equal(text, 'ErrorCode: Rejected.Disabled\n\ufeffErrorCode: Rejected.Disabled 中\n');
  });

  it('from bytes cut inside characters, as files are read', async () => {
    const text = `${edgeCases()}\n${examples().join('\n')}`;
    assertSame(await fromBytes(text, 10), reference(text));
  });
});
