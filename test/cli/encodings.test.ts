import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runInProcess } from '../support/run';
import { encodeGbk, encodeUtf16 } from '../support/encodings';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-encodings-');

const LOG = [
  '2026-11-20 08:00:01,456 ERROR 调用密钥服务失败 错误码: Forbidden.KeyNotFound 请求ID: 4C467B38-3910-447D-87BC-AC049166F216',
  '2026-11-20 08:00:02,789 WARN ErrorCode: Rejected.Throttling RequestId: 7E1A5C0B-22D4-4C35-9B11-5A9D3E2F0C41 😀',
  '',
].join('\r\n');

interface JsonReport {
  findings: Array<{ path: string; code: string; requestId: string | null; range: { start: unknown; end: unknown } }>;
}
const found = (stdout: string) =>
  (JSON.parse(stdout) as JsonReport).findings.map((f) => [f.path, f.code, f.requestId, f.range.start, f.range.end]);

describe('kms-diagnose scan: logs in the encodings people have', () => {
  it('reads UTF-16 (with or without BOM) and GBK files as the same text in UTF-8, columns in UTF-16 units', async () => {
    const files: Record<string, Buffer> = {
      'utf8.log': Buffer.from(LOG),
      'utf16le.log': encodeUtf16(LOG, 'le', true),
      'utf16le-nobom.log': encodeUtf16(LOG, 'le', false),
      'utf16be.log': encodeUtf16(LOG, 'be', true),
      'utf16be-nobom.log': encodeUtf16(LOG, 'be', false),
    };
    for (const [name, bytes] of Object.entries(files)) folder.file(`enc/${name}`, bytes);
    folder.file('enc/gbk.log', encodeGbk(LOG.replace(' 😀', '')));
    const cwd = path.join(folder.dir, 'enc');
    const reference = found((await runInProcess(['scan', 'utf8.log', '--format', 'json'], { cwd })).stdout);
    assert.equal(reference.length, 2);
    assert.equal(reference[0]?.[2], '4C467B38-3910-447D-87BC-AC049166F216');
    for (const name of Object.keys(files)) {
      const result = await runInProcess(['scan', name, '--format', 'json'], { cwd });
      assert.equal(result.code, 1, `${name}: ${result.stderr}`);
      assert.deepEqual(
        found(result.stdout),
        reference.map(([, ...rest]) => [name, ...rest]),
        name,
      );
    }
    const gbk = await runInProcess(['scan', 'gbk.log', '--format', 'json'], { cwd });
    assert.deepEqual(
      found(gbk.stdout),
      reference.map(([, ...rest]) => ['gbk.log', ...rest]),
    );
  });

  it('reads UTF-16 and GBK on stdin too', async () => {
    const reference = found((await runInProcess(['scan', '-', '--format', 'json'], { input: LOG })).stdout);
    for (const input of [encodeUtf16(LOG, 'le', false), encodeUtf16(LOG, 'be', true)]) {
      const result = await runInProcess(['scan', '-', '--format', 'json'], { input });
      assert.deepEqual(found(result.stdout), reference);
    }
    const gbkLog = LOG.replace(' 😀', '');
    const fromUtf8 = found((await runInProcess(['scan', '-', '--format', 'json'], { input: gbkLog })).stdout);
    const fromGbk = await runInProcess(['scan', '-', '--format', 'json'], { input: encodeGbk(gbkLog) });
    assert.deepEqual(found(fromGbk.stdout), fromUtf8);
  });

  it('reads the encoding --encoding names, and refuses one it does not know', async () => {
    // Windows-1252 text whose bytes also read as UTF-8: `CafÃ©` is five characters, not `Café`'s four.
    const latin = Buffer.from('Caf\xc3\xa9 ErrorCode: Rejected.Disabled RequestId: 4C467B38-3910-447D\n', 'latin1');
    folder.file('latin/old.log', latin);
    const cwd = path.join(folder.dir, 'latin');
    const column = async (...options: string[]) =>
      (
        JSON.parse(
          (await runInProcess(['scan', 'old.log', ...options, '--format', 'json'], { cwd })).stdout,
        ) as JsonReport
      ).findings[0]?.range.start;
    assert.deepEqual(await column(), { line: 0, character: 16 });
    assert.deepEqual(await column('--encoding', 'windows-1252'), { line: 0, character: 17 });
    const bad = await runInProcess(['scan', 'old.log', '--encoding', 'klingon'], { cwd });
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    assert.match(bad.stderr, /--encoding must be auto or an encoding/);
  });
});

describe('kms-diagnose scan: file names that are not UTF-8', () => {
  it('opens them and keeps their findings, naming them by their bytes in each format', async () => {
    const root = path.join(folder.dir, 'names');
    mkdirSync(root, { recursive: true });
    const odd = Buffer.concat([Buffer.from(`${root}/`), Buffer.from('caf\xe9.log', 'latin1')]);
    writeFileSync(odd, 'ErrorCode: Rejected.Disabled\n');
    const inOddFolder = Buffer.concat([Buffer.from(`${root}/`), Buffer.from('x\xff/a.log', 'latin1')]);
    mkdirSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from('x\xff', 'latin1')]), { recursive: true });
    writeFileSync(inOddFolder, 'ErrorCode: Forbidden.KeyNotFound\n');

    const json = await runInProcess(['scan', '.', '--format', 'json'], { cwd: root });
    assert.equal(json.code, 1, json.stderr);
    assert.deepEqual(
      (JSON.parse(json.stdout) as JsonReport).findings.map((f) => [f.path, f.code]),
      [
        ['caf\udce9.log', 'Rejected.Disabled'],
        ['x\udcff/a.log', 'Forbidden.KeyNotFound'],
      ],
    );
    assert.match(json.stdout, /"path":"caf\\udce9\.log"/, 'JSON keeps the byte as an escape');

    const text = await runInProcess(['scan', '.'], { cwd: root });
    assert.match(text.stdout, /^caf\\xE9\.log:1:12 {2}Rejected\.Disabled/m);
    assert.match(text.stdout, /^x\\xFF\/a\.log:1:12 {2}Forbidden\.KeyNotFound/m);

    const sarif = await runInProcess(['scan', '.', '--format', 'sarif'], { cwd: root });
    const uris = (
      JSON.parse(sarif.stdout) as {
        runs: Array<{
          results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
        }>;
      }
    ).runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris, ['caf%E9.log', 'x%FF/a.log']);
  });
});
